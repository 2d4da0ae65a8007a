#pragma once

// What the neighbour-preserving layouts (t-SNE, UMAP) share: where a layout
// starts, how it reports while it converges, the symmetric sparse graph of
// neighbour weights and the seeded random numbers.

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace latentlab {

// Where a layout starts. `positions` [N, 2] (float): the layout's first
// picture; undefined: a small random one drawn from the seed. `converged`:
// the positions are a finished layout of nearly the same points (the previous
// epoch's map), so the layout only refines them (no early exaggeration, a
// gentle step) and the picture does not jump.
struct LayoutStart {
    torch::Tensor positions;
    bool converged = false;
};

// Called every few iterations with the positions so far ([N, 2] float, a copy
// the receiver may keep), and once more at the end with done == total.
using LayoutProgress = std::function<void(int64_t done, int64_t total, const torch::Tensor& positions)>;

// A symmetric sparse matrix of weights between N points, row by row
// (compressed rows: row i is entries start[i] .. start[i + 1], columns ascending).
struct SparseGraph {
    std::vector<int64_t> start;
    std::vector<int64_t> column;
    std::vector<double> weight;

    int64_t points() const { return start.empty() ? 0 : static_cast<int64_t>(start.size()) - 1; }
    int64_t entries() const { return static_cast<int64_t>(column.size()); }
};

// The symmetric graph of directed weights w(i -> index[i][r]) = weight[i][r]
// ([N, k] each): entry (i, j) is combine(w(i -> j), w(j -> i)), a missing
// direction counting as 0. Self loops and negative indexes are dropped.
SparseGraph symmetrised(const torch::Tensor& index, const torch::Tensor& weight,
                        const std::function<double(double, double)>& combine);

// Seeded random numbers (splitmix64): the same seed gives the same sequence
// on every machine, which std::normal_distribution does not promise.
class LayoutRandom {
public:
    explicit LayoutRandom(uint64_t seed) : state_(seed) {}
    uint64_t next();
    double uniform();              // [0, 1)
    int64_t below(int64_t n);      // [0, n)
    double normal();

private:
    uint64_t state_;
};

// Start positions as doubles, x0 y0 x1 y1 ...: the start's own (checked
// against N), or N(0, scale^2) drawn from the seed.
std::vector<double> start_positions(const LayoutStart& start, int64_t n, uint64_t seed, double scale);

// Positions (x0 y0 x1 y1 ...) as a float tensor [N, 2].
torch::Tensor positions_tensor(const std::vector<double>& xy);

// Moves the positions (x0 y0 x1 y1 ...) so that their mean is the origin.
void centre_positions(std::vector<double>& xy);

// After step `done` of `total`: every `every` steps an intermediate picture
// of `xy` to `progress` (the last step's is the caller's to report, with the result).
void report_picture(const LayoutProgress& progress, int64_t every, int64_t done, int64_t total,
                    const std::vector<double>& xy);

}  // namespace latentlab
