// latentlab-cli interpolate, traverse and map: the explorer's pictures for
// handouts and scripts, computed as the window computes them.

#include "app/cli/cli_commands.h"
#include "app/cli/cli_support.h"

#include "model/base/threads.h"
#include "model/data/image_export.h"
#include "model/data/scatter_plot.h"
#include "model/explore/latent_explorer.h"
#include "model/map/map_layout.h"
#include "model/store/atomic_file.h"
#include "model/store/csv_writer.h"


#include <algorithm>
#include <cstdio>
#include <optional>

namespace latentlab {

namespace {

int scaleFor(const CliRequest& request, const ModelSnapshot& snapshot) {
    if (request.scale > 0) return static_cast<int>(request.scale);
    return std::max<int>(1, static_cast<int>((128 + snapshot.config.model.width - 1) / snapshot.config.model.width));
}

struct Explored {
    SnapshotPtr snapshot;
    std::optional<Dataset> data;  // loaded only when an index needs it
};

Explored open(const CliRequest& request, bool needsData) {
    Explored e;
    e.snapshot = load_snapshot(request.checkpoint.toStdString(), "");
    std::printf("model: epoch %lld of %s (%s)\n", static_cast<long long>(e.snapshot->epoch),
                request.checkpoint.toUtf8().constData(), describe(e.snapshot->config.model).c_str());
    if (needsData) {
        DataConfig config = e.snapshot->config.data;
        if (!request.data.isEmpty()) config.spec = request.data.toStdString();
        e.data = loadCliDataset(config);
        checkImageShape(*e.data, e.snapshot->config.model);
    }
    return e;
}

// uint8 [1, C, H, W]: a test image by index, or a file decoded as the run's
// folder images were.
torch::Tensor imageOf(const Explored& e, int64_t index, const QString& file) {
    if (!file.isEmpty()) return read_image_file(*e.snapshot, file.toStdString());
    const ImageSet& test = e.data->test;
    if (index >= test.size())
        throw Error("the test set has " + std::to_string(test.size()) + " images; there is no image " +
                    std::to_string(index));
    return test.image(index).unsqueeze(0);
}

}  // namespace

int runInterpolate(const CliRequest& request) {
    return reportingErrors([&] {
        const PoolThreadsScope pool(default_compute_threads());
        const Explored e = open(request, request.fromFile.isEmpty() || request.toFile.isEmpty());
        const auto images = torch::cat({imageOf(e, request.fromIndex, request.fromFile),
                                        imageOf(e, request.toIndex, request.toFile)});
        const auto means = encode_images(*e.snapshot, images).mean.to(torch::kCPU);
        const auto codes = interpolate_codes(means[0], means[1], request.steps, request.slerp);
        const auto frames = toFrames(decode_codes(*e.snapshot, codes, request.sample));
        const int scale = scaleFor(request, *e.snapshot);
        const std::string out = request.out.toStdString();
        const QString suffix = request.out.section('.', -1).toLower();
        if (suffix == "gif") {
            write_gif(out, back_and_forth(frames), 120, scale);
        } else if (suffix == "mp4") {
            write_mp4(out, back_and_forth(frames), 8.0, scale);
        } else {
            // The strip: the two originals at the ends, set apart by a gap.
            std::vector<Frame> strip = toFrames(images.to(torch::kFloat).div(255.0));
            strip.insert(strip.begin() + 1, frames.begin(), frames.end());
            write_png(out, tile_frames(strip, static_cast<int>(strip.size()), scale, 2 * scale));
        }
        std::printf("wrote %lld %s steps to %s\n", static_cast<long long>(request.steps),
                    request.slerp ? "spherical" : "linear", out.c_str());
        return 0;
    });
}

int runTraverse(const CliRequest& request) {
    return reportingErrors([&] {
        const PoolThreadsScope pool(default_compute_threads());
        const Explored e = open(request, request.aroundIndex >= 0);
        torch::Tensor center = torch::zeros({e.snapshot->config.model.latent});
        if (request.aroundIndex >= 0 || !request.aroundFile.isEmpty())
            center = encode_images(*e.snapshot, imageOf(e, request.aroundIndex, request.aroundFile)).mean[0].to(torch::kCPU);
        const Traversal t = traverse(*e.snapshot, center, request.range, request.steps, request.sample);
        const int scale = scaleFor(request, *e.snapshot);
        write_png(request.out.toStdString(),
                  tile_frames(toFrames(t.images), static_cast<int>(request.steps), scale, std::max(1, scale / 2)));
        std::printf("wrote %zu rows (dimensions by test KL: z%lld first) x %lld columns from %g to %g to %s\n",
                    t.dimensions.size(), static_cast<long long>(t.dimensions.front()),
                    static_cast<long long>(request.steps), -request.range, request.range,
                    request.out.toUtf8().constData());
        return 0;
    });
}

int runMap(const CliRequest& request) {
    return reportingErrors([&] {
        const PoolThreadsScope pool(default_compute_threads());
        const Explored e = open(request, true);
        const ImageSet& test = e.data->test;
        const auto means = encode_means(*e.snapshot, *test.source());
        const MapLayout layout = map_layout_from_string(request.projection).value_or(MapLayout::Pca);
        MapLayoutTimes times;
        const auto plane = layout_codes(means, layout, static_cast<uint64_t>(request.seed), {}, {}, nullptr, &times)
                               .to(torch::kDouble)
                               .contiguous();
        const auto labels = test.labels.defined() ? test.labels.to(torch::kLong) : torch::Tensor();
        CsvWriter csv({"index", "x", "y", "class", "file"});
        for (int64_t i = 0; i < plane.size(0); ++i) {
            const int64_t label = labels.defined() && i < labels.numel() ? labels[i].item<int64_t>() : -1;
            const std::string name = label >= 0 && label < static_cast<int64_t>(e.data->class_names.size())
                                         ? e.data->class_names[static_cast<size_t>(label)]
                                         : std::string();
            const std::string file = i < static_cast<int64_t>(test.paths.size()) ? test.paths[static_cast<size_t>(i)] : "";
            csv << i << plane[i][0].item<double>() << plane[i][1].item<double>() << name << file;
            csv.end_row();
        }
        write_file_atomically(request.out.toStdString(), csv.text());
        if (layout != MapLayout::Pca)
            std::printf("laid out by %s: neighbour graph %.1f s, layout %.1f s\n", display_name(layout).c_str(),
                        times.neighbours, times.layout);
        std::printf("wrote the %s map of %lld test images to %s\n", display_name(layout).c_str(),
                    static_cast<long long>(plane.size(0)), request.out.toUtf8().constData());
        if (!request.mapPng.isEmpty()) {
            std::vector<double> xs, ys;
            std::vector<int> classes;
            for (int64_t i = 0; i < plane.size(0); ++i) {
                xs.push_back(plane[i][0].item<double>());
                ys.push_back(plane[i][1].item<double>());
                classes.push_back(labels.defined() && i < labels.numel() ? static_cast<int>(labels[i].item<int64_t>()) : -1);
            }
            // The window's axis names; PCA's plane at one scale on both axes, as the window draws it.
            ScatterAxes axes;
            const bool pca = layout == MapLayout::Pca;
            axes.x_name = pca ? "principal direction 1" : display_name(layout) + " 1";
            axes.y_name = pca ? "principal direction 2" : display_name(layout) + " 2";
            axes.equal_scale = pca;
            write_png(request.mapPng.toStdString(), scatter_plot(xs, ys, classes, e.data->class_names, axes, 1000, 760));
            std::printf("drew it in %s\n", request.mapPng.toUtf8().constData());
        }
        return 0;
    });
}

}  // namespace latentlab
