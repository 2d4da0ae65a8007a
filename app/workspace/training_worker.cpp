#include "app/workspace/training_worker.h"

#include "app/runs/run_folder.h"
#include "app/runs/run_previews.h"

#include "model/base/error.h"
#include "model/data/data_shape.h"
#include "model/data/dataset.h"
#include "model/train/model_snapshot.h"
#include "model/train/run_driver.h"
#include "model/train/trainer.h"

#include <QDir>

#include <algorithm>
#include <exception>
#include <new>
#include <string>
#include <utility>

namespace latentlab {

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
    const QVector<StepStats> earlier = folder.stepsUpTo(trainer_->step());
    earlierSteps_.assign(earlier.begin(), earlier.end());
    lastSaved_ = trainer_->epoch();  // the folder holds the checkpoint's epoch
}

void TrainingWorker::train() {
    openTrainer();
    RunFolder(runFolder_).removeStaleTemporaries();  // left by a run that was killed while writing
    Q_EMIT deviceChosen(QString::fromStdString(trainer_->device_notice()));

    RunHooks hooks;
    hooks.save = [this](const Trainer& trainer, int64_t epochs, const std::vector<StepStats>& reports) {
        RunFolder(runFolder_).save(trainer, epochs, QVector<StepStats>(reports.begin(), reports.end()));
        lastSaved_ = trainer.epoch();
    };
    hooks.step_reported = [this](const StepStats& report) { Q_EMIT stepReported(report); };
    hooks.epoch_finished = [this](const EpochStats& stats) {
        Q_EMIT epochFinished(stats);
        publishSnapshot(false);
    };
    hooks.setting_changed = [this](const SettingChange& change) { Q_EMIT settingChanged(change); };
    hooks.paused = [this] { Q_EMIT paused(); };
    hooks.resumed = [this] { Q_EMIT resumed(); };
    hooks.between_steps = [this] {
        if (control_->snapshotWanted() &&
            (!sinceSnapshot_.isValid() || sinceSnapshot_.elapsed() >= kSnapshotIntervalMs))
            publishSnapshot(true);
    };
    RunDriver driver(*trainer_, *data_, *control_, earlierSteps_);
    const RunOutcome outcome = driver.run(config_.train.epochs, hooks);
    if (outcome.end == RunEnd::NotSaved) keepRun(outcome.save_error, driver.reports());
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

void TrainingWorker::keepRun(const std::string& error, const std::vector<StepStats>& steps) {
    const QString folder = QDir::toNativeSeparators(runFolder_);
    const QString kept = lastSaved_ > 0 ? tr("%1 keeps epoch %2, as it was saved.").arg(folder).arg(lastSaved_)
                                        : tr("Nothing was saved in %1.").arg(folder);
    const QString message =
        tr("Cannot save the run: %1. Training stopped after epoch %2; the model is kept in memory, so you can "
           "save it elsewhere (Save model as…). %3")
            .arg(QString::fromStdString(error))
            .arg(trainer_->epoch())
            .arg(kept);
    auto run = std::make_shared<KeptRun>();
    run->trainer = std::move(trainer_);
    run->epochs = config_.train.epochs;
    run->steps = QVector<StepStats>(steps.begin(), steps.end());
    Q_EMIT runKept(message, run);
}

}  // namespace latentlab
