// The window's menu bar: File (data sets, lessons, runs), Training (window-
// wide shortcuts that act from every tab), View (presentation mode and the
// interface scale) and Help.

#include "ui/window/main_window.h"

#include "app/lessons/lesson.h"
#include "app/workspace/dataset_loader.h"
#include "app/workspace/device_info.h"
#include "ui/help/manual_window.h"
#include "ui/compare/compare_view.h"
#include "ui/dataset/dataset_view.h"
#include "ui/explore/explorer_view.h"
#include "ui/inspect/inspect_view.h"
#include "ui/training/training_view.h"
#include "ui/widgets/interface_scale.h"
#include "ui/window/lesson_runner.h"
#include "ui/window/presentation_mode.h"
#include "ui/window/recent_runs_menu.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QTabWidget>

namespace latentlab {

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* openFolder = file->addAction(tr("&Open Folder…"), this, &MainWindow::chooseFolder);
    openFolder->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open &Fashion-MNIST"), this, [this] { openDataset(DatasetLoader::fashionMnistSpec()); });
    recentMenu_ = file->addMenu(tr("&Recent Folders"));
    QMenu* lessonsMenu = file->addMenu(tr("&Lessons"));
    for (const Lesson& lesson : lessons())
        lessonsMenu->addAction(lesson.title, this, [this, &lesson] { startLesson(lesson); })->setToolTip(lesson.text);
    lessonsMenu->setToolTipsVisible(true);
    file->addSeparator();
    openRunAction_ = file->addAction(tr("Open &Run…"), this, &MainWindow::chooseRun);
    // Ctrl+O opens a data set folder, as before.
    openRunAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openRunAction_->setToolTip(tr("Open a saved run folder to see its curves and previews and continue it"));
    // A comparison's folder (the window's or `latentlab-cli compare`'s), shown again in the Compare tab.
    QAction* openComparison = file->addAction(tr("Open &Comparison…"), this, [this] {
        tabs_->setCurrentWidget(compareView_);
        compareView_->chooseComparison();
    });
    openComparison->setObjectName(QStringLiteral("openComparisonAction"));
    openComparison->setToolTip(tr("Show a saved comparison's table, curves and pictures in the Compare tab"));
    recentRunsMenu_ = new RecentRunsMenu(tr("Recent R&uns"), this);
    file->addMenu(recentRunsMenu_);
    connect(recentRunsMenu_, &RecentRunsMenu::openRequested, this, &MainWindow::openRun);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    // QKeySequence::Quit is empty on some desktops; Ctrl+Q is expected everywhere here.
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    // Window-wide shortcuts: they act from every tab.
    QMenu* training = menuBar()->addMenu(tr("T&raining"));
    trainAction_ = training->addAction(tr("&Train"), this, [this] {
        tabs_->setCurrentWidget(trainingView_);
        trainingView_->startTraining();
    });
    trainAction_->setObjectName(QStringLiteral("trainAction"));
    trainAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    pauseAction_ = training->addAction(tr("&Pause"), this, [this] { trainingView_->togglePause(); });
    pauseAction_->setObjectName(QStringLiteral("pauseAction"));
    pauseAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    stopAction_ = training->addAction(tr("&Stop"), this, [this] { trainingView_->stopTraining(); });
    stopAction_->setObjectName(QStringLiteral("stopAction"));
    stopAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    training->addSeparator();
    training->addAction(tr("Start a &New Run"), this, [this] {
        tabs_->setCurrentWidget(trainingView_);
        trainingView_->startNewRun();
    });

    // For a projector: presentation mode, and the whole interface larger or
    // smaller (remembered).
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    QAction* present = view->addAction(tr("&Presentation Mode"), presentation_, &PresentationMode::toggle);
    present->setObjectName(QStringLiteral("presentationAction"));
    present->setCheckable(true);
    present->setShortcuts({QKeySequence(Qt::Key_F11), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)});
    present->setToolTip(tr("Full screen, larger text and lines, only the lesson's panels; Esc leaves"));
    connect(presentation_, &PresentationMode::activeChanged, present, &QAction::setChecked);
    view->addSeparator();
    // The main tabs' own keys: Ctrl+Tab switches the inner tabs when focus
    // is inside Explore or Inspect.
    for (int i = 0; i < tabs_->count(); ++i) {
        QAction* go = view->addAction(tabs_->tabText(i).remove(QLatin1Char('&')), this,
                                      [this, i] { tabs_->setCurrentIndex(i); });
        go->setObjectName(QStringLiteral("goToTab%1").arg(i + 1));
        go->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }
    view->addSeparator();
    InterfaceScale::addMenuActions(view);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* manual = help->addAction(tr("&Manual"), this, &MainWindow::showManual);
    manual->setObjectName(QStringLiteral("manualAction"));
    manual->setShortcut(QKeySequence::HelpContents);
    manual->setToolTip(tr("The user guide, opened at the page of the tab shown"));
    QAction* about = help->addAction(tr("&About LatentLab"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::showAbout() {
    QString rows;
    for (const QString& line : computePathSummary().split(QLatin1Char('\n'))) {
        const QString name = line.section(QStringLiteral(": "), 0, 0);
        const QString value = line.section(QStringLiteral(": "), 1);
        rows += QStringLiteral("<tr><td><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>")
                    .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    }
    QMessageBox::about(this, tr("About LatentLab"),
                       tr("<h3>LatentLab %1</h3>"
                          "<p>Train variational autoencoders on a folder of your own images "
                          "and look at what they learn.</p>"
                          "<table>%2</table>"
                          "<p>The manual: Help → Manual (F1).</p>")
                           .arg(latentlabVersion(), rows));
}

QString MainWindow::manualPageForCurrentView() const {
    if (lessonRunner_ && lessonRunner_->isActive())
        return QStringLiteral("lesson-%1.md").arg(lessonRunner_->lesson().name);
    QWidget* shown = tabs_->currentWidget();
    if (shown == datasetView_) return QStringLiteral("data-set.md");
    if (shown == trainingView_) return QStringLiteral("training.md");
    if (shown == explorerView_) return QStringLiteral("explore.md");
    if (shown == inspectView_) return QStringLiteral("inspect.md");
    if (shown == compareView_) return QStringLiteral("compare.md");
    return QStringLiteral("index.md");
}

void MainWindow::showManual() {
    if (!manual_) manual_ = new ManualWindow(this);
    const QString page = manualPageForCurrentView();
    manual_->showPage(manual_->pages().indexOf(page) >= 0 ? page : QStringLiteral("index.md"));
    manual_->show();
    manual_->raise();
    manual_->activateWindow();
}

}  // namespace latentlab
