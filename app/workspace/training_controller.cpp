#include "app/workspace/training_controller.h"

#include "app/workspace/training_thread.h"
#include "app/workspace/training_worker.h"

#include "model/train/run_control.h"

#include "model/base/error.h"

#include <exception>

namespace latentlab {

TrainingController::TrainingController(QObject* parent)
    : TrainingController(new TrainingThread(nullptr), parent) {
    thread_->setParent(this);
}

TrainingController::TrainingController(TrainingThread* thread, QObject* parent) : QObject(parent), thread_(thread) {
    registerTrainingMetaTypes();
    qRegisterMetaType<SnapshotHandle>();
    qRegisterMetaType<KeptRunHandle>();
    connect(thread_, &TrainingThread::finished, this, &TrainingController::onThreadFinished);
}

TrainingController::~TrainingController() {
    if (running_ && thread_) thread_->stopAndWait();
    if (saver_) saver_->wait();
}

RunControl* TrainingController::control() const { return running_ && thread_ ? thread_->control() : nullptr; }

bool TrainingController::start(const LoadedDataset& dataset, const RunConfig& config, const QString& runFolder,
                               QString* problem) {
    return launch(dataset, config, runFolder, false, problem);
}

bool TrainingController::continueRun(const LoadedDataset& dataset, const RunConfig& config,
                                     const QString& runFolder, QString* problem) {
    return launch(dataset, config, runFolder, true, problem);
}

bool TrainingController::launch(const LoadedDataset& dataset, const RunConfig& config, const QString& runFolder,
                                bool continueRun, QString* problem) {
    QString why;
    if (running_ || !thread_) why = tr("A run is training; stop it first.");
    else if (thread_->isBusy()) why = thread_->busyReason();
    else if (dataset.isEmpty()) why = tr("Open a data set first (the Data Set tab).");
    else if (saver_) why = tr("The stopped run's model is being saved; wait for it.");
    if (!why.isEmpty()) {
        if (problem) *problem = why;
        return false;
    }
    const std::shared_ptr<RunControl> control = thread_->reserve();
    keptRun_.reset();  // a new run: the stopped one's model is let go
    // No parent: it moves to the thread.
    auto* worker = new TrainingWorker(dataset.sharedDataset(), config, runFolder, control, continueRun);
    connect(worker, &TrainingWorker::stepReported, this, &TrainingController::stepReported);
    connect(worker, &TrainingWorker::epochFinished, this, &TrainingController::epochFinished);
    connect(worker, &TrainingWorker::previewsReady, this, &TrainingController::previewsReady);
    connect(worker, &TrainingWorker::settingChanged, this, &TrainingController::settingChanged);
    connect(worker, &TrainingWorker::deviceChosen, this, &TrainingController::deviceChosen);
    connect(worker, &TrainingWorker::snapshotPublished, this, &TrainingController::snapshotPublished);
    connect(worker, &TrainingWorker::paused, this, &TrainingController::paused);
    connect(worker, &TrainingWorker::resumed, this, &TrainingController::resumed);
    connect(worker, &TrainingWorker::failed, this, &TrainingController::failed);
    connect(worker, &TrainingWorker::runKept, this, [this](const QString& message, const KeptRunHandle& run) {
        keptRun_ = run;
        Q_EMIT runKept(message);
    });
    running_ = true;
    paused_ = false;
    work_ = thread_->start(worker, tr("A run is training in the Training tab; stop it first."));
    return true;
}

void TrainingController::pause() {
    if (!running_ || paused_) return;
    paused_ = true;
    if (RunControl* run = control()) run->setPaused(true);
}

void TrainingController::resume() {
    if (!running_ || !paused_) return;
    paused_ = false;
    if (RunControl* run = control()) run->setPaused(false);
}

void TrainingController::stop() {
    if (RunControl* run = control()) run->requestStop();
}

void TrainingController::setBeta(double beta) {
    if (RunControl* run = control()) run->requestBeta(beta);
}

void TrainingController::setLearningRate(double learningRate) {
    if (RunControl* run = control()) run->requestLearningRate(learningRate);
}

void TrainingController::requestSnapshot() {
    if (RunControl* run = control()) run->requestSnapshot();
}

bool TrainingController::saveKeptRunAs(const QString& folder) {
    if (!keptRun_ || running_ || saver_) return false;
    // The GUI thread never touches the model: the save runs on its own thread.
    const KeptRunHandle run = keptRun_;
    saver_ = QThread::create([this, run, folder] {
        QString error;
        try {
            saveKeptRun(*run, folder);
        } catch (...) {
            error = QString::fromStdString(user_message(std::current_exception(), "saving the model"));
        }
        QMetaObject::invokeMethod(this, [this, folder, error] {
            saver_->wait();
            saver_->deleteLater();
            saver_ = nullptr;
            if (error.isEmpty())
                Q_EMIT keptRunSaved(folder);
            else
                Q_EMIT keptRunSaveFailed(error);
        }, Qt::QueuedConnection);
    });
    saver_->setParent(this);
    saver_->start();
    return true;
}

void TrainingController::onThreadFinished(quint64 work) {
    if (!running_ || work != work_) return;  // a comparison's work ended
    running_ = false;
    paused_ = false;
    Q_EMIT finished();
}

}  // namespace latentlab
