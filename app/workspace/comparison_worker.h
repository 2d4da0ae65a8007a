#pragma once

// The object that trains a decoder comparison on the training thread
// (TrainingThread), started by ComparisonController. Free of LibTorch.

#include "app/workspace/comparison_signals.h"
#include "app/workspace/training_signals.h"
#include "app/workspace/training_thread.h"

#include <QObject>
#include <QString>

#include <memory>

namespace latentlab {

struct Dataset;
class RunControl;

// Runs the decoder comparison (model/compare/decoder_comparison.h), each into its own run folder under the request's folder,
// as `latentlab-cli compare` does; after each run measures its row
// (run_metrics), draws its pictures and rewrites table.csv. A stop ends the
// run in progress (its folder keeps the last finished epoch) and the
// comparison with it.
class ComparisonWorker : public ThreadWork {
    Q_OBJECT

public:
    ComparisonWorker(std::shared_ptr<const Dataset> data, ComparisonRequest request,
                     std::shared_ptr<RunControl> control);

    // Runs the whole comparison, then emits done().
    void run() override;


Q_SIGNALS:
    void planned(latentlab::ComparisonPlan plan);
    // Run `index` (0-based) starts training.
    void runStarted(int index);
    void stepReported(int index, latentlab::StepStats step);
    void epochFinished(int index, latentlab::EpochStats epoch);
    // Importance sampling of run `index`: percent done.
    void measuring(int index, int percent);
    void rowReady(latentlab::ComparisonRow row);
    void failed(QString message);

private:
    void compare();

    std::shared_ptr<const Dataset> data_;
    ComparisonRequest request_;
    std::shared_ptr<RunControl> control_;
};

}  // namespace latentlab
