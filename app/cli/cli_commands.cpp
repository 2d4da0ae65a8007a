#include "app/cli/cli_commands.h"

#include "app/cli/cli_support.h"
#include "app/runs/run_folder.h"

#include "model/base/error.h"
#include "model/base/input_limits.h"
#include "model/base/threads.h"
#include "model/data/data_shape.h"
#include "model/data/image_folder.h"
#include "model/measure/comparability.h"
#include "model/measure/factor_scores.h"
#include "model/measure/log_likelihood.h"
#include "model/measure/run_metrics.h"
#include "model/nn/dense.h"
#include "model/nn/dequantize.h"
#include "model/store/atomic_file.h"
#include "model/store/config_file.h"
#include "model/store/csv_writer.h"
#include "model/store/history.h"
#include "model/train/model_snapshot.h"
#include "model/train/run_driver.h"
#include "model/train/state_dict.h"
#include "model/train/trainer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>

namespace latentlab {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void printEpoch(const EpochStats& e, int64_t epochs) {
    std::printf(
        "epoch %3lld/%lld  train -ELBO %8.2f (-recon %8.2f + KL %6.2f)  test -ELBO %8.2f (-recon %8.2f + KL %6.2f)"
        "  %6.2f s  %7.0f img/s",
        static_cast<long long>(e.epoch), static_cast<long long>(epochs), -e.train.elbo, -e.train.recon, e.train.kl,
        -e.test.loss.elbo, -e.test.loss.recon, e.test.loss.kl, e.seconds, e.images_per_second);
    if (e.mig) std::printf("  MIG %.3f", *e.mig);
    std::printf("\n");
    std::fflush(stdout);
}


}  // namespace

void printModel(const Trainer& trainer) {
    const auto& config = trainer.config();
    if (!trainer.device_notice().empty()) std::fprintf(stderr, "%s\n", trainer.device_notice().c_str());
    std::string objective = "beta " + std::to_string(config.train.beta).substr(0, 6);
    if (config.train.capacity > 0)
        objective = "capacity " + std::to_string(config.train.capacity).substr(0, 6) + " nats, gamma " +
                    std::to_string(config.train.gamma).substr(0, 8);
    else if (config.train.warmup_epochs > 0)
        objective += " after " + std::to_string(config.train.warmup_epochs).substr(0, 5) + " warm-up epochs";
    std::printf("model: %s; %s, %lld sample(s); device %s, %d training thread(s)%s\n", describe(config.model).c_str(),
                config.model.kind == ModelKind::Autoencoder ? "reconstruction only" : objective.c_str(),
                static_cast<long long>(config.train.samples), trainer.device().str().c_str(),
                trainer.training_threads(),
                !trainer.device().is_cpu()  ? ""
                : dense_uses_onednn()       ? ", products through oneDNN"
                                            : ", products through LibTorch");
}

// Trains up to `epochs`, saving the run folder `out` as the window does after
// every epoch (so the window opens CLI runs with their step curves). `steps`:
// the reports of the epochs done before.
void startRunFolder(const Trainer& trainer, int64_t epochs, const RunFolder& folder) {
    std::printf("writing to %s\n", folder.path().toUtf8().constData());
    RunConfig config = trainer.starting_config();
    config.train.epochs = epochs;
    write_file_atomically(folder.configPath().toStdString(), config_json(config, trainer.setting_changes()));
    folder.removeStaleTemporaries();  // left by a run that was killed while writing
}

RunHooks cliRunHooks(const RunFolder& folder, int64_t epochs, RunControl& control) {
    RunHooks hooks;
    hooks.save = [folder](const Trainer& trainer, int64_t length, const std::vector<StepStats>& reports) {
        folder.save(trainer, length, QVector<StepStats>(reports.begin(), reports.end()));
    };
    // The signal handler only sets a flag; the run's control hears of it
    // between two steps, and after each epoch's evaluation and save.
    const auto relayStop = [&control] {
        if (g_stopRequested.load()) control.requestStop();
    };
    hooks.epoch_finished = [epochs, relayStop](const EpochStats& stats) {
        printEpoch(stats, epochs);
        relayStop();
    };
    hooks.between_steps = relayStop;
    return hooks;
}

void reportUnfinished(const RunOutcome& outcome, const std::string& out, int64_t startEpoch) {
    if (outcome.end == RunEnd::Stopped) {
        std::fprintf(stderr,
                     "stopped during epoch %lld; the checkpoint holds the last finished epoch "
                     "(continue with 'latentlab-cli resume --checkpoint %s/checkpoint.pt')\n",
                     static_cast<long long>(outcome.stopped_epoch), out.c_str());
        return;
    }
    // A full disk or a folder gone read-only: what was saved stays as it was.
    const int64_t saved = std::max(outcome.saved_epoch, startEpoch);
    const std::string kept =
        saved <= 0 ? std::string("Nothing of this run was saved.")
                   : "The run folder keeps epoch " + std::to_string(saved) +
                         ", as it was saved; free some space and continue with 'latentlab-cli resume "
                         "--checkpoint " + out + "/checkpoint.pt'.";
    std::fprintf(stderr, "stopped: cannot save the run: %s. %s\n", outcome.save_error.c_str(), kept.c_str());
}

int trainEpochs(Trainer& trainer, const Dataset& data, int64_t epochs, const std::string& out,
                QVector<StepStats> steps) {
    const RunFolder folder(QString::fromStdString(out));
    startRunFolder(trainer, epochs, folder);
    stopOnSignals();
    const int64_t startEpoch = trainer.epoch();  // the epoch the run folder holds
    RunControl control;
    if (g_stopRequested.load()) control.requestStop();
    RunDriver driver(trainer, data, control, std::vector<StepStats>(steps.begin(), steps.end()));
    const RunOutcome outcome = driver.run(epochs, cliRunHooks(folder, epochs, control));
    if (outcome.end == RunEnd::Finished) return 0;
    reportUnfinished(outcome, out, startEpoch);
    return 1;
}

std::string makeFolder(const QString& folder) {
    const QString path = QDir(folder).absolutePath();
    if (!QDir().mkpath(path)) throw Error("cannot create the folder " + path.toStdString());
    return path.toStdString();
}

namespace {

// One row per image of `elbo` (the first test images), with log p(x) when
// estimated on them.
void writePerImage(const std::string& path, const Dataset& data, const std::vector<double>& elbo,
                   const LogLikelihoodEstimate* estimate) {
    std::vector<std::string> columns{"index", "label", "elbo"};
    if (estimate) columns.push_back("log_p_x");
    CsvWriter csv(columns);
    const auto labels = data.test.labels.defined() ? data.test.labels.to(torch::kLong) : torch::Tensor();
    for (size_t i = 0; i < elbo.size(); ++i) {
        const auto index = static_cast<int64_t>(i);
        csv << index << (labels.defined() && labels.numel() > index ? labels[index].item<int64_t>() : int64_t{-1})
            << elbo[i];
        if (estimate) csv << estimate->per_image[i];
        csv.end_row();
    }
    write_file_atomically(path, csv.text());
}

}  // namespace

int runTrain(const CliRequest& request) {
    return reportingErrors([&] {
        RunConfig config = request.config;
        const auto data = loadCliDataset(config.data);
        if (data.train.size() < limits::kFewTrainingImages)
            std::fprintf(stderr, "warning: only %lld training images: a VAE needs hundreds at least to learn more "
                                 "than noise\n",
                         static_cast<long long>(data.train.size()));
        shape_model_by(data, config);
        config.data.size = data.height;  // the number, when the folder's own size was asked for
        const auto out = makeFolder(request.outDir);
        Trainer trainer(config);
        printModel(trainer);
        return trainEpochs(trainer, data, config.train.epochs, out);
    });
}

int runResume(const CliRequest& request) {
    return reportingErrors([&] {
        auto trainer = Trainer::load(request.checkpoint.toStdString(), request.device.toStdString(), request.threads);
        const auto data = loadCliDataset(trainer->config().data);
        checkImageShape(data, trainer->config().model);
        const int64_t epochs = request.epochs > 0 ? request.epochs : trainer->config().train.epochs;
        std::printf("resuming %s after epoch %lld of %lld (step %lld)\n", request.checkpoint.toUtf8().constData(),
                    static_cast<long long>(trainer->epoch()), static_cast<long long>(epochs),
                    static_cast<long long>(trainer->step()));
        printModel(*trainer);
        if (trainer->epoch() >= epochs) {
            std::printf("nothing to do: the run already has %lld epochs (raise --epochs to go on)\n",
                        static_cast<long long>(trainer->epoch()));
            return 0;
        }
        const QString folder =
            request.outDir.isEmpty() ? QFileInfo(request.checkpoint).absolutePath() : request.outDir;
        // The step curves of the epochs in the checkpoint, where they were saved.
        const auto steps = RunFolder(QFileInfo(request.checkpoint).absolutePath()).stepsUpTo(trainer->step());
        return trainEpochs(*trainer, data, epochs, makeFolder(folder), steps);
    });
}

// MIG on the training split's known factors, and which dimension follows each.
void printMig(const ModelSnapshot& snapshot, const Dataset& data) {
    const MigResult mig = latent_mig(snapshot.model, data.train, data.factor_names, snapshot.device);
    std::printf("MIG %.3f on %lld training images (0: no factor in one dimension alone, 1: each in its own)\n",
                mig.mig, static_cast<long long>(std::min(data.train.size(), kMigImages)));
    for (const FactorGap& factor : mig.factors)
        std::printf("  %-10s gap %.3f  best z%d (%.3f of %.3f nats)\n", factor.factor.c_str(), factor.gap,
                    factor.best_dimension, factor.best_information, factor.entropy);
}

int runEval(const CliRequest& request) {
    return reportingErrors([&] {
        const SnapshotPtr snapshot = load_snapshot(request.checkpoint.toStdString(), request.device.toStdString());
        const RunConfig& config = snapshot->config;
        // No training here: LibTorch's pool takes the cores.
        const PoolThreadsScope pool(compute_threads(request.threads >= 0 ? request.threads : config.train.threads));
        DataConfig dataConfig = config.data;
        if (!request.data.isEmpty()) dataConfig.spec = request.data.toStdString();
        const auto data = loadCliDataset(dataConfig);
        const auto& model = config.model;
        checkImageShape(data, model);
        const int64_t batch = evaluation_batch(config);
        // A dequantized run is evaluated on the fixed dequantized copy its training evaluated on.
        const auto testImages = config.data.dequantize
                                    ? std::make_shared<InMemoryImages>(dequantized_test_images(data.test.all_pixels(), config.train.seed))
                                    : data.test.source();
        auto result = evaluate(snapshot->model, *testImages, batch, config.train.samples,
                                     config.train.seed, snapshot->device, !request.perImage.isEmpty());
        std::printf("checkpoint: %s (epoch %lld; %s)\n", request.checkpoint.toUtf8().constData(),
                    static_cast<long long>(snapshot->epoch), describe(model).c_str());
        const char* what = model.kind == ModelKind::Autoencoder ? "reconstruction loss (no KL: not a bound)" : "-ELBO";
        std::printf("test %s %.2f (-recon %.2f + KL %.2f) nats per image over %lld images\n", what, -result.loss.elbo,
                    -result.loss.recon, result.loss.kl, static_cast<long long>(result.images));
        if (data.train.factors.defined()) printMig(*snapshot, data);
        else if (!data.factors_note.empty()) std::printf("factors.csv not used: %s\n", data.factors_note.c_str());

        std::optional<LogLikelihoodEstimate> estimate;
        if (request.iwSamples > 0) {
            const auto start = std::chrono::steady_clock::now();
            int lastPercent = -1;
            const auto progress = [&](int64_t done, int64_t total) {
                const int percent = static_cast<int>(100 * done / std::max<int64_t>(total, 1));
                if (percent != lastPercent) std::fprintf(stderr, "\rimportance sampling: %d%%", percent);
                lastPercent = percent;
                return !g_stopRequested.load();
            };
            stopOnSignals();
            const int64_t count = request.iwImages > 0 ? std::min(request.iwImages, data.test.size()) : data.test.size();
            const InMemoryImages images(testImages->range(0, count));
            estimate = estimate_log_likelihood(snapshot->model, images, request.iwSamples,
                                               config.train.seed, snapshot->device, progress);
            std::fprintf(stderr, "\n");
            if (count < data.test.size()) {
                auto subset = evaluate(snapshot->model, images, batch, config.train.samples, config.train.seed,
                                       snapshot->device, !request.perImage.isEmpty());
                std::printf("first %lld test images: -ELBO %.2f (-recon %.2f + KL %.2f) nats per image\n",
                            static_cast<long long>(count), -subset.loss.elbo, -subset.loss.recon, subset.loss.kl);
                // The gap below compares like with like; --per-image writes these images.
                result.loss = subset.loss;
                result.elbo_per_image = std::move(subset.elbo_per_image);
            }
            const Comparability kind = comparability(config);
            std::printf("test -log p(x) %.2f nats per image", -estimate->mean);
            // Bits per dimension only for a density: a Bernoulli of grey pixels is a cross-entropy.
            if (kind.density) std::printf(", %.4f bits per dimension (pixels in [0, 1])", estimate->bits_per_dim);
            std::printf(", importance-sampled with K = %lld in %.1f s\n", static_cast<long long>(request.iwSamples),
                        secondsSince(start));
            std::printf("the ELBO is %.2f nats below this estimate of log p(x)\n", estimate->mean - result.loss.elbo);
            if (!kind.density)
                std::printf("no bits per dimension: a Bernoulli decoder of grey pixels is not a density\n");
            else if (kind.bits_per_dim)
                std::printf("%.4f bits per dimension on the 0-256 scale (dequantized pixels, as the literature "
                            "reports)\n",
                            bits_per_dim_256(estimate->mean, model.pixels()));
            else
                std::printf("%.4f bits per dimension on the 0-255 scale of k/255 pixels (add log2(255) = 7.9944); "
                            "not comparable with dequantized figures (--dequantize)\n",
                            estimate->bits_per_dim + std::log2(255.0));
        }
        if (request.metrics) {
            // On every test image, as latentlab-cli compare measures a run.
            const auto metrics = measure_run(snapshot->model, config, *testImages, snapshot->device,
                                             request.iwSamples, training_seconds(snapshot->history));
            CsvWriter row(metrics_columns());
            write_metrics_row(row, metrics, config);
            row.end_row();
            std::printf("metrics (the row of latentlab-cli compare's table.csv):\n%s", row.text().c_str());
        }
        if (!request.perImage.isEmpty()) {
            writePerImage(request.perImage.toStdString(), data, result.elbo_per_image, estimate ? &*estimate : nullptr);
            std::printf("per-image values written to %s\n", request.perImage.toUtf8().constData());
        }
        return 0;
    });
}

int runExport(const CliRequest& request) {
    return reportingErrors([&] {
        const SnapshotPtr snapshot = load_snapshot(request.checkpoint.toStdString(), "cpu");
        write_state_dict(*snapshot, request.exportFile.toStdString());
        std::printf("wrote %zu tensors of %s to %s (Python: torch.load)\n",
                    snapshot->model->named_parameters().size() + snapshot->model->named_buffers().size(),
                    describe(snapshot->config.model).c_str(), request.exportFile.toUtf8().constData());
        return 0;
    });
}

int runImport(const CliRequest& request) {
    if (!request.torchscript.isEmpty()) return runImportTorchScript(request);
    return reportingErrors([&] {
        const std::string weightsPath = request.exportFile.toStdString();
        const StateDictFile file = read_state_dict(weightsPath);
        std::string configJson = file.config_json;
        if (!request.configFile.isEmpty()) {
            QFile configFile(request.configFile);
            if (!configFile.open(QIODevice::ReadOnly))
                throw Error("Cannot read " + request.configFile.toStdString() + ": " +
                            configFile.errorString().toStdString());
            configJson = configFile.readAll().toStdString();
        }
        if (configJson.empty())
            throw Error(weightsPath + " has no \"config\" entry: give the run's config.json with --config");
        RunConfig config = run_config_from_json(configJson);
        if (!request.data.isEmpty()) config.data.spec = request.data.toStdString();
        validate(config);
        const auto data = loadCliDataset(config.data);
        checkImageShape(data, config.model);
        Trainer trainer(config);
        load_state_dict(trainer.model(), file);
        printModel(trainer);
        const EpochStats stats = trainer.record_imported_weights(data);
        const std::string out = makeFolder(request.outDir);
        RunFolder(QString::fromStdString(out)).save(trainer, trainer.epoch(), {});
        std::printf("imported %zu tensors from %s: train -ELBO %.2f, test -ELBO %.2f (-recon %.2f + KL %.2f) nats "
                    "per image\n",
                    file.tensors.size(), weightsPath.c_str(), -stats.train.elbo, -stats.test.loss.elbo,
                    -stats.test.loss.recon, stats.test.loss.kl);
        std::printf("wrote %s (its first epoch is this evaluation; resume --epochs N fine-tunes it, with a fresh "
                    "optimiser)\n",
                    out.c_str());
        return 0;
    });
}

}  // namespace latentlab
