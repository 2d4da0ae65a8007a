#include "model/data/dataset.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "model/base/error.h"

namespace latentlab {

namespace {

// A uniform integer in [0, bound) from the raw engine output. Written out
// instead of std::uniform_int_distribution, whose algorithm differs between
// standard libraries: a seed must give the same split everywhere.
uint64_t bounded_random(std::mt19937_64& rng, uint64_t bound) {
    const uint64_t limit =
        std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % bound;
    uint64_t value = rng();
    while (value >= limit) {
        value = rng();
    }
    return value % bound;
}

ImageSet select_rows(const ImageSet& all, const std::vector<int64_t>& rows) {
    const auto index = torch::tensor(rows, torch::kLong);
    ImageSet part;
    if (all.images.defined()) {
        part.images = all.images.index_select(0, index);
    } else if (all.on_disk) {
        part.images = all.on_disk->gather(index);
    }
    part.labels = all.labels.index_select(0, index);
    if (all.factors.defined()) part.factors = all.factors.index_select(0, index);
    if (!all.paths.empty()) {
        part.paths.reserve(rows.size());
        for (const int64_t row : rows) {
            part.paths.push_back(all.paths[static_cast<size_t>(row)]);
        }
    }
    return part;
}

}  // namespace

std::pair<std::vector<int64_t>, std::vector<int64_t>> split_rows(int64_t n, double test_fraction, uint64_t seed) {
    if (!(test_fraction >= 0.0 && test_fraction < 1.0)) {
        throw Error("The test fraction must be at least 0 and less than 1, not " +
                    std::to_string(test_fraction));
    }
    if (n <= 0) {
        return {};
    }

    // At least one image on each side when there are two or more, so a small
    // folder still has something to evaluate on.
    auto n_test = static_cast<int64_t>(std::llround(test_fraction * static_cast<double>(n)));
    if (test_fraction > 0.0 && n >= 2) {
        n_test = std::max<int64_t>(n_test, 1);
    }
    n_test = std::min(n_test, n - 1);

    // Fisher-Yates on the row numbers; the first n_test rows of the shuffle
    // are the test split.
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        order[static_cast<size_t>(i)] = i;
    }
    std::mt19937_64 rng(seed);
    for (int64_t i = n - 1; i > 0; --i) {
        const auto j = static_cast<int64_t>(bounded_random(rng, static_cast<uint64_t>(i) + 1));
        std::swap(order[static_cast<size_t>(i)], order[static_cast<size_t>(j)]);
    }

    // Each split keeps the original (path) order.
    std::vector<int64_t> test_rows(order.begin(), order.begin() + n_test);
    std::vector<int64_t> train_rows(order.begin() + n_test, order.end());
    std::sort(test_rows.begin(), test_rows.end());
    std::sort(train_rows.begin(), train_rows.end());
    return {std::move(train_rows), std::move(test_rows)};
}

std::pair<ImageSet, ImageSet> split_train_test(const ImageSet& all, double test_fraction, uint64_t seed) {
    const auto [train_rows, test_rows] = split_rows(all.size(), test_fraction, seed);
    if (all.size() == 0) {
        return {all, all};
    }
    return {select_rows(all, train_rows), select_rows(all, test_rows)};
}

int64_t ImageSet::size() const {
    if (images.defined()) return images.size(0);
    return on_disk ? on_disk->size() : 0;
}

std::shared_ptr<const ImageSource> ImageSet::source() const {
    if (on_disk) return on_disk;
    return std::make_shared<InMemoryImages>(images);
}

torch::Tensor ImageSet::image(int64_t i) const {
    if (i < 0 || i >= size()) throw Error("no image " + std::to_string(i) + " in a set of " + std::to_string(size()));
    if (images.defined()) return images[i];
    return on_disk->range(i, i + 1)[0];
}

torch::Tensor ImageSet::all_pixels() const {
    if (images.defined() || !on_disk) return images;
    return on_disk->range(0, on_disk->size());
}

torch::Tensor to_float_batch(const ImageSource& images, const torch::Tensor& rows) {
    // Division of a uint8 tensor by a floating scalar promotes to float in the
    // same kernel: the gathered bytes are read once and written once as floats.
    return images.gather(rows).div(255.0);
}

torch::Tensor to_unit_float(const torch::Tensor& images, const torch::Device& device) {
    if (images.scalar_type() == torch::kUInt8) return images.to(device, torch::kFloat).div_(255.0);
    return images.to(device, torch::kFloat);
}

}  // namespace latentlab
