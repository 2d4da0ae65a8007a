#pragma once

// Walks through a latent space: paths between two codes, traversal grids,
// and the 2-D projection of a set of codes with its inverse. Plain tensor
// arithmetic, no model.

#include <torch/torch.h>

#include <vector>

namespace latentlab {

// `steps` codes from `a` to `b` (both included): on the straight line, or
// (spherical) along the great circle between their directions with the norm
// interpolated linearly (slerp), which keeps codes at the typical radius of
// a Gaussian prior instead of cutting through the low-density middle.
// a, b: [D]. Returns [steps, D].
torch::Tensor interpolate_codes(const torch::Tensor& a, const torch::Tensor& b, int64_t steps, bool spherical);

// The codes of a traversal: for each dimension in `dimensions` (the rows),
// `center` with that dimension set to center[d] + offset for each offset
// (the columns). Returns [rows * columns, D], row by row.
torch::Tensor traversal_codes(const torch::Tensor& center, const std::vector<int64_t>& dimensions,
                              const std::vector<double>& offsets);

// `columns` values evenly from -range to +range.
std::vector<double> traversal_offsets(double range, int64_t columns);

// Dimension indexes ordered by `kl` descending (the most informative first);
// ties keep their index order.
std::vector<int64_t> dimensions_by_kl(const std::vector<double>& kl);

// Principal component analysis of codes [N, D].
struct Projection {
    torch::Tensor center;      // [D], the mean code
    torch::Tensor directions;  // [D, D], row k: the k-th principal direction (unit length)
    torch::Tensor spread;      // [D], the standard deviation along each direction
};
Projection principal_directions(const torch::Tensor& codes);

// Reorders and flips the first two rows of `axes` ([2, D], unit rows) to
// match `previous` ([2, D]) as closely as possible, so a map re-projected
// after an epoch keeps its orientation. Returns the aligned axes.
torch::Tensor align_axes(const torch::Tensor& axes, const torch::Tensor& previous);

// Codes [N, D] -> plane [N, 2]: ((z - center) . axes[0], (z - center) . axes[1]).
torch::Tensor project(const torch::Tensor& codes, const torch::Tensor& center, const torch::Tensor& axes);
// A point of the plane back to a code: center + x axes[0] + y axes[1] (the
// other coordinates at the center).
torch::Tensor unproject(double x, double y, const torch::Tensor& center, const torch::Tensor& axes);

}  // namespace latentlab
