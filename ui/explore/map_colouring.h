#pragma once

#include "app/inference/inference_requests.h"

#include <QColor>
#include <QString>
#include <QStringList>
#include <QVector>

namespace latentlab {

// How the latent map colours its points: by class, or by one known factor
// (factors.csv). Points fall into groups, one graph each; a categorical
// factor (values 0, 1, ..., k-1, like shape) gets one distinct colour per
// value with a legend, a numeric one (scale, rotation, x, y) a continuous
// scale shown as a colour bar.
struct MapColouring {
    // What the points are coloured by ("class", or the factor's name).
    QString title;
    QVector<int> groups;   // one per point: an index into names and colours, -1 for none
    QStringList names;     // one per group, for the legend and the hovered point
    QVector<QColor> colours;
    bool continuous = false;  // a colour bar from low to high instead of a legend
    double low = 0, high = 1;

    // The colouring by class (the map's labels); unlabelled points form a last group.
    static MapColouring byClass(const MapResult& map);
    // By factor `factor` of map.factorNames; byClass when out of range.
    static MapColouring byFactor(const MapResult& map, int factor);

    // The colour a continuous value in [low, high] takes (viridis).
    QColor colourAt(double value) const;
};

// Matplotlib's viridis at t in [0, 1]: dark blue to yellow, readable in
// grey and by people who confuse red and green.
QColor viridis(double t);

// Ten distinct hues (matplotlib's tab10), repeating darker then lighter;
// grey for -1.
QColor categoryColour(int index);

}  // namespace latentlab
