#pragma once

// What the CLI's commands share: loading a data set with progress on
// stderr, checking it fits a model, turning failures into one line and an
// exit status, and Ctrl+C.

#include "model/dataset.h"
#include "model/error.h"
#include "model/run_config.h"
#include "model/trainer.h"

#include <c10/util/Exception.h>

#include <atomic>
#include <cstdio>

namespace latentlab {

// Set by Ctrl+C (SIGINT) and SIGTERM once stopOnSignals() has been called.
extern std::atomic<bool> g_stopRequested;
void stopOnSignals();

// Loads `config`'s data set, printing progress and skipped files to stderr
// and a summary line to stdout. Throws latentlab::Error.
Dataset loadCliDataset(const DataConfig& config);

// Throws latentlab::Error when the data's images are not the model's shape.
void checkImageShape(const Dataset& data, const VaeConfig& model);

// Runs `work` (returning an exit status); any exception becomes one line on
// stderr and status 1.
template <typename Work>
int reportingErrors(Work work) {
    try {
        return work();
    } catch (const NonFiniteLoss& e) {
        std::fprintf(stderr, "latentlab-cli: %s; the checkpoint holds the last finished epoch\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "latentlab-cli: %s\n", user_message(std::current_exception(), "running").c_str());
    }
    return 1;
}

}  // namespace latentlab
