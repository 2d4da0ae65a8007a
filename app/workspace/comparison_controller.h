#pragma once

// Decoder comparisons on the training thread. Included by ui/, so free of
// LibTorch.

#include "app/workspace/comparison_signals.h"
#include "app/workspace/loaded_dataset.h"
#include "app/workspace/training_signals.h"

#include <QObject>
#include <QPointer>
#include <QString>

namespace latentlab {

class TrainingThread;

// Trains the matched runs of a decoder comparison one after another on the
// training thread (ComparisonWorker), which it shares with the Training tab's
// runs: a comparison waits while a run trains, and the other way round.
class ComparisonController : public QObject {
    Q_OBJECT

public:
    ComparisonController(TrainingThread* thread, QObject* parent);
    // Stops a running comparison and waits for it.
    ~ComparisonController() override;

    // False, and nothing starts, while the training thread is busy or for an
    // empty data set; `problem`, when given, says why.
    bool start(const LoadedDataset& dataset, const ComparisonRequest& request, QString* problem = nullptr);
    // The run in progress is abandoned (its folder keeps its last finished
    // epoch) and the comparison with it; finished() follows.
    void stop();
    // True from start() until finished().
    bool isRunning() const { return running_; }

Q_SIGNALS:
    // Run `index` is 0-based.
    void planned(latentlab::ComparisonPlan plan);
    void runStarted(int index);
    void stepReported(int index, latentlab::StepStats step);
    void epochFinished(int index, latentlab::EpochStats epoch);
    void measuring(int index, int percent);
    void rowReady(latentlab::ComparisonRow row);
    // A setting, a file or a run that failed. finished() follows.
    void failed(QString message);
    // The comparison has ended: finished, stopped or failed.
    void finished();

private:
    void onThreadFinished(quint64 work);

    QPointer<TrainingThread> thread_;
    bool running_ = false;
    quint64 work_ = 0;  // the thread's number of this controller's work
};

}  // namespace latentlab
