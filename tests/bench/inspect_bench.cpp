// Dataset inspection, measured (tests/bench/README.md, "Dataset inspection"):
//   inspect_bench time --checkpoint F [--runs N]
//     seconds to score every Fashion-MNIST image (70,000) with the ELBO, each
//     run and the median;
//   inspect_bench auroc [--classes 0,5,8] [--epochs 10] [--iw K] [--shapes DIR]
//     for each class: train the default MLP VAE on Fashion-MNIST's training
//     split without it, score the test split, and print the area under the ROC
//     curve of -ELBO, -log p(x) and the reconstruction error for "held-out
//     class"; then the first model's scores on images of another kind;
//   inspect_bench neighbours --checkpoint F [--runs N] [--threads T]
//     seconds for the Inspect tab's near duplicates and suspicious labels on
//     all 70,000 images' posterior means: the k-nearest-neighbour search they
//     share, then each list from it; each run and the median;
//   inspect_bench duplicates --checkpoint F [--out DIR]
//     how many near-duplicate pairs each pixel threshold keeps among all
//     70,000 images (the window's default latent threshold), and, in DIR,
//     a PNG of a few pairs just under and just over 0.05 and 0.1 to look at.

#include "model/base/threads.h"
#include "model/data/image_export.h"
#include "model/data/image_folder.h"
#include "model/inspect/auroc.h"
#include "model/inspect/image_scores.h"
#include "model/inspect/latent_neighbours.h"
#include "model/inspect/near_duplicates.h"
#include "model/inspect/suspicious_labels.h"
#include "model/train/model_snapshot.h"
#include "model/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

using namespace latentlab;

namespace {

const char* option(int argc, char** argv, const char* name, const char* fallback) {
    for (int i = 2; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
    return fallback;
}

double mean(const std::vector<double>& v) {
    return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

std::vector<double> negated(const std::vector<double>& v) {
    std::vector<double> out(v.size());
    std::transform(v.begin(), v.end(), out.begin(), [](double x) { return -x; });
    return out;
}

// Rows of `values` split by whether `positive[i]`.
void split(const std::vector<double>& values, const std::vector<bool>& positive, std::vector<double>& pos,
           std::vector<double>& neg) {
    pos.clear(), neg.clear();
    for (size_t i = 0; i < values.size(); ++i) (positive[i] ? pos : neg).push_back(values[i]);
}

int timeScoring(int argc, char** argv) {
    const auto snapshot = load_snapshot(option(argc, argv, "--checkpoint", "checkpoint.pt"), "cpu");
    const int runs = std::atoi(option(argc, argv, "--runs", "5"));
    const Dataset data = open_dataset("fashion-mnist", ImageFolderOptions{});
    std::vector<double> seconds;
    for (int r = 0; r < runs; ++r) {
        const auto start = std::chrono::steady_clock::now();
        const auto scores = score_dataset(*snapshot, data, ScoreOptions{});
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        std::printf("run %d: %lld images in %.3f s\n", r + 1, static_cast<long long>(scores->size()), seconds.back());
    }
    std::sort(seconds.begin(), seconds.end());
    std::printf("median %.3f s over %d runs (%d compute threads)\n", seconds[seconds.size() / 2], runs,
                default_compute_threads());
    return 0;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

int timeNeighbours(int argc, char** argv) {
    const auto snapshot = load_snapshot(option(argc, argv, "--checkpoint", "checkpoint.pt"), "cpu");
    const int runs = std::atoi(option(argc, argv, "--runs", "3"));
    const int threads = std::atoi(option(argc, argv, "--threads", "0"));
    const PoolThreadsScope pool(compute_threads(threads));
    const Dataset data = open_dataset("fashion-mnist", ImageFolderOptions{});
    const auto scores = score_dataset(*snapshot, data, ScoreOptions{});
    const auto codes = scores->scores.means.to(torch::kFloat).contiguous();
    const auto images = all_images(data);
    std::vector<int64_t> labels(scores->label.begin(), scores->label.end());
    std::vector<double> search, duplicates, suspicious;
    for (int r = 0; r < runs; ++r) {
        auto start = std::chrono::steady_clock::now();
        const auto found = nearest_neighbours(codes, codes, kInspectNeighbours, true);
        search.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        start = std::chrono::steady_clock::now();
        DuplicateOptions options;
        options.latent_threshold = 0.2 * latent_spread(codes);
        const auto groups = find_near_duplicates(found, *images, options);
        duplicates.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        start = std::chrono::steady_clock::now();
        const auto listed = suspicious_labels(labels, found.first(10));
        suspicious.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        std::printf("run %d: %lld codes of %lld dimensions: k-NN (k = %lld) %.3f s, near duplicates %.3f s "
                    "(%zu pairs), suspicious labels %.3f s (%zu rows)\n",
                    r + 1, static_cast<long long>(codes.size(0)), static_cast<long long>(codes.size(1)),
                    static_cast<long long>(kInspectNeighbours), search.back(), duplicates.back(),
                    groups.pairs.size(), suspicious.back(), listed.size());
    }
    std::printf("median over %d runs, %d threads: k-NN %.3f s, near duplicates %.3f s, suspicious labels %.3f s\n",
                runs, compute_threads(threads), median(search), median(duplicates), median(suspicious));
    return 0;
}

// Image `row` of `images` as a grey frame.
Frame frameOf(const ImageSource& images, int64_t row) {
    const auto pixels = images.range(row, row + 1)[0][0].contiguous();  // [H, W] uint8
    Frame frame;
    frame.height = static_cast<int>(pixels.size(0));
    frame.width = static_cast<int>(pixels.size(1));
    frame.pixels.assign(pixels.data_ptr<uint8_t>(), pixels.data_ptr<uint8_t>() + pixels.numel());
    return frame;
}

int countDuplicates(int argc, char** argv) {
    const auto snapshot = load_snapshot(option(argc, argv, "--checkpoint", "checkpoint.pt"), "cpu");
    const std::string out = option(argc, argv, "--out", "");
    const Dataset data = open_dataset("fashion-mnist", ImageFolderOptions{});
    const auto scores = score_dataset(*snapshot, data, ScoreOptions{});
    const auto codes = scores->scores.means.to(torch::kFloat).contiguous();
    const auto images = all_images(data);
    const auto found = nearest_neighbours(codes, codes, kInspectNeighbours, true);
    // The window's default latent threshold (its slider's middle), a wide pixel one.
    DuplicateOptions options;
    options.latent_threshold = 0.1 * latent_spread(codes);
    options.pixel_threshold = 0.25;
    const auto pairs = find_near_duplicates(found, *images, options).pairs;
    std::printf("%lld images, latent threshold %.4f (0.1 x spread), %zu candidate pairs under pixel RMS %.2f\n",
                static_cast<long long>(codes.size(0)), options.latent_threshold, pairs.size(), options.pixel_threshold);
    for (double threshold : {0.02, 0.03, 0.04, 0.05, 0.06, 0.075, 0.1, 0.125, 0.15, 0.2}) {
        const auto below = std::count_if(pairs.begin(), pairs.end(), [&](const DuplicatePair& p) { return p.pixel < threshold; });
        const auto groups = group_pairs(pairs, options.latent_threshold, threshold).groups;
        std::printf("pixel RMS < %.3f: %5lld pairs, %5zu groups\n", threshold, static_cast<long long>(below), groups.size());
    }
    if (out.empty()) return 0;
    // Up to 8 pairs in each band, side by side, one PNG per band.
    for (const auto& [low, high] : {std::pair{0.04, 0.05}, std::pair{0.05, 0.06}, std::pair{0.09, 0.1}, std::pair{0.1, 0.11}}) {
        std::vector<Frame> frames;
        for (const DuplicatePair& p : pairs) {
            if (p.pixel < low || p.pixel >= high || frames.size() >= 16) continue;
            frames.push_back(frameOf(*images, p.a));
            frames.push_back(frameOf(*images, p.b));
            std::printf("band %.2f-%.2f: rows %lld and %lld, pixel RMS %.4f\n", low, high, static_cast<long long>(p.a),
                        static_cast<long long>(p.b), p.pixel);
        }
        if (frames.empty()) continue;
        char name[64];
        std::snprintf(name, sizeof name, "/pairs-%.2f-%.2f.png", low, high);
        write_png(out + name, tile_frames(frames, 2, 4, 4));
    }
    return 0;
}

// uint8 images [n, 1, 28, 28] all of one grey level, or uniform noise (level < 0).
torch::Tensor plain(int64_t n, int level, uint64_t seed) {
    if (level >= 0) return torch::full({n, 1, 28, 28}, level, torch::kUInt8);
    auto generator = at::detail::createCPUGenerator(seed);
    return torch::randint(256, {n, 1, 28, 28}, generator, torch::kLong).to(torch::kUInt8);
}

int auroc(int argc, char** argv) {
    std::vector<int> classes;
    for (const char* p = option(argc, argv, "--classes", "0,5,8"); *p;) {
        classes.push_back(std::atoi(p));
        while (*p && *p != ',') ++p;
        if (*p == ',') ++p;
    }
    const int epochs = std::atoi(option(argc, argv, "--epochs", "10"));
    const int64_t iw = std::atoll(option(argc, argv, "--iw", "100"));
    const std::string shapes = option(argc, argv, "--shapes", "");
    const Dataset fashion = open_dataset("fashion-mnist", ImageFolderOptions{});
    const auto testLabels = fashion.test.labels.to(torch::kLong).contiguous();
    std::printf("| held-out class | epochs | test -ELBO (other classes) | AUROC -ELBO | AUROC -log p(x), K=%lld | "
                "AUROC recon error (MSE) | AUROC -recon term |\n|---|---|---|---|---|---|---|\n",
                static_cast<long long>(iw));
    SnapshotPtr first;
    std::vector<double> firstInClass;
    for (int c : classes) {
        Dataset data = fashion;
        const auto keep = fashion.train.labels.ne(c).nonzero().squeeze(1);
        data.train.images = fashion.train.images.index_select(0, keep).contiguous();
        data.train.labels = fashion.train.labels.index_select(0, keep);
        RunConfig config;  // the default MLP VAE: 784-400-20, Bernoulli
        config.train.epochs = epochs;
        config.train.device = "cpu";
        Trainer trainer(config);
        const auto start = std::chrono::steady_clock::now();
        for (int e = 0; e < epochs; ++e) trainer.train_epoch(data);
        const double trained = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const auto snapshot = snapshot_of(trainer);
        ScoreOptions options;
        options.iw_samples = iw;
        const auto s = score_images(*snapshot, *fashion.test.source(), options);
        std::vector<bool> heldOut;
        for (int64_t i = 0; i < testLabels.numel(); ++i) heldOut.push_back(testLabels.data_ptr<int64_t>()[i] == c);
        std::vector<double> pos, neg, inClass;
        const auto area = [&](const std::vector<double>& anomaly) {
            split(anomaly, heldOut, pos, neg);
            return latentlab::auroc(pos, neg);
        };
        split(s->elbo, heldOut, pos, inClass);
        std::printf("| %d %s | %d (%.0f s) | %.2f | %.3f | %.3f | %.3f | %.3f |\n", c,
                    fashion.class_names[static_cast<size_t>(c)].c_str(), epochs, trained, -mean(inClass),
                    area(negated(s->elbo)), area(negated(s->log_px)), area(s->mse), area(negated(s->recon)));
        std::fflush(stdout);
        if (!first) first = snapshot, firstInClass = inClass;
    }
    if (!first) return 0;

    // The caveat: the first model on images of another kind.
    std::printf("\nThe model without class %d, on images of another kind (nats per image; higher log p(x) = more "
                "likely):\n\n| images | n | mean ELBO | mean log p(x), K=%lld | mean MSE | share above the median "
                "training-class ELBO |\n|---|---|---|---|---|---|\n",
                classes.front(), static_cast<long long>(iw));
    std::vector<double> sorted = firstInClass;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[sorted.size() / 2];
    struct Kind {
        std::string name;
        torch::Tensor images;
    };
    std::vector<Kind> kinds;
    const auto inDistribution = fashion.test.labels.ne(classes.front()).nonzero().squeeze(1).slice(0, 0, 1000);
    kinds.push_back({"Fashion-MNIST test, training classes (1,000)", fashion.test.images.index_select(0, inDistribution)});
    if (!shapes.empty()) {
        ImageFolderOptions grey;
        grey.size = 28;
        grey.channels = 1;
        const Dataset generated = open_dataset(shapes, grey);
        kinds.push_back({"generated shapes, 28x28 grey", torch::cat({generated.train.images, generated.test.images})});
    }
    kinds.push_back({"plain black", plain(100, 0, 0)});
    kinds.push_back({"plain grey (128)", plain(100, 128, 0)});
    kinds.push_back({"plain white", plain(100, 255, 0)});
    kinds.push_back({"uniform noise", plain(100, -1, 7)});
    for (const auto& kind : kinds) {
        ScoreOptions options;
        options.iw_samples = iw;
        const auto s = score_images(*first, InMemoryImages(kind.images), options);
        const auto above = std::count_if(s->elbo.begin(), s->elbo.end(), [&](double e) { return e > median; });
        std::printf("| %s | %lld | %.1f | %.1f | %.4f | %.0f%% |\n", kind.name.c_str(),
                    static_cast<long long>(s->size()), mean(s->elbo), mean(s->log_px), mean(s->mse),
                    100.0 * static_cast<double>(above) / static_cast<double>(s->size()));
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    configure_process_threads();
    const PoolThreadsScope pool(default_compute_threads());
    const std::string mode = argc > 1 ? argv[1] : "";
    try {
        if (mode == "time") return timeScoring(argc, argv);
        if (mode == "auroc") return auroc(argc, argv);
        if (mode == "neighbours") return timeNeighbours(argc, argv);
        if (mode == "duplicates") return countDuplicates(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "inspect_bench: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr, "usage: inspect_bench time --checkpoint F [--runs N]\n"
                         "       inspect_bench auroc [--classes 0,5,8] [--epochs 10] [--iw K] [--shapes DIR]\n"
                         "       inspect_bench neighbours --checkpoint F [--runs N] [--threads T]\n"
                         "       inspect_bench duplicates --checkpoint F [--out DIR]\n");
    return 2;
}
