// TrainingController against the real loader and a tiny model: a folder of
// 8 x 8 bar images made here is loaded by DatasetLoader, then trained on the
// training thread while the test drives it from this (the GUI) thread.

#include "app/runs/run_previews.h"
#include "app/workspace/dataset_loader.h"
#include "app/workspace/loaded_dataset.h"
#include "app/workspace/training_controller.h"
#include "app/workspace/training_signals.h"
#include "bar_folder.h"
#include "model/base/run_config.h"
#include "model/base/threads.h"
#include "model/data/dataset.h"
#include "tiny_run_config.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"

#include <cmath>

#include "model/store/atomic_file.h"
#include <memory>

using latentlab::DatasetLoader;
using latentlab::EpochStats;
using latentlab::LoadedDataset;
using latentlab::LossTerms;
using latentlab::PreviewImages;
using latentlab::RunConfig;
using latentlab::Split;
using latentlab::StepStats;
using latentlab::TrainingController;

namespace {

constexpr int kTimeoutMs = 60000;
constexpr int kSide = 8;
constexpr int kTrainPerClass = 80;  // 160 images, batch 8: 20 steps per epoch
constexpr int kTestPerClass = 8;    // 16 test images, as many as the previews show
constexpr qint64 kManyEpochs = 100000;  // a run that only ends when stopped

RunConfig tinyConfig(qint64 epochs) { return latentlab::testing::tinyRunConfig(epochs); }

bool isFinite(const LossTerms& loss) {
    return std::isfinite(loss.elbo) && std::isfinite(loss.recon) && std::isfinite(loss.kl);
}

int lineCount(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) return -1;
    return file.readAll().trimmed().split('\n').size();
}

}  // namespace

class TestTrainingController : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void oneEpochReportsPreviewsAndSaves();
    void pauseHoldsStepsAndResumeContinues();
    void stopEndsRunAndKeepsFinishedEpochs();
    void nonFiniteLossFailsWithMessage();
    void destroyingWhilePausedReturnsPromptly();
    void fullDiskKeepsTheModelToSaveElsewhere();

private:
    QTemporaryDir dir_;
    LoadedDataset dataset_;
};

void TestTrainingController::initTestCase() {
    latentlab::configure_process_threads();  // as the programs do at start-up
    QVERIFY(dir_.isValid());
    // train/ and test/ subfolders fix the split, so the test split holds
    // exactly the 16 images the previews show.
    const QString root = dir_.filePath(QStringLiteral("bars"));
    QString failure;
    QVERIFY2(latentlab::testing::writeBarFolder(root, kSide, kTrainPerClass, kTestPerClass, &failure),
             qPrintable(failure));

    DatasetLoader loader;
    QSignalSpy loaded(&loader, &DatasetLoader::loaded);
    QSignalSpy failed(&loader, &DatasetLoader::failed);
    loader.load(root, kSide, 1);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + failed.count() > 0, kTimeoutMs);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    dataset_ = loaded.first().first().value<LoadedDataset>();
    QCOMPARE(dataset_.count(Split::Train), qint64(2 * kTrainPerClass));
    QCOMPARE(dataset_.count(Split::Test), qint64(2 * kTestPerClass));
}

void TestTrainingController::oneEpochReportsPreviewsAndSaves() {
    TrainingController controller;
    QSignalSpy steps(&controller, &TrainingController::stepReported);
    QSignalSpy epochs(&controller, &TrainingController::epochFinished);
    QSignalSpy previews(&controller, &TrainingController::previewsReady);
    QSignalSpy failed(&controller, &TrainingController::failed);
    QSignalSpy finished(&controller, &TrainingController::finished);
    const QString folder = dir_.filePath(QStringLiteral("one-epoch"));

    QVERIFY(controller.start(dataset_, tinyConfig(1), folder));
    QVERIFY(controller.isRunning());
    // One run at a time.
    QVERIFY(!controller.start(dataset_, tinyConfig(1), folder));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QVERIFY(!controller.isRunning());
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));

    // 20 steps, reported every 10.
    QCOMPARE(steps.count(), 2);
    for (int i = 0; i < steps.count(); ++i) {
        const auto step = steps.at(i).first().value<StepStats>();
        QCOMPARE(step.epoch, qint64(1));
        QCOMPARE(step.step, qint64(10 * (i + 1)));
        QCOMPARE(step.steps_per_epoch, qint64(20));
        QVERIFY(isFinite(step.loss));
        QVERIFY(std::abs(step.loss.elbo - (step.loss.recon - step.loss.kl)) < 1e-6 * (1 + std::abs(step.loss.elbo)));
        QCOMPARE(step.beta, 1.0);
        QVERIFY(step.images_per_second > 0.0 && std::isfinite(step.images_per_second));
    }

    QCOMPARE(epochs.count(), 1);
    const auto epoch = epochs.first().first().value<EpochStats>();
    QCOMPARE(epoch.epoch, qint64(1));
    QVERIFY(isFinite(epoch.train));
    QVERIFY(isFinite(epoch.test.loss));
    QCOMPARE(epoch.test.kl_per_dim.size(), size_t(2));
    double klSum = 0.0;
    for (double kl : epoch.test.kl_per_dim) {
        QVERIFY(std::isfinite(kl) && kl >= 0.0);
        klSum += kl;
    }
    QVERIFY(std::abs(klSum - epoch.test.loss.kl) < 1e-4 * (1 + epoch.test.loss.kl));
    QVERIFY(epoch.seconds > 0.0);

    QCOMPARE(previews.count(), 1);
    const auto preview = previews.first().first().value<PreviewImages>();
    QCOMPARE(preview.epoch, qint64(1));
    QCOMPARE(preview.originals.size(), 16);
    QCOMPARE(preview.reconstructions.size(), 16);
    QCOMPARE(preview.samples.size(), 16);
    for (int i = 0; i < 16; ++i) {
        for (const QImage& image : {preview.originals[i], preview.reconstructions[i], preview.samples[i]}) {
            QVERIFY(!image.isNull());
            QCOMPARE(image.size(), QSize(kSide, kSide));
            QCOMPARE(image.format(), QImage::Format_Grayscale8);
        }
    }
    // The originals take each class in turn: a test split sorted by class
    // shows every class, not only its first.
    const std::vector<int64_t> rows = previewRows(dataset_.dataset());
    QCOMPARE(rows.size(), size_t{16});
    const auto labels = dataset_.dataset().test.labels;
    QVERIFY(labels[rows[0]].item<int64_t>() != labels[rows[1]].item<int64_t>());
    QVERIFY(labels[0].item<int64_t>() == labels[1].item<int64_t>());  // the split is sorted by class
    for (int i = 0; i < 16; ++i) QCOMPARE(preview.originals[i], dataset_.image(Split::Test, rows[static_cast<size_t>(i)]));

    const QDir run(folder);
    QVERIFY(QFile::exists(run.filePath(QStringLiteral("checkpoint.pt"))));
    QVERIFY(QFile::exists(run.filePath(QStringLiteral("config.json"))));
    QCOMPARE(lineCount(run.filePath(QStringLiteral("history.csv"))), 2);  // header and epoch 1
}

void TestTrainingController::pauseHoldsStepsAndResumeContinues() {
    TrainingController controller;
    QSignalSpy steps(&controller, &TrainingController::stepReported);
    QSignalSpy paused(&controller, &TrainingController::paused);
    QSignalSpy resumed(&controller, &TrainingController::resumed);
    QSignalSpy finished(&controller, &TrainingController::finished);

    QVERIFY(controller.start(dataset_, tinyConfig(kManyEpochs), dir_.filePath(QStringLiteral("pause"))));
    QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 1, kTimeoutMs);
    controller.pause();
    QVERIFY(controller.isPaused());
    QTRY_COMPARE_WITH_TIMEOUT(paused.count(), 1, kTimeoutMs);

    // Reports sent before the pause arrive before paused(); none after it.
    const int atPause = steps.count();
    QTest::qWait(300);
    QCOMPARE(steps.count(), atPause);
    QVERIFY(controller.isRunning());
    QCOMPARE(finished.count(), 0);

    controller.resume();
    QVERIFY(!controller.isPaused());
    QTRY_COMPARE_WITH_TIMEOUT(resumed.count(), 1, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(steps.count() > atPause, kTimeoutMs);

    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
}

void TestTrainingController::stopEndsRunAndKeepsFinishedEpochs() {
    TrainingController controller;
    QSignalSpy steps(&controller, &TrainingController::stepReported);
    QSignalSpy epochs(&controller, &TrainingController::epochFinished);
    QSignalSpy failed(&controller, &TrainingController::failed);
    QSignalSpy finished(&controller, &TrainingController::finished);
    const QString folder = dir_.filePath(QStringLiteral("stop"));

    QVERIFY(controller.start(dataset_, tinyConfig(kManyEpochs), folder));
    QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 2, kTimeoutMs);
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QVERIFY(!controller.isRunning());
    QVERIFY(failed.isEmpty());

    // Every epoch reported was saved, and no partial one.
    const QDir run(folder);
    QCOMPARE(lineCount(run.filePath(QStringLiteral("history.csv"))), 1 + epochs.count());
    QVERIFY(QFile::exists(run.filePath(QStringLiteral("checkpoint.pt"))));
    QVERIFY(!QFile::exists(run.filePath(QStringLiteral("checkpoint.pt.tmp"))));

    // Nothing more once finished; and the controller can run again.
    const int stepsAtFinish = steps.count();
    const int epochsAtFinish = epochs.count();
    QTest::qWait(200);
    QCOMPARE(steps.count(), stepsAtFinish);
    QVERIFY(controller.start(dataset_, tinyConfig(1), dir_.filePath(QStringLiteral("again"))));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, kTimeoutMs);
    QCOMPARE(epochs.count(), epochsAtFinish + 1);
    QVERIFY(failed.isEmpty());
}

void TestTrainingController::nonFiniteLossFailsWithMessage() {
    TrainingController controller;
    QSignalSpy epochs(&controller, &TrainingController::epochFinished);
    QSignalSpy failed(&controller, &TrainingController::failed);
    QSignalSpy finished(&controller, &TrainingController::finished);
    const QString folder = dir_.filePath(QStringLiteral("diverges"));

    // Adam moves every weight by about the learning rate: steps of 10 soon
    // overflow the variances of q(z|x) to infinity.
    RunConfig config = tinyConfig(3);
    config.train.learning_rate = 10.0;  // the largest allowed
    QVERIFY(controller.start(dataset_, config, folder));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QCOMPARE(failed.count(), 1);
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("loss became")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("nothing was saved")), qPrintable(message));
    QCOMPARE(epochs.count(), 0);
    QVERIFY(!QFile::exists(QDir(folder).filePath(QStringLiteral("checkpoint.pt"))));
}

void TestTrainingController::destroyingWhilePausedReturnsPromptly() {
    auto controller = std::make_unique<TrainingController>();
    QSignalSpy steps(controller.get(), &TrainingController::stepReported);
    QSignalSpy paused(controller.get(), &TrainingController::paused);

    QVERIFY(controller->start(dataset_, tinyConfig(kManyEpochs), dir_.filePath(QStringLiteral("closing"))));
    QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 1, kTimeoutMs);
    controller->pause();
    QTRY_COMPARE_WITH_TIMEOUT(paused.count(), 1, kTimeoutMs);

    // A hang here would hold the test until CTest's timeout; a slow stop fails.
    QElapsedTimer timer;
    timer.start();
    controller.reset();
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
}

// A disk that fills up during a run (the write hook of model/store/atomic_file.h):
// the run stops with a message, the model stays in memory and is saved in
// another folder, from which the run continues; what the run folder held
// is not touched.
void TestTrainingController::fullDiskKeepsTheModelToSaveElsewhere() {
    TrainingController controller;
    QSignalSpy paused(&controller, &TrainingController::paused);
    QSignalSpy kept(&controller, &TrainingController::runKept);
    QSignalSpy failed(&controller, &TrainingController::failed);
    QSignalSpy finished(&controller, &TrainingController::finished);
    QSignalSpy saved(&controller, &TrainingController::keptRunSaved);
    QSignalSpy saveFailed(&controller, &TrainingController::keptRunSaveFailed);
    const QString folder = dir_.filePath(QStringLiteral("full-disk"));
    const QString elsewhere = dir_.filePath(QStringLiteral("elsewhere"));
    const QString history = QDir(folder).filePath(QStringLiteral("history.csv"));
    const QString checkpoint = QDir(folder).filePath(QStringLiteral("checkpoint.pt"));

    QVERIFY(!controller.saveKeptRunAs(elsewhere));  // nothing kept yet
    QVERIFY(controller.start(dataset_, tinyConfig(kManyEpochs), folder));
    QTRY_VERIFY_WITH_TIMEOUT(lineCount(history) >= 2, kTimeoutMs);
    controller.pause();
    QTRY_COMPARE_WITH_TIMEOUT(paused.count(), 1, kTimeoutMs);
    const int savedEpochs = lineCount(history) - 1;
    QFile file(checkpoint);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();

    qputenv(latentlab::kFullDiskVariable, folder.toUtf8());
    controller.resume();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    qunsetenv(latentlab::kFullDiskVariable);
    QVERIFY(failed.isEmpty());
    QCOMPARE(kept.count(), 1);
    const QString message = kept.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("No space left on device")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("stopped after epoch %1").arg(savedEpochs + 1)), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("keeps epoch %1").arg(savedEpochs)), qPrintable(message));
    QVERIFY(controller.hasKeptRun());
    // The run folder is as the last good save left it.
    QCOMPARE(lineCount(history), 1 + savedEpochs);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll() == before);
    QVERIFY(QDir(folder).entryList({QStringLiteral("*.tmp*")}, QDir::Files).isEmpty());

    // Saved elsewhere: every trained epoch, and a run that continues there.
    QVERIFY(controller.saveKeptRunAs(elsewhere));
    QTRY_COMPARE_WITH_TIMEOUT(saved.count() + saveFailed.count(), 1, kTimeoutMs);
    QVERIFY2(saveFailed.isEmpty(), saveFailed.isEmpty() ? "" : qPrintable(saveFailed.first().first().toString()));
    QCOMPARE(saved.first().first().toString(), elsewhere);
    QCOMPARE(lineCount(QDir(elsewhere).filePath(QStringLiteral("history.csv"))), 1 + savedEpochs + 1);
    QVERIFY(controller.continueRun(dataset_, tinyConfig(savedEpochs + 2), elsewhere));
    QVERIFY(!controller.hasKeptRun());  // a new run lets the kept model go
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, kTimeoutMs);
    QVERIFY(failed.isEmpty());
    QCOMPARE(lineCount(QDir(elsewhere).filePath(QStringLiteral("history.csv"))), 1 + savedEpochs + 2);
}

LATENTLAB_TEST_GUILESS_MAIN(TestTrainingController)
#include "test_training_controller.moc"
