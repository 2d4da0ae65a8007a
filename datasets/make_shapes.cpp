// latentlab-make-shapes: writes a seeded folder of procedurally drawn PNGs,
// coloured ellipses, rectangles and triangles on plain backgrounds, one
// subfolder per shape (the classes). The same options always write the same
// bytes. OpenCV only, no Qt: see datasets/README.md.

#include "datasets/factor_set.h"
#include "datasets/seeded_random.h"
#include "datasets/shape_factors.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <random>
#include <string>
#include <system_error>
#include <vector>

namespace {

namespace fs = std::filesystem;
using latentlab::datasets::SeededRandom;

const char* const kClasses[] = {"ellipse", "rectangle", "triangle"};
constexpr int kClassCount = 3;

const char* const kUsage =
    "Usage: latentlab-make-shapes --out DIR [--count N] [--size S] [--seed K]\n"
    "       latentlab-make-shapes --factors --out DIR [--count N] [--size S] [--seed K]\n"
    "                             [--channels 1|3] [--pairs --changed K|random]\n"
    "\n"
    "Writes N PNG images of S x S RGB pixels into DIR/ellipse, DIR/rectangle and\n"
    "DIR/triangle: one filled, anti-aliased shape per image with a random position,\n"
    "size, rotation and colour on a random background. The same seed writes the\n"
    "same files. DIR is created; existing files of the same names are replaced.\n"
    "\n"
    "  --out DIR    the folder to write (required)\n"
    "  --count N    number of images, split evenly over the classes (default 5000)\n"
    "  --size S     side of the images in pixels, 8 to 4096 (default 64)\n"
    "  --seed K     random seed (default 1)\n"
    "\n"
    "With --factors, a set whose generative factors are known (like dSprites): one\n"
    "white (or, with --channels 3, coloured) ellipse, square or triangle on black,\n"
    "its shape, scale, rotation, x, y (and hue) drawn from fixed grids, and\n"
    "DIR/factors.csv naming every file's factor values. With --pairs, N pairs of\n"
    "images that share all factors but K (or a random 1 to all-but-one), listed in\n"
    "DIR/pairs.csv, for weakly supervised training.\n"
    "  --channels C 1 (grey, default) or 3 (adds the hue factor)\n"
    "  --pairs      write pairs instead of single images\n"
    "  --changed K  factors that differ within a pair, or 'random' (default 1)\n";


// A background and a shape colour far enough apart to see the shape.
void pick_colours(SeededRandom& random, cv::Scalar& background, cv::Scalar& colour) {
    for (;;) {
        int distance = 0;
        for (int c = 0; c < 3; ++c) {
            background[c] = random.integer(0, 255);
            colour[c] = random.integer(0, 255);
            distance += std::abs(static_cast<int>(background[c] - colour[c]));
        }
        if (distance >= 160) {
            return;
        }
    }
}

cv::Mat draw_shape(SeededRandom& random, int shape, int size) {
    cv::Scalar background;
    cv::Scalar colour;
    pick_colours(random, background, colour);
    cv::Mat image(size, size, CV_8UC3, background);

    // Coordinates in 1/16 pixel (shift 4) for smooth anti-aliased edges.
    constexpr int shift = 4;
    constexpr double scale = 1 << shift;
    const double s = size;
    const double radius = random.uniform(0.15, 0.4) * s;  // half the shape's extent
    const double cx = random.uniform(radius, s - radius);
    const double cy = random.uniform(radius, s - radius);
    const double angle = random.uniform(0.0, 360.0);
    const auto point = [&](double x, double y) {
        return cv::Point(static_cast<int>(std::lround(x * scale)), static_cast<int>(std::lround(y * scale)));
    };

    if (shape == 0) {
        const double a = radius;
        const double b = radius * random.uniform(0.4, 1.0);
        cv::ellipse(image, point(cx, cy), cv::Size(static_cast<int>(a * scale), static_cast<int>(b * scale)), angle,
                    0.0, 360.0, colour, cv::FILLED, cv::LINE_AA, shift);
    } else {
        // A rectangle of aspect 0.4 to 1, or an isosceles-ish triangle,
        // rotated by `angle` about its centre and kept inside the image.
        std::vector<cv::Point2d> corners;
        if (shape == 1) {
            const double w = radius;
            const double h = radius * random.uniform(0.4, 1.0);
            corners = {{-w, -h}, {w, -h}, {w, h}, {-w, h}};
        } else {
            const double apex = random.uniform(-0.5, 0.5) * radius;
            corners = {{apex, -radius}, {radius, radius * 0.8}, {-radius, radius * 0.8}};
        }
        const double t = angle * M_PI / 180.0;
        std::vector<cv::Point2d> turned;
        cv::Point2d low(s, s);
        cv::Point2d high(0.0, 0.0);
        for (const cv::Point2d& c : corners) {
            const cv::Point2d p(cx + c.x * std::cos(t) - c.y * std::sin(t), cy + c.x * std::sin(t) + c.y * std::cos(t));
            turned.push_back(p);
            low = {std::min(low.x, p.x), std::min(low.y, p.y)};
            high = {std::max(high.x, p.x), std::max(high.y, p.y)};
        }
        // Moved back inside where a corner sticks out.
        const cv::Point2d move(low.x < 0.0 ? -low.x : std::min(0.0, s - 1.0 - high.x),
                               low.y < 0.0 ? -low.y : std::min(0.0, s - 1.0 - high.y));
        std::vector<cv::Point> polygon;
        for (const cv::Point2d& p : turned) {
            polygon.push_back(point(std::clamp(p.x + move.x, 0.0, s - 1.0), std::clamp(p.y + move.y, 0.0, s - 1.0)));
        }
        cv::fillPoly(image, std::vector<std::vector<cv::Point>>{polygon}, colour, cv::LINE_AA, shift);
    }
    return image;
}

bool parse_number(const char* text, long long min, long long max, long long& out) {
    char* end = nullptr;
    errno = 0;
    const long long value = std::strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
        return false;
    }
    out = value;
    return true;
}

// Returns 0 when the options are good, else the exit status.
int parse_options(int argc, char** argv, latentlab::datasets::Options& options) {
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        if (name == "--help" || name == "-h") {
            std::fputs(kUsage, stdout);
            return -1;
        }
        if (name == "--factors" || name == "--pairs") {  // flags without a value
            (name == "--factors" ? options.factors : options.pairs) = true;
            continue;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "latentlab-make-shapes: %s needs a value (see --help)\n", name.c_str());
            return 2;
        }
        const char* value = argv[++i];
        long long number = 0;
        bool ok = true;
        if (name == "--out") {
            options.out = value;
        } else if (name == "--count") {
            ok = parse_number(value, 1, 100000000, number);
            options.count = number;
        } else if (name == "--size") {
            ok = parse_number(value, 8, 4096, number);
            options.size = static_cast<int>(number);
        } else if (name == "--channels") {
            ok = parse_number(value, 1, 3, number) && number != 2;
            options.channels = static_cast<int>(number);
        } else if (name == "--changed") {
            if (std::string(value) == "random") {
                options.changed = 0;
            } else {
                ok = parse_number(value, 1, 5, number);
                options.changed = static_cast<int>(number);
            }
        } else if (name == "--seed") {
            ok = parse_number(value, 0, 9223372036854775807LL, number);
            options.seed = static_cast<unsigned long long>(number);
        } else {
            std::fprintf(stderr, "latentlab-make-shapes: unknown option %s (see --help)\n", name.c_str());
            return 2;
        }
        if (!ok) {
            std::fprintf(stderr, "latentlab-make-shapes: bad value for %s: '%s' (see --help)\n", name.c_str(), value);
            return 2;
        }
    }
    if (options.out.empty()) {
        std::fprintf(stderr, "latentlab-make-shapes: --out DIR is required (see --help)\n");
        return 2;
    }
    if (!options.factors && (options.pairs || options.channels == 1)) {
        std::fprintf(stderr, "latentlab-make-shapes: --pairs and --channels go with --factors (see --help)\n");
        return 2;
    }
    if (options.channels == 0) options.channels = options.factors ? 1 : 3;
    if (options.factors && options.changed >= latentlab::datasets::factor_count(options.channels)) {
        std::fprintf(stderr, "latentlab-make-shapes: --changed must leave at least one factor shared\n");
        return 2;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    latentlab::datasets::Options options;
    const int status = parse_options(argc, argv, options);
    if (status != 0) {
        return status < 0 ? 0 : status;
    }
    if (options.factors) {
        try {
            return latentlab::datasets::write_factor_set(options);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "latentlab-make-shapes: %s\n", e.what());
            return 1;
        }
    }
    try {
        const fs::path root(options.out);
        for (const char* name : kClasses) {
            std::error_code ec;
            fs::create_directories(root / name, ec);
            if (ec) {
                std::fprintf(stderr, "latentlab-make-shapes: cannot create %s: %s\n", (root / name).c_str(),
                             ec.message().c_str());
                return 1;
            }
        }
        SeededRandom random(options.seed);
        const std::vector<int> png = {cv::IMWRITE_PNG_COMPRESSION, 6};
        const int digits = std::max<int>(6, static_cast<int>(std::to_string(options.count - 1).size()));
        for (long long i = 0; i < options.count; ++i) {
            const int shape = static_cast<int>(i % kClassCount);
            const cv::Mat image = draw_shape(random, shape, options.size);
            std::string number = std::to_string(i);
            number.insert(0, static_cast<size_t>(digits) - std::min<size_t>(digits, number.size()), '0');
            const fs::path path = root / kClasses[shape] / (number + ".png");
            if (!cv::imwrite(path.string(), image, png)) {
                std::fprintf(stderr, "latentlab-make-shapes: cannot write %s\n", path.c_str());
                return 1;
            }
        }
        std::printf("wrote %lld %dx%d RGB images in %d classes to %s\n", options.count, options.size, options.size,
                    kClassCount, root.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "latentlab-make-shapes: %s\n", e.what());
        return 1;
    }
    return 0;
}
