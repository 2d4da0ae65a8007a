#include "app/cli/cli_support.h"

#include "model/data/folder_scan.h"
#include "model/data/image_folder.h"
#include "model/explore/latent_explorer.h"

#include <chrono>
#include <csignal>

namespace latentlab {

std::atomic<bool> g_stopRequested{false};

namespace {

extern "C" void requestStop(int) { g_stopRequested.store(true); }

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

void stopOnSignals() {
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
}

Dataset loadCliDataset(const DataConfig& config) {
    ImageFolderOptions options;
    options.size = config.size;
    options.channels = config.channels;
    options.test_fraction = config.test_fraction;
    options.split_seed = config.split_seed;
    options.max_files = folder_files_limit();
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
        std::fprintf(stderr, "skipped %zu unreadable file%s:\n", data.skipped.size(), data.skipped.size() == 1 ? "" : "s");
        const size_t shown = std::min<size_t>(data.skipped.size(), 20);
        for (size_t i = 0; i < shown; ++i)
            std::fprintf(stderr, "  %s: %s\n", data.skipped[i].path.c_str(), data.skipped[i].reason.c_str());
        if (shown < data.skipped.size()) std::fprintf(stderr, "  ... and %zu more\n", data.skipped.size() - shown);
    }
    return data;
}

void checkImageShape(const Dataset& data, const VaeConfig& model) {
    if (data.channels != model.channels || data.height != model.height || data.width != model.width)
        throw Error("the data's images are " + std::to_string(data.height) + "x" + std::to_string(data.width) + "x" +
                    std::to_string(data.channels) + " but the model expects " + std::to_string(model.height) + "x" +
                    std::to_string(model.width) + "x" + std::to_string(model.channels));
}

}  // namespace latentlab
