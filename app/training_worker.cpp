#include "app/training_worker.h"

#include "app/tensor_image.h"

#include "model/dataset.h"
#include "model/error.h"
#include "model/history.h"
#include "model/trainer.h"

#include <QDir>
#include <QSaveFile>

#include <algorithm>
#include <exception>
#include <new>

namespace latentlab {

namespace {

// The prior samples of every epoch decode the same z, drawn from this seed.
constexpr uint64_t kPreviewSeed = 20240601;

// uint8 [N, C, H, W] -> one Grayscale8 (C = 1) or RGB888 (C = 3) image each.
QVector<QImage> toImages(const torch::Tensor& images) {
    const torch::Tensor pixels = images.to(torch::kCPU, torch::kUInt8);
    QVector<QImage> result;
    result.reserve(static_cast<int>(pixels.size(0)));
    for (int64_t i = 0; i < pixels.size(0); ++i) result.append(imageFromPlanes(pixels[i]));
    return result;
}

// Floats in [0, 1] -> uint8, as the model's mean images are shown.
torch::Tensor toBytes(const torch::Tensor& unit) {
    return unit.detach().clamp(0.0, 1.0).mul(255.0).round().to(torch::kCPU, torch::kUInt8);
}

LossReport toReport(const LossTerms& loss) { return {loss.elbo, loss.recon, loss.kl}; }

// Written whole or not at all, like the checkpoint.
void writeText(const QString& path, const std::string& text) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) ||
        file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()) ||
        file.write("\n") != 1 || !file.commit())
        throw Error("cannot write " + path.toStdString() + ": " + file.errorString().toStdString());
}

}  // namespace

void RunControl::requestStop() {
    {
        // Under the mutex, so a worker about to wait cannot miss the wake-up.
        std::lock_guard<std::mutex> lock(mutex_);
        stop_.store(true);
    }
    wake_.notify_all();
}

void RunControl::setPaused(bool paused) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        paused_.store(paused);
    }
    wake_.notify_all();
}

void RunControl::waitWhilePaused() {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, [this] { return !paused_.load() || stop_.load(); });
}

TrainingWorker::TrainingWorker(std::shared_ptr<const Dataset> data, const RunConfig& config,
                               const QString& runFolder, std::shared_ptr<RunControl> control)
    : data_(std::move(data)), config_(config), runFolder_(runFolder), control_(std::move(control)) {
    // The model is shaped by the images it trains on, and config.json says
    // which data those were.
    config_.model.channels = data_->channels;
    config_.model.height = data_->height;
    config_.model.width = data_->width;
    config_.data.spec = data_->name;
    config_.data.size = data_->height;
    config_.data.channels = data_->channels;
}

// Out of line: Trainer is complete only here.
TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::run() {
    QString error;
    try {
        train();
    } catch (const NonFiniteLoss& e) {
        const int64_t saved = trainer_ ? trainer_->epoch() : 0;
        const QString kept = saved > 0 ? tr("The run folder keeps epoch %1, the last good one.").arg(saved)
                                       : tr("No epoch had finished, so nothing was saved.");
        QString what = QString::fromStdString(e.what());
        if (!what.isEmpty()) what[0] = what[0].toUpper();
        error = tr("%1. %2 A lower learning rate may help.").arg(what, kept);
    } catch (const Error& e) {
        error = QString::fromStdString(e.what());
    } catch (const c10::Error& e) {
        // what() would append a C++ backtrace, which means nothing to the user.
        error = tr("Unexpected error while training: %1").arg(QString::fromStdString(e.what_without_backtrace()));
    } catch (const std::bad_alloc&) {
        error = tr("Not enough memory to train. Try a smaller batch size or model.");
    } catch (const std::exception& e) {
        error = tr("Unexpected error while training: %1").arg(QString::fromStdString(e.what()));
    }
    if (!error.isEmpty()) Q_EMIT failed(error);
    Q_EMIT done();
}

void TrainingWorker::train() {
    if (!QDir().mkpath(runFolder_)) throw Error("cannot create the folder " + runFolder_.toStdString());
    trainer_ = std::make_unique<Trainer>(config_);

    sinceReport_.start();
    activeNsecs_ = 0;
    imagesSinceReport_ = 0;
    // Called after every step so that a pause acts within one step; reports
    // go out less often.
    const StepCallback onStep = [this](const StepStats& stats) { this->onStep(stats); };
    while (trainer_->epoch() < config_.train.epochs) {
        const std::optional<EpochStats> stats = trainer_->train_epoch(*data_, onStep, 1, control_->stopFlag());
        // Stopped: the epoch does not count, and the run folder already holds
        // the last finished one.
        if (!stats) return;
        saveRun();

        EpochReport report;
        report.epoch = stats->epoch;
        report.epochs = config_.train.epochs;
        report.train = toReport(stats->train);
        report.test = toReport(stats->test.loss);
        for (double kl : stats->test.kl_per_dim) report.klPerDim.append(kl);
        report.seconds = stats->seconds;
        report.imagesPerSecond = stats->images_per_second;
        Q_EMIT epochFinished(report);
        Q_EMIT previewsReady(makePreviews());
    }
}

void TrainingWorker::onStep(const StepStats& stats) {
    const int64_t batch = config_.train.batch_size;
    imagesSinceReport_ += std::min(batch, data_->train.size() - (stats.step_in_epoch - 1) * batch);

    if (stats.step % kStepReportInterval == 0 || stats.step_in_epoch == stats.steps_per_epoch) {
        StepReport report;
        report.epoch = stats.epoch;
        report.step = stats.step;
        report.stepInEpoch = stats.step_in_epoch;
        report.stepsPerEpoch = stats.steps_per_epoch;
        report.loss = toReport(stats.loss);
        report.beta = stats.beta;
        const double seconds = static_cast<double>(activeNsecs_ + sinceReport_.nsecsElapsed()) * 1e-9;
        report.imagesPerSecond = static_cast<double>(imagesSinceReport_) / std::max(seconds, 1e-9);
        Q_EMIT stepReported(report);
        sinceReport_.restart();
        activeNsecs_ = 0;
        imagesSinceReport_ = 0;
    }

    if (control_->pauseRequested() && !control_->stopRequested()) {
        activeNsecs_ += sinceReport_.nsecsElapsed();
        Q_EMIT paused();
        control_->waitWhilePaused();
        sinceReport_.restart();
        if (!control_->stopRequested()) Q_EMIT resumed();
    }
}

void TrainingWorker::saveRun() const {
    const QDir folder(runFolder_);
    write_history_csv(folder.filePath(QStringLiteral("history.csv")).toStdString(), trainer_->history());
    writeText(folder.filePath(QStringLiteral("config.json")), to_json(trainer_->config()));
    trainer_->save(folder.filePath(QStringLiteral("checkpoint.pt")).toStdString());
}

PreviewImages TrainingWorker::makePreviews() {
    torch::NoGradGuard noGrad;
    Vae& model = trainer_->model();
    const bool wasTraining = model->is_training();
    model->eval();
    const VaeConfig& shape = trainer_->config().model;
    const torch::Device& device = trainer_->device();

    PreviewImages previews;
    previews.epoch = trainer_->epoch();
    const int64_t count = std::min<int64_t>(kPreviewCount, data_->test.size());
    if (count > 0) {
        const torch::Tensor originals = data_->test.images.slice(0, 0, count);
        const torch::Tensor x = originals.to(device, torch::kFloat).div_(255.0);
        previews.originals = toImages(originals);
        previews.reconstructions = toImages(toBytes(model->reconstruct(x)));
    }
    // Not Vae::generate: that draws from the global generator, so its samples
    // would change from epoch to epoch for reasons other than the model.
    auto generator = at::detail::createCPUGenerator(kPreviewSeed);
    const torch::Tensor z = torch::randn({kPreviewCount, shape.latent}, generator).to(device);
    const torch::Tensor samples =
        model->likelihood().mean(model->decode(z)).view({-1, shape.channels, shape.height, shape.width});
    previews.samples = toImages(toBytes(samples));

    model->train(wasTraining);
    return previews;
}

}  // namespace latentlab
