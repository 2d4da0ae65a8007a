#include "model/nn/gaussian.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <cmath>

using namespace latentlab;

class TestGaussian : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void klClosedFormMatchesMonteCarlo() {
        torch::manual_seed(3);
        DiagonalGaussian q{torch::tensor({{0.5, -1.0, 2.0}}, torch::kDouble),
                           torch::tensor({{0.0, std::log(0.25), std::log(3.0)}}, torch::kDouble)};
        const auto closed = kl_to_standard_normal(q);  // [1, 3]

        // KL = E_q[log q(z) - log p(z)], estimated per dimension from 400k draws.
        const int64_t n = 400000;
        const auto z = reparameterize(q, torch::randn({1, n, 3}, torch::kDouble));  // [1, n, 3]
        const auto mean = q.mean.unsqueeze(1), log_var = q.log_var.unsqueeze(1);
        const auto log_q = -0.5 * ((z - mean).pow(2) / log_var.exp() + log_var + std::log(2 * M_PI));
        const auto log_p = -0.5 * (z.pow(2) + std::log(2 * M_PI));
        const auto estimate = (log_q - log_p).mean(1);  // [1, 3]

        for (int d = 0; d < 3; ++d) {
            const double c = closed[0][d].item<double>();
            const double e = estimate[0][d].item<double>();
            QVERIFY2(std::abs(c - e) < 0.02 * std::max(1.0, c), qPrintable(QString("dim %1: closed %2, MC %3").arg(d).arg(c).arg(e)));
        }
        // Hand computation for dim 0: 0.5 * (0.25 + 1 - 0 - 1) = 0.125.
        QCOMPARE(closed[0][0].item<double>(), 0.125);
    }

    void klIsZeroOnlyForThePrior() {
        DiagonalGaussian prior{torch::zeros({2, 4}), torch::zeros({2, 4})};
        QCOMPARE(kl_to_standard_normal(prior).abs().max().item<float>(), 0.0f);
        DiagonalGaussian other{torch::full({2, 4}, 0.1), torch::zeros({2, 4})};
        QVERIFY(kl_to_standard_normal(other).min().item<float>() > 0.0f);
    }

    void reparameterizedSamplesHaveShapeAndMoments() {
        torch::manual_seed(5);
        DiagonalGaussian q{torch::tensor({{1.0, -2.0}}), torch::tensor({{std::log(4.0), 0.0}})};
        const auto z = reparameterize(q, torch::randn({1, 200000, 2}));
        QCOMPARE(z.sizes().vec(), (std::vector<int64_t>{1, 200000, 2}));
        const auto mean = z.mean(1), std = z.std(1);
        QVERIFY(std::abs(mean[0][0].item<float>() - 1.0f) < 0.02f);
        QVERIFY(std::abs(mean[0][1].item<float>() + 2.0f) < 0.02f);
        QVERIFY(std::abs(std[0][0].item<float>() - 2.0f) < 0.02f);
        QVERIFY(std::abs(std[0][1].item<float>() - 1.0f) < 0.02f);
    }

    void logDensityMatchesHandComputation() {
        DiagonalGaussian q{torch::tensor({{1.0, 0.0}}, torch::kDouble),
                           torch::tensor({{std::log(4.0), 0.0}}, torch::kDouble)};
        const auto z = torch::tensor({{{3.0, 1.0}}}, torch::kDouble);  // [1, 1, 2]
        // dim 0: N(3; 1, 4) = -0.5*(4/4 + log 4 + log 2pi); dim 1: N(1; 0, 1) = -0.5*(1 + log 2pi)
        const double expected = -0.5 * (1.0 + std::log(4.0) + std::log(2 * M_PI)) - 0.5 * (1.0 + std::log(2 * M_PI));
        QVERIFY(std::abs(log_density(q, z).item<double>() - expected) < 1e-12);
        QVERIFY(std::abs(log_standard_normal(z).item<double>() - (-0.5 * (10.0 + 2 * std::log(2 * M_PI)))) < 1e-12);
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestGaussian)
#include "test_gaussian.moc"
