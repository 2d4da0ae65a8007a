// ModelSnapshot: load_snapshot reads the model a Trainer saved without its
// optimizer; snapshot_of copies a running Trainer's weights; EvaluationScope
// restores the model's mode even when an exception leaves early.

#include "model/base/error.h"
#include "model/base/threads.h"
#include "model/nn/evaluation_scope.h"
#include "model/store/config_file.h"
#include "model/store/history.h"
#include "model/train/model_snapshot.h"
#include "model/train/trainer.h"
#include "synthetic_data.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <stdexcept>

using namespace latentlab;

namespace {

RunConfig smallConfig() {
    RunConfig config;
    config.model.channels = 1, config.model.height = 8, config.model.width = 8;
    config.model.hidden = {24};
    config.model.latent = 3;
    config.model.likelihood = LikelihoodKind::GaussianLearned;
    config.train.batch_size = 64;
    config.train.seed = 5;
    config.train.threads = 1;
    config.train.device = "cpu";
    return config;
}

bool sameWeights(const VaeImpl& a, const VaeImpl& b) {
    const auto theirs = b.named_parameters();
    for (const auto& item : a.named_parameters())
        if (!torch::equal(item.value(), theirs[item.key()])) return false;
    return true;
}

}  // namespace

class TestModelSnapshot : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { latentlab::configure_process_threads(); }

    void loadSnapshotReadsTheSavedModel() {
        QTemporaryDir dir;
        const auto data = testing::make_bars_dataset(256, 64, 8, 3);
        Trainer trainer(smallConfig());
        trainer.train_epoch(data);
        trainer.set_beta(0.5);
        trainer.train_epoch(data);
        const std::string path = dir.filePath("checkpoint.pt").toStdString();
        trainer.save(path);

        const SnapshotPtr snapshot = load_snapshot(path, "cpu");
        QCOMPARE(snapshot->epoch, int64_t{2});
        QCOMPARE(snapshot->step, trainer.step());
        QCOMPARE(snapshot->history.size(), size_t{2});
        QCOMPARE(snapshot->changes.size(), size_t{1});
        // The settings in effect, not those the run started with.
        QCOMPARE(snapshot->config.train.beta, 0.5);
        QVERIFY(!snapshot->model->is_training());
        QVERIFY(sameWeights(*snapshot->model, *trainer.model()));
        for (const auto& p : snapshot->model->parameters()) QVERIFY(!p.requires_grad());

        // The same numbers as the trainer's own evaluation.
        const auto mine = evaluate(snapshot->model, *data.test.source(), 1000, 1, 5, torch::kCPU);
        QCOMPARE(mine.loss.elbo, trainer.history().back().test.loss.elbo);
    }

    void loadSnapshotRefusesWhatIsNoCheckpoint() {
        QTemporaryDir dir;
        QFile file(dir.filePath("junk.pt"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a checkpoint");
        file.close();
        QVERIFY_THROWS_EXCEPTION(Error, load_snapshot(dir.filePath("junk.pt").toStdString(), "cpu"));
        QVERIFY_THROWS_EXCEPTION(Error, load_snapshot(dir.filePath("missing.pt").toStdString(), "cpu"));
    }

    void snapshotOfCopiesAndStaysAsItWas() {
        const auto data = testing::make_bars_dataset(256, 64, 8, 4);
        Trainer trainer(smallConfig());
        trainer.train_epoch(data);
        const SnapshotPtr snapshot = snapshot_of(trainer);
        QCOMPARE(snapshot->epoch, int64_t{1});
        QVERIFY(sameWeights(*snapshot->model, *trainer.model()));
        QVERIFY(trainer.model()->is_training());  // the trainer's model keeps its mode
        trainer.train_epoch(data);
        // Training goes on without touching the copy.
        QVERIFY(!sameWeights(*snapshot->model, *trainer.model()));
        QCOMPARE(snapshot->epoch, int64_t{1});
    }

    void startingValuesAndChangesInConfigJson() {
        RunConfig config = smallConfig();
        config.train.beta = 2.0;
        const std::vector<SettingChange> changes{{10, "beta", 0.5}, {20, "learning_rate", 3e-4}};
        const RunConfig now = with_changes(config, changes);
        QCOMPARE(now.train.beta, 0.5);
        QCOMPARE(now.train.learning_rate, 3e-4);
        const std::string text = config_json(config, changes);
        const RunConfig read = run_config_from_json(text);
        QCOMPARE(read.train.beta, 2.0);  // the value the run started with
        QVERIFY(text.find("\"changes\"") != std::string::npos);
        QVERIFY(text.find("\"learning_rate\"") != std::string::npos);
    }

    void evaluationScopeRestoresModeOnException() {
        Vae model = build_vae(smallConfig().model, 1);
        model->train();
        try {
            const EvaluationScope scope(model);
            QVERIFY(!model->is_training());
            QVERIFY(!torch::GradMode::is_enabled());
            throw std::runtime_error("leaves early");
        } catch (const std::runtime_error&) {
        }
        QVERIFY(model->is_training());
        QVERIFY(torch::GradMode::is_enabled());
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestModelSnapshot)
#include "test_model_snapshot.moc"
