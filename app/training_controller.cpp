#include "app/training_controller.h"

#include "app/comparison_worker.h"
#include "app/training_worker.h"

#include "model/error.h"

#include <exception>

namespace latentlab {

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
    registerTrainingMetaTypes();
    qRegisterMetaType<SnapshotHandle>();
    qRegisterMetaType<KeptRunHandle>();
    qRegisterMetaType<ComparisonPlan>();
    qRegisterMetaType<ComparisonRow>();
    thread_.setObjectName(QStringLiteral("TrainingController"));
    // Emitted on the training thread as it ends; queued to this object.
    connect(&thread_, &QThread::finished, this, &TrainingController::onThreadFinished);
}

TrainingController::~TrainingController() {
    // The stop flag also wakes a paused worker, so the wait cannot hang on it.
    if (control_) control_->requestStop();
    thread_.quit();
    thread_.wait();
    if (saver_) saver_->wait();
}

bool TrainingController::start(const LoadedDataset& dataset, const RunConfig& config, const QString& runFolder) {
    return launch(dataset, config, runFolder, false);
}

bool TrainingController::continueRun(const LoadedDataset& dataset, const RunConfig& config,
                                     const QString& runFolder) {
    return launch(dataset, config, runFolder, true);
}

bool TrainingController::launch(const LoadedDataset& dataset, const RunConfig& config, const QString& runFolder,
                                bool continueRun) {
    if (!mayLaunch(dataset)) return false;
    // No parent: it moves to the thread.
    auto* worker = new TrainingWorker(dataset.sharedDataset(), config, runFolder, control_, continueRun);
    worker->moveToThread(&thread_);
    connect(&thread_, &QThread::started, worker, &TrainingWorker::run);
    connect(&thread_, &QThread::finished, worker, &QObject::deleteLater);
    // quit() is thread-safe; calling it from the training thread ends the
    // thread without a round trip through the GUI thread.
    connect(worker, &TrainingWorker::done, &thread_, &QThread::quit, Qt::DirectConnection);
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
    thread_.start();
    return true;
}

bool TrainingController::mayLaunch(const LoadedDataset& dataset) {
    if (running_ || dataset.isEmpty()) return false;
    // The previous run's thread has already emitted finished(); it may still
    // be returning from run(), and a running QThread cannot be started again.
    thread_.wait();

    if (saver_) return false;
    keptRun_.reset();  // a new run: the stopped one's model is let go
    control_ = std::make_shared<RunControl>();
    return true;
}

bool TrainingController::startComparison(const LoadedDataset& dataset, const ComparisonRequest& request) {
    if (!mayLaunch(dataset)) return false;
    // No parent: it moves to the thread, as a TrainingWorker does.
    auto* worker = new ComparisonWorker(dataset.sharedDataset(), request, control_);
    worker->moveToThread(&thread_);
    connect(&thread_, &QThread::started, worker, &ComparisonWorker::run);
    connect(&thread_, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &ComparisonWorker::done, &thread_, &QThread::quit, Qt::DirectConnection);
    connect(worker, &ComparisonWorker::planned, this, &TrainingController::comparisonPlanned);
    connect(worker, &ComparisonWorker::runStarted, this, &TrainingController::comparisonRunStarted);
    connect(worker, &ComparisonWorker::stepReported, this, &TrainingController::comparisonStepReported);
    connect(worker, &ComparisonWorker::epochFinished, this, &TrainingController::comparisonEpochFinished);
    connect(worker, &ComparisonWorker::measuring, this, &TrainingController::comparisonMeasuring);
    connect(worker, &ComparisonWorker::rowReady, this, &TrainingController::comparisonRowReady);
    connect(worker, &ComparisonWorker::failed, this, &TrainingController::failed);
    running_ = true;
    paused_ = false;
    thread_.start();
    return true;
}

void TrainingController::pause() {
    if (!running_ || paused_) return;
    paused_ = true;
    control_->setPaused(true);
}

void TrainingController::resume() {
    if (!running_ || !paused_) return;
    paused_ = false;
    control_->setPaused(false);
}

void TrainingController::stop() {
    if (running_) control_->requestStop();
}

void TrainingController::setBeta(double beta) {
    if (running_) control_->requestBeta(beta);
}

void TrainingController::setLearningRate(double learningRate) {
    if (running_) control_->requestLearningRate(learningRate);
}

void TrainingController::requestSnapshot() {
    if (running_) control_->requestSnapshot();
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

void TrainingController::onThreadFinished() {
    running_ = false;
    paused_ = false;
    Q_EMIT finished();
}

}  // namespace latentlab
