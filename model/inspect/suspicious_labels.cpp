#include "model/inspect/suspicious_labels.h"

#include "model/base/error.h"

#include <algorithm>
#include <map>

namespace latentlab {

std::vector<LabelSuspicion> suspicious_labels(const std::vector<int64_t>& labels, const Neighbours& neighbours) {
    std::vector<LabelSuspicion> result;
    if (!neighbours.index.defined()) return result;
    const int64_t n = neighbours.index.size(0);
    const int64_t k = neighbours.index.size(1);
    if (n != static_cast<int64_t>(labels.size())) throw Error("the neighbours do not match the labels");
    const auto index = neighbours.index.contiguous();
    const int64_t* idx = index.data_ptr<int64_t>();
    for (int64_t i = 0; i < n; ++i) {
        const int64_t own = labels[static_cast<size_t>(i)];
        if (own < 0 || k == 0) continue;
        std::map<int64_t, int64_t> votes;
        int64_t against = 0, counted = 0;
        for (int64_t j = 0; j < k; ++j) {
            const int64_t label = labels[static_cast<size_t>(idx[i * k + j])];
            if (label < 0) continue;
            ++votes[label];
            ++counted;
            if (label != own) ++against;
        }
        if (counted == 0) continue;
        LabelSuspicion s;
        s.row = i;
        s.label = own;
        // The most common class; a tie goes to the lowest class index (map order).
        int64_t best = 0;
        for (const auto& [label, count] : votes)
            if (count > best) best = count, s.vote = label;
        s.disagreement = static_cast<double>(against) / static_cast<double>(counted);
        result.push_back(s);
    }
    std::stable_sort(result.begin(), result.end(), [](const LabelSuspicion& a, const LabelSuspicion& b) {
        return a.disagreement > b.disagreement;
    });
    return result;
}

}  // namespace latentlab
