#pragma once

// The one epoch loop. The window's training thread, the decoder comparison and
// the CLI's train, resume and compare all run their epochs here; each adds
// what is its own through hooks (signals, printing, where the folder is).

#include "model/base/training_stats.h"
#include "model/train/run_control.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace latentlab {

struct Dataset;
class Trainer;

// What a caller adds to the loop. Every hook may be left empty.
struct RunHooks {
    // Writes the run folder after an epoch: checkpoint, config.json (saying
    // `epochs`, the length the run is meant to have), history.csv and the
    // step reports, each whole or not at all. Throws Error when it cannot.
    std::function<void(const Trainer& trainer, int64_t epochs, const std::vector<StepStats>& reports)> save;
    // A step report: every RunDriver::kReportInterval steps and at the end of
    // each epoch, its rate over the steps since the last report, pauses left out.
    std::function<void(const StepStats& report)> step_reported;
    // An epoch trained and, unless the outcome says otherwise, saved.
    std::function<void(const EpochStats& epoch)> epoch_finished;
    // A requested beta or learning rate has been applied.
    std::function<void(const SettingChange& change)> setting_changed;
    std::function<void()> paused;
    std::function<void()> resumed;
    // After every step, once the requests of the RunControl are honoured.
    std::function<void()> between_steps;
};

enum class RunEnd {
    Finished,  // all epochs trained and saved
    Stopped,   // stopped during an epoch, which does not count
    NotSaved,  // the run folder could not be written: training stopped, the model is in the trainer
};

struct RunOutcome {
    RunEnd end = RunEnd::Finished;
    int64_t saved_epoch = 0;    // the epoch the run folder holds; 0 when none was saved by this run
    int64_t stopped_epoch = 0;  // Stopped: the epoch that was under way
    std::string save_error;     // NotSaved: why
};

class RunDriver {
public:
    static constexpr int64_t kReportInterval = 10;

    // `reports`: the step reports of the epochs the trainer already has (a
    // continued run's), kept for the run folder's steps.csv.
    RunDriver(Trainer& trainer, const Dataset& data, RunControl& control, std::vector<StepStats> reports = {});

    // Trains until the trainer has `epochs` epochs, saving after each; stops
    // between two steps when asked (the stopped epoch does not count), and
    // applies requested beta and learning rate changes between two steps and
    // before the first. A non-finite loss throws NonFiniteLoss: the trainer
    // keeps its last finite step and the run folder its last saved epoch.
    RunOutcome run(int64_t epochs, const RunHooks& hooks);

    // Every step report of the run so far.
    const std::vector<StepStats>& reports() const { return reports_; }

private:
    void after_step(const StepStats& stats, const RunHooks& hooks);
    void apply_requested_settings(const RunHooks& hooks);

    Trainer& trainer_;
    const Dataset& data_;
    RunControl& control_;
    std::vector<StepStats> reports_;
    // Throughput since the last report, paused time left out.
    std::chrono::steady_clock::time_point since_report_;
    double active_seconds_ = 0.0;
    int64_t images_since_report_ = 0;
};

}  // namespace latentlab
