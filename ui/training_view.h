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

namespace latentlab {

class ErrorBanner;

class CurvesPlot;
class ImageGrid;
class KlBarsPlot;
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

    void startTraining();
    void togglePause();
    void stopTraining();

    QString runFolder() const { return runFolder_; }  // of the last run started; empty before

    QByteArray saveState() const;
    void restoreState(const QByteArray& state);

private:
    QWidget* createSidePanel();
    QWidget* createResultsPane();

    void onStep(const StepReport& step);
    void onEpoch(const EpochReport& epoch);
    void onPreviews(const PreviewImages& previews);
    void onFailed(const QString& message);
    void onFinished();
    void showError(const QString& message);
    void updateControls();

    TrainingController* controller_;
    LoadedDataset dataset_;
    QString datasetName_;
    RunConfig runConfig_;  // of the run going or last run
    QString runFolder_;
    bool stopRequested_ = false;
    bool runFailed_ = false;
    qint64 epochsDone_ = 0;
    double imagesPerSecond_ = 0.0;  // smoothed, for the time left

    TrainingSettingsPanel* settings_ = nullptr;
    QLabel* datasetLabel_ = nullptr;
    QPushButton* trainButton_ = nullptr;
    QPushButton* pauseButton_ = nullptr;
    QPushButton* stopButton_ = nullptr;
    QLabel* runFolderLabel_ = nullptr;
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
