#include "ui/widgets/ends_labelled_ticker.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {

// A round tick nearer an end than this share of a step would print over its label.
constexpr double kNearEnd = 0.45;

}  // namespace

QVector<double> EndsLabelledTicker::createTickVector(double tickStep, const QCPRange& range) {
    range_ = range;
    step_ = tickStep;
    QVector<double> ticks{range.lower};
    for (double tick : QCPAxisTicker::createTickVector(tickStep, range))
        if (tick > range.lower + kNearEnd * tickStep && tick < range.upper - kNearEnd * tickStep) ticks.append(tick);
    if (range.upper > range.lower) ticks.append(range.upper);
    return ticks;
}

QString EndsLabelledTicker::getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision) {
    if (tick != range_.lower && tick != range_.upper) return QCPAxisTicker::getTickLabel(tick, locale, formatChar, precision);
    // An end is rarely round: one decimal more than the step needs.
    const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(step_) - 1e-9)) + 1, 0, 6);
    return locale.toString(tick, 'f', decimals);
}

}  // namespace latentlab
