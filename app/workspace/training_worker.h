#pragma once

// The object that trains a run on the training thread (TrainingThread),
// started by TrainingController. Free of
// LibTorch: the model and the data are only forward-declared here.

#include "app/inference/inference_requests.h"
#include "app/runs/kept_run.h"
#include "app/workspace/training_signals.h"
#include "app/workspace/training_thread.h"
#include "model/base/run_config.h"
#include "model/train/run_control.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <memory>
#include <string>
#include <vector>

namespace latentlab {

struct Dataset;
struct StepStats;
class Trainer;

// Owns one run: the data, the model and its optimizer (inside Trainer). All of
// its work happens in run(), on the training thread; results leave as values
// over queued signals.
class TrainingWorker : public ThreadWork {
    Q_OBJECT

public:
    // `config`'s image size and channels are taken from `data`. With
    // `continueRun`, the model, optimizer, history and step reports come from
    // the checkpoint in `runFolder` and training goes on there up to
    // config.train.epochs; a beta or learning rate in `config` that differs
    // from the checkpoint's is applied as a mid-run change.
    TrainingWorker(std::shared_ptr<const Dataset> data, const RunConfig& config, const QString& runFolder,
                   std::shared_ptr<RunControl> control, bool continueRun = false);
    ~TrainingWorker() override;

    // Trains up to config.train.epochs, saving the run folder after every
    // epoch, until the last epoch, a stop or an error; then emits done().
    void run() override;

    static constexpr int kSnapshotIntervalMs = 2000;

Q_SIGNALS:
    void stepReported(latentlab::StepStats report);
    void epochFinished(latentlab::EpochStats report);
    void previewsReady(latentlab::PreviewImages previews);
    // A copy of the weights: after every epoch, and between epochs when a
    // view asked (at most every kSnapshotIntervalMs).
    void snapshotPublished(latentlab::SnapshotHandle snapshot);
    // A requested beta or learning rate has been applied.
    void settingChanged(latentlab::SettingChange change);
    // The model is built: why it trains on another device than the one asked
    // for (empty when it does not).
    void deviceChosen(QString notice);
    void paused();
    void resumed();
    void failed(QString message);
    // The run folder could not be written: training stopped, and `run`
    // holds the model and optimizer for saving elsewhere. done() follows.
    void runKept(QString message, latentlab::KeptRunHandle run);

private:
    void train();
    void openTrainer();
    void keepRun(const std::string& error, const std::vector<StepStats>& steps);
    void publishSnapshot(bool betweenEpochs);

    std::shared_ptr<const Dataset> data_;
    RunConfig config_;
    QString runFolder_;
    std::shared_ptr<RunControl> control_;
    bool continueRun_ = false;
    std::unique_ptr<Trainer> trainer_;
    // The step reports of a continued run's finished epochs, for steps.csv.
    std::vector<StepStats> earlierSteps_;
    int64_t lastSaved_ = 0;  // the epoch the run folder holds; 0 before the first save
    QElapsedTimer sinceSnapshot_;
};

}  // namespace latentlab
