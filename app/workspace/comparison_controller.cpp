#include "app/workspace/comparison_controller.h"

#include "app/workspace/comparison_worker.h"
#include "app/workspace/training_thread.h"

#include "model/train/run_control.h"

namespace latentlab {

ComparisonController::ComparisonController(TrainingThread* thread, QObject* parent)
    : QObject(parent), thread_(thread) {
    registerTrainingMetaTypes();
    qRegisterMetaType<ComparisonPlan>();
    qRegisterMetaType<ComparisonRow>();
    connect(thread_, &TrainingThread::finished, this, &ComparisonController::onThreadFinished);
}

ComparisonController::~ComparisonController() {
    if (running_ && thread_) thread_->stopAndWait();
}

bool ComparisonController::start(const LoadedDataset& dataset, const ComparisonRequest& request, QString* problem) {
    QString why;
    if (running_ || !thread_) why = tr("A comparison is training; stop it first.");
    else if (thread_->isBusy()) why = thread_->busyReason();
    else if (dataset.isEmpty()) why = tr("Open a data set first (the Data Set tab).");
    if (!why.isEmpty()) {
        if (problem) *problem = why;
        return false;
    }
    const std::shared_ptr<RunControl> control = thread_->reserve();
    // No parent: it moves to the thread.
    auto* worker = new ComparisonWorker(dataset.sharedDataset(), request, control);
    connect(worker, &ComparisonWorker::planned, this, &ComparisonController::planned);
    connect(worker, &ComparisonWorker::runStarted, this, &ComparisonController::runStarted);
    connect(worker, &ComparisonWorker::stepReported, this, &ComparisonController::stepReported);
    connect(worker, &ComparisonWorker::epochFinished, this, &ComparisonController::epochFinished);
    connect(worker, &ComparisonWorker::measuring, this, &ComparisonController::measuring);
    connect(worker, &ComparisonWorker::rowReady, this, &ComparisonController::rowReady);
    connect(worker, &ComparisonWorker::failed, this, &ComparisonController::failed);
    running_ = true;
    work_ = thread_->start(worker, tr("A decoder comparison is training (Compare tab); stop it first."));
    return true;
}

void ComparisonController::stop() {
    if (running_ && thread_ && thread_->control()) thread_->control()->requestStop();
}

void ComparisonController::onThreadFinished(quint64 work) {
    if (!running_ || work != work_) return;  // a run of the Training tab ended
    running_ = false;
    Q_EMIT finished();
}

}  // namespace latentlab
