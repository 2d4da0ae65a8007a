#pragma once

// Multiple-instance view of a data set: images grouped into bags (a
// subfolder, or a class), each bag scored by aggregating its instances'
// scores, as a VAE-MIL model scores bags of instances. Free of LibTorch so
// views can regroup without a request.

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

enum class BagAggregate { Mean, Max, TopKMean };

struct Bag {
    std::string name;
    std::vector<int64_t> members;  // rows of the per-image scores
};

struct BagScore {
    int64_t bag = 0;     // index into the bags
    double score = 0.0;  // NaN when every member is masked out
    int64_t used = 0;    // members counted
};

// One instance mask entry per row: false leaves that row out of every bag.
// An empty mask counts every row. Top-k mean uses the k largest (k >= 1;
// fewer members: all of them).
double aggregate_bag(const std::vector<double>& scores, const Bag& bag, const std::vector<bool>& mask,
                     BagAggregate how, int64_t k, int64_t* used = nullptr);

// Every bag scored, highest score first (NaN last).
std::vector<BagScore> rank_bags(const std::vector<double>& scores, const std::vector<Bag>& bags,
                                const std::vector<bool>& mask, BagAggregate how, int64_t k);

// Bags by the folder that holds each file, relative to the files' common
// folder ("(top)" for files directly in it); rows without a file are left out.
std::vector<Bag> bags_by_folder(const std::vector<std::string>& files);
// Bags by class: one per class name that has members.
std::vector<Bag> bags_by_class(const std::vector<int64_t>& labels, const std::vector<std::string>& class_names);

}  // namespace latentlab
