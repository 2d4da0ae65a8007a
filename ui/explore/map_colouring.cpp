#include "ui/explore/map_colouring.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <map>

namespace latentlab {

namespace {

// Matplotlib's tab10: ten hues that stay apart on a washed-out projector.
const QColor kPalette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                           QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                           QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                           QColor(0x17, 0xbe, 0xcf)};
const QColor kUnlabelled(0x50, 0x50, 0x50);

// Viridis sampled at nine even stops; colours between are interpolated.
const QColor kViridis[] = {QColor(0x44, 0x01, 0x54), QColor(0x47, 0x2c, 0x7a), QColor(0x3b, 0x51, 0x8b),
                           QColor(0x2c, 0x71, 0x8e), QColor(0x21, 0x90, 0x8d), QColor(0x27, 0xad, 0x81),
                           QColor(0x5c, 0xc8, 0x63), QColor(0xaa, 0xdc, 0x32), QColor(0xfd, 0xe7, 0x25)};

// A numeric factor with more distinct values than this is cut into this many
// equal bins (one graph each); fewer keep one group per value.
constexpr int kMaxContinuousGroups = 32;
// Categorical: whole values 0..k-1 with k at most this.
constexpr int kMaxCategories = 12;

QString tr(const char* text) { return QCoreApplication::translate("latentlab::MapColouring", text); }

}  // namespace

QColor viridis(double t) {
    t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
    const int last = static_cast<int>(std::size(kViridis)) - 1;
    const double at = t * last;
    const int i = std::min(static_cast<int>(at), last - 1);
    const double f = at - i;
    const QColor& a = kViridis[i];
    const QColor& b = kViridis[i + 1];
    return QColor::fromRgbF(static_cast<float>(a.redF() + f * (b.redF() - a.redF())),
                            static_cast<float>(a.greenF() + f * (b.greenF() - a.greenF())),
                            static_cast<float>(a.blueF() + f * (b.blueF() - a.blueF())));
}

QColor categoryColour(int index) {
    if (index < 0) return kUnlabelled;
    const int n = static_cast<int>(std::size(kPalette));
    const QColor base = kPalette[index % n];
    const int round = index / n;
    return round == 0 ? base : round % 2 ? base.darker(150) : base.lighter(140);
}

QColor MapColouring::colourAt(double value) const {
    return viridis(high > low ? (value - low) / (high - low) : 0.5);
}

MapColouring MapColouring::byClass(const MapResult& map) {
    MapColouring colouring;
    colouring.title = tr("class");
    // Every class of the data set keeps its colour even when absent from the points.
    int count = static_cast<int>(map.classNames.size());
    for (int label : map.labels) count = std::max(count, label + 1);
    for (int c = 0; c < count; ++c) {
        colouring.names.append(c < map.classNames.size() ? map.classNames[c] : tr("class %1").arg(c));
        colouring.colours.append(categoryColour(c));
    }
    const bool unlabelled = map.labels.contains(-1) || map.labels.size() < map.points.size();
    if (unlabelled) {
        colouring.names.append(tr("unlabelled"));
        colouring.colours.append(categoryColour(-1));
    }
    for (int i = 0; i < map.points.size(); ++i) {
        const int label = map.labels.value(i, -1);
        colouring.groups.append(label >= 0 ? label : count);
    }
    return colouring;
}

MapColouring MapColouring::byFactor(const MapResult& map, int factor) {
    if (factor < 0 || factor >= map.factorNames.size() || factor >= map.factorValues.size() ||
        map.factorValues[factor].size() != map.points.size())
        return byClass(map);
    const QVector<float>& values = map.factorValues[factor];
    MapColouring colouring;
    colouring.title = map.factorNames[factor];
    std::map<float, int> distinct;
    for (float v : values) distinct.emplace(v, 0);
    const bool categorical = !distinct.empty() && static_cast<int>(distinct.size()) <= kMaxCategories &&
                             distinct.begin()->first == 0.0f &&
                             distinct.rbegin()->first == static_cast<float>(distinct.size() - 1) &&
                             std::all_of(distinct.begin(), distinct.end(),
                                         [](const auto& entry) { return entry.first == std::floor(entry.first); });
    if (categorical) {
        // A factor that is the class (shape: the folders are the shapes) is named by it.
        const bool isClass = map.labels.size() == values.size() &&
                             std::equal(values.begin(), values.end(), map.labels.begin(),
                                        [](float v, int label) { return static_cast<int>(v) == label; });
        for (int k = 0; k < static_cast<int>(distinct.size()); ++k) {
            colouring.names.append(isClass && k < map.classNames.size() ? map.classNames[k]
                                                                         : tr("%1 %2").arg(colouring.title).arg(k));
            colouring.colours.append(categoryColour(k));
        }
        for (float v : values) colouring.groups.append(static_cast<int>(v));
        return colouring;
    }
    colouring.continuous = true;
    colouring.low = distinct.begin()->first;
    colouring.high = distinct.rbegin()->first;
    if (static_cast<int>(distinct.size()) <= kMaxContinuousGroups) {
        int next = 0;
        for (auto& entry : distinct) {
            entry.second = next++;
            colouring.names.append(tr("%1 %2").arg(colouring.title).arg(entry.first, 0, 'g', 4));
            colouring.colours.append(colouring.colourAt(entry.first));
        }
        for (float v : values) colouring.groups.append(distinct[v]);
        return colouring;
    }
    const double width = (colouring.high - colouring.low) / kMaxContinuousGroups;
    for (int b = 0; b < kMaxContinuousGroups; ++b) {
        const double from = colouring.low + b * width;
        colouring.names.append(tr("%1 %2 to %3").arg(colouring.title).arg(from, 0, 'g', 4).arg(from + width, 0, 'g', 4));
        colouring.colours.append(colouring.colourAt(from + width / 2));
    }
    for (float v : values)
        colouring.groups.append(std::min(kMaxContinuousGroups - 1, static_cast<int>((v - colouring.low) / width)));
    return colouring;
}

}  // namespace latentlab
