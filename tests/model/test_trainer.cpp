#include "model/base/threads.h"
#include "model/train/trainer.h"
#include "synthetic_data.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <atomic>

using namespace latentlab;

namespace {

RunConfig barsConfig() {
    RunConfig config;
    config.model.channels = 1, config.model.height = 8, config.model.width = 8;
    config.model.hidden = {64};
    config.model.latent = 4;
    config.train.batch_size = 32;
    config.train.learning_rate = 3e-3;
    config.train.seed = 7;
    config.train.threads = 1;
    config.train.device = "cpu";
    return config;
}

}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // As the programs do at start-up.
    void initTestCase() { latentlab::configure_process_threads(); }
    void trainingLowersTheTestLossBelowAStatedValue() {
        const auto data = testing::make_bars_dataset(1024, 256, 8, 11);
        Trainer trainer(barsConfig());
        const auto before = trainer.evaluate_test(data);
        // An untrained Bernoulli decoder puts p = 1/2 on every pixel: about 64 ln 2 = 44 nats.
        QVERIFY2(-before.loss.elbo > 35.0, qPrintable(QString::number(-before.loss.elbo)));
        std::optional<EpochStats> last;
        for (int epoch = 0; epoch < 15; ++epoch) last = trainer.train_epoch(data);
        QVERIFY(last.has_value());
        // A bar is one of 16 (orientation x position): log 16 = 2.8 nats of
        // information; a good VAE gets within a few nats of that.
        QVERIFY2(-last->test.loss.elbo < 12.0, qPrintable(QString::number(-last->test.loss.elbo)));
        QCOMPARE(last->test.images, int64_t{256});
        QCOMPARE(last->test.kl_per_dim.size(), size_t{4});
        QCOMPARE(trainer.epoch(), int64_t{15});
        QCOMPARE(trainer.step(), int64_t{15 * 32});
    }

    void stepCallbackReportsFiniteStatistics() {
        const auto data = testing::make_bars_dataset(256, 64, 8, 12);
        Trainer trainer(barsConfig());
        std::vector<StepStats> steps;
        trainer.train_epoch(data, [&](const StepStats& s) { steps.push_back(s); }, 3);
        // 8 steps per epoch, reported every 3rd step and at the last one.
        QCOMPARE(steps.size(), size_t{3});
        QCOMPARE(steps.back().step_in_epoch, int64_t{8});
        QCOMPARE(steps.back().steps_per_epoch, int64_t{8});
        for (const auto& s : steps) {
            QVERIFY(std::isfinite(s.loss.elbo) && std::isfinite(s.loss.kl));
            QVERIFY(std::abs(s.loss.elbo - (s.loss.recon - s.loss.kl)) < 1e-6);
            QVERIFY(s.images_per_second > 0);
        }
    }

    void sameSeedSameRun() {
        const auto data = testing::make_bars_dataset(256, 64, 8, 13);
        Trainer a(barsConfig()), b(barsConfig());
        const auto ea = a.train_epoch(data), eb = b.train_epoch(data);
        QCOMPARE(ea->train.elbo, eb->train.elbo);
        QCOMPARE(ea->test.loss.elbo, eb->test.loss.elbo);
        auto other = barsConfig();
        other.train.seed = 8;
        Trainer c(other);
        QVERIFY(c.train_epoch(data)->train.elbo != ea->train.elbo);
    }

    void aTeamOfTwoTrainsDeterministicallyAndLikeOneThread() {
        // Two threads split each batch: the sums of the gradients take
        // another order, so the numbers differ from one thread's by rounding
        // only, and two runs with two threads are identical.
        const auto data = testing::make_bars_dataset(512, 128, 8, 13);
        auto config = barsConfig();
        config.train.threads = 2;
        Trainer a(config), b(config), single(barsConfig());
        for (int epoch = 0; epoch < 3; ++epoch) a.train_epoch(data), b.train_epoch(data), single.train_epoch(data);
        QCOMPARE(a.history().back().test.loss.elbo, b.history().back().test.loss.elbo);
        const double team = a.history().back().test.loss.elbo, one = single.history().back().test.loss.elbo;
        QVERIFY2(std::abs(team - one) < 0.5, qPrintable(QString("%1 vs %2").arg(team).arg(one)));
    }

    void capacityObjectiveHoldsTheKlAtC() {
        // gamma |KL - C| with C = 1.5 nats from the first epoch on (the
        // batch's mean KL decides the sign, on a team of two): the test KL
        // settles near C (1.56 here); without it, the same run reaches 5.5.
        const auto data = testing::make_bars_dataset(1024, 256, 8, 23);
        auto config = barsConfig();
        config.train.threads = 2;
        config.train.capacity = 1.5;
        config.train.capacity_epochs = 1e-3;
        config.train.gamma = 100.0;
        Trainer trainer(config);
        for (int epoch = 0; epoch < 10; ++epoch) trainer.train_epoch(data);
        const double kl = trainer.history().back().test.loss.kl;
        qInfo() << "test KL" << kl << "nats";
        QVERIFY2(std::abs(kl - 1.5) < 0.3, qPrintable(QString::number(kl)));
    }

    void unevenLastBatchesSplitAcrossTheTeam_data() {
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("trainImages");
        // Batches of 32: the last has 4 rows (3 slices of 2, 1, 1) or 1 row
        // (one slice, the other member idle).
        QTest::newRow("4 rows, 3 threads") << 3 << 36;
        QTest::newRow("1 row, 2 threads") << 2 << 33;
    }
    void unevenLastBatchesSplitAcrossTheTeam() {
        QFETCH(int, threads);
        QFETCH(int, trainImages);
        const auto data = testing::make_bars_dataset(trainImages, 16, 8, 22);
        auto config = barsConfig();
        config.train.threads = threads;
        Trainer trainer(config);
        const auto before = trainer.model()->parameters()[1].detach().clone();  // a bias
        const auto stats = trainer.train_epoch(data);
        QVERIFY(stats.has_value());
        QCOMPARE(trainer.step(), int64_t{2});
        QVERIFY(std::isfinite(stats->train.elbo) && std::isfinite(stats->test.loss.elbo));
        QVERIFY(!torch::equal(trainer.model()->parameters()[1], before));
    }

    void slicesGradientsAddUpToTheBatchGradient_data() {
        // The capacity sits 0.05 nats below or above the batch's mean KL.
        QTest::addColumn<bool>("capacityOn");
        QTest::addColumn<double>("capacityOffset");
        QTest::addColumn<int>("kind");
        QTest::newRow("beta 2") << false << 0.0 << int(ModelKind::Vae);
        QTest::newRow("capacity below the KL") << true << -0.05 << int(ModelKind::Vae);
        QTest::newRow("capacity above the KL") << true << 0.05 << int(ModelKind::Vae);
        QTest::newRow("autoencoder") << false << 0.0 << int(ModelKind::Autoencoder);
    }
    void slicesGradientsAddUpToTheBatchGradient() {
        // The gradients of the slices' linear losses, added, against autograd
        // on the objective written out: -(recon - beta KL), or
        // -recon + gamma |mean KL - C|, or -recon, averaged over the batch.
        QFETCH(bool, capacityOn);
        QFETCH(double, capacityOffset);
        QFETCH(int, kind);
        auto config = barsConfig().model;
        config.kind = static_cast<ModelKind>(kind);
        torch::manual_seed(3);
        Vae model(config);
        const auto data = testing::make_bars_dataset(12, 1, 8, 21);
        const auto x = data.train.images.to(torch::kFloat).div(255.0);
        auto generator = at::detail::createCPUGenerator(4);
        const auto noise = torch::randn({12, 1, config.latent}, generator);
        const auto parameters = model->parameters();

        const auto whole = model->elbo_with_noise(x, noise);
        const double kl_mean = whole.kl.mean().item<double>();
        ObjectiveWeights weights;
        weights.beta = 2.0, weights.capacity_on = capacityOn, weights.gamma = 30.0;
        weights.capacity = kl_mean + capacityOffset;
        torch::Tensor objective_loss;
        if (config.kind == ModelKind::Autoencoder)
            objective_loss = -whole.recon.mean();
        else if (capacityOn)
            objective_loss = -whole.recon.mean() + weights.gamma * (whole.kl.mean() - weights.capacity).abs();
        else
            objective_loss = -(whole.recon - weights.beta * whole.kl).mean();
        if (config.kind == ModelKind::Vae) QVERIFY(kl_mean > 0.01);  // the KL term has a gradient to compare
        const auto expected = torch::autograd::grad({objective_loss}, parameters, {}, false, false, true);

        const auto loss = linear_loss(weights, config.kind, kl_mean, 12);
        if (capacityOn) QCOMPARE(loss.kl, weights.gamma * (capacityOffset < 0 ? 1.0 : -1.0) / 12.0);
        std::vector<torch::Tensor> sum(parameters.size());
        for (int64_t begin : {0, 5}) {  // slices of 5 and 7 images
            const int64_t end = begin == 0 ? 5 : 12;
            const auto slice = model->elbo_with_noise(x.slice(0, begin, end), noise.slice(0, begin, end));
            const auto part = torch::autograd::grad({loss.of_slice(slice)}, parameters, {}, false, false, true);
            for (size_t p = 0; p < parameters.size(); ++p)
                if (part[p].defined()) sum[p] = sum[p].defined() ? sum[p] + part[p] : part[p];
        }
        double largest = 0.0, scale = 0.0;
        for (size_t p = 0; p < parameters.size(); ++p) {
            QCOMPARE(sum[p].defined(), expected[p].defined());
            if (!expected[p].defined()) continue;
            largest = std::max(largest, (sum[p] - expected[p]).abs().max().item<double>());
            scale = std::max(scale, expected[p].abs().max().item<double>());
        }
        QVERIFY2(scale > 1e-3, qPrintable(QString::number(scale)));
        QVERIFY2(largest < 1e-5 * scale, qPrintable(QString("%1 of %2").arg(largest).arg(scale)));
        // And the linear form's value is the objective's.
        QVERIFY(std::abs(training_loss(whole, weights, config.kind).item<double>() -
                         objective_loss.item<double>()) < 1e-4);
    }

    void stopFlagEndsTheEpochWithoutCountingIt() {
        const auto data = testing::make_bars_dataset(256, 64, 8, 14);
        Trainer trainer(barsConfig());
        std::atomic<bool> stop{false};
        int calls = 0;
        const auto result = trainer.train_epoch(
            data, [&](const StepStats&) { if (++calls == 2) stop = true; }, 1, &stop);
        QVERIFY(!result.has_value());
        QCOMPARE(trainer.step(), int64_t{2});
        QCOMPARE(trainer.epoch(), int64_t{0});
    }

    void nonFiniteLossStopsAndKeepsTheLastGoodParameters() {
        auto data = testing::make_bars_dataset(256, 64, 8, 15);
        Trainer trainer(barsConfig());
        trainer.train_epoch(data);
        // A huge learning rate drives the loss to inf/NaN within a few steps.
        for (auto& group : trainer.optimizer().param_groups())
            static_cast<torch::optim::AdamOptions&>(group.options()).lr(1e30);
        bool thrown = false;
        try {
            for (int i = 0; i < 5; ++i) trainer.train_epoch(data);
        } catch (const NonFiniteLoss& e) {
            thrown = true;
            QVERIFY(QString(e.what()).contains("epoch"));
        }
        QVERIFY(thrown);
        for (const auto& p : trainer.model()->parameters())
            QVERIFY(torch::isfinite(p).all().item<bool>());
        QCOMPARE(trainer.epoch(), int64_t{1});
    }

    void warmupRaisesBetaLinearlyOverItsEpochs() {
        TrainConfig train;
        train.beta = 4.0;
        train.warmup_epochs = 2.0;
        QCOMPARE(objective_weights(train, 0.0).beta, 0.0);
        QCOMPARE(objective_weights(train, 0.5).beta, 1.0);
        QCOMPARE(objective_weights(train, 1.5).beta, 3.0);
        QCOMPARE(objective_weights(train, 7.0).beta, 4.0);
        QVERIFY(!objective_weights(train, 1.0).capacity_on);
        train.warmup_epochs = 0.0;
        QCOMPARE(objective_weights(train, 0.0).beta, 4.0);
    }

    void capacityRisesToItsMaximum() {
        TrainConfig train;
        train.epochs = 10;
        train.capacity = 25.0;
        train.gamma = 100.0;
        // Over all epochs when capacity_epochs is 0...
        QCOMPARE(objective_weights(train, 4.0).capacity, 10.0);
        // ...or over the given number of epochs, then held.
        train.capacity_epochs = 5.0;
        QCOMPARE(objective_weights(train, 4.0).capacity, 20.0);
        QCOMPARE(objective_weights(train, 9.0).capacity, 25.0);
        QVERIFY(objective_weights(train, 9.0).capacity_on);
        QCOMPARE(objective_weights(train, 9.0).gamma, 100.0);
    }

    void trainingLossMatchesHandComputation() {
        ElboTerms terms;
        terms.recon = torch::tensor({-10.0, -20.0}, torch::kDouble);
        terms.kl = torch::tensor({3.0, 5.0}, torch::kDouble);
        ObjectiveWeights weights;
        weights.beta = 2.0;
        // -(mean recon - beta * mean KL) = 15 + 2 * 4
        QCOMPARE(training_loss(terms, weights, ModelKind::Vae).item<double>(), 23.0);
        weights.capacity_on = true, weights.capacity = 1.5, weights.gamma = 100.0;
        // 15 + gamma * |4 - 1.5|
        QCOMPARE(training_loss(terms, weights, ModelKind::Vae).item<double>(), 265.0);
        weights.capacity = 6.0;  // KL below C costs as much as above it
        QCOMPARE(training_loss(terms, weights, ModelKind::Vae).item<double>(), 215.0);
        // The autoencoder: the reconstruction term alone.
        QCOMPARE(training_loss(terms, weights, ModelKind::Autoencoder).item<double>(), 15.0);
        // Its linear form: 15 + 100 * (-1) * (4 - 6), as weights on the sums.
        const auto linear = linear_loss(weights, ModelKind::Vae, 4.0, 2);
        QCOMPARE(linear.recon, -0.5);
        QCOMPARE(linear.kl, -50.0);
        QCOMPARE(linear.constant, 600.0);
    }

    void stepsReportTheWarmedUpBeta() {
        const auto data = testing::make_bars_dataset(256, 64, 8, 16);
        auto config = barsConfig();
        config.train.beta = 2.0;
        config.train.warmup_epochs = 1.0;
        Trainer trainer(config);
        std::vector<double> betas;
        trainer.train_epoch(data, [&](const StepStats& s) { betas.push_back(s.beta); }, 1);
        QCOMPARE(betas.size(), size_t{8});
        // Step i of 8 trains with beta = 2 * i / 8, i = 0..7.
        for (size_t i = 0; i < betas.size(); ++i) QCOMPARE(betas[i], 2.0 * i / 8.0);
    }

    void betaAndLearningRateChangeMidRunAndAreRecorded() {
        const auto data = testing::make_bars_dataset(256, 64, 8, 17);
        Trainer trainer(barsConfig());
        std::vector<double> betas;
        trainer.train_epoch(data, [&](const StepStats& s) {
            betas.push_back(s.beta);
            if (s.step == 3) {
                trainer.set_beta(0.5);
                trainer.set_learning_rate(1e-4);
            }
        }, 1);
        QCOMPARE(betas[2], 1.0);
        QCOMPARE(betas[3], 0.5);
        for (const auto& group : trainer.optimizer().param_groups())
            QCOMPARE(static_cast<const torch::optim::AdamOptions&>(group.options()).lr(), 1e-4);
        QCOMPARE(trainer.setting_changes().size(), size_t{2});
        QCOMPARE(trainer.setting_changes()[0].step, int64_t{3});
        QCOMPARE(trainer.setting_changes()[0].name, std::string("beta"));
        QCOMPARE(trainer.setting_changes()[1].value, 1e-4);
        QCOMPARE(trainer.config().train.beta, 0.5);
    }

    void autoencoderTrainsWithoutKl() {
        const auto data = testing::make_bars_dataset(512, 128, 8, 18);
        auto config = barsConfig();
        config.model.kind = ModelKind::Autoencoder;
        Trainer trainer(config);
        const double before = trainer.evaluate_test(data).loss.recon;
        std::optional<EpochStats> last;
        for (int e = 0; e < 5; ++e) last = trainer.train_epoch(data);
        QCOMPARE(last->test.loss.kl, 0.0);
        QVERIFY2(last->test.loss.recon > before + 20.0,
                 qPrintable(QString("%1 -> %2").arg(before).arg(last->test.loss.recon)));
    }

    void convVaeLearnsSmallRgbImages() {
        const auto data = testing::make_colour_bars_dataset(768, 128, 32, 19);
        RunConfig config;
        config.model.architecture = Architecture::Conv;
        config.model.channels = 3, config.model.height = 32, config.model.width = 32;
        config.model.conv_channels = {8, 16, 16};
        config.model.hidden = {64};
        config.model.latent = 4;
        config.train.batch_size = 32;
        config.train.learning_rate = 3e-3;
        config.train.seed = 20;
        config.train.threads = 1;
        config.train.device = "cpu";
        Trainer trainer(config);
        const double before = -trainer.evaluate_test(data).loss.elbo;
        std::optional<EpochStats> last;
        for (int e = 0; e < 4; ++e) last = trainer.train_epoch(data);
        const double after = -last->test.loss.elbo;
        // With soft targets (grey levels) the Bernoulli term cannot beat the
        // pixels' own binary entropy: the floor of -ELBO is its sum per image.
        const auto p = data.test.images.to(torch::kDouble) / 255.0;
        const double floor = -(p * p.log() + (1 - p) * (1 - p).log()).sum().item<double>() / p.size(0);
        qInfo("conv test -ELBO: %.1f before, %.1f after 4 epochs; entropy floor %.1f", before, after, floor);
        QVERIFY2(before > floor + 600.0, qPrintable(QString::number(before)));
        QVERIFY2(after < floor + 100.0, qPrintable(QString::number(after)));
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestTrainer)
#include "test_trainer.moc"
