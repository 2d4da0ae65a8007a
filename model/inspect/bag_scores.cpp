#include "model/inspect/bag_scores.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>

namespace latentlab {

double aggregate_bag(const std::vector<double>& scores, const Bag& bag, const std::vector<bool>& mask,
                     BagAggregate how, int64_t k, int64_t* used) {
    std::vector<double> values;
    for (int64_t row : bag.members) {
        if (row < 0 || row >= static_cast<int64_t>(scores.size())) continue;
        if (!mask.empty() && !mask[static_cast<size_t>(row)]) continue;
        values.push_back(scores[static_cast<size_t>(row)]);
    }
    if (used) *used = static_cast<int64_t>(values.size());
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    if (how == BagAggregate::Max) return *std::max_element(values.begin(), values.end());
    if (how == BagAggregate::TopKMean) {
        const auto top = static_cast<size_t>(std::clamp<int64_t>(k, 1, static_cast<int64_t>(values.size())));
        std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(top), values.end(),
                          std::greater<double>());
        values.resize(top);
    }
    double sum = 0.0;
    for (double v : values) sum += v;
    return sum / static_cast<double>(values.size());
}

std::vector<BagScore> rank_bags(const std::vector<double>& scores, const std::vector<Bag>& bags,
                                const std::vector<bool>& mask, BagAggregate how, int64_t k) {
    std::vector<BagScore> ranked;
    for (size_t b = 0; b < bags.size(); ++b) {
        BagScore s;
        s.bag = static_cast<int64_t>(b);
        s.score = aggregate_bag(scores, bags[b], mask, how, k, &s.used);
        ranked.push_back(s);
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const BagScore& a, const BagScore& b) {
        if (std::isnan(a.score) || std::isnan(b.score)) return !std::isnan(a.score) && std::isnan(b.score);
        return a.score > b.score;
    });
    return ranked;
}

namespace {

std::string folderOf(const std::string& file) {
    const auto slash = file.find_last_of("/\\");
    return slash == std::string::npos ? std::string() : file.substr(0, slash);
}

}  // namespace

std::vector<Bag> bags_by_folder(const std::vector<std::string>& files) {
    // The common folder of every file, cut back to a whole folder name.
    std::string common;
    bool first = true;
    for (const auto& file : files) {
        if (file.empty()) continue;
        const std::string folder = folderOf(file) + "/";
        if (first) {
            common = folder, first = false;
            continue;
        }
        size_t same = 0;
        while (same < common.size() && same < folder.size() && common[same] == folder[same]) ++same;
        common.resize(same);
    }
    common.resize(common.find_last_of('/') == std::string::npos ? 0 : common.find_last_of('/') + 1);
    std::map<std::string, Bag> byFolder;
    for (size_t row = 0; row < files.size(); ++row) {
        if (files[row].empty()) continue;
        std::string name = folderOf(files[row]) + "/";
        name = name.size() > common.size() ? name.substr(common.size(), name.size() - common.size() - 1) : "(top)";
        Bag& bag = byFolder[name];
        bag.name = name;
        bag.members.push_back(static_cast<int64_t>(row));
    }
    std::vector<Bag> bags;
    for (auto& [name, bag] : byFolder) bags.push_back(std::move(bag));
    return bags;
}

std::vector<Bag> bags_by_class(const std::vector<int64_t>& labels, const std::vector<std::string>& class_names) {
    std::vector<Bag> bags(class_names.size());
    for (size_t c = 0; c < class_names.size(); ++c) bags[c].name = class_names[c];
    for (size_t row = 0; row < labels.size(); ++row) {
        const int64_t label = labels[row];
        if (label >= 0 && label < static_cast<int64_t>(bags.size()))
            bags[static_cast<size_t>(label)].members.push_back(static_cast<int64_t>(row));
    }
    bags.erase(std::remove_if(bags.begin(), bags.end(), [](const Bag& b) { return b.members.empty(); }), bags.end());
    return bags;
}

}  // namespace latentlab
