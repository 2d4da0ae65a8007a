#pragma once

// Small generated datasets for tests: fast to make, with structure a VAE can learn.

#include "model/data/dataset.h"

#include <torch/torch.h>

namespace latentlab::testing {

// size x size grayscale images, each one bright horizontal or vertical bar at
// a random position on a dark background; the label is the orientation.
inline ImageSet make_bars(int64_t count, int64_t size, uint64_t seed) {
    auto generator = at::detail::createCPUGenerator(seed);
    auto images = torch::zeros({count, 1, size, size}, torch::kUInt8);
    auto labels = torch::randint(2, {count}, generator, torch::kLong);
    auto positions = torch::randint(size, {count}, generator, torch::kLong);
    auto accessor = images.accessor<uint8_t, 4>();
    for (int64_t i = 0; i < count; ++i) {
        const auto position = positions[i].item<int64_t>();
        const bool vertical = labels[i].item<int64_t>() == 1;
        for (int64_t j = 0; j < size; ++j) {
            if (vertical)
                accessor[i][0][j][position] = 255;
            else
                accessor[i][0][position][j] = 255;
        }
    }
    return {images, labels, {}, {}, {}};
}

inline Dataset make_bars_dataset(int64_t train, int64_t test, int64_t size, uint64_t seed) {
    Dataset data;
    data.name = "bars";
    data.train = make_bars(train, size, seed);
    data.test = make_bars(test, size, seed + 1);
    data.class_names = {"horizontal", "vertical"};
    data.channels = 1;
    data.height = size;
    data.width = size;
    return data;
}

// size x size RGB images: one bar as in make_bars, in one of three colours
// (red, green, blue) on a dark grey background.
inline ImageSet make_colour_bars(int64_t count, int64_t size, uint64_t seed) {
    auto bars = make_bars(count, size, seed);
    auto generator = at::detail::createCPUGenerator(seed + 1000);
    const auto colours = torch::randint(3, {count}, generator, torch::kLong);
    auto images = torch::full({count, 3, size, size}, 40, torch::kUInt8);
    for (int64_t i = 0; i < count; ++i) {
        const auto mask = bars.images[i][0] > 0;
        images[i][colours[i].item<int64_t>()].masked_fill_(mask, 230);
    }
    return {images, bars.labels, {}, {}, {}};
}

inline Dataset make_colour_bars_dataset(int64_t train, int64_t test, int64_t size, uint64_t seed) {
    Dataset data = make_bars_dataset(1, 1, size, seed);
    data.name = "colour bars";
    data.train = make_colour_bars(train, size, seed);
    data.test = make_colour_bars(test, size, seed + 1);
    data.channels = 3;
    return data;
}

}  // namespace latentlab::testing
