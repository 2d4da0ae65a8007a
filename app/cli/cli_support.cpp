#include "app/cli/cli_support.h"

#include "model/data/folder_scan.h"
#include "model/data/image_folder.h"
#include "app/workspace/load_rate.h"
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
    LoadRate rate;
    auto lastShown = start - std::chrono::seconds(1);
    bool shown = false;
    auto progress = [&](int64_t done, int64_t total) {
        // A line a second at most, and none for a load that takes no time (IDX, the cache).
        const auto now = std::chrono::steady_clock::now();
        const QString line = rate.update(done, total);
        if (total <= 1 || (now - lastShown < std::chrono::seconds(1) && done < total) || (!shown && done == total)) return;
        std::fprintf(stderr, "\rloading %s: %s\x1b[K", config.spec.c_str(), line.toUtf8().constData());
        lastShown = now;
        shown = true;
    };
    FolderLoadInfo info;
    auto data = open_dataset(config.spec, options, progress, nullptr, &info);
    if (shown) std::fprintf(stderr, "\n");
    std::printf("data: %s, %lld train + %lld test images, %lldx%lldx%lld, %zu classes, pixels %s, loaded in %.1f s\n",
                data.name.c_str(), static_cast<long long>(data.train.size()), static_cast<long long>(data.test.size()),
                static_cast<long long>(data.height), static_cast<long long>(data.width),
                static_cast<long long>(data.channels), data.class_names.size(),
                info.pixels_mapped ? "mapped from the cache file" : "in memory", secondsSince(start));
    if (const std::string note = resize_note(info.shape, info.size); !note.empty())
        std::printf("note: %s\n", note.c_str());
    if (!info.cache_damage.empty())
        std::fprintf(stderr, "the folder's cache file %s was damaged (%s): decoded the folder again\n",
                     info.cache_file.c_str(), info.cache_damage.c_str());
    if (info.resumed > 0)
        std::printf("continued a load that had stopped: %lld images were decoded already\n",
                    static_cast<long long>(info.resumed));
    if (info.pixels_mapped)
        std::printf("pixels: %.2f GB, read from the mapped cache file %s as needed (not held in memory)\n",
                    static_cast<double>((data.train.size() + data.test.size()) * data.channels * data.height *
                                        data.width) / 1e9,
                    info.cache_file.empty() ? "(a temporary one)" : info.cache_file.c_str());
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
