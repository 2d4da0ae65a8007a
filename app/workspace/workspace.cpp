#include "app/workspace/workspace.h"

#include "app/workspace/comparison_controller.h"
#include "app/workspace/dataset_loader.h"
#include "app/workspace/run_session.h"
#include "app/workspace/training_thread.h"

namespace latentlab {

Workspace::Workspace(QObject* parent)
    : QObject(parent),
      thread_(new TrainingThread(this)),
      loader_(new DatasetLoader(this)),
      session_(new RunSession(thread_, this)),
      comparisons_(new ComparisonController(thread_, this)) {
    connect(loader_, &DatasetLoader::loaded, this, [this](const LoadedDataset& dataset) {
        dataset_ = dataset;
        spec_ = pendingSpec_;
        session_->setDataset(dataset_);
        Q_EMIT datasetChanged(spec_);
    });
    connect(thread_, &TrainingThread::started, this, &Workspace::trainingChanged);
    connect(thread_, &TrainingThread::finished, this, &Workspace::trainingChanged);
}

Workspace::~Workspace() {
    // Before the session and the comparisons go, so no worker outlives them.
    thread_->stopAndWait();
}

void Workspace::load(const QString& spec, int size, int channels) {
    pendingSpec_ = spec;
    loader_->load(spec, size, channels);
}

void Workspace::cancelLoad() { loader_->cancel(); }

bool Workspace::isLoading() const { return loader_->isLoading(); }

bool Workspace::startComparison(const ComparisonRequest& request, QString* problem) {
    return comparisons_->start(dataset_, request, problem);
}

bool Workspace::isTraining() const { return thread_->isBusy(); }

QString Workspace::trainingBusyReason() const { return thread_->busyReason(); }

}  // namespace latentlab
