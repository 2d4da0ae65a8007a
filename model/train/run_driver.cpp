#include "model/train/run_driver.h"

#include "model/base/error.h"
#include "model/data/dataset.h"
#include "model/train/trainer.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace latentlab {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

RunDriver::RunDriver(Trainer& trainer, const Dataset& data, RunControl& control, std::vector<StepStats> reports)
    : trainer_(trainer), data_(data), control_(control), reports_(std::move(reports)) {}

RunOutcome RunDriver::run(int64_t epochs, const RunHooks& hooks) {
    RunOutcome outcome;
    // Settings asked for before the first step (or differing from a continued
    // run's checkpoint) apply before it.
    apply_requested_settings(hooks);
    since_report_ = std::chrono::steady_clock::now();
    active_seconds_ = 0.0;
    images_since_report_ = 0;
    // Called after every step (interval 1) so that a pause, a stop and a new
    // beta or learning rate act within one step; reports go out less often.
    const StepCallback on_step = [this, &hooks](const StepStats& stats) { after_step(stats, hooks); };
    while (trainer_.epoch() < epochs) {
        const std::optional<EpochStats> stats = trainer_.train_epoch(data_, on_step, 1, control_.stopFlag());
        if (!stats) {
            // The epoch does not count; the run folder holds the last finished one.
            outcome.end = RunEnd::Stopped;
            outcome.stopped_epoch = trainer_.epoch() + 1;
            return outcome;
        }
        try {
            if (hooks.save) hooks.save(trainer_, epochs, reports_);
        } catch (const Error& e) {
            // A full disk or a folder gone read-only: the epoch is trained and
            // shown, the model stays in the trainer, the folder as it was.
            outcome.end = RunEnd::NotSaved;
            outcome.save_error = e.what();
            if (hooks.epoch_finished) hooks.epoch_finished(*stats);
            return outcome;
        }
        outcome.saved_epoch = trainer_.epoch();
        if (hooks.epoch_finished) hooks.epoch_finished(*stats);
    }
    return outcome;
}

void RunDriver::after_step(const StepStats& stats, const RunHooks& hooks) {
    images_since_report_ += stats.images;  // the driver asks for every step
    if (stats.step % kReportInterval == 0 || stats.step_in_epoch == stats.steps_per_epoch) {
        // The trainer's rate covers one step; a report's covers the steps since the last one.
        StepStats report = stats;
        const double seconds = active_seconds_ + seconds_since(since_report_);
        report.images_per_second = static_cast<double>(images_since_report_) / std::max(seconds, 1e-9);
        reports_.push_back(report);
        if (hooks.step_reported) hooks.step_reported(report);
        since_report_ = std::chrono::steady_clock::now();
        active_seconds_ = 0.0;
        images_since_report_ = 0;
    }
    if (control_.pauseRequested() && !control_.stopRequested()) {
        active_seconds_ += seconds_since(since_report_);
        if (hooks.paused) hooks.paused();
        control_.waitWhilePaused();
        since_report_ = std::chrono::steady_clock::now();
        if (!control_.stopRequested() && hooks.resumed) hooks.resumed();
    }
    // Between two steps: the next step trains with the new values (a change
    // made during a pause applies as the run goes on).
    apply_requested_settings(hooks);
    if (hooks.between_steps) hooks.between_steps();
}

void RunDriver::apply_requested_settings(const RunHooks& hooks) {
    if (const std::optional<double> beta = control_.takeBeta(); beta && *beta != trainer_.config().train.beta) {
        trainer_.set_beta(*beta);
        if (hooks.setting_changed) hooks.setting_changed(trainer_.setting_changes().back());
    }
    if (const std::optional<double> rate = control_.takeLearningRate();
        rate && *rate != trainer_.config().train.learning_rate) {
        trainer_.set_learning_rate(*rate);
        if (hooks.setting_changed) hooks.setting_changed(trainer_.setting_changes().back());
    }
}

}  // namespace latentlab
