// Saved runs in the real main window (tests/support/training_window.h): a run trained
// and stopped in one window is restored by File → Open Run in a fresh one and
// continued there; Recent Runs forgets folders that are gone.

#include "test_registry.h"
#include "training_window.h"

using latentlab::CurvesPlot;
using latentlab::DatasetView;
using latentlab::ImageGrid;
using latentlab::MainWindow;
using latentlab::RunFolder;
using latentlab::TrainingController;
using latentlab::TrainingSettingsPanel;
using latentlab::TrainingView;

using namespace latentlab::testing;

class TestMainWindowRuns : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void openRunRestoresAndContinues();
    void recentRunsDropMissingFolders();

private:
    QTemporaryDir dir_;
    QString folder_;
};

void TestMainWindowRuns::initTestCase() {
    QString failure;
    folder_ = setUpWindowTests("test_main_window_runs", dir_, &failure);
    QVERIFY2(!folder_.isEmpty(), qPrintable(failure));
}

void TestMainWindowRuns::init() {
    // Each test starts from the default settings.
    QSettings().clear();
}

void TestMainWindowRuns::openRunRestoresAndContinues() {
    QString runFolder;
    QVector<double> stepValues;
    int savedEpochs = 0;
    {
        Window w;
        QVERIFY(makeWindow(&w, folder_, kManyEpochs));
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
    // Once its data set is in, the status line no longer says it is loading.
    const QString opened = child<QLabel>(view, "trainingStatus")->text();
    QVERIFY2(opened.startsWith(QStringLiteral("Opened a run")) && !opened.contains(QStringLiteral("Loading")),
             qPrintable(opened));
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

void TestMainWindowRuns::recentRunsDropMissingFolders() {
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

LATENTLAB_TEST_MAIN(TestMainWindowRuns)
#include "test_main_window_runs.moc"
