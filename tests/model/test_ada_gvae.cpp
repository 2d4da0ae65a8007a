// Ada-GVAE's pieces against hand computations, and its ELBO against the
// VAE's own when the two images of every pair are the same.

#include "model/train/ada_gvae.h"

#include <QtTest>
#include "test_registry.h"

#include <cmath>

using namespace latentlab;

namespace {

DiagonalGaussian gaussian(std::vector<float> mean, std::vector<float> log_var) {
    const auto d = static_cast<int64_t>(mean.size());
    return {torch::tensor(mean).view({1, d}), torch::tensor(log_var).view({1, d})};
}

bool close(const torch::Tensor& a, const torch::Tensor& b, double tolerance = 1e-6) {
    return a.sizes() == b.sizes() && (a - b).abs().max().item<double>() < tolerance;
}

// A 4 x 4 grey MLP VAE with a 3-D latent space.
Vae tiny_vae(uint64_t seed) {
    VaeConfig config;
    config.channels = 1, config.height = 4, config.width = 4;
    config.hidden = {8};
    config.latent = 3;
    return build_vae(config, seed);
}

}  // namespace

class TestAdaGvae : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void klPerDimensionByHand() {
        // KL(N(1, 1) || N(0, 2)) = 0.5 (1/2 + 1/2 - 1 + ln 2) = ln(2) / 2; identical: 0.
        const auto q1 = gaussian({1, 0.5f}, {0, -1});
        const auto q2 = gaussian({0, 0.5f}, {std::log(2.0f), -1});
        const auto kl = kl_per_dimension(q1, q2);
        QVERIFY(std::abs(kl[0][0].item<double>() - std::log(2.0) / 2) < 1e-6);
        QVERIFY(std::abs(kl[0][1].item<double>()) < 1e-7);
    }

    void sharedBelowHalfwayBetweenLargestAndSmallest() {
        // Means differing by 0, 0.5, 3 and 2.5 at unit variance: KLs 0, 0.125, 4.5, 3.125,
        // threshold (4.5 + 0) / 2 = 2.25.
        const auto q1 = gaussian({0, 0, 0, 0}, {0, 0, 0, 0});
        const auto q2 = gaussian({0, 0.5f, 3, -2.5f}, {0, 0, 0, 0});
        const auto shared = shared_dimensions(q1, q2);
        QVERIFY(torch::equal(shared.to(torch::kInt).flatten(), torch::tensor({1, 1, 0, 0}, torch::kInt)));
    }

    void sharedDimensionsGetTheAverageDistribution() {
        const auto q1 = gaussian({1, 5}, {0, 0});                   // variances 1, 1
        const auto q2 = gaussian({3, -5}, {std::log(3.0f), 0});    // variances 3, 1
        const auto shared = torch::tensor({true, false}).view({1, 2});
        const auto [a, b] = average_shared(q1, q2, shared);
        QVERIFY(close(a.mean, torch::tensor({2.0f, 5.0f}).view({1, 2})));
        QVERIFY(close(b.mean, torch::tensor({2.0f, -5.0f}).view({1, 2})));
        QVERIFY(close(a.log_var, torch::tensor({std::log(2.0f), 0.0f}).view({1, 2})));
        QVERIFY(close(b.log_var, a.log_var));
    }

    void samePairsGiveTheVaesElbo() {
        torch::manual_seed(3);
        Vae model = tiny_vae(5);
        const auto x = torch::rand({6, 1, 4, 4});
        const auto noise = torch::randn({6, 2, 1, 3});
        const ElboTerms paired = ada_gvae_elbo(model, x, x, noise);
        const ElboTerms plain =
            model->elbo_with_noise(torch::cat({x, x}), torch::cat({noise.select(1, 0), noise.select(1, 1)}));
        QVERIFY(close(paired.recon, plain.recon, 1e-4));
        QVERIFY(close(paired.kl, plain.kl, 1e-5));
        QCOMPARE(paired.kl_per_dim.sizes(), (torch::IntArrayRef{12, 3}));
    }

    void differentPairsShareTheirClosestDimensions() {
        // Gradients flow to the encoder through the averaged posterior.
        Vae model = tiny_vae(6);
        const auto x1 = torch::rand({4, 1, 4, 4});
        const auto x2 = torch::rand({4, 1, 4, 4});
        const ElboTerms terms = ada_gvae_elbo(model, x1, x2, torch::randn({4, 2, 1, 3}));
        terms.elbo().sum().backward();
        for (const auto& p : model->parameters()) QVERIFY(p.grad().defined() && p.grad().isfinite().all().item<bool>());
    }
};

LATENTLAB_TEST_GUILESS_MAIN(TestAdaGvae)
#include "test_ada_gvae.moc"
