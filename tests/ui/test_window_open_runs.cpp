// Opening run after run in one window keeps nothing of the runs left behind:
// 50 saved runs (two models, latent 2 and 3, taking turns) are opened with
// MainWindow::openRun (what File → Open Run calls), each answered by the
// inference thread in the Explore tab's traversal. Afterwards the window
// holds as many objects, and the process as many threads, as after the tenth
// open (by then File → Recent Runs holds as many runs as it keeps). Under the
// sanitizer build (tests/sanitize.sh) LeakSanitizer checks the same test at
// exit for memory that nothing points to any more.

#include <QApplication>
#include <QDir>
#include <QMap>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"

#include <memory>

#include "app/runs/run_loader.h"
#include "app/workspace/run_session.h"
#include "bar_folder.h"
#include "cli_process.h"
#include "ui/explore/explorer_view.h"
#include "ui/explore/traversal_grid.h"
#include "ui/explore/traversal_view.h"
#include "ui/window/main_window.h"

using latentlab::ExplorerView;
using latentlab::MainWindow;
using latentlab::RunSession;

namespace {

constexpr int kTimeoutMs = 30000;
constexpr int kRuns = 50;

int threadCount() {
    return static_cast<int>(
        QDir(QStringLiteral("/proc/self/task"), QString(), QDir::NoSort, QDir::Dirs | QDir::NoDotAndDotDot).count());
}

// How many objects of each class the window holds.
QMap<QString, int> objectsByClass(const QObject* window) {
    QMap<QString, int> counts;
    for (const QObject* object : window->findChildren<QObject*>())
        ++counts[QString::fromLatin1(object->metaObject()->className())];
    return counts;
}

// The classes whose counts differ, "Class: before -> after", for a failure's message.
QString differences(const QMap<QString, int>& before, const QMap<QString, int>& after) {
    QStringList lines;
    QStringList classes = before.keys() + after.keys();
    classes.removeDuplicates();
    for (const QString& name : classes)
        if (before.value(name) != after.value(name))
            lines << QStringLiteral("%1: %2 -> %3").arg(name).arg(before.value(name)).arg(after.value(name));
    return lines.join(QStringLiteral("; "));
}

// Lets queued answers and deferred deletions run, so that what is counted
// is what the window keeps.
void settle() {
    for (int i = 0; i < 3; ++i) {
        QTest::qWait(50);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
}

bool copyFolder(const QString& from, const QString& to) {
    if (!QDir().mkpath(to)) return false;
    for (const QString& name : QDir(from).entryList(QDir::Files))
        if (!QFile::copy(from + '/' + name, to + '/' + name)) return false;
    return true;
}

}  // namespace

class TestWindowOpenRuns : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fiftyOpenedRunsLeaveNothingBehind();

private:
    QTemporaryDir dir_;
    QStringList runs_;
};

void TestWindowOpenRuns::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LatentLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_window_open_runs"));
    QSettings().clear();
    QVERIFY(dir_.isValid());
    const QString bars = dir_.filePath(QStringLiteral("bars"));
    QString failure;
    QVERIFY2(latentlab::testing::writeBarFolder(bars, 8, 16, 4, &failure), qPrintable(failure));
    // Two models trained once each, then copied into 50 run folders.
    for (const int latent : {2, 3}) {
        const QString run = dir_.filePath(QStringLiteral("trained-%1").arg(latent));
        const auto result = latentlab::testing::runCli({"train", "--data", bars, "--size", "8", "--hidden", "16",
                                                        "--latent", QString::number(latent), "--epochs", "1",
                                                        "--threads", "1", "--out", run});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    }
    for (int i = 0; i < kRuns; ++i) {
        const QString run = dir_.filePath(QStringLiteral("runs/%1").arg(i));
        QVERIFY(copyFolder(dir_.filePath(QStringLiteral("trained-%1").arg(2 + i % 2)), run));
        runs_.append(run);
    }
}

void TestWindowOpenRuns::fiftyOpenedRunsLeaveNothingBehind() {
    auto window = std::make_unique<MainWindow>();
    window->resize(1200, 800);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto* session = window->findChild<RunSession*>();
    auto* explorer = window->findChild<ExplorerView*>();
    auto* tabs = qobject_cast<QTabWidget*>(window->centralWidget());
    QVERIFY(session && explorer && tabs);
    QSignalSpy opened(session, &RunSession::runOpened);
    QSignalSpy failed(session, &RunSession::runOpenFailed);

    QMap<QString, int> objectsAfterTenth;
    int widgetsAfterTenth = 0, threadsAfterTenth = 0;
    for (int i = 0; i < kRuns; ++i) {
        window->openRun(runs_[i]);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), i + 1, kTimeoutMs);
        QVERIFY2(failed.isEmpty(), qPrintable(failed.isEmpty() ? QString() : failed.first().at(1).toString()));
        QCOMPARE(session->runFolder(), QDir::cleanPath(runs_[i]));
        // The explorer answers from this run's model: as many rows as it has
        // latent dimensions (the two models take turns, so each answer is new).
        tabs->setCurrentWidget(explorer);
        explorer->showView(explorer->traversal());
        const int latent = 2 + i % 2;
        QTRY_VERIFY_WITH_TIMEOUT(explorer->traversal()->grid()->rowCount() == latent &&
                                     explorer->traversal()->result().from.runFolder == session->runFolder(),
                                 kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!session->isOpening(), kTimeoutMs);
        if (i == 9) {
            settle();
            objectsAfterTenth = objectsByClass(window.get());
            widgetsAfterTenth = static_cast<int>(QApplication::allWidgets().size());
            threadsAfterTenth = threadCount();
        }
    }
    settle();
    const QMap<QString, int> objectsAtEnd = objectsByClass(window.get());
    QVERIFY2(objectsAtEnd == objectsAfterTenth, qPrintable(differences(objectsAfterTenth, objectsAtEnd)));
    QCOMPARE(static_cast<int>(QApplication::allWidgets().size()), widgetsAfterTenth);
    QVERIFY2(threadCount() <= threadsAfterTenth,
             qPrintable(QStringLiteral("%1 threads, %2 after the tenth run").arg(threadCount()).arg(threadsAfterTenth)));
    window.reset();
    QCOMPARE(static_cast<int>(QApplication::topLevelWidgets().size()), 0);
}

LATENTLAB_TEST_MAIN(TestWindowOpenRuns)
#include "test_window_open_runs.moc"
