#include "app/training_worker.h"

#include "app/run_folder.h"
#include "app/run_previews.h"

#include "model/data_shape.h"
#include "model/dataset.h"
#include "model/error.h"
#include "model/model_snapshot.h"
#include "model/trainer.h"

#include <QDir>

#include <algorithm>
#include <exception>
#include <new>
#include <string>
#include <utility>

namespace latentlab {

void RunControl::requestStop() {
    {
        // Under the mutex, so a worker about to wait cannot miss the wake-up.
        std::lock_guard<std::mutex> lock(mutex_);
        stop_.store(true);
    }
    wake_.notify_all();
}

void RunControl::setPaused(bool paused) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        paused_.store(paused);
    }
    wake_.notify_all();
}

void RunControl::waitWhilePaused() {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, [this] { return !paused_.load() || stop_.load(); });
}

void RunControl::requestBeta(double beta) {
    std::lock_guard<std::mutex> lock(settingsMutex_);
    beta_ = beta;
}

void RunControl::requestLearningRate(double learningRate) {
    std::lock_guard<std::mutex> lock(settingsMutex_);
    learningRate_ = learningRate;
}

std::optional<double> RunControl::takeBeta() {
    std::lock_guard<std::mutex> lock(settingsMutex_);
    return std::exchange(beta_, std::nullopt);
}

std::optional<double> RunControl::takeLearningRate() {
    std::lock_guard<std::mutex> lock(settingsMutex_);
    return std::exchange(learningRate_, std::nullopt);
}

TrainingWorker::TrainingWorker(std::shared_ptr<const Dataset> data, const RunConfig& config,
                               const QString& runFolder, std::shared_ptr<RunControl> control, bool continueRun)
    : data_(std::move(data)),
      config_(config),
      runFolder_(runFolder),
      control_(std::move(control)),
      continueRun_(continueRun) {
    record_data(*data_, config_);
}

// Out of line: Trainer is complete only here.
TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::run() {
    QString error;
    try {
        train();
    } catch (const NonFiniteLoss& e) {
        const int64_t saved = trainer_ ? trainer_->epoch() : 0;
        const QString kept = saved > 0 ? tr("The run folder keeps epoch %1, the last good one.").arg(saved)
                                       : tr("No epoch had finished, so nothing was saved.");
        QString what = QString::fromStdString(e.what());
        if (!what.isEmpty()) what[0] = what[0].toUpper();
        error = tr("%1. %2 A lower learning rate may help.").arg(what, kept);
    } catch (...) {
        error = QString::fromStdString(user_message(std::current_exception(), "training"));
    }
    if (!error.isEmpty()) Q_EMIT failed(error);
    Q_EMIT done();
}

void TrainingWorker::openTrainer() {
    if (!continueRun_) {
        trainer_ = std::make_unique<Trainer>(config_);
        return;
    }
    const RunFolder folder(runFolder_);
    trainer_ = Trainer::load(folder.checkpointPath().toStdString(), config_.train.device);
    const VaeConfig& shape = trainer_->config().model;
    if (shape.channels != data_->channels || shape.height != data_->height || shape.width != data_->width)
        throw Error("the run in " + runFolder_.toStdString() + " was trained on " + std::to_string(shape.width) +
                    " x " + std::to_string(shape.height) + " x " + std::to_string(shape.channels) +
                    " images, not on the " + std::to_string(data_->width) + " x " + std::to_string(data_->height) +
                    " x " + std::to_string(data_->channels) + " images of " + data_->name);
    // The device was applied by the load; beta and the learning rate change
    // as they do mid-run, recorded at the checkpoint's step.
    const RunConfig saved = trainer_->config();
    const RunConfig continued = continued_config(saved, config_);
    if (continued.train.beta != saved.train.beta) control_->requestBeta(continued.train.beta);
    if (continued.train.learning_rate != saved.train.learning_rate)
        control_->requestLearningRate(continued.train.learning_rate);
    config_ = saved;
    config_.train.epochs = continued.train.epochs;

    // The step curves of the finished epochs.
    steps_ += folder.stepsUpTo(trainer_->step());
}

void TrainingWorker::train() {
    openTrainer();
    RunFolder(runFolder_).removeStaleTemporaries();  // left by a run that was killed while writing
    Q_EMIT deviceChosen(QString::fromStdString(trainer_->device_notice()));
    // Settings asked for before the first step (or differing from a continued
    // run's checkpoint) apply before it.
    applyRequestedSettings();

    sinceReport_.start();
    activeNsecs_ = 0;
    imagesSinceReport_ = 0;
    // Called after every step (interval 1) so that a pause, and a requested
    // beta or learning rate, act within one step; reports go out less often.
    const StepCallback onStep = [this](const StepStats& stats) { this->onStep(stats); };
    while (trainer_->epoch() < config_.train.epochs) {
        const std::optional<EpochStats> stats = trainer_->train_epoch(*data_, onStep, 1, control_->stopFlag());
        // Stopped: the epoch does not count, and the run folder already holds
        // the last finished one.
        if (!stats) return;
        try {
            saveRun();
        } catch (const Error& e) {
            // A full disk or a folder gone read-only: the epoch is trained
            // and shown, the model kept, the run folder left as it was.
            Q_EMIT epochFinished(*stats);
            publishSnapshot(false);
            keepRun(e);
            return;
        }
        Q_EMIT epochFinished(*stats);
        publishSnapshot(false);
    }
}

void TrainingWorker::onStep(const StepStats& stats) {
    const int64_t batch = config_.train.batch_size;
    imagesSinceReport_ += std::min(batch, data_->train.size() - (stats.step_in_epoch - 1) * batch);

    if (stats.step % kStepReportInterval == 0 || stats.step_in_epoch == stats.steps_per_epoch) {
        // The trainer's rate covers one step (reports come every step, so a
        // pause acts at once); this one covers the steps since the last report.
        StepStats report = stats;
        const double seconds = static_cast<double>(activeNsecs_ + sinceReport_.nsecsElapsed()) * 1e-9;
        report.images_per_second = static_cast<double>(imagesSinceReport_) / std::max(seconds, 1e-9);
        steps_.append(report);
        Q_EMIT stepReported(report);
        sinceReport_.restart();
        activeNsecs_ = 0;
        imagesSinceReport_ = 0;
    }

    if (control_->pauseRequested() && !control_->stopRequested()) {
        activeNsecs_ += sinceReport_.nsecsElapsed();
        Q_EMIT paused();
        control_->waitWhilePaused();
        sinceReport_.restart();
        if (!control_->stopRequested()) Q_EMIT resumed();
    }
    // Between two steps: the next step trains with the new values (a change
    // made during a pause applies as the run goes on).
    applyRequestedSettings();
    if (control_->snapshotWanted() && (!sinceSnapshot_.isValid() || sinceSnapshot_.elapsed() >= kSnapshotIntervalMs))
        publishSnapshot(true);
}

void TrainingWorker::applyRequestedSettings() {
    if (const std::optional<double> beta = control_->takeBeta(); beta && *beta != trainer_->config().train.beta) {
        trainer_->set_beta(*beta);
        Q_EMIT settingChanged(trainer_->setting_changes().back());
    }
    if (const std::optional<double> rate = control_->takeLearningRate();
        rate && *rate != trainer_->config().train.learning_rate) {
        trainer_->set_learning_rate(*rate);
        Q_EMIT settingChanged(trainer_->setting_changes().back());
    }
}

void TrainingWorker::publishSnapshot(bool betweenEpochs) {
    control_->clearSnapshotRequest();
    // The limit is on copies between epochs: an epoch's own copy always goes out.
    if (betweenEpochs) sinceSnapshot_.start();
    const std::shared_ptr<ModelSnapshot> snapshot = snapshot_of(*trainer_);
    snapshot->run_folder = runFolder_.toStdString();
    snapshot->config.train.epochs = config_.train.epochs;  // a continued run may have been given more
    snapshot->between_epochs = betweenEpochs;
    if (!betweenEpochs) Q_EMIT previewsReady(makePreviews(*snapshot, *data_));
    Q_EMIT snapshotPublished(snapshot);
}

void TrainingWorker::saveRun() {
    // Made only now, so a run that fails before its first epoch leaves no
    // empty folder behind.
    if (!QDir().mkpath(runFolder_)) throw Error("cannot create the folder " + runFolder_.toStdString());
    RunFolder(runFolder_).save(*trainer_, config_.train.epochs, steps_);
    lastSaved_ = trainer_->epoch();
}

void TrainingWorker::keepRun(const std::exception& error) {
    const QString folder = QDir::toNativeSeparators(runFolder_);
    const QString kept = lastSaved_ > 0 ? tr("%1 keeps epoch %2, as it was saved.").arg(folder).arg(lastSaved_)
                                        : tr("Nothing was saved in %1.").arg(folder);
    const QString message =
        tr("Cannot save the run: %1. Training stopped after epoch %2; the model is kept in memory, so you can "
           "save it elsewhere (Save model as…). %3")
            .arg(QString::fromStdString(error.what()))
            .arg(trainer_->epoch())
            .arg(kept);
    auto run = std::make_shared<KeptRun>();
    run->trainer = std::move(trainer_);
    run->epochs = config_.train.epochs;
    run->steps = steps_;
    Q_EMIT runKept(message, run);
}

}  // namespace latentlab
