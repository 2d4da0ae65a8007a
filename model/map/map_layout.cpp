#include "model/map/map_layout.h"

#include "model/base/error.h"
#include "model/explore/latent_explorer.h"
#include "model/explore/latent_ops.h"
#include "model/inspect/latent_neighbours.h"
#include "model/map/tsne_layout.h"
#include "model/map/umap_layout.h"

#include <algorithm>
#include <chrono>

namespace latentlab {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::string to_string(MapLayout layout) {
    switch (layout) {
    case MapLayout::Pca: return "pca";
    case MapLayout::Tsne: return "tsne";
    case MapLayout::Umap: return "umap";
    }
    return "pca";
}

std::optional<MapLayout> map_layout_from_string(const std::string& name) {
    for (MapLayout layout : {MapLayout::Pca, MapLayout::Tsne, MapLayout::Umap})
        if (name == to_string(layout)) return layout;
    return std::nullopt;
}

std::string display_name(MapLayout layout) {
    switch (layout) {
    case MapLayout::Pca: return "PCA";
    case MapLayout::Tsne: return "t-SNE";
    case MapLayout::Umap: return "UMAP";
    }
    return "PCA";
}

torch::Tensor pca_positions(const torch::Tensor& codes) {
    const Projection pca = principal_directions(codes);
    return project(codes, pca.center, map_axes(pca)).to(torch::kFloat).contiguous();
}

torch::Tensor layout_codes(const torch::Tensor& codes, MapLayout layout, uint64_t seed, const LayoutStart& start,
                           const LayoutProgress& progress, const std::atomic<bool>* cancel, MapLayoutTimes* times) {
    if (codes.dim() != 2 || codes.size(0) < 2) throw Error("a map needs at least two codes");
    const auto began = std::chrono::steady_clock::now();
    if (layout == MapLayout::Pca) {
        auto plane = pca_positions(codes);
        if (times) times->layout = seconds_since(began);
        return plane;
    }
    const int64_t n = codes.size(0);
    const auto points = codes.to(torch::kFloat).contiguous();
    TsneSettings tsne;
    UmapSettings umap;
    // A small set: a perplexity its neighbours can support.
    tsne.perplexity = std::max(2.0, std::min(tsne.perplexity, static_cast<double>(n - 1) / 3.0));
    tsne.seed = umap.seed = seed;
    const int64_t k = std::min(n - 1, layout == MapLayout::Tsne ? tsne_neighbours(tsne.perplexity) : umap.neighbours);
    const Neighbours graph = nearest_neighbours(points, points, k, true, {}, cancel);
    if (!graph.index.defined()) return {};
    if (times) times->neighbours = seconds_since(began);
    const auto laid = std::chrono::steady_clock::now();
    LayoutStart from = start;
    if (!from.positions.defined()) {
        from.positions = pca_positions(points);
        from.converged = false;
    }
    auto result = layout == MapLayout::Tsne ? tsne_layout(graph, tsne, from, progress, cancel)
                                            : umap_layout(graph, umap, from, progress, cancel);
    if (times) times->layout = seconds_since(laid);
    return result;
}

}  // namespace latentlab
