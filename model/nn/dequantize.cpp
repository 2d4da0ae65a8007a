#include "model/nn/dequantize.h"

#include <cmath>

namespace latentlab {

torch::Tensor dequantization_steps(at::IntArrayRef sizes, at::Generator& generator) {
    return torch::randint(0, 65536, sizes, generator, torch::kFloat);
}

torch::Tensor dequantize(const torch::Tensor& images, const torch::Tensor& steps) {
    // k * 2^16 + m < 2^24: exact in float, and so is the division by 2^24.
    return images.to(torch::kFloat).mul_(65536.0).add_(steps).div_(16777216.0);
}

torch::Tensor dequantize(const torch::Tensor& images, at::Generator& generator) {
    return dequantize(images, dequantization_steps(images.sizes(), generator).to(images.device()));
}

uint64_t dequantization_seed(uint64_t seed, int64_t epoch) {
    // splitmix64 of the pair: nearby seeds and epochs give unrelated streams.
    uint64_t z = seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(epoch) + 0x632BE59BD9B4E019ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

torch::Tensor dequantized_test_images(const torch::Tensor& images, uint64_t seed) {
    auto generator = at::detail::createCPUGenerator(dequantization_seed(seed, 0));
    return dequantize(images, generator);
}

double bits_per_dim_256(double log_px_nats, int64_t dims) {
    const double d = static_cast<double>(dims);
    return (-log_px_nats + d * std::log(256.0)) / (d * std::log(2.0));
}

}  // namespace latentlab
