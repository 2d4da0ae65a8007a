// The Workspace without a window: a data set loaded through it is the one its
// run session and its comparisons train on, and its one training thread runs
// a run or a comparison, never both, refusing the other with the reason the
// window shows.

#include "app/workspace/comparison_controller.h"
#include "app/workspace/run_session.h"
#include "app/workspace/workspace.h"
#include "bar_folder.h"
#include "model/base/threads.h"
#include "tiny_run_config.h"

#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"

using latentlab::ComparisonController;
using latentlab::ComparisonRequest;
using latentlab::RunConfig;
using latentlab::RunSession;
using latentlab::Split;
using latentlab::Workspace;

namespace {

constexpr int kTimeoutMs = 60000;

RunConfig tinyConfig(qint64 epochs) { return latentlab::testing::tinyRunConfig(epochs); }

}  // namespace

class TestWorkspace : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        latentlab::configure_process_threads();
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
        QString failure;
        QVERIFY2(latentlab::testing::writeBarFolder(dir_.filePath("bars"), 8, 40, 8, &failure), qPrintable(failure));
    }

    void loadedDataSetIsTheSessions() {
        Workspace workspace;
        QVERIFY(workspace.dataset().isEmpty());
        QVERIFY(load(&workspace));
        QCOMPARE(workspace.datasetSpec(), dir_.filePath("bars"));
        // writeBarFolder: 40 training and 8 test images of each of 2 classes.
        QCOMPARE(workspace.dataset().count(Split::Train), qint64{80});
        QCOMPARE(workspace.dataset().count(Split::Test), qint64{16});
        QCOMPARE(&workspace.session()->dataset().dataset(), &workspace.dataset().dataset());
        QVERIFY(!workspace.isTraining());
        QVERIFY(workspace.trainingBusyReason().isEmpty());
    }

    void aRunKeepsTheComparisonWaiting() {
        Workspace workspace;
        QVERIFY(load(&workspace));
        RunSession* session = workspace.session();
        QSignalSpy finished(session, &RunSession::finished);
        QSignalSpy epochs(session, &RunSession::epochFinished);
        QVERIFY(session->start(tinyConfig(100000)));
        QVERIFY(workspace.isTraining());
        QVERIFY(epochs.wait(kTimeoutMs));

        QString problem;
        QVERIFY(!workspace.startComparison(comparisonRequest(), &problem));
        QVERIFY2(problem.contains("Training tab"), qPrintable(problem));
        QCOMPARE(problem, workspace.trainingBusyReason());
        QVERIFY(!workspace.comparisons()->isRunning());

        session->stop();
        QVERIFY(finished.wait(kTimeoutMs));
        QVERIFY(!workspace.isTraining());
        QVERIFY(workspace.trainingBusyReason().isEmpty());
    }

    void aComparisonKeepsTheRunWaiting() {
        Workspace workspace;
        QVERIFY(load(&workspace));
        ComparisonController* comparisons = workspace.comparisons();
        QSignalSpy ended(comparisons, &ComparisonController::finished);
        QSignalSpy failed(comparisons, &ComparisonController::failed);
        QSignalSpy rows(comparisons, &ComparisonController::rowReady);
        QString problem;
        QVERIFY2(workspace.startComparison(comparisonRequest(), &problem), qPrintable(problem));
        QVERIFY(comparisons->isRunning());
        QVERIFY(!workspace.startComparison(comparisonRequest(), &problem));  // one at a time

        QVERIFY(!workspace.session()->start(tinyConfig(1), &problem));
        QVERIFY2(problem.contains("comparison"), qPrintable(problem));
        QVERIFY(!workspace.session()->isRunning());

        QVERIFY(ended.wait(kTimeoutMs));
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QCOMPARE(rows.count(), 2);
        QVERIFY(!workspace.isTraining());
        // The thread is free again: the session's run may start.
        QVERIFY2(workspace.session()->start(tinyConfig(1), &problem), qPrintable(problem));
        QSignalSpy finished(workspace.session(), &RunSession::finished);
        QVERIFY(finished.wait(kTimeoutMs));
    }

    void aComparisonStartedAsARunEndsIsNotEndedByIt() {
        // A lesson starts its comparison from the run's finished(): the
        // thread's end of the run must not end the comparison just started.
        Workspace workspace;
        QVERIFY(load(&workspace));
        ComparisonController* comparisons = workspace.comparisons();
        QSignalSpy rows(comparisons, &ComparisonController::rowReady);
        QVector<int> rowsWhenEnded;  // the comparison's finished() comes after its rows, once
        connect(comparisons, &ComparisonController::finished, this, [&] { rowsWhenEnded << rows.count(); });
        bool started = false;
        connect(workspace.session(), &RunSession::finished, this,
                [&] { started = workspace.startComparison(comparisonRequest()); });
        QSignalSpy runEnded(workspace.session(), &RunSession::finished);
        QVERIFY(workspace.session()->start(tinyConfig(1)));
        QVERIFY(runEnded.wait(kTimeoutMs));
        QVERIFY(started);
        QTRY_VERIFY_WITH_TIMEOUT(!rowsWhenEnded.isEmpty(), kTimeoutMs);
        QCoreApplication::processEvents();
        QCOMPARE(rowsWhenEnded, QVector<int>{2});
        QVERIFY(!comparisons->isRunning());
    }

private:
    bool load(Workspace* workspace) {
        QSignalSpy changed(workspace, &Workspace::datasetChanged);
        workspace->load(dir_.filePath("bars"), 8, 1);
        return changed.wait(kTimeoutMs);
    }

    ComparisonRequest comparisonRequest() const {
        ComparisonRequest request;
        request.base = tinyConfig(1);
        request.decoders = {"bernoulli", "gaussian:0.5"};
        request.iwSamples = 2;
        request.folder = dir_.filePath("compare");
        return request;
    }

    QTemporaryDir dir_;
};

LATENTLAB_TEST_MAIN(TestWorkspace)
#include "test_workspace.moc"
