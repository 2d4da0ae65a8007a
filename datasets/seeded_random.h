#pragma once

#include <cstdint>
#include <random>

namespace latentlab::datasets {

// Uniform numbers from the raw engine output, written out instead of the
// <random> distributions, whose algorithms differ between standard libraries:
// a seed must draw the same images everywhere.
class SeededRandom {
public:
    explicit SeededRandom(uint64_t seed) : engine_(seed) {}
    double uniform(double low, double high) {
        const double unit = static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0);  // [0, 1)
        return low + (high - low) * unit;
    }
    int integer(int low, int high) {  // [low, high]
        return low + static_cast<int>(engine_() % static_cast<uint64_t>(high - low + 1));
    }

private:
    std::mt19937_64 engine_;
};

}  // namespace latentlab::datasets
