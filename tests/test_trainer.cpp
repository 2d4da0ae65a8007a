#include "model/trainer.h"
#include "synthetic_data.h"

#include <QtTest/QtTest>

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
};

QTEST_APPLESS_MAIN(TestTrainer)
#include "test_trainer.moc"
