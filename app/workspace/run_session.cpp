#include "app/workspace/run_session.h"

#include "app/inference/inference_service.h"
#include "app/runs/run_loader.h"
#include "app/workspace/training_controller.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

namespace latentlab {

namespace {

// A file-name-safe word for a data set: its folder's name, lower case.
QString datasetSlug(const QString& name) {
    QString slug = QFileInfo(QDir::cleanPath(name)).fileName().toLower();
    slug.replace(QRegularExpression(QStringLiteral("[^a-z0-9._-]+")), QStringLiteral("-"));
    slug.remove(QRegularExpression(QStringLiteral("^[-.]+|-+$")));
    return slug.isEmpty() ? QStringLiteral("data") : slug.left(40);
}

}  // namespace

RunSession::RunSession(QObject* parent) : RunSession(nullptr, parent) {}

RunSession::RunSession(TrainingThread* thread, QObject* parent)
    : QObject(parent),
      controller_(thread ? new TrainingController(thread, this) : new TrainingController(this)),
      runLoader_(new RunLoader(this)),
      inference_(new InferenceService(this)) {
    connect(controller_, &TrainingController::snapshotPublished, inference_, &InferenceService::setSnapshot);
    connect(inference_, &InferenceService::fresherWeightsWanted, controller_, &TrainingController::requestSnapshot);
    connect(controller_, &TrainingController::stepReported, this, &RunSession::onStep);
    connect(controller_, &TrainingController::epochFinished, this, &RunSession::onEpoch);
    connect(controller_, &TrainingController::previewsReady, this, &RunSession::previewsReady);
    connect(controller_, &TrainingController::settingChanged, this, &RunSession::settingChanged);
    connect(controller_, &TrainingController::deviceChosen, this, [this](const QString& notice) {
        deviceNotice_ = notice;
        Q_EMIT stateChanged();
    });
    connect(controller_, &TrainingController::paused, this, [this] {
        Q_EMIT paused();
        Q_EMIT stateChanged();
    });
    connect(controller_, &TrainingController::resumed, this, [this] {
        Q_EMIT resumed();
        Q_EMIT stateChanged();
    });
    connect(controller_, &TrainingController::failed, this, [this](const QString& message) {
        runFailed_ = true;
        Q_EMIT failed(message);
    });
    connect(controller_, &TrainingController::runKept, this, [this](const QString& message) {
        runFailed_ = true;
        Q_EMIT runKept(message);
    });
    connect(controller_, &TrainingController::keptRunSaved, this, &RunSession::keptRunSaved);
    connect(controller_, &TrainingController::keptRunSaveFailed, this, &RunSession::keptRunSaveFailed);
    connect(controller_, &TrainingController::finished, this, &RunSession::onFinished);
    connect(runLoader_, &RunLoader::opened, this, &RunSession::onRunOpened);
    connect(runLoader_, &RunLoader::previewsReady, this, &RunSession::onRunPreviews);
    connect(runLoader_, &RunLoader::failed, this, [this](const QString& message) {
        const QString folder = openingFolder_;
        openingFolder_.clear();
        if (!folder.isEmpty()) Q_EMIT runOpenFailed(folder, message);
        Q_EMIT stateChanged();
    });
}

RunSession::~RunSession() = default;

bool RunSession::hasKeptRun() const { return controller_->hasKeptRun(); }

bool RunSession::saveKeptRunAs(const QString& folder) { return controller_->saveKeptRunAs(folder); }

QString RunSession::runsRoot() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/runs");
}

QString RunSession::newRunFolder(const QString& root, const RunConfig& config, const QString& datasetName,
                                 const QDateTime& now) {
    const QString model = QStringLiteral("%1-%2").arg(
        config.model.architecture == Architecture::Conv ? QStringLiteral("conv") : QStringLiteral("mlp"),
        config.model.kind == ModelKind::Autoencoder ? QStringLiteral("ae")
                                                    : QString::fromStdString(to_string(config.model.likelihood)));
    const QString name = QStringLiteral("%1_%2_%3")
                             .arg(now.toString(QStringLiteral("yyyy-MM-dd_HHmm")), datasetSlug(datasetName), model);
    const QDir runs(root);
    QString folder = runs.filePath(name);
    for (int i = 2; QFileInfo::exists(folder); ++i) folder = runs.filePath(QStringLiteral("%1_%2").arg(name).arg(i));
    return folder;
}

void RunSession::setDataset(const LoadedDataset& dataset) {
    dataset_ = dataset;
    reconcile();
    if (previewsPending_ && datasetMatchesRun()) requestRunPreviews();
    updateInference();
    Q_EMIT stateChanged();
}

// The shown run and the loaded data set belong together: once nothing is
// busy, a run of another data set is left (unless it waits for its own).
void RunSession::reconcile() {
    const bool busy = isRunning() || isOpening();
    if (!busy && hasRun() && !datasetMatchesRun() && !previewsPending_) leaveRun();
}

// The views read the run's own data set; none while another is loaded.
void RunSession::updateInference() {
    inference_->setDataset(datasetMatchesRun() ? dataset_ : LoadedDataset());
    inference_->setTrainingActive(isRunning());
}

bool RunSession::datasetMatchesRun() const {
    return !dataset_.isEmpty() && dataset_.name() == QString::fromStdString(runConfig_.data.spec) &&
           dataset_.width() == runConfig_.model.width && dataset_.height() == runConfig_.model.height &&
           dataset_.channels() == runConfig_.model.channels;
}

QString RunSession::runDatasetName() const { return datasetDisplayName(QString::fromStdString(runConfig_.data.spec)); }

bool RunSession::start(const RunConfig& asked, QString* problem) {
    const auto refuse = [problem](const QString& why) {
        if (problem) *problem = why;
        return false;
    };
    if (isRunning()) return refuse(tr("A run is already training."));
    if (isOpening()) return refuse(tr("A run is being opened."));
    if (dataset_.isEmpty()) return refuse(tr("Load a data set first."));
    if (continuing_ && !datasetMatchesRun())
        return refuse(tr("This run trained on %1 (%2 × %3 × %4); load that data set to continue it.")
                          .arg(runDatasetName())
                          .arg(runConfig_.model.width)
                          .arg(runConfig_.model.height)
                          .arg(runConfig_.model.channels));
    if (continuing_ && asked.train.epochs <= epochsDone_)
        return refuse(tr("The run has done its %1 epochs; raise Epochs to train it further.").arg(epochsDone_));

    RunConfig config;
    QString folder;
    if (continuing_) {
        config = continued_config(runConfig_, asked);
        folder = runFolder_;
    } else {
        config = asked;
        config.data.spec = dataset_.name().toStdString();
        folder = newRunFolder(runsRoot(), config, dataset_.name(), QDateTime::currentDateTime());
    }
    QString why;
    const bool started = continuing_ ? controller_->continueRun(dataset_, config, folder, &why)
                                     : controller_->start(dataset_, config, folder, &why);
    if (!started) return refuse(why.isEmpty() ? tr("The run could not start.") : why);

    if (!continuing_) {
        epochsDone_ = 0;
        savedStep_ = 0;
        lastStep_ = 0;
    }
    // The worker shapes the model by the images and names their data set.
    config.model.channels = dataset_.channels();
    config.model.height = dataset_.height();
    config.model.width = dataset_.width();
    config.data.spec = dataset_.name().toStdString();
    runConfig_ = config;
    runFolder_ = folder;
    previewsPending_ = false;
    stopRequested_ = false;
    runFailed_ = false;
    deviceNotice_.clear();
    // A new run's views wait for its first epoch; a continued one keeps its model.
    if (!continuing_) inference_->setSnapshot(nullptr);
    updateInference();
    Q_EMIT runStarted(folder);
    Q_EMIT stateChanged();
    return true;
}

void RunSession::togglePause() {
    if (!isRunning() || stopRequested_) return;
    if (controller_->isPaused())
        controller_->resume();
    else
        controller_->pause();
    Q_EMIT stateChanged();
}

void RunSession::stop() {
    if (!isRunning() || stopRequested_) return;
    stopRequested_ = true;
    controller_->stop();
    Q_EMIT stateChanged();
}

void RunSession::setBeta(double beta) { controller_->setBeta(beta); }
void RunSession::setLearningRate(double learningRate) { controller_->setLearningRate(learningRate); }

void RunSession::open(const QString& folder) {
    if (isRunning()) return;
    openingFolder_ = folder;
    runLoader_->open(folder);
    Q_EMIT stateChanged();
}

void RunSession::leaveRun() {
    if (isRunning()) return;
    const bool had = hasRun();
    continuing_ = false;
    previewsPending_ = false;
    runFolder_.clear();
    runConfig_ = RunConfig();
    deviceNotice_.clear();
    epochsDone_ = 0;
    savedStep_ = 0;
    lastStep_ = 0;
    inference_->setSnapshot(nullptr);
    updateInference();
    if (had) Q_EMIT runLeft();
    Q_EMIT stateChanged();
}

bool RunSession::isRunning() const { return controller_->isRunning(); }
bool RunSession::isPaused() const { return controller_->isPaused(); }
bool RunSession::isOpening() const { return !openingFolder_.isEmpty() || runLoader_->isBusy(); }

void RunSession::onStep(const StepStats& step) {
    lastStep_ = step.step;
    Q_EMIT stepReported(step);
}

void RunSession::onEpoch(const EpochStats& epoch) {
    epochsDone_ = epoch.epoch;
    savedStep_ = lastStep_;
    Q_EMIT epochFinished(epoch);
}

void RunSession::onFinished() {
    stopRequested_ = false;
    // Nothing was saved, so there is no run to show (the view keeps saying why).
    if (epochsDone_ == 0 && !continuing_) {
        runFolder_.clear();
        inference_->setSnapshot(nullptr);
    }
    // The data set may have changed while the run was stopping.
    reconcile();
    updateInference();
    Q_EMIT finished();
    Q_EMIT stateChanged();
}

void RunSession::onRunOpened(const LoadedRun& run) {
    openingFolder_.clear();
    continuing_ = true;
    runFolder_ = run.folder;
    runConfig_ = run.config;
    deviceNotice_ = run.deviceNotice;
    epochsDone_ = run.epochs.size();
    savedStep_ = run.step;
    lastStep_ = run.step;
    previewsPending_ = true;
    inference_->setSnapshot(run.snapshot);
    updateInference();
    Q_EMIT runOpened(run);
    if (datasetMatchesRun()) {
        requestRunPreviews();
    } else {
        Q_EMIT datasetNeeded(QString::fromStdString(run.config.data.spec), static_cast<int>(run.config.data.size),
                             static_cast<int>(run.config.data.channels));
    }
    Q_EMIT stateChanged();
}

void RunSession::requestRunPreviews() {
    previewsPending_ = false;
    runLoader_->makePreviews(runFolder_, dataset_);
}

void RunSession::onRunPreviews(const QString& folder, const PreviewImages& previews) {
    // A run started since shows its own.
    if (folder == runFolder_ && !isRunning()) Q_EMIT previewsReady(previews);
    Q_EMIT stateChanged();
}

}  // namespace latentlab
