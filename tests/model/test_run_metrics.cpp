// The numbers of a decoder comparison: dequantization and bits per
// dimension, SSIM, MSE, active units, the comparability flags, and one
// measured row of a tiny trained run.

#include "model/data/image_quality.h"
#include "model/measure/comparability.h"
#include "model/measure/run_metrics.h"
#include "model/nn/dequantize.h"
#include "model/train/trainer.h"
#include "synthetic_data.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <cmath>

using namespace latentlab;

namespace {

RunConfig barsConfig(LikelihoodKind likelihood, bool dequantize) {
    RunConfig config;
    config.data.dequantize = dequantize;
    config.model.channels = 1, config.model.height = 8, config.model.width = 8;
    config.model.hidden = {16};
    config.model.latent = 3;
    config.model.likelihood = likelihood;
    config.train.batch_size = 32;
    config.train.seed = 5;
    config.train.threads = 1;
    config.train.device = "cpu";
    return config;
}

}  // namespace

class TestRunMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dequantizationNoiseIsWithinOneGreyLevel() {
        const auto levels = torch::arange(256, torch::kInt).to(torch::kUInt8).repeat({400});
        auto generator = at::detail::createCPUGenerator(3);
        const auto x = dequantize(levels, generator);
        QCOMPARE(x.scalar_type(), torch::kFloat);
        // x = (k + u) / 256: u = 256 x - k in [0, 1), i.e. noise in [0, 1/256).
        const auto u = x.to(torch::kDouble) * 256.0 - levels.to(torch::kDouble);
        QVERIFY(u.min().item<double>() >= 0.0);
        QVERIFY(u.max().item<double>() < 1.0);
        QVERIFY(x.max().item<float>() < 1.0f);
        // Uniform: mean 1/2, and both ends of the interval are reached.
        QVERIFY(std::abs(u.mean().item<double>() - 0.5) < 0.01);
        QVERIFY(u.min().item<double>() < 0.01 && u.max().item<double>() > 0.99);
    }

    void dequantizationDiffersBetweenEpochsAndRepeats() {
        const auto images = torch::full({64, 1, 4, 4}, 100, torch::kUInt8);
        auto first = at::detail::createCPUGenerator(dequantization_seed(1, 1));
        auto second = at::detail::createCPUGenerator(dequantization_seed(1, 2));
        auto again = at::detail::createCPUGenerator(dequantization_seed(1, 1));
        const auto a = dequantize(images, first), b = dequantize(images, second), c = dequantize(images, again);
        QVERIFY(!torch::equal(a, b));
        QVERIFY(torch::equal(a, c));
        QVERIFY(dequantization_seed(1, 0) != dequantization_seed(2, 0));
        // The test copy is fixed: the same seed, the same images.
        QVERIFY(torch::equal(dequantized_test_images(images, 4), dequantized_test_images(images, 4)));
    }

    void trainerSeesNewNoiseEachEpochAndFixedTestImages() {
        const auto data = testing::make_bars_dataset(64, 16, 8, 2);
        Trainer trainer(barsConfig(LikelihoodKind::ContinuousBernoulli, true));
        const auto test = trainer.test_images(data)->range(0, data.test.size());
        QCOMPARE(test.scalar_type(), torch::kFloat);
        QVERIFY(torch::equal(test, dequantized_test_images(data.test.images, 5)));
        // Training with noise differs from training without it, from the same start.
        Trainer plain(barsConfig(LikelihoodKind::ContinuousBernoulli, false));
        const auto noisy = trainer.train_epoch(data);
        const auto clean = plain.train_epoch(data);
        QVERIFY(noisy->train.elbo != clean->train.elbo);
        QCOMPARE(trainer.evaluate_test(data).loss.elbo,
                 evaluate(trainer.model(), InMemoryImages(dequantized_test_images(data.test.images, 5)), 1000, 1, 5, torch::kCPU).loss.elbo);
    }

    void bitsPerDimensionOnTheByteScale() {
        // The uniform density on [0, 1]^D: every grey level equally likely, 8 bits.
        QVERIFY(std::abs(bits_per_dim_256(0.0, 784) - 8.0) < 1e-12);
        // Each pixel on one of two grey levels with probability 1/2, spread
        // uniformly over its bin of width 1/256: p(x) = (256 / 2)^D, 1 bit.
        const int64_t d = 10;
        QVERIFY(std::abs(bits_per_dim_256(d * std::log(128.0), d) - 1.0) < 1e-12);
        // By hand: (-1000 + 784 ln 256) / (784 ln 2) = 8 - 1000 / 543.4273...
        QVERIFY(std::abs(bits_per_dim_256(1000.0, 784) - 6.1598272) < 1e-6);
    }

    void ssimOfHandCases() {
        const auto image = torch::rand({3, 1, 16, 16}, torch::TensorOptions().dtype(torch::kFloat));
        QVERIFY(std::abs(mean_ssim(image, image) - 1.0) < 1e-6);
        const auto colour = torch::rand({2, 3, 12, 12});
        QVERIFY(std::abs(mean_ssim(colour, colour) - 1.0) < 1e-6);
        // Two flat images, 100 and 50 grey levels: no variance, so SSIM is the
        // luminance term (2 a b + C1) / (a^2 + b^2 + C1), C1 = (0.01 * 255)^2.
        const auto a = torch::full({1, 1, 16, 16}, 100.0 / 255.0), b = torch::full({1, 1, 16, 16}, 50.0 / 255.0);
        const double c1 = 6.5025;
        const double expected = (2 * 100.0 * 50.0 + c1) / (100.0 * 100.0 + 50.0 * 50.0 + c1);
        QVERIFY2(std::abs(mean_ssim(a, b) - expected) < 1e-4, qPrintable(QString::number(mean_ssim(a, b))));
        // An image and its negative are far from similar.
        QVERIFY(mean_ssim(image, 1.0 - image) < 0.2);
        QVERIFY_THROWS_EXCEPTION(Error, mean_ssim(image, colour));
    }

    void meanSquaredErrorByHand() {
        auto a = torch::zeros({1, 1, 2, 2});
        auto b = a.clone();
        b[0][0][1][1] = 0.5;
        QVERIFY(std::abs(mean_squared_error(a, b) - 0.0625) < 1e-12);
    }

    void activeUnitsByHand() {
        // Dimension 0 constant (variance 0), 1 at +-0.2 (0.04: active), 2 at
        // +-0.05 (0.0025: not), 3 at +-0.09 (0.0081: not).
        const auto means = torch::tensor({{1.0, 0.2, 0.05, 0.09}, {1.0, -0.2, -0.05, -0.09},
                                          {1.0, 0.2, 0.05, 0.09}, {1.0, -0.2, -0.05, -0.09}}, torch::kDouble);
        QCOMPARE(active_units(means), int64_t{1});
        QCOMPARE(active_units(means, 0.001), int64_t{3});
        QCOMPARE(active_units(means.slice(0, 0, 1)), int64_t{0});
    }

    void comparabilityFlags() {
        const auto bernoulli = comparability(barsConfig(LikelihoodKind::Bernoulli, true));
        QVERIFY(!bernoulli.density && !bernoulli.bits_per_dim);
        QVERIFY(QString::fromStdString(bernoulli.note).contains("not a density"));
        const auto gaussian = comparability(barsConfig(LikelihoodKind::GaussianLearned, true));
        QVERIFY(gaussian.density && gaussian.dequantized && gaussian.bits_per_dim);
        const auto raw = comparability(barsConfig(LikelihoodKind::ContinuousBernoulli, false));
        QVERIFY(raw.density && !raw.dequantized && !raw.bits_per_dim);
        QVERIFY(QString::fromStdString(raw.note).contains("not dequantized"));
        QVERIFY(QString::fromStdString(raw.note).contains("unbounded"));
        // What bounds each density on k/255 pixels, with the bound by hand:
        // 64 pixels of at most 1 / (σ √(2π)) (Gaussian) or 1 / (2b) (Laplace).
        auto fixed = barsConfig(LikelihoodKind::Gaussian, false);
        fixed.model.sigma = 0.1;
        const QString gaussianNote = QString::fromStdString(comparability(fixed).note);
        // 64 (ln 10 - ln 2π / 2) = 64 (2.302585 - 0.918939) = 88.55
        QVERIFY2(gaussianNote.contains("its fixed σ = 0.1 (log p(x) ≤ 88.6 nats per image)"), qPrintable(gaussianNote));
        auto learned = barsConfig(LikelihoodKind::GaussianPredicted, false);
        learned.model.min_sigma = 0.01;
        QVERIFY(QString::fromStdString(comparability(learned).note).contains("its lowest σ = 0.01 (log p(x) ≤ 235.9 nats"));
        // 64 ln(1 / 0.1) = 147.37
        auto laplace = barsConfig(LikelihoodKind::LaplaceLearned, false);
        laplace.model.min_sigma = 0.05;
        QVERIFY(QString::fromStdString(comparability(laplace).note).contains("its lowest b = 0.05 (log p(x) ≤ 147.4 nats"));
        QVERIFY(!QString::fromStdString(comparability(fixed).note).contains("in principle"));
        for (auto kind : {LikelihoodKind::Gaussian, LikelihoodKind::Laplace, LikelihoodKind::LaplaceLearned,
                          LikelihoodKind::GaussianPredicted})
            QVERIFY(comparability(barsConfig(kind, false)).density);
        QVERIFY(QString::fromStdString(comparability_explained()).contains("compare across all rows"));
    }

    void measuredRowOfATrainedRun() {
        const auto data = testing::make_bars_dataset(128, 32, 8, 6);
        for (bool dequantize : {false, true}) {
            for (auto kind : {LikelihoodKind::Bernoulli, LikelihoodKind::GaussianPredicted}) {
                const auto config = barsConfig(kind, dequantize);
                Trainer trainer(config);
                trainer.train_epoch(data);
                const auto m = measure_run(trainer.model(), config, *trainer.test_images(data), torch::kCPU, 20,
                                           training_seconds(trainer.history()));
                QCOMPARE(m.images, int64_t{32});
                QCOMPARE(m.test.elbo, trainer.evaluate_test(data).loss.elbo);
                QCOMPARE(m.train_seconds, trainer.history().front().seconds);
                QCOMPARE(m.iw_samples, int64_t{20});
                QVERIFY(std::isfinite(m.log_px));
                if (kind == LikelihoodKind::GaussianPredicted && dequantize)
                    QCOMPARE(m.bits_per_dim, bits_per_dim_256(m.log_px, 64));
                else
                    QVERIFY(std::isnan(m.bits_per_dim));
                QVERIFY(m.mse > 0.0 && m.mse < 1.0);
                QVERIFY(m.ssim > -1.0 && m.ssim < 1.0);
                QVERIFY(m.active_units >= 0 && m.active_units <= 3);
                QCOMPARE(m.latent, int64_t{3});
            }
        }
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestRunMetrics)
#include "test_run_metrics.moc"
