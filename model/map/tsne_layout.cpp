#include "model/map/tsne_layout.h"

#include "model/base/error.h"
#include "model/base/threads.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

namespace {

// Points a thread takes at a time in the gradient's loops.
constexpr int64_t kGrain = 256;
// Bisection for beta: the entropy's tolerance (nats) and the most steps.
constexpr double kEntropyTolerance = 1e-7;
constexpr int kMaxBisections = 200;
// The standard deviation of t-SNE's start (Kobak & Berens 2019): small, so
// early exaggeration can gather clusters before they spread.
constexpr double kStartScale = 1e-4;
constexpr double kMinGain = 0.01;

// The Barnes-Hut quadtree of the current positions: each cell holds the
// number of points in it and their sum, so a far cell repels as one point at
// its centre of mass.
class QuadTree {
public:
    explicit QuadTree(const std::vector<double>& xy) : xy_(xy) {
        const int64_t n = static_cast<int64_t>(xy.size()) / 2;
        double low_x = std::numeric_limits<double>::max(), low_y = low_x;
        double high_x = std::numeric_limits<double>::lowest(), high_y = high_x;
        for (int64_t i = 0; i < n; ++i) {
            low_x = std::min(low_x, xy[2 * i]);
            high_x = std::max(high_x, xy[2 * i]);
            low_y = std::min(low_y, xy[2 * i + 1]);
            high_y = std::max(high_y, xy[2 * i + 1]);
        }
        const double half = std::max(high_x - low_x, high_y - low_y) * 0.5 * (1.0 + 1e-6) + 1e-12;
        nodes_.reserve(static_cast<size_t>(4 * n + 1));
        nodes_.push_back(Node{(low_x + high_x) * 0.5, (low_y + high_y) * 0.5, half});
        for (int64_t i = 0; i < n; ++i) insert(i);
        // What the traversal reads, compact: 32 bytes a cell.
        cells_.reserve(nodes_.size());
        for (const Node& node : nodes_) {
            const double count = static_cast<double>(std::max<int64_t>(node.count, 1));
            cells_.push_back(Cell{static_cast<float>(node.sum_x / count), static_cast<float>(node.sum_y / count),
                                  static_cast<float>(4.0 * node.half * node.half), static_cast<float>(node.count),
                                  node.point, node.child});
        }
    }

    // Point i's repulsion: the sum over other points j of q_ij^2 (y_i - y_j)
    // into (fx, fy) and of q_ij into z, with q = 1 / (1 + |y_i - y_j|^2);
    // a cell seen under less than theta (its width over its distance) counts as one point.
    void repulsion(int64_t i, double theta, double& fx, double& fy, double& z) const {
        const float x = static_cast<float>(xy_[2 * i]), y = static_cast<float>(xy_[2 * i + 1]);
        const float theta2 = static_cast<float>(theta * theta);
        float sum_fx = 0.0f, sum_fy = 0.0f, sum_z = 0.0f;
        int32_t stack[4 * kMaxDepth + 8];
        int top = 0;
        stack[top++] = 0;
        while (top > 0) {
            const Cell& cell = cells_[static_cast<size_t>(stack[--top])];
            float count = cell.count;
            float dx = x - cell.x, dy = y - cell.y;
            if (cell.child < 0 && cell.point == i) {  // not its own repulsion
                if (cell.count == 1.0f) continue;
                // The others' centre of mass: (count * centre - own) / (count - 1).
                count -= 1.0f;
                dx = x - (cell.count * cell.x - x) / count;
                dy = y - (cell.count * cell.y - y) / count;
            }
            const float d2 = dx * dx + dy * dy;
            if (cell.child < 0 || cell.width2 < theta2 * d2) {
                const float q = 1.0f / (1.0f + d2);
                sum_z += count * q;
                const float qq = count * q * q;
                sum_fx += qq * dx;
                sum_fy += qq * dy;
            } else {
                for (int c = 0; c < 4; ++c)
                    if (cells_[static_cast<size_t>(cell.child + c)].count > 0.0f) stack[top++] = cell.child + c;
            }
        }
        fx = sum_fx;
        fy = sum_fy;
        z = sum_z;
    }

private:
    // Deeper cells hold their points together (points at the same place).
    static constexpr int kMaxDepth = 48;

    struct Node {
        double cx, cy, half;
        double sum_x = 0.0, sum_y = 0.0;
        int64_t count = 0;
        int64_t point = -1;   // a leaf's (first) point
        int32_t child = -1;   // the first of four consecutive children; -1 for a leaf
    };

    int32_t childFor(const Node& node, double x, double y) const {
        return node.child + (x >= node.cx ? 1 : 0) + (y >= node.cy ? 2 : 0);
    }

    void split(int32_t at) {
        const Node parent = nodes_[static_cast<size_t>(at)];
        const double h = parent.half * 0.5;
        const auto first = static_cast<int32_t>(nodes_.size());
        nodes_.push_back(Node{parent.cx - h, parent.cy - h, h});
        nodes_.push_back(Node{parent.cx + h, parent.cy - h, h});
        nodes_.push_back(Node{parent.cx - h, parent.cy + h, h});
        nodes_.push_back(Node{parent.cx + h, parent.cy + h, h});
        Node& node = nodes_[static_cast<size_t>(at)];
        node.child = first;
        // The point it held moves down.
        const int64_t old = node.point;
        node.point = -1;
        Node& moved = nodes_[static_cast<size_t>(childFor(node, xy_[2 * old], xy_[2 * old + 1]))];
        moved.count = 1;
        moved.sum_x = xy_[2 * old];
        moved.sum_y = xy_[2 * old + 1];
        moved.point = old;
    }

    void insert(int64_t i) {
        const double x = xy_[2 * i], y = xy_[2 * i + 1];
        int32_t at = 0;
        for (int depth = 0;; ++depth) {
            Node& node = nodes_[static_cast<size_t>(at)];
            if (node.child < 0) {
                if (node.count == 0 || depth >= kMaxDepth) {
                    if (node.count == 0) node.point = i;
                    node.count += 1;
                    node.sum_x += x;
                    node.sum_y += y;
                    return;
                }
                split(at);
            }
            Node& parent = nodes_[static_cast<size_t>(at)];
            parent.count += 1;
            parent.sum_x += x;
            parent.sum_y += y;
            at = childFor(parent, x, y);
        }
    }

    // A cell as the traversal reads it: centre of mass, squared width.
    struct Cell {
        float x, y, width2, count;
        int64_t point;
        int32_t child;
    };

    const std::vector<double>& xy_;
    std::vector<Node> nodes_;
    std::vector<Cell> cells_;
};

// One row's p(j|i) for squared distances d2 (nearest first) at the target
// entropy (nats); returns beta.
double calibrate_row(const double* d2, int64_t k, double target, double* p) {
    const double nearest = d2[0];
    double beta = 1.0, low = 0.0, high = std::numeric_limits<double>::infinity();
    for (int step = 0; step < kMaxBisections; ++step) {
        double sum = 0.0, weighted = 0.0;
        for (int64_t r = 0; r < k; ++r) {
            const double shifted = d2[r] - nearest;  // exp(-beta * 0) = 1: no underflow
            p[r] = std::exp(-beta * shifted);
            sum += p[r];
            weighted += p[r] * shifted;
        }
        const double entropy = std::log(sum) + beta * weighted / sum;
        for (int64_t r = 0; r < k; ++r) p[r] /= sum;
        const double miss = entropy - target;
        if (std::abs(miss) < kEntropyTolerance) break;
        if (miss > 0) {  // too flat: sharpen
            low = beta;
            beta = std::isinf(high) ? beta * 2.0 : (low + high) * 0.5;
        } else {
            high = beta;
            beta = (low + high) * 0.5;
        }
    }
    return beta;
}

}  // namespace

int64_t tsne_neighbours(double perplexity) { return static_cast<int64_t>(std::ceil(3.0 * perplexity)); }

ConditionalAffinities perplexity_affinities(const torch::Tensor& distance, double perplexity) {
    if (distance.dim() != 2 || distance.size(1) < 1) throw Error("t-SNE needs each point's neighbours");
    if (!(perplexity > 1.0)) throw Error("t-SNE's perplexity must be more than 1");
    const auto d = distance.to(torch::kDouble).contiguous();
    const auto d2 = d * d;
    const int64_t n = d.size(0), k = d.size(1);
    const double target = std::log(std::min(perplexity, static_cast<double>(k)));
    ConditionalAffinities out{torch::empty({n, k}, torch::kDouble), torch::empty({n}, torch::kDouble)};
    const double* from = d2.data_ptr<double>();
    double* p = out.p.data_ptr<double>();
    double* beta = out.beta.data_ptr<double>();
    parallel_rows(0, n, kGrain, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) beta[i] = calibrate_row(from + i * k, k, target, p + i * k);
    });
    return out;
}

torch::Tensor tsne_layout(const Neighbours& graph, const TsneSettings& settings, const LayoutStart& start,
                          const LayoutProgress& progress, const std::atomic<bool>* cancel) {
    const int64_t n = graph.index.defined() ? graph.index.size(0) : 0;
    if (n < 2) throw Error("a t-SNE layout needs at least two points");
    if (!(settings.theta >= 0.0)) throw Error("t-SNE's theta must not be negative");
    // P: conditional affinities symmetrised, summing to 1.
    const auto conditional = perplexity_affinities(graph.distance, settings.perplexity);
    const double scale = 1.0 / (2.0 * static_cast<double>(n));
    const SparseGraph p = symmetrised(graph.index, conditional.p,
                                      [scale](double forward, double backward) { return (forward + backward) * scale; });

    std::vector<double> y = start_positions(start, n, settings.seed, kStartScale);
    if (start.positions.defined() && !start.converged) {
        // A first picture (PCA): its shape at t-SNE's starting scale.
        double mean = 0.0, square = 0.0;
        for (int64_t i = 0; i < n; ++i) mean += y[2 * i];
        mean /= static_cast<double>(n);
        for (int64_t i = 0; i < n; ++i) square += (y[2 * i] - mean) * (y[2 * i] - mean);
        const double sd = std::sqrt(square / static_cast<double>(n));
        const double factor = sd > 0 ? kStartScale / sd : 1.0;
        for (double& v : y) v *= factor;
    }
    const bool refine = start.converged;
    const int64_t total = refine ? settings.refine_iterations : settings.iterations;
    const int64_t exaggerated = refine ? 0 : std::min(settings.exaggeration_iterations, total);
    const double rate =
        (settings.learning_rate > 0 ? settings.learning_rate : std::max(static_cast<double>(n) / settings.exaggeration, 50.0)) *
        (refine ? settings.refine_rate_share : 1.0);

    std::vector<double> update(static_cast<size_t>(2 * n), 0.0), gain(static_cast<size_t>(2 * n), 1.0);
    std::vector<double> attract(static_cast<size_t>(2 * n)), repel(static_cast<size_t>(2 * n));
    std::vector<double> z_part(static_cast<size_t>(n));
    for (int64_t iteration = 0; iteration < total; ++iteration) {
        if (cancel && cancel->load()) return {};
        const bool early = iteration < exaggerated;
        const double exaggeration = early ? settings.exaggeration : 1.0;
        const double momentum = early ? 0.5 : 0.8;
        const QuadTree tree(y);
        parallel_rows(0, n, kGrain, [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i) {
                tree.repulsion(i, settings.theta, repel[2 * i], repel[2 * i + 1], z_part[i]);
                double ax = 0.0, ay = 0.0;
                const double xi = y[2 * i], yi = y[2 * i + 1];
                for (int64_t e = p.start[i]; e < p.start[i + 1]; ++e) {
                    const int64_t j = p.column[e];
                    const double dx = xi - y[2 * j], dy = yi - y[2 * j + 1];
                    const double w = p.weight[e] / (1.0 + dx * dx + dy * dy);
                    ax += w * dx;
                    ay += w * dy;
                }
                attract[2 * i] = ax;
                attract[2 * i + 1] = ay;
            }
        });
        double z = 0.0;  // summed in order: the same on any number of threads
        for (double part : z_part) z += part;
        z = std::max(z, std::numeric_limits<double>::min());
        parallel_rows(0, n, kGrain, [&](int64_t begin, int64_t end) {
            for (int64_t c = 2 * begin; c < 2 * end; ++c) {
                const double gradient = 4.0 * (exaggeration * attract[c] - repel[c] / z);
                // Gains (Jacobs 1988): grow while the direction holds.
                gain[c] = (gradient > 0) != (update[c] > 0) ? gain[c] + 0.2 : std::max(gain[c] * 0.8, kMinGain);
                update[c] = momentum * update[c] - rate * gain[c] * gradient;
                y[c] += update[c];
            }
        });
        centre_positions(y);
        report_picture(progress, settings.report_every, iteration + 1, total, y);
    }
    auto result = positions_tensor(y);
    if (progress) progress(total, total, result.clone());
    return result;
}

}  // namespace latentlab
