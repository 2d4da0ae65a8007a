#pragma once

// The object that trains, living on TrainingController's thread. Free of
// LibTorch: the model and the data are only forward-declared here.

#include "app/inference_requests.h"
#include "app/kept_run.h"
#include "app/training_signals.h"
#include "model/run_config.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

namespace latentlab {

struct Dataset;
struct StepStats;
class Trainer;

// The pause and stop requests of one run, shared by the controller (GUI
// thread) and the worker, which checks them once per training step. Each run
// gets its own, so a stopped run can never stop the next one.
class RunControl {
public:
    void requestStop();
    void setPaused(bool paused);

    bool stopRequested() const { return stop_.load(); }
    bool pauseRequested() const { return paused_.load(); }
    // What Trainer::train_epoch checks before every step.
    const std::atomic<bool>* stopFlag() const { return &stop_; }

    // Blocks while a pause is requested and no stop is.
    void waitWhilePaused();

    // A new beta or learning rate for the running model, set from the GUI
    // thread. The worker takes it between two steps; a second request before
    // then replaces the first.
    void requestBeta(double beta);
    void requestLearningRate(double learningRate);
    std::optional<double> takeBeta();
    std::optional<double> takeLearningRate();

    // A view wants a copy of the weights before the epoch ends.
    void requestSnapshot() { snapshotWanted_.store(true); }
    bool snapshotWanted() const { return snapshotWanted_.load(); }
    void clearSnapshotRequest() { snapshotWanted_.store(false); }

private:
    std::atomic<bool> stop_{false};
    std::atomic<bool> paused_{false};
    std::atomic<bool> snapshotWanted_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::mutex settingsMutex_;
    std::optional<double> beta_;
    std::optional<double> learningRate_;
};

// Owns one run: the data, the model and its optimizer (inside Trainer). All of
// its work happens in run(), on the training thread; results leave as values
// over queued signals.
class TrainingWorker : public QObject {
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
    void run();

    // Step statistics go out every this many steps, and at the end of an epoch.
    static constexpr int kStepReportInterval = 10;
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
    void done();

private:
    void train();
    void openTrainer();
    void onStep(const StepStats& stats);
    void applyRequestedSettings();
    void saveRun();
    void keepRun(const std::exception& error);
    void publishSnapshot(bool betweenEpochs);

    std::shared_ptr<const Dataset> data_;
    RunConfig config_;
    QString runFolder_;
    std::shared_ptr<RunControl> control_;
    bool continueRun_ = false;
    std::unique_ptr<Trainer> trainer_;
    // Every step report of the run so far, for steps.csv.
    QVector<StepStats> steps_;
    int64_t lastSaved_ = 0;  // the epoch the run folder holds; 0 before the first save

    // Throughput since the last step report, paused time left out.
    QElapsedTimer sinceReport_;
    QElapsedTimer sinceSnapshot_;
    qint64 activeNsecs_ = 0;
    qint64 imagesSinceReport_ = 0;
};

}  // namespace latentlab
