#include "model/error.h"
#include "model/trainer.h"
#include "synthetic_data.h"

#include <QtTest/QtTest>

#include <fstream>

using namespace latentlab;

namespace {

RunConfig smallConfig() {
    RunConfig config;
    config.model.channels = 1, config.model.height = 8, config.model.width = 8;
    config.model.hidden = {32};
    config.model.latent = 3;
    config.model.decoder = DecoderKind::GaussianLearned;
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
        QCOMPARE(loaded->config().model.decoder, DecoderKind::GaussianLearned);
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

    void missingFileIsRefused() { expectRefused("/nonexistent/run.pt", "no checkpoint file"); }

    void garbageFileIsRefused() {
        QTemporaryDir dir;
        const auto path = dir.filePath("bad.pt").toStdString();
        std::ofstream(path) << "this is not a checkpoint";
        expectRefused(path, "damaged");
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

QTEST_APPLESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
