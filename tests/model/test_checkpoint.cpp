#include "model/base/error.h"
#include "model/base/threads.h"
#include "model/train/trainer.h"
#include "synthetic_data.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <fstream>
#include <limits>

using namespace latentlab;

namespace {

RunConfig smallConfig() {
    RunConfig config;
    config.model.channels = 1, config.model.height = 8, config.model.width = 8;
    config.model.hidden = {32};
    config.model.latent = 3;
    config.model.likelihood = LikelihoodKind::GaussianLearned;
    config.train.batch_size = 64;
    config.train.seed = 21;
    config.train.threads = 1;
    config.train.device = "cpu";
    return config;
}

void expectRefused(const std::string& path, const QString& fragment) {
    try {
        Trainer::load(path);
        QFAIL("the checkpoint was accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains(fragment), e.what());
    }
}

}  // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // As the programs do at start-up.
    void initTestCase() { latentlab::configure_process_threads(); }
    void roundTripKeepsParametersOptimizerAndNumbers() {
        QTemporaryDir dir;
        const auto data = testing::make_bars_dataset(256, 64, 8, 3);
        Trainer trainer(smallConfig());
        trainer.train_epoch(data);
        trainer.train_epoch(data);
        const std::string path = dir.filePath("run.pt").toStdString();
        trainer.save(path);
        QVERIFY(!QFile::exists(dir.filePath("run.pt.tmp")));

        auto loaded = Trainer::load(path);
        QCOMPARE(loaded->epoch(), int64_t{2});
        QCOMPARE(loaded->step(), trainer.step());
        QCOMPARE(loaded->config().model.likelihood, LikelihoodKind::GaussianLearned);
        QCOMPARE(loaded->history().back().test.loss.elbo, trainer.history().back().test.loss.elbo);
        const auto original = trainer.model()->named_parameters();
        const auto restored = loaded->model()->named_parameters();
        QCOMPARE(restored.size(), original.size());
        for (const auto& item : original) QVERIFY2(torch::equal(item.value(), restored[item.key()]), item.key().c_str());

        // Evaluation noise is seeded: identical numbers from identical weights.
        QCOMPARE(loaded->evaluate_test(data).loss.elbo, trainer.evaluate_test(data).loss.elbo);

        // Optimizer and random state came along: the next epoch continues
        // exactly as the uninterrupted run does.
        const auto next = trainer.train_epoch(data);
        const auto nextLoaded = loaded->train_epoch(data);
        QCOMPARE(nextLoaded->train.elbo, next->train.elbo);
        QCOMPARE(nextLoaded->test.loss.elbo, next->test.loss.elbo);
    }

    void predictedSigmaRoundTripsAndOldConfigsStillRead() {
        QTemporaryDir dir;
        const auto data = testing::make_bars_dataset(128, 32, 8, 4);
        auto config = smallConfig();
        config.model.likelihood = LikelihoodKind::GaussianPredicted;
        config.model.decoder_variance = DecoderVariance::Single;
        Trainer trainer(config);
        trainer.train_epoch(data);
        const std::string path = dir.filePath("run.pt").toStdString();
        trainer.save(path);
        auto loaded = Trainer::load(path);
        QCOMPARE(loaded->config().model.likelihood, LikelihoodKind::GaussianPredicted);
        QCOMPARE(loaded->config().model.decoder_variance, DecoderVariance::Single);
        const auto restored = loaded->model()->named_parameters();
        QCOMPARE(restored["decoder.variance.weight"].size(0), int64_t{1});
        for (const auto& item : trainer.model()->named_parameters())
            QVERIFY2(torch::equal(item.value(), restored[item.key()]), item.key().c_str());
        QCOMPARE(loaded->evaluate_test(data).loss.elbo, trainer.evaluate_test(data).loss.elbo);

        // A config.json written before the key existed reads as diagonal.
        std::string json = to_json(smallConfig());
        const auto key = json.find("\"decoder_variance\"");
        QVERIFY(key != std::string::npos);
        json.erase(json.rfind(',', key), json.find('\n', key) - json.rfind(',', key));
        QVERIFY(json.find("decoder_variance") == std::string::npos);
        QCOMPARE(run_config_from_json(json).model.decoder_variance, DecoderVariance::Diagonal);
        auto bad = to_json(config);
        bad.replace(bad.find("\"single\"", bad.find("decoder_variance")), 8, "\"triple\"");
        QVERIFY_THROWS_EXCEPTION(Error, run_config_from_json(bad));
    }

    // The exact-resume guarantee: stopped after epoch 1 and resumed from the
    // file, a run gives the same loss at every later step as the run that
    // never stopped (same seed, CPU).
    void resumedRunRepeatsTheUninterruptedOneStepByStep() {
        QTemporaryDir dir;
        const auto data = testing::make_bars_dataset(256, 64, 8, 5);
        auto config = smallConfig();
        config.model.likelihood = LikelihoodKind::ContinuousBernoulli;
        config.train.warmup_epochs = 2.0;  // the schedule must resume at the right point too
        std::vector<double> uninterrupted, resumed;
        const auto record = [](std::vector<double>& into) {
            return [&into](const StepStats& s) { into.push_back(s.loss.elbo); };
        };

        Trainer whole(config);
        whole.train_epoch(data);
        for (int e = 0; e < 2; ++e) whole.train_epoch(data, record(uninterrupted), 1);

        const auto path = dir.filePath("run.pt").toStdString();
        {
            Trainer first(config);
            first.train_epoch(data);
            first.save(path);
        }
        auto second = Trainer::load(path);
        for (int e = 0; e < 2; ++e) second->train_epoch(data, record(resumed), 1);

        QCOMPARE(resumed.size(), size_t{8});
        QCOMPARE(resumed.size(), uninterrupted.size());
        for (size_t i = 0; i < resumed.size(); ++i)
            QVERIFY2(resumed[i] == uninterrupted[i],
                     qPrintable(QString("step %1: %2 vs %3").arg(i).arg(resumed[i], 0, 'g', 17).arg(uninterrupted[i], 0, 'g', 17)));
        QCOMPARE(second->history().back().test.loss.elbo, whole.history().back().test.loss.elbo);
    }

    void weightsOfAnotherArchitectureAreRefused() {
        // A file whose configuration says one network and whose weights are
        // another's (edited by hand, or written by a buggy tool).
        QTemporaryDir dir;
        auto conv = smallConfig();
        conv.model.architecture = Architecture::Conv;
        conv.model.height = conv.model.width = 32;
        conv.model.conv_channels = {4, 4, 4};
        Trainer mlp(smallConfig()), other(conv);
        torch::serialize::OutputArchive archive;
        archive.write("format", c10::IValue(std::string("latentlab-checkpoint")));
        archive.write("version", c10::IValue(int64_t{1}));
        archive.write("config", c10::IValue(to_json(mlp.config())));
        archive.write("history", c10::IValue(std::string("[]")));
        archive.write("step", c10::IValue(int64_t{0}));
        archive.write("rng_state", at::detail::createCPUGenerator(1).get_state());
        torch::serialize::OutputArchive model, optimizer;
        other.model()->save(model);
        other.optimizer().save(optimizer);
        archive.write("model", model);
        archive.write("optimizer", optimizer);
        const auto path = dir.filePath("mixed.pt").toStdString();
        archive.save_to(path);
        expectRefused(path, "do not match");
    }

    void saveLeavesNoTemporaryAndReplacesAtomically() {
        QTemporaryDir dir;
        const auto path = dir.filePath("run.pt").toStdString();
        Trainer trainer(smallConfig());
        trainer.save(path);
        const auto first = QFileInfo(QString::fromStdString(path)).size();
        // A save into a folder that is gone fails with a message and leaves nothing.
        try {
            trainer.save(dir.filePath("missing/run.pt").toStdString());
            QFAIL("saving into a missing folder succeeded");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("cannot write"));
        }
        QVERIFY(!QFile::exists(dir.filePath("missing/run.pt.tmp")));
        QCOMPARE(QFileInfo(QString::fromStdString(path)).size(), first);
    }

    void missingFileIsRefused() { expectRefused("/nonexistent/run.pt", "no checkpoint file"); }

    void garbageFileIsRefused() {
        QTemporaryDir dir;
        const auto path = dir.filePath("bad.pt").toStdString();
        std::ofstream(path) << "this is not a checkpoint";
        expectRefused(path, "damaged");
    }

    void nonFiniteWeightsAreRefused() {
        // What damage inside the weights looks like (0xFF bytes are NaN floats).
        QTemporaryDir dir;
        Trainer trainer(smallConfig());
        {
            torch::NoGradGuard no_grad;
            trainer.model()->parameters()[0].view(-1)[5] = std::numeric_limits<float>::quiet_NaN();
        }
        const auto path = dir.filePath("run.pt").toStdString();
        trainer.save(path);
        expectRefused(path, "not a finite number");
    }

    void truncatedFileIsRefused() {
        QTemporaryDir dir;
        const auto data = testing::make_bars_dataset(64, 16, 8, 4);
        Trainer trainer(smallConfig());
        const auto path = dir.filePath("run.pt").toStdString();
        trainer.save(path);
        QFile file(QString::fromStdString(path));
        QVERIFY(file.resize(file.size() / 2));
        expectRefused(path, "checkpoint");
    }

    void otherArchiveIsRefused() {
        QTemporaryDir dir;
        const auto path = dir.filePath("other.pt").toStdString();
        torch::serialize::OutputArchive archive;
        archive.write("weights", torch::ones({3}));
        archive.save_to(path);
        expectRefused(path, "format");
    }

    void futureVersionIsRefused() {
        QTemporaryDir dir;
        const auto path = dir.filePath("future.pt").toStdString();
        torch::serialize::OutputArchive archive;
        archive.write("format", c10::IValue(std::string("latentlab-checkpoint")));
        archive.write("version", c10::IValue(int64_t{99}));
        archive.save_to(path);
        expectRefused(path, "newer LatentLab");
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
