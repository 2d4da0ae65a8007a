#pragma once

#include <QMainWindow>
#include <QStringList>

class QMenu;
class QTabWidget;

namespace latentlab {

class DatasetView;
class TrainingController;
class TrainingView;

// Lays out the panels, owns the menus and the training controller, and
// remembers settings between sessions. The controller is a child, so closing
// the window stops a run and waits for its thread.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);

    // A folder (relative paths are taken from the working directory) or
    // "fashion-mnist".
    void openDataset(const QString& spec);
    // The data set of the previous session, or Fashion-MNIST the first time.
    void openLastDataset();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createMenus();
    void chooseFolder();
    void onDatasetLoaded(const QString& spec);
    void updateRecentMenu();
    void showAbout();
    void readSettings();
    void writeSettings() const;

    TrainingController* controller_;
    QTabWidget* tabs_;
    DatasetView* datasetView_;
    TrainingView* trainingView_;
    QMenu* recentMenu_ = nullptr;
    QStringList recentFolders_;
};

}  // namespace latentlab
