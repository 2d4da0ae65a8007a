#include "datasets/factor_set.h"

#include "datasets/shape_factors.h"

#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace latentlab::datasets {

namespace {

namespace fs = std::filesystem;

std::string padded(long long number, int digits) {
    std::string text = std::to_string(number);
    if (static_cast<int>(text.size()) < digits) text.insert(0, digits - text.size(), '0');
    return text;
}

}  // namespace

int write_factor_set(const Options& options) {
    const fs::path root(options.out);
    for (int shape = 0; shape < kShapeCount; ++shape) {
        std::error_code ec;
        fs::create_directories(root / shape_name(shape), ec);
        if (ec) {
            std::fprintf(stderr, "latentlab-make-shapes: cannot create %s: %s\n", (root / shape_name(shape)).c_str(),
                         ec.message().c_str());
            return 1;
        }
    }
    std::ofstream factors(root / "factors.csv");
    std::ofstream pairs;
    if (options.pairs) {
        pairs.open(root / "pairs.csv");
        pairs << "first,second,changed\n";
    }
    factors << factors_header(options.channels) << '\n';

    SeededRandom random(options.seed);
    const int count = factor_count(options.channels);
    const std::vector<int> png = {cv::IMWRITE_PNG_COMPRESSION, 6};
    const int digits = std::max<int>(6, static_cast<int>(std::to_string(options.count - 1).size()));
    const auto write = [&](const FactorIndices& values, const std::string& stem) {
        const std::string file = std::string(shape_name(values[kShape])) + "/" + stem + ".png";
        if (!cv::imwrite((root / file).string(), draw_factors(values, options.size, options.channels), png)) {
            std::fprintf(stderr, "latentlab-make-shapes: cannot write %s\n", (root / file).c_str());
            return std::string();
        }
        factors << factors_row(file, values, options.channels) << '\n';
        return file;
    };
    for (long long i = 0; i < options.count; ++i) {
        const FactorIndices first = random_factors(random, options.channels);
        if (!options.pairs) {
            if (write(first, padded(i, digits)).empty()) return 1;
            if (options.progress) options.progress(i + 1, options.count);
            continue;
        }
        const int changed = options.changed > 0 ? options.changed : random.integer(1, count - 1);
        const FactorIndices second = changed_factors(random, first, changed, options.channels);
        const std::string a = write(first, padded(i, digits) + "a");
        const std::string b = write(second, padded(i, digits) + "b");
        if (a.empty() || b.empty()) return 1;
        std::string names;
        for (int f = 0; f < count; ++f)
            if (first[f] != second[f]) names += (names.empty() ? "" : "+") + factor_grids()[f].name;
        pairs << a << ',' << b << ',' << names << '\n';
        if (options.progress) options.progress(i + 1, options.count);
    }
    factors.close();
    pairs.close();
    if (!factors || (options.pairs && !pairs)) {
        std::fprintf(stderr, "latentlab-make-shapes: cannot write the factor lists in %s\n", root.c_str());
        return 1;
    }
    std::printf("wrote %lld %s%dx%d %s images with %d known factors to %s\n", options.count,
                options.pairs ? "pairs of " : "", options.size, options.size,
                options.channels == 3 ? "colour" : "grey", count, root.c_str());
    return 0;
}

}  // namespace latentlab::datasets
