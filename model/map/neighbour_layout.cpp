#include "model/map/neighbour_layout.h"

#include "model/base/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace latentlab {

SparseGraph symmetrised(const torch::Tensor& index, const torch::Tensor& weight,
                        const std::function<double(double, double)>& combine) {
    const auto rows = index.to(torch::kLong).contiguous();
    const auto values = weight.to(torch::kDouble).contiguous();
    const int64_t n = rows.size(0), k = rows.dim() == 2 ? rows.size(1) : 0;
    const int64_t* to = rows.data_ptr<int64_t>();
    const double* w = values.data_ptr<double>();
    // Every directed edge and its reverse, gathered per row: (column, forward weight, backward weight).
    struct Entry {
        int64_t column;
        double forward, backward;
    };
    std::vector<int64_t> count(static_cast<size_t>(n) + 1, 0);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t r = 0; r < k; ++r) {
            const int64_t j = to[i * k + r];
            if (j < 0 || j == i || j >= n) continue;
            ++count[static_cast<size_t>(i)];
            ++count[static_cast<size_t>(j)];
        }
    std::vector<int64_t> offset(static_cast<size_t>(n) + 1, 0);
    std::partial_sum(count.begin(), count.end() - 1, offset.begin() + 1);
    std::vector<Entry> entries(static_cast<size_t>(offset[static_cast<size_t>(n)]));
    std::vector<int64_t> fill(offset.begin(), offset.end() - 1);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t r = 0; r < k; ++r) {
            const int64_t j = to[i * k + r];
            if (j < 0 || j == i || j >= n) continue;
            entries[static_cast<size_t>(fill[static_cast<size_t>(i)]++)] = {j, w[i * k + r], 0.0};
            entries[static_cast<size_t>(fill[static_cast<size_t>(j)]++)] = {i, 0.0, w[i * k + r]};
        }
    SparseGraph graph;
    graph.start.reserve(static_cast<size_t>(n) + 1);
    graph.start.push_back(0);
    for (int64_t i = 0; i < n; ++i) {
        const auto first = entries.begin() + offset[static_cast<size_t>(i)];
        const auto last = entries.begin() + offset[static_cast<size_t>(i) + 1];
        std::sort(first, last, [](const Entry& a, const Entry& b) { return a.column < b.column; });
        for (auto e = first; e != last;) {
            double forward = 0.0, backward = 0.0;
            const int64_t column = e->column;
            for (; e != last && e->column == column; ++e) {
                forward += e->forward;
                backward += e->backward;
            }
            graph.column.push_back(column);
            graph.weight.push_back(combine(forward, backward));
        }
        graph.start.push_back(static_cast<int64_t>(graph.column.size()));
    }
    return graph;
}

uint64_t LayoutRandom::next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double LayoutRandom::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

int64_t LayoutRandom::below(int64_t n) { return static_cast<int64_t>(next() % static_cast<uint64_t>(n)); }

double LayoutRandom::normal() {
    // Box-Muller; 1 - uniform() is in (0, 1], so the logarithm is finite.
    const double u = 1.0 - uniform(), v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
}

std::vector<double> start_positions(const LayoutStart& start, int64_t n, uint64_t seed, double scale) {
    std::vector<double> xy(static_cast<size_t>(2 * n));
    if (start.positions.defined()) {
        if (start.positions.dim() != 2 || start.positions.size(0) != n || start.positions.size(1) != 2)
            throw Error("a layout's start positions must be one (x, y) per point");
        const auto given = start.positions.to(torch::kDouble).contiguous();
        std::copy(given.data_ptr<double>(), given.data_ptr<double>() + 2 * n, xy.begin());
        return xy;
    }
    LayoutRandom random(seed);
    for (double& value : xy) value = scale * random.normal();
    return xy;
}

torch::Tensor positions_tensor(const std::vector<double>& xy) {
    const int64_t n = static_cast<int64_t>(xy.size()) / 2;
    auto out = torch::empty({n, 2}, torch::kFloat);
    float* p = out.data_ptr<float>();
    for (size_t i = 0; i < xy.size(); ++i) p[i] = static_cast<float>(xy[i]);
    return out;
}

void centre_positions(std::vector<double>& xy) {
    const size_t n = xy.size() / 2;
    if (n == 0) return;
    double mx = 0.0, my = 0.0;
    for (size_t i = 0; i < n; ++i) {
        mx += xy[2 * i];
        my += xy[2 * i + 1];
    }
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    for (size_t i = 0; i < n; ++i) {
        xy[2 * i] -= mx;
        xy[2 * i + 1] -= my;
    }
}

void report_picture(const LayoutProgress& progress, int64_t every, int64_t done, int64_t total,
                    const std::vector<double>& xy) {
    if (progress && every > 0 && done % every == 0 && done < total) progress(done, total, positions_tensor(xy));
}

}  // namespace latentlab
