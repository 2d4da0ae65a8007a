#include "model/inspect/duplicate_groups.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace latentlab {

namespace {

// Union-find over the rows that appear in pairs, with path halving.
class Components {
public:
    int64_t root(int64_t i) {
        parent_.try_emplace(i, i);
        while (parent_[i] != i) {
            parent_[i] = parent_[parent_[i]];
            i = parent_[i];
        }
        return i;
    }
    void join(int64_t a, int64_t b) { parent_[root(a)] = root(b); }

private:
    std::map<int64_t, int64_t> parent_;
};

}  // namespace

DuplicateGroups group_pairs(const std::vector<DuplicatePair>& pairs, double latent_threshold, double pixel_threshold) {
    DuplicateGroups result;
    for (const auto& pair : pairs)
        if (pair.latent < latent_threshold && pair.pixel < pixel_threshold) result.pairs.push_back(pair);
    std::sort(result.pairs.begin(), result.pairs.end(), [](const DuplicatePair& x, const DuplicatePair& y) {
        return std::tie(x.latent, x.a, x.b) < std::tie(y.latent, y.a, y.b);
    });
    Components components;
    for (const auto& pair : result.pairs) components.join(pair.a, pair.b);
    std::map<int64_t, std::vector<int64_t>> byRoot;
    for (const auto& pair : result.pairs)
        for (int64_t row : {pair.a, pair.b}) byRoot[components.root(row)].push_back(row);
    for (auto& [root, rows] : byRoot) {
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
        result.groups.push_back(std::move(rows));
    }
    std::stable_sort(result.groups.begin(), result.groups.end(),
                     [](const auto& x, const auto& y) { return x.size() > y.size(); });
    return result;
}

}  // namespace latentlab
