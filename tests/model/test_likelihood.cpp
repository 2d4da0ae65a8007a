#include "model/nn/likelihood.h"

#include <QtTest/QtTest>
#include "test_registry.h"

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
        const auto log_sigma = gaussian.log_scale();
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
        const auto sigma = gaussian.log_scale().exp();
        QVERIFY(sigma.min().item<float>() >= 0.01f * (1 - 1e-5f));
        // So a perfect reconstruction scores at most -log(0.01) - 0.5 log 2pi per pixel.
        const auto perfect = gaussian.log_prob(torch::full({1, 4}, 0.5f), torch::zeros({1, 4}));
        QVERIFY(perfect.item<float>() <= 4 * (-std::log(0.01f) - float(kHalfLog2Pi)) + 1e-3f);
    }

    void laplaceMatchesHandFormula() {
        const double b = 0.05;
        LaplaceLikelihood laplace(b);
        const std::vector<double> x = {0.2, 0.8, 0.5};
        const std::vector<double> out = {0.0, 1.0, -1.0};
        double expected = 0.0;
        for (size_t i = 0; i < x.size(); ++i) expected += -std::abs(x[i] - sigmoid(out[i])) / b - std::log(2 * b);
        const auto got = laplace.log_prob(torch::tensor(x, torch::kDouble).view({1, 3}),
                                          torch::tensor(out, torch::kDouble).view({1, 3}));
        QVERIFY(std::abs(got.item<double>() - expected) < 1e-10);
    }

    void learnedLaplaceMatchesHandFormula() {
        LearnedLaplaceLikelihood laplace(3, 0.01, 0.2);
        laplace.to(torch::kDouble);
        const double b = std::exp(laplace.log_scale()[0].item<double>());
        QVERIFY(std::abs(b - 0.2) < 1e-6);
        const std::vector<double> x = {0.1, 0.4, 0.95};
        const std::vector<double> out = {0.3, -0.2, 2.0};
        double expected = 0.0;
        for (size_t i = 0; i < x.size(); ++i) expected += -std::abs(x[i] - sigmoid(out[i])) / b - std::log(2 * b);
        const auto got = laplace.log_prob(torch::tensor(x, torch::kDouble).view({1, 3}),
                                          torch::tensor(out, torch::kDouble).view({1, 3}));
        QVERIFY(std::abs(got.item<double>() - expected) < 1e-10);
    }

    void laplaceSamplesHaveTheScale() {
        torch::manual_seed(5);
        LaplaceLikelihood laplace(0.1);
        const auto samples = laplace.sample(torch::zeros({200000}, torch::kDouble));
        // Mean sigmoid(0) = 0.5; E|x - mean| = b for a Laplace variable.
        QVERIFY(std::abs(samples.mean().item<double>() - 0.5) < 2e-3);
        QVERIFY(std::abs((samples - 0.5).abs().mean().item<double>() - 0.1) < 2e-3);
    }

    // log C and E[x] of the continuous Bernoulli at logits l, computed with
    // mpmath at 40 digits from the lambda form: log(2 atanh(1 - 2 lambda) / (1 - 2 lambda))
    // and lambda / (2 lambda - 1) + 1 / (2 atanh(1 - 2 lambda)).
    void continuousBernoulliConstantMatchesHighPrecision_data() {
        QTest::addColumn<double>("logit");
        QTest::addColumn<double>("logNorm");
        QTest::addColumn<double>("mean");
        QTest::newRow("lambda 0.5") << 0.0 << 0.69314718055994531 << 0.5;
        QTest::newRow("1e-4 from 0.5") << 1e-4 << 0.69314718139327864 << 0.50000833333333194;
        QTest::newRow("inside band") << -0.04 << 0.69328050145023367 << 0.49666675555216945;
        QTest::newRow("band edge, in") << 0.0999 << 0.69397836422976935 << 0.50832361560256812;
        QTest::newRow("band edge, out") << 0.1001 << 0.69398169367830626 << 0.5083402739392044;
        QTest::newRow("0.5") << 0.5 << 0.71368193318734994 << 0.54149408253679828;
        QTest::newRow("3") << 3.0 << 1.1982688211845533 << 0.71906236315792262;
        QTest::newRow("near 0") << -6.9 << 1.9335369831436702 << 0.1439187341467934;
        QTest::newRow("near 1") << 20.0 << 2.9957322776762982 << 0.95000000206115363;
    }

    void continuousBernoulliConstantMatchesHighPrecision() {
        QFETCH(double, logit);
        QFETCH(double, logNorm);
        QFETCH(double, mean);
        const auto l = torch::tensor({logit}, torch::kDouble);
        QVERIFY2(std::abs(continuous_bernoulli_log_norm(l).item<double>() - logNorm) < 1e-9,
                 qPrintable(QString::number(continuous_bernoulli_log_norm(l).item<double>(), 'g', 17)));
        QVERIFY2(std::abs(continuous_bernoulli_mean(l).item<double>() - mean) < 1e-9,
                 qPrintable(QString::number(continuous_bernoulli_mean(l).item<double>(), 'g', 17)));
        // In float, as training computes it: finite and close.
        const auto f = l.to(torch::kFloat);
        QVERIFY(std::abs(continuous_bernoulli_log_norm(f).item<float>() - logNorm) < 1e-5);
        QVERIFY(std::abs(continuous_bernoulli_mean(f).item<float>() - mean) < 1e-5);
    }

    void continuousBernoulliGradientIsFiniteAtHalf() {
        const auto l = torch::tensor({0.0f, 1e-6f, 0.1f, -30.0f, 30.0f}, torch::requires_grad());
        ContinuousBernoulliLikelihood cb;
        const auto total = cb.log_prob(torch::full({1, 5}, 0.3f), l.view({1, 5})).sum() + cb.mean(l).sum();
        total.backward();
        QVERIFY(torch::isfinite(l.grad()).all().item<bool>());
    }

    void continuousBernoulliIsANormalisedDensity() {
        // Integrate p(x|l) over [0, 1] with the midpoint rule: 1 for every l.
        ContinuousBernoulliLikelihood cb;
        const int n = 20000;
        const auto x = (torch::arange(n, torch::kDouble) + 0.5) / n;
        for (double logit : {0.0, 0.05, -2.0, 7.0}) {
            const auto l = torch::full({n, 1}, logit, torch::kDouble);
            const double integral = cb.log_prob(x.view({n, 1}), l).exp().mean().item<double>();
            QVERIFY2(std::abs(integral - 1.0) < 1e-6, qPrintable(QString::number(integral, 'g', 12)));
        }
    }

    void continuousBernoulliSamplesHaveItsMean() {
        torch::manual_seed(9);
        ContinuousBernoulliLikelihood cb;
        for (double logit : {0.0, 1.5, -4.0}) {
            const auto samples = cb.sample(torch::full({200000}, logit, torch::kDouble));
            QVERIFY(samples.min().item<double>() >= 0.0 && samples.max().item<double>() <= 1.0);
            const double expected = continuous_bernoulli_mean(torch::tensor({logit}, torch::kDouble)).item<double>();
            QVERIFY2(std::abs(samples.mean().item<double>() - expected) < 3e-3, qPrintable(QString::number(logit)));
        }
    }

    void predictedGaussianMatchesHandComputation() {
        // Three pixels, one sigma each (diagonal): sigma = 0.01 * (1 + e^h).
        const double min_sigma = 0.01;
        const std::vector<double> x = {0.2, 0.9, 0.5};
        const std::vector<double> means = {0.0, 2.0, -1.0};  // pre-sigmoid
        const std::vector<double> h = {0.5, -1.0, 2.0};
        double expected = 0.0;
        for (size_t i = 0; i < x.size(); ++i) {
            const double sigma = min_sigma * (1.0 + std::exp(h[i]));
            const double d = (x[i] - sigmoid(means[i])) / sigma;
            expected += -0.5 * d * d - std::log(sigma) - kHalfLog2Pi;
        }
        PredictedGaussianLikelihood diagonal(3, min_sigma);
        std::vector<double> output = means;
        output.insert(output.end(), h.begin(), h.end());
        const auto out = torch::tensor(output, torch::kDouble).view({1, 6});
        const auto got = diagonal.log_prob(torch::tensor(x, torch::kDouble).view({1, 3}), out);
        QCOMPARE(got.sizes().vec(), std::vector<int64_t>{1});
        QVERIFY2(std::abs(got.item<double>() - expected) < 1e-10, qPrintable(QString::number(got.item<double>())));
        QVERIFY(std::abs(diagonal.mean(out)[0][1].item<double>() - sigmoid(2.0)) < 1e-12);

        // One sigma for the image (single): every pixel uses it.
        double single_expected = 0.0;
        const double sigma = min_sigma * (1.0 + std::exp(0.3));
        for (size_t i = 0; i < x.size(); ++i) {
            const double d = (x[i] - sigmoid(means[i])) / sigma;
            single_expected += -0.5 * d * d - std::log(sigma) - kHalfLog2Pi;
        }
        std::vector<double> single_output = means;
        single_output.push_back(0.3);
        const auto single = PredictedGaussianLikelihood(3, min_sigma)
                                .log_prob(torch::tensor(x, torch::kDouble).view({1, 3}),
                                          torch::tensor(single_output, torch::kDouble).view({1, 4}));
        QVERIFY(std::abs(single.item<double>() - single_expected) < 1e-10);
    }

    void predictedSigmaIsBoundedAndStartsAtSigma() {
        PredictedGaussianLikelihood likelihood(2, 0.05);
        const auto out = torch::tensor({{0.0, 0.0, -1e4, 1e4}}, torch::kDouble);
        const auto sigma = likelihood.log_sigma(out).exp();
        QVERIFY(std::abs(sigma[0][0].item<double>() - 0.05) < 1e-12);
        QVERIFY(sigma[0][1].item<double>() > 1e3);
        const double raw = predicted_sigma_raw(0.1, 0.05);
        const auto start = likelihood.log_sigma(torch::tensor({{0.0, 0.0, raw, raw}}, torch::kDouble)).exp();
        QVERIFY(std::abs(start[0][0].item<double>() - 0.1) < 1e-12);
        // Samples: mean sigmoid(0) = 0.5 and the predicted sigma.
        torch::manual_seed(3);
        const auto many = torch::tensor({0.0, 0.0, raw, raw}, torch::kDouble).repeat({20000, 1});
        const auto samples = likelihood.sample(many);
        QCOMPARE(samples.sizes().vec(), (std::vector<int64_t>{20000, 2}));
        QVERIFY(std::abs(samples.mean().item<double>() - 0.5) < 3e-3);
        QVERIFY(std::abs(samples.std().item<double>() - 0.1) < 3e-3);
    }

    void factoryBuildsTheConfiguredKind() {
        VaeConfig config;
        config.likelihood = LikelihoodKind::GaussianLearned;
        config.channels = 1, config.height = 2, config.width = 3;
        auto likelihood = make_likelihood(config);
        QVERIFY(dynamic_cast<LearnedGaussianLikelihood*>(likelihood.get()) != nullptr);
        QCOMPARE(likelihood->parameters().front().numel(), int64_t{6});
        config.likelihood = LikelihoodKind::Bernoulli;
        QVERIFY(dynamic_cast<BernoulliLikelihood*>(make_likelihood(config).get()) != nullptr);
        config.likelihood = LikelihoodKind::Laplace;
        QVERIFY(dynamic_cast<LaplaceLikelihood*>(make_likelihood(config).get()) != nullptr);
        config.likelihood = LikelihoodKind::LaplaceLearned;
        QVERIFY(dynamic_cast<LearnedLaplaceLikelihood*>(make_likelihood(config).get()) != nullptr);
        config.likelihood = LikelihoodKind::ContinuousBernoulli;
        QVERIFY(dynamic_cast<ContinuousBernoulliLikelihood*>(make_likelihood(config).get()) != nullptr);
        config.likelihood = LikelihoodKind::GaussianPredicted;
        QVERIFY(dynamic_cast<PredictedGaussianLikelihood*>(make_likelihood(config).get()) != nullptr);
        QCOMPARE(config.decoder_outputs(), int64_t{12});
        config.decoder_variance = DecoderVariance::Single;
        QCOMPARE(config.decoder_outputs(), int64_t{7});
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestLikelihood)
#include "test_likelihood.moc"
