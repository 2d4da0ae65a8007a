// The training view's run controls and sessions inside the real main window:
// a folder of 8 x 8 bar images made here is loaded through the data set view,
// a tiny model is set in the settings panel, and the buttons are clicked
// while the real controller trains on its thread. Covers pause and resume,
// stop, the error banner, closing the window mid-run, a mid-run β change and
// File → Open Run restoring and continuing a saved run.

#include "model/threads.h"
#include <qcustomplot.h>

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "app/run_folder.h"
#include "app/run_loader.h"
#include "app/training_controller.h"
#include "bar_folder.h"
#include "ui/curves_plot.h"
#include "ui/dataset_view.h"
#include "ui/image_grid.h"
#include "ui/main_window.h"
#include "ui/training_settings_panel.h"
#include "ui/training_view.h"

using latentlab::CurvesPlot;
using latentlab::DatasetView;
using latentlab::ImageGrid;
using latentlab::LoadedRun;
using latentlab::MainWindow;
using latentlab::RunFolder;
using latentlab::RunLoader;
using latentlab::SettingChange;
using latentlab::StepStats;
using latentlab::TrainingController;
using latentlab::TrainingSettingsPanel;
using latentlab::TrainingView;

namespace {

constexpr int kTimeoutMs = 30000;
constexpr int kSide = 8;
constexpr int kTrainPerClass = 40;  // 80 images, batch 8: 10 steps per epoch, one report each
constexpr int kTestPerClass = 8;    // 16 test images, as many as the previews show
constexpr int kLatent = 2;
constexpr int kManyEpochs = 100000;  // a run that only ends when stopped

template <typename T>
T* child(QObject* parent, const char* name) {
    return parent->findChild<T*>(QLatin1String(name));
}

int lineCount(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) return -1;
    return static_cast<int>(file.readAll().trimmed().split('\n').size());
}

// The window and the parts the tests drive.
struct Window {
    std::unique_ptr<MainWindow> window = std::make_unique<MainWindow>();
    TrainingView* view = nullptr;
    TrainingController* controller = nullptr;
    TrainingSettingsPanel* settings = nullptr;
    CurvesPlot* curves = nullptr;
    QPushButton* train = nullptr;
    QPushButton* pause = nullptr;
    QPushButton* stop = nullptr;
};

}  // namespace

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
    void openRunRestoresAndContinues();
    void recentRunsDropMissingFolders();

private:
    // A window with the bar folder loaded and a tiny model set; the
    // Training tab is shown so its buttons can be clicked.
    bool makeWindow(Window* w, int epochs);
    bool clickTrain(Window* w);

    QTemporaryDir dir_;
    QString folder_;
};

void TestMainWindowTraining::initTestCase() {
    latentlab::configure_process_threads();  // as the programs do at start-up
    // Settings and run folders go to the test locations, not the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LatentLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_main_window_training"));
    QVERIFY(dir_.isValid());
    folder_ = dir_.filePath(QStringLiteral("bars"));
    QString failure;
    QVERIFY2(latentlab::testing::writeBarFolder(folder_, kSide, kTrainPerClass, kTestPerClass, &failure),
             qPrintable(failure));
}

void TestMainWindowTraining::init() {
    // Each test starts from the default settings.
    QSettings().clear();
}

bool TestMainWindowTraining::makeWindow(Window* w, int epochs) {
    w->window->show();
    auto* datasetView = w->window->findChild<DatasetView*>();
    w->view = w->window->findChild<TrainingView*>();
    w->controller = w->window->findChild<TrainingController*>();
    if (!datasetView || !w->view || !w->controller) return false;
    w->settings = w->view->findChild<TrainingSettingsPanel*>();
    w->curves = w->view->findChild<CurvesPlot*>();
    w->train = child<QPushButton>(w->view, "trainButton");
    w->pause = child<QPushButton>(w->view, "pauseButton");
    w->stop = child<QPushButton>(w->view, "stopButton");

    datasetView->setLoadOptions(kSide, 1);
    QSignalSpy loaded(datasetView, &DatasetView::datasetLoaded);
    w->window->openDataset(folder_);
    if (!loaded.wait(kTimeoutMs) && loaded.isEmpty()) return false;

    child<QLineEdit>(w->settings, "hidden")->setText(QStringLiteral("16"));
    child<QSpinBox>(w->settings, "latent")->setValue(kLatent);
    child<QSpinBox>(w->settings, "batchSize")->setValue(8);
    child<QSpinBox>(w->settings, "epochs")->setValue(epochs);
    child<QSpinBox>(w->settings, "threads")->setValue(1);         // the test machines are shared
    child<QComboBox>(w->settings, "device")->setCurrentIndex(1);  // cpu

    w->window->findChild<QTabWidget*>()->setCurrentWidget(w->view);
    return QTest::qWaitForWindowExposed(w->window.get());
}

bool TestMainWindowTraining::clickTrain(Window* w) {
    if (!w->train->isEnabled() || !w->train->isVisible()) return false;
    QTest::mouseClick(w->train, Qt::LeftButton);
    return w->controller->isRunning();
}

void TestMainWindowTraining::settingsPanelOffersEveryChoice() {
    Window w;
    QVERIFY(makeWindow(&w, 1));
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
    QVERIFY(makeWindow(&w, kManyEpochs));
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
    QVERIFY(makeWindow(&w, kManyEpochs));
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
    // No more steps arrive once it has finished.
    const int points = w.curves->stepPointCount();
    QTest::qWait(300);
    QCOMPARE(w.curves->stepPointCount(), points);
    QCOMPARE(lineCount(RunFolder(w.view->runFolder()).historyPath()), 1 + epochs.count());
}

void TestMainWindowTraining::failureShowsTheErrorBanner() {
    Window w;
    QVERIFY(makeWindow(&w, kManyEpochs));
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
    QVERIFY(makeWindow(&w, kManyEpochs));
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
    QVERIFY(makeWindow(&w, kManyEpochs));
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

void TestMainWindowTraining::openRunRestoresAndContinues() {
    QString runFolder;
    QVector<double> stepValues;
    int savedEpochs = 0;
    {
        Window w;
        QVERIFY(makeWindow(&w, kManyEpochs));
        child<QSpinBox>(w.settings, "seed")->setValue(7);
        QSignalSpy steps(w.controller, &TrainingController::stepReported);
        QSignalSpy epochs(w.controller, &TrainingController::epochFinished);
        QSignalSpy changes(w.controller, &TrainingController::settingChanged);
        QSignalSpy paused(w.controller, &TrainingController::paused);
        QSignalSpy finished(w.controller, &TrainingController::finished);
        QVERIFY(clickTrain(&w));
        QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 1, kTimeoutMs);
        // A rate set during a pause applies when the run goes on.
        QTest::mouseClick(w.pause, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(paused.count(), 1, kTimeoutMs);
        auto* rate = child<QLineEdit>(w.settings, "learningRate");
        QVERIFY(rate->isEnabled());
        rate->setText(QStringLiteral("3e-4"));
        QVERIFY(QMetaObject::invokeMethod(rate, "editingFinished"));
        QTest::mouseClick(w.pause, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(changes.count(), 1, kTimeoutMs);
        const int epochsAtChange = epochs.count();
        QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= epochsAtChange + 2, kTimeoutMs);
        QTest::mouseClick(w.stop, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QCOMPARE(w.curves->markerLabels(), QStringList{QStringLiteral("lr 3e-4")});
        savedEpochs = epochs.count();
        QCOMPARE(w.curves->testPointCount(), savedEpochs);
        runFolder = w.view->runFolder();
        // One report per 10-step epoch: those of the saved epochs.
        for (int i = 0; i < savedEpochs; ++i)
            stepValues.append(w.curves->rawGraph(CurvesPlot::Elbo)->data()->at(i)->value);
    }
    QCOMPARE(lineCount(RunFolder(runFolder).historyPath()), 1 + savedEpochs);
    QVERIFY(QFile::exists(RunFolder(runFolder).stepsPath()));

    // A fresh window with other settings and no data set: Open Run brings
    // back the settings, the curves, the marker, then loads the data set and
    // shows previews.
    QSettings().clear();
    MainWindow window;
    window.show();
    auto* view = window.findChild<TrainingView*>();
    auto* controller = window.findChild<TrainingController*>();
    auto* settings = view->findChild<TrainingSettingsPanel*>();
    auto* curves = view->findChild<CurvesPlot*>();
    auto* reconstructions = child<ImageGrid>(view, "reconstructions");
    window.findChild<DatasetView*>()->setLoadOptions(28, 3);  // not the run's: it must set its own
    QCOMPARE(child<QSpinBox>(settings, "latent")->value(), 20);

    window.openRun(runFolder);
    QTRY_VERIFY_WITH_TIMEOUT(view->isContinuing(), kTimeoutMs);
    QCOMPARE(child<QSpinBox>(settings, "latent")->value(), kLatent);
    QCOMPARE(child<QLineEdit>(settings, "hidden")->text(), QStringLiteral("16"));
    QCOMPARE(child<QSpinBox>(settings, "seed")->value(), 7);
    QCOMPARE(child<QLineEdit>(settings, "learningRate")->text(), QStringLiteral("0.0003"));
    QCOMPARE(child<QSpinBox>(settings, "epochs")->value(), kManyEpochs);
    QCOMPARE(curves->testPointCount(), savedEpochs);
    QCOMPARE(curves->stepPointCount(), stepValues.size());
    for (int i = 0; i < stepValues.size(); ++i)
        QCOMPARE(curves->rawGraph(CurvesPlot::Elbo)->data()->at(i)->value, stepValues[i]);
    QCOMPARE(curves->markerLabels(), QStringList{QStringLiteral("lr 3e-4")});
    // An opened run keeps its model; only its length, β and rate can change.
    QVERIFY(!child<QSpinBox>(settings, "latent")->isEnabled());
    // The panel waits while the open finishes (its data set, its previews).
    QTRY_VERIFY_WITH_TIMEOUT(child<QSpinBox>(settings, "epochs")->isEnabled(), kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(reconstructions->images().size(), 2 * 2 * kTestPerClass, kTimeoutMs);
    QCOMPARE(reconstructions->images().first().size(), QSize(kSide, kSide));

    // Continue needs epochs beyond those done. With one more, it trains one
    // epoch in the same folder.
    auto* train = child<QPushButton>(view, "trainButton");
    QTRY_VERIFY_WITH_TIMEOUT(!view->isOpeningRun(), kTimeoutMs);
    QVERIFY(train->isEnabled());
    child<QSpinBox>(settings, "epochs")->setValue(savedEpochs);
    QVERIFY(!train->isEnabled());
    child<QSpinBox>(settings, "epochs")->setValue(savedEpochs + 1);
    QTRY_VERIFY_WITH_TIMEOUT(train->isEnabled(), kTimeoutMs);
    QCOMPARE(train->text(), QStringLiteral("Continue"));
    QSignalSpy epochs(controller, &TrainingController::epochFinished);
    QSignalSpy finished(controller, &TrainingController::finished);
    QSignalSpy failed(controller, &TrainingController::failed);
    window.findChild<QTabWidget*>()->setCurrentWidget(view);
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::mouseClick(train, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QCOMPARE(epochs.count(), 1);
    QCOMPARE(epochs.first().first().value<latentlab::EpochStats>().epoch, qint64(savedEpochs + 1));
    QCOMPARE(view->runFolder(), runFolder);
    QCOMPARE(curves->testPointCount(), savedEpochs + 1);
    QCOMPARE(curves->stepPointCount(), stepValues.size() + 1);
    QCOMPARE(lineCount(RunFolder(runFolder).historyPath()), 1 + savedEpochs + 1);
    QCOMPARE(lineCount(RunFolder(runFolder).stepsPath()), 1 + curves->stepPointCount());
}

void TestMainWindowTraining::recentRunsDropMissingFolders() {
    const QString gone = dir_.filePath(QStringLiteral("no-such-run"));
    QSettings().setValue(QStringLiteral("runs/recent"), QStringList{gone});
    MainWindow window;
    QVERIFY(QSettings().value(QStringLiteral("runs/recent")).toStringList().isEmpty());
    // The window says so in its status bar.
    auto* status = window.findChild<QStatusBar*>();
    QVERIFY(status);
    QVERIFY2(status->currentMessage().contains(QStringLiteral("no longer exist")),
             qPrintable(status->currentMessage()));
}

QTEST_MAIN(TestMainWindowTraining)
#include "test_main_window_training.moc"
