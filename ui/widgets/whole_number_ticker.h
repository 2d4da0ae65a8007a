#pragma once

// An axis ticker for counted things (steps, epochs): its ticks fall on whole
// numbers only, so a short run's axis never reads 2.5 steps.

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace latentlab {

class WholeNumberTicker : public QCPAxisTicker {
protected:
    double getTickStep(const QCPRange& range) override {
        return std::max(1.0, std::round(QCPAxisTicker::getTickStep(range)));
    }
};

}  // namespace latentlab
