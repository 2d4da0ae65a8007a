#include "app/cli_commands.h"

#include "model/error.h"
#include "model/history.h"
#include "model/image_folder.h"
#include "model/threads.h"
#include "model/trainer.h"

#include <QDir>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>

namespace latentlab {

namespace {

std::atomic<bool> g_stopRequested{false};

extern "C" void requestStop(int) { g_stopRequested.store(true); }

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Dataset loadDataset(const DataConfig& config) {
    ImageFolderOptions options;
    options.size = config.size;
    options.channels = config.channels;
    options.test_fraction = config.test_fraction;
    options.split_seed = config.split_seed;
    const auto start = std::chrono::steady_clock::now();
    int lastPercent = -1;
    auto progress = [&](int64_t done, int64_t total) {
        const int percent = total > 0 ? static_cast<int>(100 * done / total) : 100;
        if (percent / 10 != lastPercent / 10) std::fprintf(stderr, "\rloading %s: %d%%", config.spec.c_str(), percent);
        lastPercent = percent;
    };
    auto data = open_dataset(config.spec, options, progress);
    if (lastPercent >= 0) std::fprintf(stderr, "\n");
    std::printf("data: %s, %lld train + %lld test images, %lldx%lldx%lld, %zu classes, loaded in %.1f s\n",
                data.name.c_str(), static_cast<long long>(data.train.size()), static_cast<long long>(data.test.size()),
                static_cast<long long>(data.height), static_cast<long long>(data.width),
                static_cast<long long>(data.channels), data.class_names.size(), secondsSince(start));
    if (!data.skipped.empty()) {
        std::fprintf(stderr, "skipped %zu unreadable files:\n", data.skipped.size());
        const size_t shown = std::min<size_t>(data.skipped.size(), 20);
        for (size_t i = 0; i < shown; ++i)
            std::fprintf(stderr, "  %s: %s\n", data.skipped[i].path.c_str(), data.skipped[i].reason.c_str());
        if (shown < data.skipped.size()) std::fprintf(stderr, "  ... and %zu more\n", data.skipped.size() - shown);
    }
    return data;
}

void printEpoch(const EpochStats& e, int64_t epochs) {
    std::printf(
        "epoch %3lld/%lld  train -ELBO %8.2f (-recon %8.2f + KL %6.2f)  test -ELBO %8.2f (-recon %8.2f + KL %6.2f)"
        "  %6.2f s  %7.0f img/s\n",
        static_cast<long long>(e.epoch), static_cast<long long>(epochs), -e.train.elbo, -e.train.recon, e.train.kl,
        -e.test.loss.elbo, -e.test.loss.recon, e.test.loss.kl, e.seconds, e.images_per_second);
    std::fflush(stdout);
}

void writeText(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text << '\n';
    if (!out.flush()) throw Error("cannot write " + path);
}

}  // namespace

int runTrain(const CliRequest& request) {
    try {
        RunConfig config = request.config;
        const auto data = loadDataset(config.data);
        config.model.channels = data.channels;
        config.model.height = data.height;
        config.model.width = data.width;

        const QString outDir = QDir(request.outDir).absolutePath();
        if (!QDir().mkpath(outDir)) throw Error("cannot create the folder " + outDir.toStdString());
        const std::string out = outDir.toStdString();

        Trainer trainer(config);
        if (!trainer.device_notice().empty()) std::fprintf(stderr, "%s\n", trainer.device_notice().c_str());
        std::printf("model: %lld-%s-%lld MLP VAE, %s decoder, beta %g, %lld sample(s); device %s, %d BLAS thread(s)\n",
                    static_cast<long long>(config.model.pixels()),
                    [&] {
                        std::string widths;
                        for (auto w : config.model.hidden) widths += (widths.empty() ? "" : "-") + std::to_string(w);
                        return widths;
                    }().c_str(),
                    static_cast<long long>(config.model.latent), to_string(config.model.decoder).c_str(),
                    config.train.beta, static_cast<long long>(config.train.samples),
                    trainer.device().str().c_str(),
                    config.train.threads > 0 ? config.train.threads : default_compute_threads());
        std::printf("writing to %s\n", out.c_str());
        writeText(out + "/config.json", to_json(config));

        std::signal(SIGINT, requestStop);
        std::signal(SIGTERM, requestStop);
        for (int64_t epoch = 1; epoch <= config.train.epochs; ++epoch) {
            const auto stats = trainer.train_epoch(data, {}, 10, &g_stopRequested);
            if (!stats) {
                std::fprintf(stderr, "stopped during epoch %lld; the checkpoint holds the last finished epoch\n",
                             static_cast<long long>(epoch));
                return 1;
            }
            printEpoch(*stats, config.train.epochs);
            write_history_csv(out + "/history.csv", trainer.history());
            trainer.save(out + "/checkpoint.pt");
        }
        return 0;
    } catch (const NonFiniteLoss& e) {
        std::fprintf(stderr, "latentlab-cli: %s; the checkpoint holds the last finished epoch\n", e.what());
    } catch (const Error& e) {
        std::fprintf(stderr, "latentlab-cli: %s\n", e.what());
    } catch (const c10::Error& e) {
        std::fprintf(stderr, "latentlab-cli: LibTorch error: %s\n", e.what_without_backtrace());
    }
    return 1;
}

int runEval(const CliRequest& request) {
    try {
        auto trainer = Trainer::load(request.checkpoint.toStdString(), request.device.toStdString());
        if (request.threads >= 0) configure_compute_threads(request.threads);
        DataConfig dataConfig = trainer->config().data;
        if (!request.data.isEmpty()) dataConfig.spec = request.data.toStdString();
        const auto data = loadDataset(dataConfig);
        const auto& model = trainer->config().model;
        if (data.channels != model.channels || data.height != model.height || data.width != model.width)
            throw Error("the data's images are " + std::to_string(data.height) + "x" + std::to_string(data.width) +
                        "x" + std::to_string(data.channels) + " but the model expects " +
                        std::to_string(model.height) + "x" + std::to_string(model.width) + "x" +
                        std::to_string(model.channels));
        const auto result = trainer->evaluate_test(data);
        std::printf("checkpoint: %s (epoch %lld)\n", request.checkpoint.toUtf8().constData(),
                    static_cast<long long>(trainer->epoch()));
        std::printf("test -ELBO %.2f (-recon %.2f + KL %.2f) nats per image over %lld images\n", -result.loss.elbo,
                    -result.loss.recon, result.loss.kl, static_cast<long long>(result.images));
        return 0;
    } catch (const Error& e) {
        std::fprintf(stderr, "latentlab-cli: %s\n", e.what());
    } catch (const c10::Error& e) {
        std::fprintf(stderr, "latentlab-cli: LibTorch error: %s\n", e.what_without_backtrace());
    }
    return 1;
}

}  // namespace latentlab
