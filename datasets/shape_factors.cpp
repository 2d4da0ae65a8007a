#include "datasets/shape_factors.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>

namespace latentlab::datasets {

namespace {

std::vector<double> grid(double first, double last, int count) {
    std::vector<double> values;
    for (int i = 0; i < count; ++i) values.push_back(first + (last - first) * i / (count - 1));
    return values;
}

// Half the extent of a shape at scale 1, as a fraction of the image side; the
// centre stays far enough from the edge that a rotated square fits.
constexpr double kExtent = 0.18;
constexpr double kMargin = kExtent * 1.42;

}  // namespace

const std::array<FactorGrid, kFactorCount>& factor_grids() {
    // Rotation stops short of 90 degrees: a square turned by 90 looks the same,
    // so larger angles could not be told apart from the picture.
    static const std::array<FactorGrid, kFactorCount> grids = {{
        {"shape", {0, 1, 2}},
        {"scale", grid(0.5, 1.0, 6)},
        {"rotation", grid(0, 75, 6)},
        {"x", grid(0.0, 1.0, 16)},
        {"y", grid(0.0, 1.0, 16)},
        {"hue", grid(0, 300, 6)},
    }};
    return grids;
}

const char* shape_name(int shape) {
    static const char* const names[kShapeCount] = {"ellipse", "square", "triangle"};
    return names[shape];
}

int factor_count(int channels) { return channels == 3 ? kFactorCount : kFactorCount - 1; }

FactorIndices random_factors(SeededRandom& random, int channels) {
    FactorIndices factors{};
    const auto& grids = factor_grids();
    for (int f = 0; f < factor_count(channels); ++f)
        factors[f] = random.integer(0, static_cast<int>(grids[f].values.size()) - 1);
    return factors;
}

FactorIndices changed_factors(SeededRandom& random, const FactorIndices& first, int changed, int channels) {
    const int count = factor_count(channels);
    std::vector<int> order(count);
    for (int f = 0; f < count; ++f) order[f] = f;
    for (int i = count - 1; i > 0; --i) std::swap(order[i], order[random.integer(0, i)]);  // Fisher-Yates
    FactorIndices second = first;
    const auto& grids = factor_grids();
    for (int i = 0; i < changed && i < count; ++i) {
        const int f = order[i];
        const int values = static_cast<int>(grids[f].values.size());
        // Any other value of the grid, each equally likely.
        second[f] = (first[f] + random.integer(1, values - 1)) % values;
    }
    return second;
}

cv::Mat draw_factors(const FactorIndices& factors, int size, int channels) {
    const auto& grids = factor_grids();
    const double s = size;
    const double half = kExtent * s * grids[kScale].values[factors[kScale]];
    const double cx = s * (kMargin + (1 - 2 * kMargin) * grids[kX].values[factors[kX]]);
    const double cy = s * (kMargin + (1 - 2 * kMargin) * grids[kY].values[factors[kY]]);
    const double angle = grids[kRotation].values[factors[kRotation]] * M_PI / 180.0;

    cv::Scalar colour(255, 255, 255);
    if (channels == 3) {
        cv::Mat hsv(1, 1, CV_8UC3, cv::Scalar(grids[kHue].values[factors[kHue]] / 2.0, 255, 255));  // OpenCV hue: 0-179
        cv::Mat bgr;
        cv::cvtColor(hsv, bgr, cv::COLOR_HSV2BGR);
        const cv::Vec3b c = bgr.at<cv::Vec3b>(0, 0);
        colour = cv::Scalar(c[0], c[1], c[2]);
    }
    cv::Mat image(size, size, channels == 3 ? CV_8UC3 : CV_8UC1, cv::Scalar::all(0));

    // Corners relative to the centre, turned by the angle; 1/16 pixel coordinates
    // (shift 4) for smooth anti-aliased edges.
    std::vector<cv::Point2d> corners;
    switch (factors[kShape]) {
        case 0:  // an ellipse of aspect 2, as a polygon so it turns like the others
            for (int i = 0; i < 64; ++i) {
                const double t = 2 * M_PI * i / 64;
                corners.emplace_back(half * std::cos(t), 0.5 * half * std::sin(t));
            }
            break;
        case 1:
            corners = {{-0.8 * half, -0.8 * half}, {0.8 * half, -0.8 * half}, {0.8 * half, 0.8 * half},
                       {-0.8 * half, 0.8 * half}};
            break;
        default:  // an equilateral triangle
            for (int i = 0; i < 3; ++i) {
                const double t = -M_PI / 2 + 2 * M_PI * i / 3;
                corners.emplace_back(half * std::cos(t), half * std::sin(t));
            }
            break;
    }
    std::vector<cv::Point> polygon;
    for (const cv::Point2d& c : corners) {
        const double x = cx + c.x * std::cos(angle) - c.y * std::sin(angle);
        const double y = cy + c.x * std::sin(angle) + c.y * std::cos(angle);
        polygon.emplace_back(static_cast<int>(std::lround(x * 16)), static_cast<int>(std::lround(y * 16)));
    }
    cv::fillPoly(image, std::vector<std::vector<cv::Point>>{polygon}, colour, cv::LINE_AA, 4);
    return image;
}

std::string factors_header(int channels) {
    std::string header = "file";
    const auto& grids = factor_grids();
    for (int f = 0; f < factor_count(channels); ++f) header += "," + grids[f].name;
    return header;
}

std::string factors_row(const std::string& file, const FactorIndices& factors, int channels) {
    std::string row = file;
    const auto& grids = factor_grids();
    char number[32];
    for (int f = 0; f < factor_count(channels); ++f) {
        std::snprintf(number, sizeof number, ",%.6g", grids[f].values[factors[f]]);
        row += number;
    }
    return row;
}

}  // namespace latentlab::datasets
