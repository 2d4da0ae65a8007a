// The window on a run imported from TorchScript (latentlab-cli import
// --torchscript of a VAE PyTorch built and scripted at test time): Open Run
// from outside the window's runs asks first ("this file contains code"), a
// refusal opens nothing, an agreement opens the run, the Explore tab's
// traversal is answered from the imported model, and Continue fine-tunes it.

#include <QApplication>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include "test_registry.h"

#include <memory>

#include "app/runs/run_folder.h"
#include "app/workspace/run_session.h"
#include "app/workspace/training_controller.h"
#include "bar_folder.h"
#include "cli_process.h"
#include "ui/explore/explorer_view.h"
#include "ui/explore/traversal_grid.h"
#include "ui/explore/traversal_view.h"
#include "ui/inspect/inspect_view.h"
#include "ui/training/training_view.h"
#include "ui/window/main_window.h"

using latentlab::MainWindow;
using latentlab::RunSession;

namespace {

constexpr int kTimeoutMs = 30000;

// Answers the next modal question within a second with `button`, and says
// what it asked; nothing when none comes.
void answerNextQuestion(QMessageBox::StandardButton button, QString* asked, int tries = 100) {
    QTimer::singleShot(10, [button, asked, tries] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box) {
            if (tries > 1) answerNextQuestion(button, asked, tries - 1);
            return;
        }
        *asked = box->text();
        box->button(button)->click();
    });
}

}  // namespace

class TestWindowImportedRun : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LatentLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_window_imported_run"));
        QSettings().clear();
        QVERIFY(dir_.isValid());
        QProcess python;
        python.start("/usr/bin/python3", {LATENTLAB_TORCHSCRIPT_MODELS, "--out", dir_.path(), "--images", "4",
                                          "--samples", "2", "--steps", "5"});
        QVERIFY(python.waitForFinished(120000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        QString failure;
        QVERIFY2(latentlab::testing::writeBarFolder(dir_.filePath("bars"), 28, 8, 4, &failure), qPrintable(failure));
        const auto result = latentlab::testing::runCli(
            {"import", "--torchscript", dir_.filePath("residual_bernoulli.pt"), "--likelihood", "bernoulli", "--data",
             dir_.filePath("bars"), "--size", "28", "--out", dir_.filePath("imported")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    }

    void openRunAsksThenShowsTheImportedModel() {
        auto window = std::make_unique<MainWindow>();
        window->resize(1200, 800);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        auto* session = window->findChild<RunSession*>();
        auto* explorer = window->findChild<latentlab::ExplorerView*>();
        auto* inspect = window->findChild<latentlab::InspectView*>();
        auto* tabs = qobject_cast<QTabWidget*>(window->centralWidget());
        QVERIFY(session && explorer && inspect && tabs);
        QSignalSpy opened(session, &RunSession::runOpened);
        const QString run = dir_.filePath("imported");

        QString asked;
        answerNextQuestion(QMessageBox::Cancel, &asked);
        window->openRun(run);
        QVERIFY2(asked.contains("contains code"), qPrintable(asked));
        QTest::qWait(200);
        QCOMPARE(opened.count(), 0);

        asked.clear();
        answerNextQuestion(QMessageBox::Open, &asked);
        window->openRun(run);
        QVERIFY(!asked.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeoutMs);
        // Explore: one traversal row per latent dimension of the module (8).
        tabs->setCurrentWidget(explorer);
        explorer->showView(explorer->traversal());
        QTRY_VERIFY_WITH_TIMEOUT(explorer->traversal()->grid()->rowCount() == 8 &&
                                     explorer->traversal()->result().from.runFolder == session->runFolder(),
                                 kTimeoutMs);
        QVERIFY(tabs->isTabEnabled(tabs->indexOf(inspect)));
        QTRY_VERIFY_WITH_TIMEOUT(!session->isOpening(), kTimeoutMs);

        // Continue trains one more epoch of the module's own parameters.
        auto* view = window->findChild<latentlab::TrainingView*>();
        auto* controller = window->findChild<latentlab::TrainingController*>();
        auto* train = view->findChild<QPushButton*>("trainButton");
        auto* epochs = view->findChild<QSpinBox*>("epochs");
        QVERIFY(view && controller && train && epochs);
        QTRY_VERIFY_WITH_TIMEOUT(!view->isOpeningRun() && epochs->isEnabled(), kTimeoutMs);
        epochs->setValue(2);
        QTRY_VERIFY_WITH_TIMEOUT(train->isEnabled(), kTimeoutMs);
        QCOMPARE(train->text(), QStringLiteral("Continue"));
        QSignalSpy finished(controller, &latentlab::TrainingController::finished);
        QSignalSpy failed(controller, &latentlab::TrainingController::failed);
        tabs->setCurrentWidget(view);
        QTest::mouseClick(train, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QFile history(latentlab::RunFolder(run).historyPath());
        QVERIFY(history.open(QIODevice::ReadOnly));
        QCOMPARE(history.readAll().trimmed().split('\n').size(), 3);  // header, import, one epoch

        // Agreed once: opened again without a question.
        asked.clear();
        answerNextQuestion(QMessageBox::Cancel, &asked);
        window->openRun(run);
        QTest::qWait(1200);
        QVERIFY2(asked.isEmpty(), qPrintable(asked));
    }

private:
    QTemporaryDir dir_;
};

LATENTLAB_TEST_MAIN(TestWindowImportedRun)
#include "test_window_imported_run.moc"
