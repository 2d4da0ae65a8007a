#include "model/data/scatter_plot.h"

#include "model/base/error.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace latentlab {

namespace {

// A qualitative palette that stays distinct on a projector (Tableau 10), BGR.
const cv::Scalar kPalette[] = {{180, 119, 31}, {14, 127, 255}, {44, 160, 44},  {40, 39, 214},   {189, 103, 148},
                               {75, 86, 140},  {194, 119, 227}, {127, 127, 127}, {34, 189, 188}, {207, 190, 23}};
const cv::Scalar kInk(0, 0, 0);
const cv::Scalar kGrid(225, 225, 225);
constexpr int kFont = cv::FONT_HERSHEY_SIMPLEX;
// Text sized for the 1000 x 760 picture seen at its own size, as the window's plots.
constexpr double kTickScale = 0.55, kNameScale = 0.65;
constexpr int kTickLength = 6;

cv::Size text_size(const std::string& text, double scale) {
    int baseline = 0;
    return cv::getTextSize(text, kFont, scale, 1, &baseline);
}

// `text` turned a quarter to the left (read bottom to top), centred on `centre`.
void put_upright(cv::Mat& canvas, const std::string& text, cv::Point centre, double scale) {
    const cv::Size size = text_size(text, scale);
    cv::Mat strip(size.height + 8, size.width + 4, CV_8UC3, cv::Scalar::all(255));
    cv::putText(strip, text, cv::Point(2, size.height + 2), kFont, scale, kInk, 1, cv::LINE_AA);
    cv::rotate(strip, strip, cv::ROTATE_90_COUNTERCLOCKWISE);
    cv::Rect where(centre.x - strip.cols / 2, centre.y - strip.rows / 2, strip.cols, strip.rows);
    where &= cv::Rect(0, 0, canvas.cols, canvas.rows);
    strip(cv::Rect(0, 0, where.width, where.height)).copyTo(canvas(where));
}

}  // namespace

std::vector<double> nice_ticks(double low, double high, int max_count) {
    std::vector<double> ticks;
    if (!(high > low) || max_count < 1 || !std::isfinite(low) || !std::isfinite(high)) return ticks;
    const double rough = (high - low) / max_count;
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    double step = power;
    for (const double factor : {1.0, 2.0, 5.0, 10.0})
        if (factor * power >= rough) {
            step = factor * power;
            break;
        }
    for (double k = std::ceil(low / step); k * step <= high + step * 1e-9; ++k) ticks.push_back(k * step);
    return ticks;
}

std::string tick_text(double value, double step) {
    const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 8);
    if (std::abs(value) < step * 1e-6) value = 0.0;  // no "-0"
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

Frame scatter_plot(const std::vector<double>& x, const std::vector<double>& y, const std::vector<int>& labels,
                   const std::vector<std::string>& names, const ScatterAxes& axes, int width, int height) {
    if (x.empty() || y.size() != x.size() || labels.size() != x.size()) throw Error("the map has no points to draw");
    cv::Mat canvas(height, width, CV_8UC3, cv::Scalar::all(255));
    // Room for the tick labels and the axes' names (left, bottom), the legend (right).
    const int legend = names.empty() ? 0 : 180;
    const int left = 100, bottom = 70, top = 20, right = 20 + legend;
    const cv::Rect area(left, top, width - left - right, height - top - bottom);
    if (area.width < 50 || area.height < 50) throw Error("the map's picture is too small for its axes");

    const auto [xmin, xmax] = std::minmax_element(x.begin(), x.end());
    const auto [ymin, ymax] = std::minmax_element(y.begin(), y.end());
    // The points' extent with a margin, as the window fits them.
    double xlow = *xmin, xhigh = *xmax, ylow = *ymin, yhigh = *ymax;
    const double padx = std::max((xhigh - xlow) * 0.05, 1e-3), pady = std::max((yhigh - ylow) * 0.05, 1e-3);
    xlow -= padx, xhigh += padx, ylow -= pady, yhigh += pady;
    double sx = area.width / (xhigh - xlow), sy = area.height / (yhigh - ylow);
    if (axes.equal_scale) {
        // The smaller scale on both, the other axis widened about its centre.
        const double s = std::min(sx, sy);
        const double cx = (xlow + xhigh) / 2, cy = (ylow + yhigh) / 2;
        xlow = cx - area.width / s / 2, xhigh = cx + area.width / s / 2;
        ylow = cy - area.height / s / 2, yhigh = cy + area.height / s / 2;
        sx = sy = s;
    }
    const auto px = [&](double v) { return area.x + static_cast<int>(std::lround((v - xlow) * sx)); };
    const auto py = [&](double v) { return area.y + area.height - static_cast<int>(std::lround((v - ylow) * sy)); };

    // Grid lines and ticks first, the points over them.
    const std::vector<double> xticks = nice_ticks(xlow, xhigh, 8), yticks = nice_ticks(ylow, yhigh, 7);
    const double xstep = xticks.size() > 1 ? xticks[1] - xticks[0] : 1.0;
    const double ystep = yticks.size() > 1 ? yticks[1] - yticks[0] : 1.0;
    for (double t : xticks) {
        cv::line(canvas, {px(t), area.y}, {px(t), area.y + area.height}, kGrid, 1);
        cv::line(canvas, {px(t), area.y + area.height}, {px(t), area.y + area.height + kTickLength}, kInk, 1);
        const std::string text = tick_text(t, xstep);
        const cv::Size size = text_size(text, kTickScale);
        cv::putText(canvas, text, {px(t) - size.width / 2, area.y + area.height + kTickLength + 6 + size.height}, kFont,
                    kTickScale, kInk, 1, cv::LINE_AA);
    }
    for (double t : yticks) {
        cv::line(canvas, {area.x, py(t)}, {area.x + area.width, py(t)}, kGrid, 1);
        cv::line(canvas, {area.x - kTickLength, py(t)}, {area.x, py(t)}, kInk, 1);
        const std::string text = tick_text(t, ystep);
        const cv::Size size = text_size(text, kTickScale);
        cv::putText(canvas, text, {area.x - kTickLength - 6 - size.width, py(t) + size.height / 2}, kFont, kTickScale,
                    kInk, 1, cv::LINE_AA);
    }
    for (size_t i = 0; i < x.size(); ++i) {
        const cv::Scalar colour = labels[i] >= 0 ? kPalette[labels[i] % 10] : kInk;
        cv::circle(canvas, {px(x[i]), py(y[i])}, 2, colour, cv::FILLED, cv::LINE_AA);
    }
    cv::rectangle(canvas, area, kInk, 1);
    if (!axes.x_name.empty()) {
        const cv::Size size = text_size(axes.x_name, kNameScale);
        cv::putText(canvas, axes.x_name, {area.x + (area.width - size.width) / 2, height - 14}, kFont, kNameScale, kInk,
                    1, cv::LINE_AA);
    }
    if (!axes.y_name.empty()) put_upright(canvas, axes.y_name, {22, area.y + area.height / 2}, kNameScale);

    for (size_t k = 0; k < names.size(); ++k) {
        const int row = top + static_cast<int>(k) * 26;
        cv::circle(canvas, {width - legend + 10, row + 8}, 7, kPalette[k % 10], cv::FILLED, cv::LINE_AA);
        cv::putText(canvas, names[k], {width - legend + 24, row + 14}, kFont, kTickScale, kInk, 1, cv::LINE_AA);
    }
    cv::cvtColor(canvas, canvas, cv::COLOR_BGR2RGB);
    Frame frame;
    frame.width = width, frame.height = height, frame.channels = 3;
    frame.pixels.assign(canvas.data, canvas.data + canvas.total() * canvas.elemSize());
    return frame;
}

}  // namespace latentlab
