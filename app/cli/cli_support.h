#pragma once

// What the CLI's commands share: loading a data set with progress on
// stderr, checking it fits a model, turning failures into one line and an
// exit status, and Ctrl+C.

#include "app/inference/tensor_frames.h"
#include "model/base/error.h"
#include "model/base/run_config.h"
#include "model/data/dataset.h"
#include "model/data/image_export.h"
#include "model/train/run_driver.h"
#include "model/train/trainer.h"

#include <c10/util/Exception.h>

#include <QString>
#include <QVector>

#include <atomic>
#include <cstdio>

namespace latentlab {

class RunFolder;

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

// Trains up to `epochs` through the run driver, saving the run folder `out`
// as the window does after every epoch (so the window opens CLI runs with
// their step curves). `steps`: the reports of the epochs done before. Returns
// the exit status.
int trainEpochs(Trainer& trainer, const Dataset& data, int64_t epochs, const std::string& out,
                QVector<StepStats> steps = {});

// The CLI's part of a run, for trainEpochs and compare: before the first
// epoch, config.json and the folder cleaned of a killed writer's temporaries;
// the driver's hooks (the folder saved and each epoch printed after every
// epoch; SIGINT and SIGTERM, once stopOnSignals() is on, passed to `control`
// between two steps); and what a stopped run prints.
void startRunFolder(const Trainer& trainer, int64_t epochs, const RunFolder& folder);
RunHooks cliRunHooks(const RunFolder& folder, int64_t epochs, RunControl& control);
// What a run that ended early prints (stopped, or its folder unwritable);
// `startEpoch`: the epoch the folder held when the run started.
void reportUnfinished(const RunOutcome& outcome, const std::string& out, int64_t startEpoch);

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
