#pragma once

#include "app/loaded_dataset.h"
#include "app/training_stats.h"
#include "model/run_config.h"

#include <QString>
#include <QWidget>

class QFrame;
class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QToolButton;

namespace latentlab {

class ErrorBanner;

class CurvesPlot;
class ImageGrid;
class KlBarsPlot;
class RunLoader;
struct LoadedRun;
class TrainingController;
class TrainingSettingsPanel;

// The training panel: settings, run controls, progress, curves, the KL of
// each latent dimension and preview images. It drives a TrainingController
// owned by whoever made it (the main window), so closing the window stops
// the run through the controller's destructor.
class TrainingView : public QWidget {
    Q_OBJECT

public:
    TrainingView(TrainingController* controller, QWidget* parent = nullptr);

    // The data set the next run trains on; a running one keeps its own.
    void setDataset(const LoadedDataset& dataset, const QString& name);

    // Starts a new run, or continues the opened one (see openRun).
    void startTraining();
    void togglePause();
    void stopTraining();

    // Reads the run saved in `folder` off the GUI thread, then shows its
    // settings, curves, markers and (once its data set is loaded) previews;
    // Train then continues it in the same folder. Ignored while a run goes.
    void openRun(const QString& folder);
    // Leaves an opened run: the next Train starts a new one.
    void startNewRun();
    // True from a successful openRun() until startNewRun().
    bool isContinuing() const { return continuing_; }
    bool isOpeningRun() const;

    QString runFolder() const { return runFolder_; }  // of the last run started or opened; empty before

    QByteArray saveState() const;
    void restoreState(const QByteArray& state);

Q_SIGNALS:
    // An opened run trained on a data set other than the loaded one: the
    // main window loads `spec` with these folder options.
    void datasetNeeded(const QString& spec, int size, int channels);
    // A run folder was opened, or failed to open (with a message).
    void runOpened(const QString& folder);
    void runOpenFailed(const QString& folder, const QString& message);
    // Training could start or stop being possible (for the menus).
    void busyChanged();

private:
    QWidget* createSidePanel();
    QWidget* createResultsPane();

    void onStep(const StepReport& step);
    void onEpoch(const EpochReport& epoch);
    void onPreviews(const PreviewImages& previews);
    void onFailed(const QString& message);
    void onSettingChanged(const SettingChangeReport& change);
    void onRunOpened(const LoadedRun& run);
    void onRunPreviews(const QString& folder, const PreviewImages& previews);
    void requestRunPreviews();
    bool datasetMatchesRun() const;
    void clearResults();
    void onFinished();
    void showError(const QString& message);
    void updateControls();

    TrainingController* controller_;
    RunLoader* runLoader_;
    LoadedDataset dataset_;
    QString datasetName_;
    RunConfig runConfig_;  // of the run going or last run
    QString runFolder_;
    QString openingFolder_;  // asked of the run loader; empty when none
    bool continuing_ = false;
    QString openedStatus_;  // what the status line says about an opened run
    bool previewsPending_ = false;  // an opened run waits for its data set to show previews
    bool stopRequested_ = false;
    bool runFailed_ = false;
    qint64 epochsDone_ = 0;
    qint64 lastStep_ = 0;   // of the last step report
    qint64 savedStep_ = 0;  // at the end of the last finished epoch
    double imagesPerSecond_ = 0.0;  // smoothed, for the time left

    TrainingSettingsPanel* settings_ = nullptr;
    QLabel* datasetLabel_ = nullptr;
    QPushButton* trainButton_ = nullptr;
    QPushButton* pauseButton_ = nullptr;
    QPushButton* stopButton_ = nullptr;
    QLabel* runFolderLabel_ = nullptr;
    QToolButton* newRunButton_ = nullptr;
    ErrorBanner* errorBanner_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QProgressBar* progressBar_ = nullptr;
    QSplitter* splitter_ = nullptr;
    QSplitter* resultsSplitter_ = nullptr;
    CurvesPlot* curves_ = nullptr;
    KlBarsPlot* klBars_ = nullptr;
    ImageGrid* reconstructions_ = nullptr;
    ImageGrid* samples_ = nullptr;
};

}  // namespace latentlab
