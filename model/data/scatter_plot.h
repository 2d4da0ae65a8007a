#pragma once

// The latent map as a picture without Qt (the CLI's `map --png`): points
// coloured by class, a legend, and axes with tick labels and their names.

#include "model/data/image_export.h"

#include <string>
#include <vector>

namespace latentlab {

struct ScatterAxes {
    std::string x_name;  // under the x axis, e.g. "principal direction 1"
    std::string y_name;  // beside the y axis, read bottom to top
    // One unit as long on x as on y (linear projections: distances keep
    // their meaning); else each axis spans its points.
    bool equal_scale = false;
};

// Round values for an axis from `low` to `high`: steps of 1, 2 or 5 times a
// power of ten, at most `max_count` of them, every one inside [low, high].
std::vector<double> nice_ticks(double low, double high, int max_count);

// A tick's text at that step: as many decimals as the step needs ("0.25",
// "-4", never "-0").
std::string tick_text(double value, double step);

// A scatter plot of points (x[i], y[i]) coloured by class label (-1: no
// class), with a legend of `names` and labelled axes, on a white
// width x height RGB frame. Throws latentlab::Error when there are no points.
Frame scatter_plot(const std::vector<double>& x, const std::vector<double>& y, const std::vector<int>& labels,
                   const std::vector<std::string>& names, const ScatterAxes& axes, int width, int height);

}  // namespace latentlab
