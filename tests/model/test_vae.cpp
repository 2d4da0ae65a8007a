#include "model/nn/vae.h"

#include <QtTest/QtTest>
#include "test_registry.h"

using namespace latentlab;

namespace {

VaeConfig tinyConfig(LikelihoodKind decoder) {
    VaeConfig config;
    config.channels = 1, config.height = 2, config.width = 2;
    config.hidden = {3};
    config.latent = 2;
    config.likelihood = decoder;
    return config;
}

}  // namespace

class TestVae : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void elboTermsHaveThePerImageShapes() {
        torch::manual_seed(1);
        VaeConfig config;
        config.hidden = {32, 16};
        config.latent = 5;
        Vae vae(config);
        const auto x = torch::rand({7, 1, 28, 28});
        const auto terms = vae->elbo(x, 3);
        QCOMPARE(terms.recon.sizes().vec(), std::vector<int64_t>{7});
        QCOMPARE(terms.kl.sizes().vec(), std::vector<int64_t>{7});
        QCOMPARE(terms.kl_per_dim.sizes().vec(), (std::vector<int64_t>{7, 5}));
        QVERIFY(torch::allclose(terms.kl, terms.kl_per_dim.sum(1)));
        QVERIFY(torch::allclose(terms.elbo(), terms.recon - terms.kl));
        QVERIFY(torch::allclose(terms.objective(4.0), terms.recon - 4.0 * terms.kl));
        QCOMPARE(vae->reconstruct(x).sizes().vec(), (std::vector<int64_t>{7, 1, 28, 28}));
        QCOMPARE(vae->generate(4).sizes().vec(), (std::vector<int64_t>{4, 1, 28, 28}));
    }

    void reconstructionUsesThePosteriorMean() {
        torch::manual_seed(2);
        Vae vae(tinyConfig(LikelihoodKind::Bernoulli));
        torch::NoGradGuard no_grad;
        const auto x = torch::rand({4, 1, 2, 2});
        // Deterministic: the same input gives the same picture twice.
        QVERIFY(torch::equal(vae->reconstruct(x), vae->reconstruct(x)));
        const auto expected = torch::sigmoid(vae->decode(vae->encode(x).mean)).view({4, 1, 2, 2});
        QVERIFY(torch::allclose(vae->reconstruct(x), expected));
    }

    void samplesAveragedOverS() {
        torch::manual_seed(3);
        Vae vae(tinyConfig(LikelihoodKind::Gaussian));
        torch::NoGradGuard no_grad;
        const auto x = torch::rand({2, 1, 2, 2});
        const auto noise = torch::randn({2, 3, 2});
        const auto all = vae->elbo_with_noise(x, noise);
        double sum = 0.0;
        for (int s = 0; s < 3; ++s)
            sum += vae->elbo_with_noise(x, noise.slice(1, s, s + 1)).recon[0].item<double>();
        QVERIFY(std::abs(all.recon[0].item<double>() - sum / 3) < 1e-5);
    }

    // Autograd through the reparameterised sample agrees with central finite
    // differences of the loss, for every parameter and every decoder.
    void gradientMatchesFiniteDifferences_data() {
        QTest::addColumn<int>("decoder");
        QTest::newRow("bernoulli") << int(LikelihoodKind::Bernoulli);
        QTest::newRow("gaussian") << int(LikelihoodKind::Gaussian);
        QTest::newRow("gaussian-learned") << int(LikelihoodKind::GaussianLearned);
        QTest::newRow("laplace-learned") << int(LikelihoodKind::LaplaceLearned);
        QTest::newRow("cbernoulli") << int(LikelihoodKind::ContinuousBernoulli);
        QTest::newRow("gaussian-predicted") << int(LikelihoodKind::GaussianPredicted);
    }
    void gradientMatchesFiniteDifferences() {
        QFETCH(int, decoder);
        torch::manual_seed(4);
        Vae vae(tinyConfig(static_cast<LikelihoodKind>(decoder)));
        vae->to(torch::kDouble);
        const auto x = torch::rand({3, 1, 2, 2}, torch::kDouble);
        const auto noise = torch::randn({3, 2, 2}, torch::kDouble);
        auto loss = [&] { return -vae->elbo_with_noise(x, noise).objective(0.7).sum(); };

        vae->zero_grad();
        loss().backward();
        const double h = 1e-6;
        int checked = 0;
        for (auto& p : vae->parameters()) {
            const auto grad = p.grad().clone();
            auto flat = p.data().view(-1);
            for (int64_t i = 0; i < flat.numel(); ++i) {
                torch::NoGradGuard no_grad;
                const double original = flat[i].item<double>();
                flat[i] = original + h;
                const double up = loss().item<double>();
                flat[i] = original - h;
                const double down = loss().item<double>();
                flat[i] = original;
                const double numeric = (up - down) / (2 * h);
                const double analytic = grad.view(-1)[i].item<double>();
                QVERIFY2(std::abs(numeric - analytic) < 1e-5 * std::max(1.0, std::abs(numeric)),
                         qPrintable(QString("parameter element %1: numeric %2, autograd %3").arg(i).arg(numeric).arg(analytic)));
                ++checked;
            }
        }
        QVERIFY(checked > 30);
    }

    void encoderVarianceReceivesGradientThroughTheSample() {
        torch::manual_seed(5);
        Vae vae(tinyConfig(LikelihoodKind::Bernoulli));
        const auto x = torch::rand({4, 1, 2, 2});
        // With beta = 0 only the reconstruction term depends on log_var, and
        // only through z = mean + sigma * noise.
        (-vae->elbo(x, 2).objective(0.0).sum()).backward();
        const auto params = vae->named_parameters();
        const auto grad = params["encoder.log_var.weight"].grad();
        QVERIFY(grad.defined());
        QVERIFY(grad.abs().sum().item<float>() > 0.0f);
    }

    void convShapesForEverySizeAndChannelCount_data() {
        QTest::addColumn<int>("side");
        QTest::addColumn<int>("channels");
        for (int side : {32, 64, 128})
            for (int channels : {1, 3})
                QTest::newRow(qPrintable(QString("%1x%1x%2").arg(side).arg(channels))) << side << channels;
    }
    void convShapesForEverySizeAndChannelCount() {
        QFETCH(int, side);
        QFETCH(int, channels);
        torch::manual_seed(6);
        VaeConfig config;
        config.architecture = Architecture::Conv;
        config.channels = channels, config.height = side, config.width = side;
        config.hidden = {64};
        config.conv_channels = std::vector<int64_t>(default_conv_channels(side).size(), 8);
        config.latent = 6;
        Vae vae(config);
        torch::NoGradGuard no_grad;
        const auto x = torch::rand({2, channels, side, side});
        const auto q = vae->encode(x);
        QCOMPARE(q.mean.sizes().vec(), (std::vector<int64_t>{2, 6}));
        QCOMPARE(q.log_var.sizes().vec(), (std::vector<int64_t>{2, 6}));
        // Samples of z ride along in the batch dimension.
        QCOMPARE(vae->decode(torch::randn({2, 3, 6})).sizes().vec(),
                 (std::vector<int64_t>{2, 3, int64_t(channels) * side * side}));
        QCOMPARE(vae->reconstruct(x).sizes().vec(), (std::vector<int64_t>{2, channels, side, side}));
        QCOMPARE(vae->generate(5).sizes().vec(), (std::vector<int64_t>{5, channels, side, side}));
        // One strided convolution per halving down to 4x4, mirrored in the decoder.
        int convolutions = 0, transposed = 0;
        for (const auto& module : vae->modules(false)) {
            if (dynamic_cast<torch::nn::Conv2dImpl*>(module.get())) ++convolutions;
            if (dynamic_cast<torch::nn::ConvTranspose2dImpl*>(module.get())) ++transposed;
        }
        const int halvings = int(std::log2(side / 4));
        QCOMPARE(convolutions, halvings);
        QCOMPARE(transposed, halvings);
    }

    void convDecoderSeesEachSampleSeparately() {
        torch::manual_seed(7);
        VaeConfig config;
        config.architecture = Architecture::Conv;
        config.channels = 3, config.height = 32, config.width = 32;
        config.hidden = {16};
        config.conv_channels = {4, 8, 8};
        config.latent = 4;
        Vae vae(config);
        torch::NoGradGuard no_grad;
        const auto z = torch::randn({2, 3, 4});
        const auto all = vae->decode(z);
        QVERIFY(torch::allclose(all[1][2], vae->decode(z[1][2].unsqueeze(0))[0], 1e-5, 1e-6));
    }

    void singlePosteriorSharesOneVariance() {
        torch::manual_seed(8);
        auto config = tinyConfig(LikelihoodKind::Bernoulli);
        config.latent = 4;
        config.posterior = PosteriorKind::Single;
        Vae vae(config);
        const auto q = vae->encode(torch::rand({3, 1, 2, 2}));
        QCOMPARE(q.log_var.sizes().vec(), (std::vector<int64_t>{3, 4}));
        for (int d = 1; d < 4; ++d) QVERIFY(torch::equal(q.log_var.select(1, d), q.log_var.select(1, 0)));
        QCOMPARE(vae->named_parameters()["encoder.log_var.weight"].size(0), int64_t{1});
        // Its KL is still the sum of the per-dimension closed forms.
        const auto terms = vae->elbo(torch::rand({3, 1, 2, 2}), 1);
        QVERIFY(torch::allclose(terms.kl, terms.kl_per_dim.sum(1)));
    }

    void predictedVarianceHeadShapes_data() {
        QTest::addColumn<bool>("conv");
        QTest::addColumn<bool>("single");
        QTest::newRow("mlp diagonal") << false << false;
        QTest::newRow("mlp single") << false << true;
        QTest::newRow("conv diagonal") << true << false;
        QTest::newRow("conv single") << true << true;
    }
    void predictedVarianceHeadShapes() {
        QFETCH(bool, conv);
        QFETCH(bool, single);
        VaeConfig config;
        config.likelihood = LikelihoodKind::GaussianPredicted;
        config.decoder_variance = single ? DecoderVariance::Single : DecoderVariance::Diagonal;
        config.sigma = 0.2;
        config.min_sigma = 0.01;
        config.latent = 3;
        config.hidden = {8};
        if (conv) {
            config.architecture = Architecture::Conv;
            config.channels = 3, config.height = 32, config.width = 32;
            config.conv_channels = {4, 4, 8};
        } else {
            config.channels = 1, config.height = 4, config.width = 4;
        }
        const int64_t pixels = config.pixels();
        const int64_t variances = single ? 1 : pixels;
        auto vae = build_vae(config, 11);
        // The body is that of any other decoder: the same seed gives the same tensors.
        auto bernoulli_config = config;
        bernoulli_config.likelihood = LikelihoodKind::Bernoulli;
        auto bernoulli = build_vae(bernoulli_config, 11);
        for (const auto& item : bernoulli->named_parameters())
            QVERIFY2(torch::equal(item.value(), vae->named_parameters()[item.key()]), qPrintable(QString::fromStdString(item.key())));
        const auto z = torch::randn({2, 5, 3});
        const auto out = vae->decode(z);
        QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{2, 5, pixels + variances}));
        {
            // The pixels' outputs are the body's, as for the Bernoulli decoder.
            torch::NoGradGuard no_grad;
            QVERIFY(torch::allclose(out.slice(-1, 0, pixels), bernoulli->decode(z), 1e-5, 1e-6));
            // One bias per variance map (conv: per channel), each starting at --sigma.
            const int64_t biases = single ? 1 : conv ? config.channels : pixels;
            QCOMPARE(vae->named_parameters()["decoder.variance.bias"].numel(), biases);
        }
        const auto x = torch::rand({2, config.channels, config.height, config.width});
        QCOMPARE(vae->reconstruct(x).sizes().vec(), (std::vector<int64_t>{2, config.channels, config.height, config.width}));
        const auto terms = vae->elbo(x, 2);
        (-terms.elbo().sum()).backward();
        const auto grad = vae->named_parameters()["decoder.variance.weight"].grad();
        QVERIFY(grad.defined() && torch::isfinite(grad).all().item<bool>());
        QVERIFY(grad.abs().sum().item<float>() > 0.0f);
        for (const auto& p : vae->parameters()) QVERIFY(!p.grad().defined() || torch::isfinite(p.grad()).all().item<bool>());
    }

    void autoencoderIgnoresNoiseAndHasNoKl() {
        torch::manual_seed(9);
        auto config = tinyConfig(LikelihoodKind::Gaussian);
        config.kind = ModelKind::Autoencoder;
        Vae vae(config);
        torch::NoGradGuard no_grad;
        const auto x = torch::rand({3, 1, 2, 2});
        const auto a = vae->elbo_with_noise(x, torch::randn({3, 1, 2}));
        const auto b = vae->elbo_with_noise(x, torch::randn({3, 1, 2}));
        QVERIFY(torch::equal(a.recon, b.recon));
        QVERIFY(torch::equal(a.kl, torch::zeros({3})));
        const auto expected = vae->likelihood().log_prob(x.flatten(1), vae->decode(vae->encode(x).mean));
        QVERIFY(torch::allclose(a.recon, expected));
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestVae)
#include "test_vae.moc"
