#include "model/map/umap_layout.h"

#include "model/base/error.h"
#include "model/base/threads.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

namespace {

constexpr double kSumTolerance = 1e-5;
constexpr int kMaxBisections = 64;
// sigma's floor, as a share of the mean neighbour distance (umap-learn's MIN_K_DIST_SCALE).
constexpr double kMinScale = 1e-3;
// A gradient step's bound per coordinate (umap-learn's clip).
constexpr double kClip = 4.0;
// The random start's spread and a first picture's half-width.
constexpr double kStartScale = 10.0;

double clip(double value) { return std::clamp(value, -kClip, kClip); }

}  // namespace

LocalScales local_scales(const torch::Tensor& distance) {
    if (distance.dim() != 2 || distance.size(1) < 1) throw Error("UMAP needs each point's neighbours");
    const auto d = distance.to(torch::kDouble).contiguous();
    const int64_t n = d.size(0), k = d.size(1);
    const double target = std::log2(static_cast<double>(k));
    const double mean_all = d.mean().item<double>();
    LocalScales out{torch::empty({n}, torch::kDouble), torch::empty({n}, torch::kDouble)};
    const double* from = d.data_ptr<double>();
    double* rho = out.rho.data_ptr<double>();
    double* sigma = out.sigma.data_ptr<double>();
    parallel_rows(0, n, 256, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            const double* row = from + i * k;
            // The nearest distance above zero (duplicates do not count).
            double nearest = 0.0, mean_row = 0.0;
            for (int64_t r = 0; r < k; ++r) {
                mean_row += row[r];
                if (nearest == 0.0 && row[r] > 0.0) nearest = row[r];
            }
            mean_row /= static_cast<double>(k);
            double s = 1.0, low = 0.0, high = std::numeric_limits<double>::infinity();
            for (int step = 0; step < kMaxBisections; ++step) {
                double sum = 0.0;
                for (int64_t r = 0; r < k; ++r) sum += std::exp(-std::max(0.0, row[r] - nearest) / s);
                if (std::abs(sum - target) < kSumTolerance) break;
                if (sum > target) {  // too wide
                    high = s;
                    s = (low + high) * 0.5;
                } else {
                    low = s;
                    s = std::isinf(high) ? s * 2.0 : (low + high) * 0.5;
                }
            }
            const double floor = kMinScale * (nearest > 0.0 ? mean_row : mean_all);
            rho[i] = nearest;
            sigma[i] = std::max(s, floor);
        }
    });
    return out;
}

SparseGraph fuzzy_graph(const Neighbours& graph) {
    const LocalScales scales = local_scales(graph.distance);
    const auto rho = scales.rho.unsqueeze(1), sigma = scales.sigma.unsqueeze(1);
    const auto membership = torch::exp(-(graph.distance.to(torch::kDouble) - rho).clamp_min(0.0) / sigma);
    return symmetrised(graph.index, membership, [](double a, double b) { return a + b - a * b; });
}

torch::Tensor umap_layout(const Neighbours& graph, const UmapSettings& settings, const LayoutStart& start,
                          const LayoutProgress& progress, const std::atomic<bool>* cancel) {
    const int64_t n = graph.index.defined() ? graph.index.size(0) : 0;
    if (n < 2) throw Error("a UMAP layout needs at least two points");
    const SparseGraph fuzzy = fuzzy_graph(graph);
    const bool refine = start.converged && start.positions.defined();
    const int64_t epochs =
        refine ? settings.refine_epochs : settings.epochs > 0 ? settings.epochs : (n <= 10000 ? 500 : 200);
    const double rate = refine ? settings.refine_learning_rate : settings.learning_rate;

    std::vector<double> y = start_positions(start, n, settings.seed, kStartScale);
    if (start.positions.defined() && !start.converged) {
        // A first picture: centred, its largest coordinate at kStartScale.
        centre_positions(y);
        double largest = 0.0;
        for (double v : y) largest = std::max(largest, std::abs(v));
        const double factor = largest > 0 ? kStartScale / largest : 1.0;
        for (double& v : y) v *= factor;
    }

    // Edges, each sampled every max_weight / weight epochs; those too weak to
    // be sampled once are left out.
    double strongest = 0.0;
    for (double w : fuzzy.weight) strongest = std::max(strongest, w);
    std::vector<int64_t> head, tail;
    std::vector<double> every, next, negative_every, next_negative;
    for (int64_t i = 0; i < n; ++i)
        for (int64_t e = fuzzy.start[i]; e < fuzzy.start[i + 1]; ++e) {
            const double w = fuzzy.weight[e];
            if (w <= 0.0 || w < strongest / static_cast<double>(epochs)) continue;
            head.push_back(i);
            tail.push_back(fuzzy.column[e]);
            every.push_back(strongest / w);
            next.push_back(strongest / w);
            negative_every.push_back(strongest / w / settings.negative_rate);
            next_negative.push_back(strongest / w / settings.negative_rate);
        }
    const double a = settings.a, b = settings.b;
    LayoutRandom random(settings.seed ^ 0x5eed5eed5eedULL);
    const auto edges = static_cast<int64_t>(head.size());
    for (int64_t epoch = 0; epoch < epochs; ++epoch) {
        if (cancel && cancel->load()) return {};
        const double alpha = rate * (1.0 - static_cast<double>(epoch) / static_cast<double>(epochs));
        const double now = static_cast<double>(epoch);
        for (int64_t e = 0; e < edges; ++e) {
            if (next[e] > now) continue;
            const int64_t i = head[e], j = tail[e];
            double* yi = &y[2 * i];
            double* yj = &y[2 * j];
            // Attraction along the edge, both ends moving.
            double dx = yi[0] - yj[0], dy = yi[1] - yj[1];
            double d2 = dx * dx + dy * dy;
            if (d2 > 0.0) {
                const double coefficient = -2.0 * a * b * std::pow(d2, b - 1.0) / (a * std::pow(d2, b) + 1.0);
                const double gx = clip(coefficient * dx) * alpha, gy = clip(coefficient * dy) * alpha;
                yi[0] += gx;
                yi[1] += gy;
                yj[0] -= gx;
                yj[1] -= gy;
            }
            next[e] += every[e];
            // Repulsion from random points, only the head moving.
            const auto negatives = static_cast<int64_t>((now - next_negative[e]) / negative_every[e]);
            for (int64_t s = 0; s < negatives; ++s) {
                const int64_t k = random.below(n);
                if (k == i) continue;
                const double* yk = &y[2 * k];
                dx = yi[0] - yk[0];
                dy = yi[1] - yk[1];
                d2 = dx * dx + dy * dy;
                if (d2 > 0.0) {
                    const double coefficient = 2.0 * b / ((0.001 + d2) * (a * std::pow(d2, b) + 1.0));
                    yi[0] += clip(coefficient * dx) * alpha;
                    yi[1] += clip(coefficient * dy) * alpha;
                } else {
                    yi[0] += kClip * alpha;
                    yi[1] += kClip * alpha;
                }
            }
            next_negative[e] += static_cast<double>(negatives) * negative_every[e];
        }
        report_picture(progress, settings.report_every, epoch + 1, epochs, y);
    }
    auto result = positions_tensor(y);
    if (progress) progress(epochs, epochs, result.clone());
    return result;
}

}  // namespace latentlab
