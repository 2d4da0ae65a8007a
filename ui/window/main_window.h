#pragma once

#include <QMainWindow>
#include <QStringList>

class QMenu;
class QTabWidget;

namespace latentlab {

class CompareView;
class DatasetView;
class ExplorerView;
class InspectView;
class LessonRunner;
class ManualWindow;
class PresentationMode;
struct Lesson;
class RecentRunsMenu;
class RunSession;
class TrainingView;
class Workspace;

// Lays out the panels over the workspace (the data set, the training thread,
// the run session and the comparisons), owns the menus, and remembers
// settings between sessions. Closing the window stops what trains and waits
// for its thread.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    // The views go before the workspace they show.
    ~MainWindow() override;

    // A folder (relative paths are taken from the working directory) or
    // "fashion-mnist".
    void openDataset(const QString& spec);
    // The data set of the previous session, or Fashion-MNIST the first time.
    void openLastDataset();
    // A run folder (holding checkpoint.pt) to show in the training view and
    // continue; its data set is loaded too when it is not the one shown.
    void openRun(const QString& folder);
    // Loads the lesson's data set, trains its first run and shows its panel.
    void startLesson(const Lesson& lesson);
    LessonRunner* lessonRunner() const { return lessonRunner_; }
    PresentationMode* presentation() const { return presentation_; }
    // Help → Manual (F1): the manual at the page of the tab shown, or of the
    // lesson when one is open. The page's file name, e.g. "explore.md".
    void showManual();
    QString manualPageForCurrentView() const;
    ManualWindow* manualWindow() const { return manual_; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createMenus();
    void chooseFolder();
    void onDatasetLoaded(const QString& spec);
    void updateRecentMenu();
    void chooseRun();
    void rememberRun(const QString& folder);
    void onRunOpenFailed(const QString& folder, const QString& message);
    void updateRunActions();
    bool mayLoadDataset(const QString& spec);
    void offerInterruptedRun();
    void showAbout();
    void readSettings();
    void writeSettings() const;

    Workspace* workspace_;
    RunSession* session_;  // the workspace's
    QTabWidget* tabs_;
    DatasetView* datasetView_;
    TrainingView* trainingView_;
    ExplorerView* explorerView_;
    InspectView* inspectView_;
    LessonRunner* lessonRunner_ = nullptr;
    PresentationMode* presentation_ = nullptr;
    ManualWindow* manual_ = nullptr;  // made when first opened
    CompareView* compareView_;
    QMenu* recentMenu_ = nullptr;
    RecentRunsMenu* recentRunsMenu_ = nullptr;
    QAction* openRunAction_ = nullptr;
    QAction* trainAction_ = nullptr;
    QAction* pauseAction_ = nullptr;
    QAction* stopAction_ = nullptr;
    QString datasetAfterRun_;  // to load when the run ends; empty when none
    QStringList recentFolders_;
};

}  // namespace latentlab
