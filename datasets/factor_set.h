#pragma once

#include <functional>
#include <string>

namespace latentlab::datasets {

struct Options {
    std::string out;
    long long count = 5000;
    int size = 64;
    unsigned long long seed = 1;
    bool factors = false;  // the known-factors set instead of the random shapes
    int channels = 0;      // 0: the mode's default (3 for shapes, 1 for factors)
    bool pairs = false;
    int changed = 1;  // factors that differ within a pair; 0: random, 1 to all-but-one
    // Told (done, total) after each image or pair; may be empty.
    std::function<void(long long, long long)> progress;
};

// Writes the known-factors set (and its factors.csv, and pairs.csv with --pairs)
// into options.out; returns the exit status. Throws on an unexpected failure.
int write_factor_set(const Options& options);

}  // namespace latentlab::datasets
