#include "model/inspect/auroc.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace latentlab {

double auroc(const std::vector<double>& positives, const std::vector<double>& negatives) {
    if (positives.empty() || negatives.empty()) return std::numeric_limits<double>::quiet_NaN();
    // Ranks of all scores together (ties share their mean rank), then
    // U = sum of the positives' ranks - n+ (n+ + 1) / 2.
    std::vector<std::pair<double, bool>> all;
    all.reserve(positives.size() + negatives.size());
    for (double p : positives) all.emplace_back(p, true);
    for (double n : negatives) all.emplace_back(n, false);
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    double positiveRanks = 0.0;
    for (size_t i = 0; i < all.size();) {
        size_t j = i;
        while (j < all.size() && all[j].first == all[i].first) ++j;
        const double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;  // mean of ranks i+1..j
        for (size_t t = i; t < j; ++t)
            if (all[t].second) positiveRanks += rank;
        i = j;
    }
    const double np = static_cast<double>(positives.size()), nn = static_cast<double>(negatives.size());
    return (positiveRanks - np * (np + 1.0) / 2.0) / (np * nn);
}

}  // namespace latentlab
