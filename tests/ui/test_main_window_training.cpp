// The training view's run controls inside the real main window
// (tests/support/training_window.h): the buttons are clicked while the real
// controller trains on its thread. Covers the settings panel's choices, pause
// and resume, stop, the error banner, closing the window mid-run and a
// mid-run β change.

#include "test_registry.h"
#include "training_window.h"

using latentlab::LoadedRun;
using latentlab::RunFolder;
using latentlab::RunLoader;
using latentlab::SettingChange;
using latentlab::StepStats;
using latentlab::TrainingController;
using latentlab::TrainingSettingsPanel;

using namespace latentlab::testing;

class TestMainWindowTraining : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void settingsPanelOffersEveryChoice();
    void pauseHoldsStepsAndResumeContinues();
    void stopEndsTheRun();
    void failureShowsTheErrorBanner();
    void closingMidRunSavesTheLastEpoch();
    void betaChangeReachesTrainerAndIsMarked();

private:
    QTemporaryDir dir_;
    QString folder_;
};

void TestMainWindowTraining::initTestCase() {
    QString failure;
    folder_ = setUpWindowTests("test_main_window_training", dir_, &failure);
    QVERIFY2(!folder_.isEmpty(), qPrintable(failure));
}

void TestMainWindowTraining::init() {
    // Each test starts from the default settings.
    QSettings().clear();
}

void TestMainWindowTraining::settingsPanelOffersEveryChoice() {
    Window w;
    QVERIFY(makeWindow(&w, folder_, 1));
    // Every likelihood of the model layer.
    auto* decoder = child<QComboBox>(w.settings, "decoder");
    QCOMPARE(decoder->count(), static_cast<int>(latentlab::likelihood_names().size()));
    for (const char* name : {"modelKind", "architecture", "posterior", "device"})
        QVERIFY2(child<QComboBox>(w.settings, name), name);
    for (const char* name : {"warmupEpochs", "capacity", "capacityEpochs", "gamma"})
        QVERIFY2(child<QDoubleSpinBox>(w.settings, name), name);
    QVERIFY(child<QLineEdit>(w.settings, "convWidths"));
    for (QWidget* field : w.settings->findChildren<QWidget*>())
        if (qobject_cast<QComboBox*>(field) || qobject_cast<QAbstractSpinBox*>(field) ||
            (qobject_cast<QLineEdit*>(field) && !qobject_cast<QAbstractSpinBox*>(field->parent())))
            QVERIFY2(!field->toolTip().isEmpty(), qPrintable(field->objectName()));

    // 8 x 8 images: the conv architecture cannot be chosen, and says why.
    auto* architecture = child<QComboBox>(w.settings, "architecture");
    auto* model = qobject_cast<QStandardItemModel*>(architecture->model());
    QVERIFY(model);
    QStandardItem* conv = model->item(1);
    QVERIFY(!conv->isEnabled());
    QVERIFY2(conv->toolTip().contains(QStringLiteral("32, 64 or 128")), qPrintable(conv->toolTip()));
    // The remembered settings round-trip through QSettings.
    child<QDoubleSpinBox>(w.settings, "warmupEpochs")->setValue(3.0);
    decoder->setCurrentIndex(decoder->count() - 1);
    w.settings->writeSettings();
    TrainingSettingsPanel again;
    QCOMPARE(again.config().train.warmup_epochs, 3.0);
    QCOMPARE(again.config().model.likelihood, w.settings->config().model.likelihood);
}

void TestMainWindowTraining::pauseHoldsStepsAndResumeContinues() {
    Window w;
    QVERIFY(makeWindow(&w, folder_, kManyEpochs));
    QSignalSpy steps(w.controller, &TrainingController::stepReported);
    QSignalSpy paused(w.controller, &TrainingController::paused);
    QSignalSpy resumed(w.controller, &TrainingController::resumed);
    QSignalSpy finished(w.controller, &TrainingController::finished);
    QVERIFY(clickTrain(&w));
    QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 2, kTimeoutMs);

    QTest::mouseClick(w.pause, Qt::LeftButton);
    QVERIFY(w.controller->isPaused());
    QTRY_COMPARE_WITH_TIMEOUT(paused.count(), 1, kTimeoutMs);
    QCOMPARE(w.pause->text(), QStringLiteral("Resume"));
    // Reports sent before the pause arrive before paused(); none after it.
    const int atPause = steps.count();
    QTest::qWait(400);
    QCOMPARE(steps.count(), atPause);
    const int pointsAtPause = w.curves->stepPointCount();
    QCOMPARE(pointsAtPause, atPause);

    QTest::mouseClick(w.pause, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(resumed.count(), 1, kTimeoutMs);
    QCOMPARE(w.pause->text(), QStringLiteral("Pause"));
    QTRY_VERIFY_WITH_TIMEOUT(steps.count() > atPause, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(w.curves->stepPointCount() > pointsAtPause, kTimeoutMs);

    QTest::mouseClick(w.stop, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
}

void TestMainWindowTraining::stopEndsTheRun() {
    Window w;
    QVERIFY(makeWindow(&w, folder_, kManyEpochs));
    QSignalSpy epochs(w.controller, &TrainingController::epochFinished);
    QSignalSpy finished(w.controller, &TrainingController::finished);
    QSignalSpy failed(w.controller, &TrainingController::failed);
    QVERIFY(clickTrain(&w));
    QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 1, kTimeoutMs);

    QTest::mouseClick(w.stop, Qt::LeftButton);
    QVERIFY(!w.stop->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QVERIFY(failed.isEmpty());
    QVERIFY(!w.controller->isRunning());
    QVERIFY(w.train->isEnabled());
    QVERIFY(!w.pause->isEnabled());
    const QString status = child<QLabel>(w.view, "trainingStatus")->text();
    QVERIFY2(status.startsWith(QStringLiteral("Stopped after")), qPrintable(status));
    // The bar folder's 80 training images are too few: the warning stays with the results.
    QVERIFY2(status.contains(QStringLiteral("Only 80 training images")), qPrintable(status));
    // No more steps arrive once it has finished.
    const int points = w.curves->stepPointCount();
    QTest::qWait(300);
    QCOMPARE(w.curves->stepPointCount(), points);
    QCOMPARE(lineCount(RunFolder(w.view->runFolder()).historyPath()), 1 + epochs.count());
}

void TestMainWindowTraining::failureShowsTheErrorBanner() {
    Window w;
    QVERIFY(makeWindow(&w, folder_, kManyEpochs));
    QSignalSpy steps(w.controller, &TrainingController::stepReported);
    QSignalSpy finished(w.controller, &TrainingController::finished);
    auto* banner = child<QWidget>(w.view, "errorBanner");
    QVERIFY(banner);
    QVERIFY(!banner->isVisible());
    QVERIFY(clickTrain(&w));
    QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 1, kTimeoutMs);

    // As in test_training_controller: Adam moves every weight by about the
    // learning rate, so after one step of 1e30 the loss overflows. Sent
    // straight to the controller: the panel refuses such a rate.
    w.controller->setLearningRate(1e30);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QVERIFY(banner->isVisible());
    const QString message = child<QLabel>(banner, "errorMessage")->text();
    QVERIFY2(message.contains(QStringLiteral("loss became")), qPrintable(message));
    QVERIFY(w.train->isEnabled());
    const QString status = child<QLabel>(w.view, "trainingStatus")->text();
    QVERIFY2(status.startsWith(QStringLiteral("Failed")), qPrintable(status));
}

void TestMainWindowTraining::closingMidRunSavesTheLastEpoch() {
    Window w;
    QVERIFY(makeWindow(&w, folder_, kManyEpochs));
    QSignalSpy epochs(w.controller, &TrainingController::epochFinished);
    QSignalSpy steps(w.controller, &TrainingController::stepReported);
    QVERIFY(clickTrain(&w));
    const QString runFolder = w.view->runFolder();
    QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 2, kTimeoutMs);
    // Mid-epoch if it can be: wait for a step report after the last epoch.
    const int stepsAtEpoch = steps.count();
    QTRY_VERIFY_WITH_TIMEOUT(steps.count() > stepsAtEpoch, kTimeoutMs);

    // The window closes as by its close button, then goes; the controller's
    // destructor waits for the thread. A hang fails here or at CTest's timeout.
    QElapsedTimer timer;
    timer.start();
    QVERIFY(w.window->close());
    w.window.reset();
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));

    // Signals queued for the gone window are dropped; the folder holds every
    // epoch that had finished by then, whole.
    const RunFolder folder(runFolder);
    const int saved = lineCount(folder.historyPath()) - 1;
    QVERIFY2(saved >= epochs.count(),
             qPrintable(QStringLiteral("%1 saved, %2 reported").arg(saved).arg(epochs.count())));
    QVERIFY(QFile::exists(folder.checkpointPath()));
    QVERIFY(!QFile::exists(folder.checkpointPath() + QStringLiteral(".tmp")));

    RunLoader loader;
    QSignalSpy opened(&loader, &RunLoader::opened);
    loader.open(runFolder);
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeoutMs);
    QCOMPARE(opened.first().first().value<LoadedRun>().epochs.size(), saved);
}

void TestMainWindowTraining::betaChangeReachesTrainerAndIsMarked() {
    Window w;
    QVERIFY(makeWindow(&w, folder_, kManyEpochs));
    QSignalSpy steps(w.controller, &TrainingController::stepReported);
    QSignalSpy epochs(w.controller, &TrainingController::epochFinished);
    QSignalSpy changes(w.controller, &TrainingController::settingChanged);
    QSignalSpy finished(w.controller, &TrainingController::finished);
    QVERIFY(clickTrain(&w));
    QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 1, kTimeoutMs);
    QCOMPARE(steps.first().first().value<StepStats>().beta, 1.0);

    // β stays editable during the run, the architecture does not.
    auto* beta = child<QDoubleSpinBox>(w.settings, "beta");
    QVERIFY(beta->isEnabled());
    QVERIFY(child<QLineEdit>(w.settings, "learningRate")->isEnabled());
    QVERIFY(!child<QSpinBox>(w.settings, "latent")->isEnabled());
    QVERIFY(!child<QLineEdit>(w.settings, "hidden")->isEnabled());
    QVERIFY(!child<QComboBox>(w.settings, "decoder")->isEnabled());
    beta->setValue(0.5);

    QTRY_COMPARE_WITH_TIMEOUT(changes.count(), 1, kTimeoutMs);
    const auto change = changes.first().first().value<SettingChange>();
    QCOMPARE(change.name, std::string("beta"));
    QCOMPARE(change.value, 0.5);
    QVERIFY(change.step >= 1);
    QCOMPARE(w.curves->markerCount(), 1);
    QCOMPARE(w.curves->markerLabels().first(), QStringLiteral("β 0.5"));
    QCOMPARE(w.curves->markerSteps().first(), static_cast<double>(change.step));

    // The trainer trains with it: the β of every later step report.
    const int epochsAtChange = epochs.count();
    QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= epochsAtChange + 1, kTimeoutMs);
    for (const QList<QVariant>& args : steps) {
        const auto step = args.first().value<StepStats>();
        QCOMPARE(step.beta, step.step > change.step ? 0.5 : 1.0);
    }
    QTest::mouseClick(w.stop, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);

    // And the checkpoint records it.
    RunLoader loader;
    QSignalSpy opened(&loader, &RunLoader::opened);
    loader.open(w.view->runFolder());
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeoutMs);
    const auto run = opened.first().first().value<LoadedRun>();
    QCOMPARE(run.changes.size(), 1);
    QCOMPARE(run.changes.first().step, change.step);
    QCOMPARE(run.changes.first().value, 0.5);
    QCOMPARE(run.config.train.beta, 0.5);
}

LATENTLAB_TEST_MAIN(TestMainWindowTraining)
#include "test_main_window_training.moc"
