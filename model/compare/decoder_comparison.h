#pragma once

// The decoder comparison, once: matched runs trained one after another
// through the run driver, each measured (model/measure/run_metrics.h) and
// drawn (comparison_pictures.h) on the same test images and prior draws.
// `latentlab-cli compare` and the window's Compare tab both run it; each adds
// through hooks what is its own (where folders go, printing or signals, the
// table and report they write).

#include "model/base/run_config.h"
#include "model/base/training_stats.h"
#include "model/compare/decoder_choice.h"
#include "model/compare/matched_runs.h"
#include "model/measure/run_metrics.h"
#include "model/train/run_driver.h"

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace latentlab {

struct Dataset;

// One run of a comparison, trained, measured and drawn.
struct ComparedRun {
    int index = 0;            // 0-based
    std::string label;        // decoder_label: "bernoulli", "gaussian σ=1", ...
    std::string folder_name;  // decoder_folder_name: "1-bernoulli", ...
    RunConfig config;
    RunMetrics metrics;
    std::vector<EpochStats> history;
    // Its batches (rows and z noise) hash to the first run's: the runs are matched.
    bool same_batches_as_first = true;
    // [N, C, H, W] in [0, 1] on the CPU: the test images shown (the same for
    // every run), E[x|z] at z = E[z|x], a draw of p(x|z) at that z, and E[x|z]
    // of the same prior draws of z for every run.
    torch::Tensor originals;
    torch::Tensor reconstructions;
    torch::Tensor samples;
    torch::Tensor prior;
};

struct ComparisonHooks {
    // Run `index`'s trainer is made, before it trains (the CLI prints its model).
    std::function<void(int index, const Trainer& trainer)> run_started;
    // The run driver's hooks of run `index` (its folder's save, its reports).
    std::function<RunHooks(int index)> run_hooks;
    // Importance sampling of run `index`: percent done.
    std::function<void(int index, int percent)> measuring;
    // Run `index` trained, measured and drawn.
    std::function<void(const ComparedRun& run)> run_measured;
};

// How a comparison ended: every run measured, or run `run` ended early, as
// its driver's outcome says (stopped, or its folder could not be written).
struct ComparisonOutcome {
    int run = 0;
    RunOutcome outcome;
    bool complete() const { return outcome.end == RunEnd::Finished; }
};

class DecoderComparison {
public:
    // Images shown per run in the pictures.
    static constexpr int64_t kShownImages = 8;

    // `decoders` as `latentlab-cli compare --decoders` takes them. Throws
    // Error for a list that cannot be read.
    DecoderComparison(const RunConfig& base, const Dataset& data, const std::string& decoders, int64_t iw_samples);

    int size() const { return runs_.size(); }
    std::string label(int index) const;
    std::string folder_name(int index) const;

    // Trains, measures and draws every run in turn. A stop (`control`) ends
    // the run under way, which keeps its last saved epoch, and the comparison
    // with it; so does a folder that cannot be written. Throws NonFiniteLoss
    // when a run diverges, Error when the estimate of log p(x) is stopped.
    ComparisonOutcome run(RunControl& control, const ComparisonHooks& hooks);

private:
    RunConfig base_;
    const Dataset& data_;
    int64_t iw_samples_;
    MatchedRuns runs_;
};

}  // namespace latentlab
