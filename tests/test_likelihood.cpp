#include "model/likelihood.h"

#include <QtTest/QtTest>

#include <cmath>

using namespace latentlab;

namespace {

double sigmoid(double l) { return 1.0 / (1.0 + std::exp(-l)); }

const double kHalfLog2Pi = 0.5 * std::log(2 * M_PI);

}  // namespace

class TestLikelihood : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bernoulliEqualsMinusBinaryCrossEntropy() {
        const std::vector<double> x = {0.0, 1.0, 0.3, 0.9};
        const std::vector<double> l = {-2.0, 1.5, 0.0, 3.0};
        double expected = 0.0;
        for (size_t i = 0; i < x.size(); ++i)
            expected += x[i] * std::log(sigmoid(l[i])) + (1 - x[i]) * std::log(1 - sigmoid(l[i]));
        BernoulliLikelihood bernoulli;
        const auto got = bernoulli.log_prob(torch::tensor(x, torch::kDouble).view({1, 4}),
                                            torch::tensor(l, torch::kDouble).view({1, 4}));
        QCOMPARE(got.sizes().vec(), std::vector<int64_t>{1});
        QVERIFY(std::abs(got.item<double>() - expected) < 1e-12);
    }

    void bernoulliIsFiniteForExtremeLogits() {
        BernoulliLikelihood bernoulli;
        const auto x = torch::tensor({{1.0f, 0.0f}});
        const auto got = bernoulli.log_prob(x, torch::tensor({{-200.0f, 200.0f}}));
        // log sigmoid(-200) = -200 (up to e^-200), and the same for the second pixel.
        QVERIFY(std::isfinite(got.item<float>()));
        QVERIFY(std::abs(got.item<float>() + 400.0f) < 1e-3f);
    }

    void bernoulliBroadcastsOverSamples() {
        BernoulliLikelihood bernoulli;
        const auto x = torch::rand({3, 1, 5});
        const auto logits = torch::randn({3, 4, 5});
        const auto got = bernoulli.log_prob(x, logits);
        QCOMPARE(got.sizes().vec(), (std::vector<int64_t>{3, 4}));
        const auto one = bernoulli.log_prob(x[1], logits[1][2].unsqueeze(0));
        QVERIFY(std::abs(got[1][2].item<float>() - one.item<float>()) < 1e-5f);
    }

    void bernoulliMeanIsSigmoid() {
        BernoulliLikelihood bernoulli;
        QVERIFY(std::abs(bernoulli.mean(torch::tensor({0.7})).item<float>() - sigmoid(0.7)) < 1e-6);
    }

    void gaussianMatchesHandFormula() {
        const double sigma = 0.1;
        GaussianLikelihood gaussian(sigma);
        const std::vector<double> x = {0.2, 0.8, 0.5};
        const std::vector<double> out = {0.0, 1.0, -1.0};
        double expected = 0.0;
        for (size_t i = 0; i < x.size(); ++i) {
            const double r = (x[i] - sigmoid(out[i])) / sigma;
            expected += -0.5 * r * r - std::log(sigma) - kHalfLog2Pi;
        }
        const auto got = gaussian.log_prob(torch::tensor(x, torch::kDouble).view({1, 3}),
                                           torch::tensor(out, torch::kDouble).view({1, 3}));
        QVERIFY(std::abs(got.item<double>() - expected) < 1e-10);
    }

    void learnedGaussianMatchesHandFormulaAndStartsAtInitialSigma() {
        LearnedGaussianLikelihood gaussian(3, 0.01, 0.2);
        gaussian.to(torch::kDouble);
        const auto log_sigma = gaussian.log_sigma();
        for (int i = 0; i < 3; ++i) QVERIFY(std::abs(std::exp(log_sigma[i].item<double>()) - 0.2) < 1e-6);  // initialised in float

        const std::vector<double> x = {0.1, 0.4, 0.95};
        const std::vector<double> out = {0.3, -0.2, 2.0};
        double expected = 0.0;
        for (size_t i = 0; i < x.size(); ++i) {
            const double r = (x[i] - sigmoid(out[i])) / 0.2;
            expected += -0.5 * r * r - std::log(0.2) - kHalfLog2Pi;
        }
        const auto got = gaussian.log_prob(torch::tensor(x, torch::kDouble).view({1, 3}),
                                           torch::tensor(out, torch::kDouble).view({1, 3}));
        QVERIFY(std::abs(got.item<double>() - expected) < 1e-5);
    }

    void learnedSigmaNeverFallsBelowItsBound() {
        LearnedGaussianLikelihood gaussian(4, 0.01, 0.1);
        torch::NoGradGuard no_grad;
        for (auto& p : gaussian.parameters()) p.fill_(-1e4);
        const auto sigma = gaussian.log_sigma().exp();
        QVERIFY(sigma.min().item<float>() >= 0.01f * (1 - 1e-5f));
        // So a perfect reconstruction scores at most -log(0.01) - 0.5 log 2pi per pixel.
        const auto perfect = gaussian.log_prob(torch::full({1, 4}, 0.5f), torch::zeros({1, 4}));
        QVERIFY(perfect.item<float>() <= 4 * (-std::log(0.01f) - float(kHalfLog2Pi)) + 1e-3f);
    }

    void factoryBuildsTheConfiguredKind() {
        VaeConfig config;
        config.decoder = DecoderKind::GaussianLearned;
        config.channels = 1, config.height = 2, config.width = 3;
        auto likelihood = make_likelihood(config);
        QVERIFY(dynamic_cast<LearnedGaussianLikelihood*>(likelihood.get()) != nullptr);
        QCOMPARE(likelihood->parameters().front().numel(), int64_t{6});
        config.decoder = DecoderKind::Bernoulli;
        QVERIFY(dynamic_cast<BernoulliLikelihood*>(make_likelihood(config).get()) != nullptr);
    }
};

QTEST_APPLESS_MAIN(TestLikelihood)
#include "test_likelihood.moc"
