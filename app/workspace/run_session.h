#pragma once

// The run the window shows: trained here, continued, or opened from a folder.
// Widget-free, so tests drive it without a window; views observe it. Included
// by ui/, so free of LibTorch.

#include "app/workspace/loaded_dataset.h"
#include "app/workspace/training_signals.h"
#include "model/base/run_config.h"

#include <QDateTime>
#include <QObject>
#include <QString>

namespace latentlab {

class InferenceService;
class RunLoader;
class TrainingController;
class TrainingThread;
struct LoadedRun;

class RunSession : public QObject {
    Q_OBJECT

public:
    // With a training thread of its own.
    explicit RunSession(QObject* parent = nullptr);
    // Training on `thread`, shared with the comparisons (Workspace).
    RunSession(TrainingThread* thread, QObject* parent);
    // Stops a run that is going and waits for its thread (see
    // ~TrainingController).
    ~RunSession() override;

    // Where runs trained in the window are kept: AppDataLocation/runs.
    static QString runsRoot();
    // A new folder under `root` named for when, on what and with which model
    // the run started, e.g. 2026-12-02_1412_fashion-mnist_mlp-bernoulli; a
    // suffix keeps two runs of the same minute apart. Not created here: the
    // first finished epoch creates it.
    static QString newRunFolder(const QString& root, const RunConfig& config, const QString& datasetName,
                                const QDateTime& now);

    // The data set the next run trains on. A run shown that belongs to
    // another data set is left (the view starts empty), unless it is
    // training, opening, or waiting for exactly this data set.
    void setDataset(const LoadedDataset& dataset);
    const LoadedDataset& dataset() const { return dataset_; }

    // Starts a new run with `asked` in a new folder, or continues the opened
    // run (taking from `asked` only what continued_config allows). False,
    // with the reason, when it cannot start.
    bool start(const RunConfig& asked, QString* problem = nullptr);
    void togglePause();
    void stop();
    // Mid-run changes, applied by the training thread between two steps.
    void setBeta(double beta);
    void setLearningRate(double learningRate);

    // Reads a saved run off the GUI thread; runOpened() or runOpenFailed()
    // follows. Ignored while a run trains.
    void open(const QString& folder);
    // Leaves an opened or finished run: the next start() begins a new one.
    void leaveRun();

    // A run stopped by a full disk or an unwritable folder keeps its model
    // (runKept()); this saves it, as a run folder, in `folder` off the GUI
    // thread. False when there is nothing to save or a run is going.
    bool hasKeptRun() const;
    bool saveKeptRunAs(const QString& folder);

    bool isRunning() const;
    bool isPaused() const;
    bool isStopping() const { return stopRequested_; }
    bool isOpening() const;
    // True from a successful open() until leaveRun() or a new run.
    bool isContinuing() const { return continuing_; }
    // True while a run is shown: trained, training or opened.
    bool hasRun() const { return !runFolder_.isEmpty(); }
    // True when the data set loaded is the one the shown run trains on.
    bool datasetMatchesRun() const;

    QString runFolder() const { return runFolder_; }
    const RunConfig& runConfig() const { return runConfig_; }
    // The data set the shown run belongs to, as people read it.
    QString runDatasetName() const;
    qint64 epochsDone() const { return epochsDone_; }
    qint64 savedStep() const { return savedStep_; }
    // The device the run trains on, and why it differs from the one asked
    // for (empty when it does not).
    QString deviceNotice() const { return deviceNotice_; }

    // Answers the explorer views from the shown run's snapshots: each epoch's
    // while it trains, the saved model of an opened run.
    InferenceService* inference() const { return inference_; }

Q_SIGNALS:
    void stepReported(latentlab::StepStats step);
    void epochFinished(latentlab::EpochStats epoch);
    void previewsReady(latentlab::PreviewImages previews);
    void settingChanged(latentlab::SettingChange change);
    void paused();
    void resumed();
    void failed(QString message);
    // The run folder could not be written: the run stopped and its model is
    // kept in memory until the next run (saveKeptRunAs). finished() follows.
    void runKept(QString message);
    void keptRunSaved(QString folder);
    void keptRunSaveFailed(QString message);
    // A run ended, for whatever reason.
    void finished();
    // A new run started in `folder`, or an opened one continues there.
    void runStarted(QString folder);
    void runOpened(latentlab::LoadedRun run);
    void runOpenFailed(QString folder, QString message);
    // The shown run was left; views start empty.
    void runLeft();
    // An opened run trained on a data set other than the loaded one: load
    // `spec` with these folder options.
    void datasetNeeded(QString spec, int size, int channels);
    // Anything above changed: buttons and menus update.
    void stateChanged();

private:
    void onEpoch(const EpochStats& epoch);
    void onStep(const StepStats& step);
    void onRunOpened(const LoadedRun& run);
    void onRunPreviews(const QString& folder, const PreviewImages& previews);
    void onFinished();
    void requestRunPreviews();
    void updateInference();
    void reconcile();

    TrainingController* controller_;
    RunLoader* runLoader_;
    InferenceService* inference_;
    LoadedDataset dataset_;
    RunConfig runConfig_;     // of the run shown
    QString runFolder_;       // of the run shown; empty when none
    QString openingFolder_;   // asked of the run loader; empty when none
    QString deviceNotice_;
    bool continuing_ = false;
    bool previewsPending_ = false;  // an opened run waits for its data set
    bool stopRequested_ = false;
    bool runFailed_ = false;
    qint64 epochsDone_ = 0;
    qint64 lastStep_ = 0;   // of the last step report
    qint64 savedStep_ = 0;  // at the end of the last finished epoch
};

}  // namespace latentlab
