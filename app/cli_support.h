#pragma once

// What the CLI's commands share: loading a data set with progress on
// stderr, checking it fits a model, turning failures into one line and an
// exit status, and Ctrl+C.

#include "app/tensor_frames.h"
#include "model/dataset.h"
#include "model/image_export.h"
#include "model/error.h"
#include "model/run_config.h"
#include "model/trainer.h"

#include <c10/util/Exception.h>

#include <QString>
#include <QVector>

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

// The model line: what is trained, how, where.
void printModel(const Trainer& trainer);

// Trains up to `epochs`, saving the run folder `out` as the window does after
// every epoch (so the window opens CLI runs with their step curves). `steps`:
// the reports of the epochs done before. Returns the exit status.
int trainEpochs(Trainer& trainer, const Dataset& data, int64_t epochs, const std::string& out,
                QVector<StepStats> steps = {});

// Creates `folder` (and its parents); returns its absolute path. Throws latentlab::Error.
std::string makeFolder(const QString& folder);

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
