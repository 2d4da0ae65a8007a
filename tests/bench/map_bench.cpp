// The latent map's layouts, measured (tests/bench/README.md, "Latent map layouts"):
//   map_bench --checkpoint F [--runs N] [--threads T] [--data fashion-mnist] [--layout pca|tsne|umap]
// encodes the data set's test split (10,000 Fashion-MNIST images) with the
// run's model, then lays out the posterior means by PCA, t-SNE and UMAP: the
// seconds of the k-nearest-neighbour graph and of the layout, each run and
// the median, whether every run gave the same picture (seeded), and each
// layout's trustworthiness (k = 10).

#include "model/base/threads.h"
#include "model/data/image_folder.h"
#include "model/explore/latent_explorer.h"
#include "model/map/layout_quality.h"
#include "model/map/map_layout.h"
#include "model/train/model_snapshot.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace latentlab;

namespace {

const char* option(int argc, char** argv, const char* name, const char* fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
    return fallback;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    configure_process_threads();
    const int threads = compute_threads(std::atoi(option(argc, argv, "--threads", "0")));
    at::set_num_threads(threads);
    const int runs = std::max(1, std::atoi(option(argc, argv, "--runs", "3")));
    const auto snapshot = load_snapshot(option(argc, argv, "--checkpoint", "checkpoint.pt"), "cpu");
    const Dataset data = open_dataset(option(argc, argv, "--data", "fashion-mnist"), ImageFolderOptions{});
    const auto codes = encode_means(*snapshot, *data.test.source());
    std::printf("%lld codes of %lld dimensions, %d threads\n", static_cast<long long>(codes.size(0)),
                static_cast<long long>(codes.size(1)), threads);
    const std::string only = option(argc, argv, "--layout", "");
    for (MapLayout layout : {MapLayout::Pca, MapLayout::Tsne, MapLayout::Umap}) {
        if (!only.empty() && only != to_string(layout)) continue;
        std::vector<double> neighbours, laid, total;
        torch::Tensor first;
        bool same = true;
        for (int r = 0; r < runs; ++r) {
            MapLayoutTimes times;
            const auto start = std::chrono::steady_clock::now();
            const auto plane = layout_codes(codes, layout, 1, {}, {}, nullptr, &times);
            total.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            neighbours.push_back(times.neighbours);
            laid.push_back(times.layout);
            std::printf("%-6s run %d: kNN graph %.3f s, layout %.3f s, total %.3f s\n", display_name(layout).c_str(),
                        r + 1, times.neighbours, times.layout, total.back());
            if (!first.defined()) first = plane;
            else same = same && torch::equal(first, plane);
        }
        const double trust = trustworthiness(codes, first, 10);
        std::printf("%-6s median of %d: kNN graph %.3f s, layout %.3f s, total %.3f s; trustworthiness(10) %.4f; %s\n",
                    display_name(layout).c_str(), runs, median(neighbours), median(laid), median(total), trust,
                    same ? "every run the same picture" : "RUNS DIFFER");
    }
    return 0;
}
