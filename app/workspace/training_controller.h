#pragma once

// Runs training on its own thread. Included by ui/, so free of LibTorch.

#include "app/inference/inference_requests.h"
#include "app/runs/kept_run.h"
#include "app/workspace/loaded_dataset.h"
#include "app/workspace/training_signals.h"
#include "model/base/run_config.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

namespace latentlab {

class RunControl;
class TrainingThread;

// The runs of the training thread (TrainingThread): each run gets a fresh
// TrainingWorker that owns the model, the optimizer and the data, and lives
// on the thread until the run ends. Pause, resume and stop take effect within
// one training step. The GUI thread never runs a step.
class TrainingController : public QObject {
    Q_OBJECT

public:
    // With a training thread of its own.
    explicit TrainingController(QObject* parent = nullptr);
    // On `thread`, shared with the comparisons (Workspace).
    TrainingController(TrainingThread* thread, QObject* parent);
    // Stops a running run (a paused one too) and waits for its current step,
    // or the epoch's evaluation and save, to end.
    ~TrainingController() override;

    // Trains on `dataset` for config.train.epochs, writing checkpoint.pt,
    // history.csv and config.json into `runFolder` after every epoch. Returns
    // false, and does nothing, while the training thread is busy or for an
    // empty dataset (`problem`, when given, says why).
    bool start(const LoadedDataset& dataset, const RunConfig& config, const QString& runFolder,
               QString* problem = nullptr);
    // Continues the run saved in `runFolder` (its checkpoint.pt) on `dataset`
    // up to config.train.epochs, in the same folder. Only the epochs, beta,
    // learning rate and device of `config` are used; the rest comes from the
    // checkpoint. Returns false, and does nothing, like start().
    bool continueRun(const LoadedDataset& dataset, const RunConfig& config, const QString& runFolder,
                     QString* problem = nullptr);
    void pause();
    void resume();
    // The epoch in progress is abandoned; the run folder keeps the last
    // finished one. finished() follows.
    void stop();

    // Mid-run changes: they apply between two steps on the training thread,
    // and settingChanged() says at which step. Ignored when no run is going.
    void setBeta(double beta);
    void setLearningRate(double learningRate);
    // Asks the run for a copy of its weights between two steps.
    void requestSnapshot();

    // After runKept(): the stopped run's model is held until the next run
    // starts. Saves it as a run folder in `folder` on a worker thread;
    // keptRunSaved() or keptRunSaveFailed() follows. False when no run is
    // kept or a run or a save is going.
    bool saveKeptRunAs(const QString& folder);
    bool hasKeptRun() const { return keptRun_ != nullptr; }

    // True from start() until finished() is emitted.
    bool isRunning() const { return running_; }
    bool isPaused() const { return running_ && paused_; }

Q_SIGNALS:
    void stepReported(latentlab::StepStats report);
    void epochFinished(latentlab::EpochStats report);
    void previewsReady(latentlab::PreviewImages previews);
    void settingChanged(latentlab::SettingChange change);
    // Why the run trains on another device than the one asked for; empty
    // when it does not.
    void deviceChosen(QString notice);
    void snapshotPublished(latentlab::SnapshotHandle snapshot);
    // The worker has stopped between two steps / goes on again.
    void paused();
    void resumed();
    // A NaN or infinite loss, a file that cannot be written, a bad setting.
    // finished() follows.
    void failed(QString message);
    // The run folder could not be written (a full disk, no permission):
    // the run stopped with its model kept in memory (hasKeptRun()).
    // finished() follows.
    void runKept(QString message);
    void keptRunSaved(QString folder);
    void keptRunSaveFailed(QString message);
    // The run has ended, for whatever reason, and its thread with it.
    void finished();

private:
    bool launch(const LoadedDataset& dataset, const RunConfig& config, const QString& runFolder, bool continueRun,
                QString* problem);
    void onThreadFinished(quint64 work);
    RunControl* control() const;

    // The training thread: this controller's own, or the workspace's.
    QPointer<TrainingThread> thread_;
    KeptRunHandle keptRun_;
    QThread* saver_ = nullptr;  // the thread saving keptRun_, while it runs
    bool running_ = false;
    quint64 work_ = 0;  // the thread's number of this controller's work
    bool paused_ = false;
};

}  // namespace latentlab
