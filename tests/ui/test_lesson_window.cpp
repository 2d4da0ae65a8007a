// A lesson started in the real window (offscreen): a test-only lesson on a
// folder of bar images made here, with two short runs. The settings panel
// shows the lesson's config, its run trains, the lesson's view comes to the
// front after the first epoch, the panel's button trains the second run;
// presentation mode goes full screen with larger text and thicker lines,
// keeps only the lesson's panels, and Esc restores everything.

#include <qcustomplot.h>

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"

#include "app/lessons/lesson.h"
#include "app/workspace/comparison_controller.h"
#include "app/workspace/run_session.h"
#include "bar_folder.h"
#include "model/base/threads.h"
#include "ui/compare/compare_view.h"
#include "ui/explore/explorer_view.h"
#include "ui/explore/traversal_view.h"
#include "ui/training/training_settings_panel.h"
#include "ui/training/training_view.h"
#include "ui/widgets/curves_plot.h"
#include "ui/window/lesson_panel.h"
#include "ui/window/lesson_runner.h"
#include "ui/window/main_window.h"
#include "ui/window/presentation_mode.h"

using latentlab::Lesson;
using latentlab::LessonData;
using latentlab::LessonPart;
using latentlab::LessonView;
using latentlab::MainWindow;
using latentlab::PresentationMode;
using latentlab::RunSession;

namespace {

constexpr int kTimeoutMs = 60000;
constexpr int kSide = 8;

Lesson barLesson(const QString& folder) {
    Lesson lesson;
    lesson.name = QStringLiteral("bars");
    lesson.title = QStringLiteral("Bars for a test");
    lesson.text = QStringLiteral("Horizontal and vertical bars, learnt by a tiny VAE.");
    lesson.steps = {QStringLiteral("Look at the rows."), QStringLiteral("Press the button.")};
    lesson.data.source = LessonData::Source::Folder;
    lesson.data.folder = folder;
    lesson.data.size = kSide;
    lesson.data.channels = 1;
    lesson.view = LessonView::Traversal;
    LessonPart first;
    first.explanation = QStringLiteral("The first run.");
    first.config.model.hidden = {16};
    first.config.model.latent = 3;
    first.config.train.batch_size = 8;
    first.config.train.epochs = 2;
    first.config.train.threads = 1;
    first.config.train.seed = 5;
    first.config.train.device = "cpu";
    LessonPart second = first;
    second.button = QStringLiteral("Train with β = 4");
    second.explanation = QStringLiteral("The second run.");
    second.config.train.beta = 4.0;
    lesson.parts = {first, second};
    return lesson;
}

}  // namespace

class TestLessonWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void lessonSetsThePanelTrainsAndShowsItsView();
    void presentationModeScalesAndRestores();
    void comparisonLessonSaysWhenItEnds();

private:
    QTemporaryDir dir_;
    QString folder_;
};

void TestLessonWindow::initTestCase() {
    latentlab::configure_process_threads();
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LatentLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_lesson_window"));
    QSettings().clear();
    QVERIFY(dir_.isValid());
    folder_ = dir_.filePath(QStringLiteral("bars"));
    QString failure;
    QVERIFY2(latentlab::testing::writeBarFolder(folder_, kSide, 40, 8, &failure), qPrintable(failure));
}

void TestLessonWindow::lessonSetsThePanelTrainsAndShowsItsView() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* session = window.findChild<RunSession*>();
    auto* settings = window.findChild<latentlab::TrainingSettingsPanel*>();
    auto* explorer = window.findChild<latentlab::ExplorerView*>();
    auto* tabs = window.findChild<QTabWidget*>();
    QVERIFY(session && settings && explorer && tabs);
    const latentlab::RunConfig remembered = settings->config();

    const Lesson lesson = barLesson(folder_);
    latentlab::LessonRunner* runner = window.lessonRunner();
    QVERIFY(!runner->dock()->isVisible());
    QSignalSpy started(session, &RunSession::runStarted);
    QSignalSpy finished(session, &RunSession::finished);
    // The panel while the run trains: read at its first epoch, which comes
    // before its end however fast the machine (a tiny run can be over before
    // a poll of the event loop looks).
    QString statusWhileTraining;
    connect(session, &RunSession::epochFinished, this, [&] {
        if (statusWhileTraining.isEmpty()) statusWhileTraining = runner->panel()->status();
    });
    runner->start(lesson, false);
    QVERIFY(runner->dock()->isVisible());
    // The second part waits for the first (issue #29: it was clickable before and during the first run).
    QVERIFY(runner->panel()->partButton(1) && !runner->panel()->partButton(1)->isEnabled());
    QCOMPARE(runner->panel()->title(), lesson.title);
    QCOMPARE(runner->panel()->text(), lesson.text);
    QVERIFY(runner->panel()->findChild<QLabel*>(QStringLiteral("lessonSteps"))->text().contains(lesson.steps.at(1)));

    // The data set loads, the panel shows the lesson's config, the run starts.
    QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), kTimeoutMs);
    QCOMPARE(session->dataset().name(), QDir::cleanPath(folder_));
    QCOMPARE(settings->config().model.latent, 3);
    QCOMPARE(settings->config().model.hidden, std::vector<int64_t>{16});
    QCOMPARE(session->runConfig().model.latent, 3);
    QCOMPARE(session->runConfig().train.seed, uint64_t{5});
    QTRY_VERIFY_WITH_TIMEOUT(!statusWhileTraining.isEmpty(), kTimeoutMs);
    QCOMPARE(statusWhileTraining, QStringLiteral("The first run."));
    // After the first epoch the lesson's view is in front.
    QTRY_VERIFY_WITH_TIMEOUT(tabs->currentWidget() == explorer, kTimeoutMs);
    QCOMPARE(explorer->findChild<QTabWidget*>()->currentWidget(), static_cast<QWidget*>(explorer->traversal()));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kTimeoutMs);
    QCOMPARE(session->epochsDone(), qint64{2});
    // What the run measured, from its last epoch, not the part's description.
    QVERIFY2(runner->panel()->status().startsWith(QStringLiteral("The run has finished (2 epochs).")),
             qPrintable(runner->panel()->status()));
    // Under the steps, in the text that scrolls: the footer stays short for the buttons.
    const QString measured = runner->panel()->measured();
    QVERIFY2(measured.startsWith(QStringLiteral("Measured on this run after epoch 2: test −ELBO ")), qPrintable(measured));
    QVERIFY(runner->panel()->findChild<QLabel*>(QStringLiteral("lessonMeasured"))->isVisibleTo(runner->panel()));
    QVERIFY2(measured.contains(QStringLiteral(" of 3 code numbers carry information")), qPrintable(measured));
    // The lesson's values stay in the panel; the remembered ones are untouched.
    QCOMPARE(settings->config().model.latent, 3);
    QCOMPARE(latentlab::TrainingSettingsPanel().config().model.latent, remembered.model.latent);

    // The panel's button trains the second run, with its own β.
    QPushButton* second = runner->panel()->partButton(1);
    QVERIFY(second && second->isEnabled());
    // In view without scrolling the pane, at the window's opening size (it was below the fold).
    QVERIFY(!second->visibleRegion().isEmpty());
    QVERIFY(!runner->panel()->findChild<QLabel*>(QStringLiteral("lessonStatus"))->visibleRegion().isEmpty());
    QTest::mouseClick(second, Qt::LeftButton);
    QCOMPARE(started.size(), 2);
    QCOMPARE(session->runConfig().train.beta, 4.0);
    QCOMPARE(settings->config().train.beta, 4.0);
    QVERIFY(!second->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 2, kTimeoutMs);
    // The second run is described beside the first.
    QVERIFY2(runner->panel()->measured().contains(QStringLiteral("The run before this one (β = 1) had")),
             qPrintable(runner->panel()->measured()));

    // Closing the lesson hides its panel and brings back the user's own settings.
    QTest::mouseClick(runner->panel()->findChild<QPushButton*>(QStringLiteral("closeLesson")), Qt::LeftButton);
    QVERIFY(!runner->dock()->isVisible());
    QVERIFY(!runner->isActive());
    QCOMPARE(settings->config().model.latent, remembered.model.latent);
    QCOMPARE(settings->config().train.beta, remembered.train.beta);
    QCOMPARE(settings->config().model.hidden, remembered.model.hidden);
}

void TestLessonWindow::presentationModeScalesAndRestores() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* tabs = window.findChild<QTabWidget*>();
    auto* training = window.findChild<latentlab::TrainingView*>();
    auto* settings = window.findChild<latentlab::TrainingSettingsPanel*>();
    auto* curves = training->findChild<latentlab::CurvesPlot*>();
    QVERIFY(tabs && training && settings && curves);
    auto* plot = curves->findChild<QCustomPlot*>();
    QVERIFY(plot && plot->graphCount() > 0);
    const double normalPen = plot->graph(0)->pen().widthF();
    const QFont normalTicks = plot->xAxis->tickLabelFont();
    const double normalPoints = QApplication::font().pointSizeF();

    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    // A lesson is active: presentation keeps only its panels.
    window.lessonRunner()->start(barLesson(folder_), false);
    auto* title = window.lessonRunner()->panel()->findChild<QLabel*>(QStringLiteral("lessonTitle"));
    const double normalTitle = title->font().pointSizeF();
    QVERIFY(normalTitle > normalPoints);  // the lesson's text is larger than the window's
    QAction* action = window.findChild<QAction*>(QStringLiteral("presentationAction"));
    QVERIFY(action);
    QVERIFY(action->shortcuts().contains(QKeySequence(Qt::Key_F11)));
    QCoreApplication::processEvents();
    const QRect before = window.geometry();
    action->trigger();
    PresentationMode* presentation = window.presentation();
    QVERIFY(presentation->isActive());
    QVERIFY(action->isChecked());
    QVERIFY(window.windowState() & Qt::WindowFullScreen);
    QCOMPARE(QApplication::font().pointSizeF(), normalPoints * PresentationMode::kScale);
    QCOMPARE(plot->graph(0)->pen().widthF(), qMax(normalPen, 1.0) * PresentationMode::kScale);
    QCOMPARE(plot->xAxis->tickLabelFont().pointSizeF(), normalTicks.pointSizeF() * PresentationMode::kScale);
    QVERIFY(!settings->isVisibleTo(&window));
    QVERIFY(!tabs->isTabVisible(0));  // the Data Set tab
    QVERIFY(tabs->isTabVisible(tabs->indexOf(training)));
    QVERIFY(window.lessonRunner()->dock()->isVisible());
    QCOMPARE(title->font().pointSizeF(), normalTitle * PresentationMode::kScale);

    // Esc leaves and restores everything.
    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!presentation->isActive());
    QVERIFY(!action->isChecked());
    QVERIFY(!(window.windowState() & Qt::WindowFullScreen));
    QCOMPARE(QApplication::font().pointSizeF(), normalPoints);
    QCOMPARE(plot->graph(0)->pen().widthF(), normalPen);
    QCOMPARE(plot->xAxis->tickLabelFont(), normalTicks);
    // The settings are the lesson's while it is open: its pane stands in for
    // them. (To the Training tab: the lesson may have brought another forward.)
    QVERIFY(!settings->isVisibleTo(training));
    QVERIFY(tabs->isTabVisible(0));
    QCOMPARE(title->font().pointSizeF(), normalTitle);
    // The window where and as large as it was (it was left taller than before
    // its fonts shrank back, its bottom off the screen).
    QTRY_COMPARE(window.geometry(), before);
    window.lessonRunner()->close();
    QVERIFY(settings->isVisibleTo(training));
    QSignalSpy finished(window.findChild<RunSession*>(), &RunSession::finished);
    if (window.findChild<RunSession*>()->isRunning()) QVERIFY(finished.wait(kTimeoutMs));
}

// A lesson shown in the Compare tab trains there; its panel says when the
// comparison has ended.
void TestLessonWindow::comparisonLessonSaysWhenItEnds() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* compare = window.findChild<latentlab::CompareView*>();
    QVERIFY(compare);
    Lesson lesson = barLesson(folder_);
    lesson.view = LessonView::Compare;
    lesson.decoders = {QStringLiteral("bernoulli"), QStringLiteral("gaussian:0.5")};
    lesson.parts.resize(1);
    compare->setIwSamples(2);
    QSignalSpy ended(compare, &latentlab::CompareView::comparisonEnded);
    latentlab::LessonRunner* runner = window.lessonRunner();
    // The tab and the panel while it trains: read when its plan arrives, which
    // comes before its end however fast the machine.
    auto* comparisons = window.findChild<latentlab::ComparisonController*>();
    QVERIFY(comparisons);
    bool runningWhenPlanned = false;
    QString statusWhenPlanned;
    connect(comparisons, &latentlab::ComparisonController::planned, this, [&] {
        runningWhenPlanned = compare->isRunning();
        statusWhenPlanned = runner->panel()->status();
    });
    runner->start(lesson, false);
    QTRY_VERIFY_WITH_TIMEOUT(!statusWhenPlanned.isEmpty(), kTimeoutMs);
    QVERIFY(runningWhenPlanned);
    QCOMPARE(statusWhenPlanned, QStringLiteral("The first run."));
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, kTimeoutMs);
    QVERIFY(compare->isComplete());
    QCOMPARE(runner->panel()->status(), QStringLiteral("The comparison has finished. The first run."));
}

LATENTLAB_TEST_MAIN(TestLessonWindow)
#include "test_lesson_window.moc"
