#pragma once

#include "app/runs/curve_series.h"
#include "app/workspace/training_signals.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace latentlab {

// The curves of a comparison's runs as they arrive, and the series the plot
// draws: in each decoder's own nats, or each run normalised to its own range
// (0: its lowest value of that curve, 1: its highest), because the
// likelihoods' nats are on different scales. The normalisation is the
// report's (normalisedToOwnRange).
class ComparisonCurves {
public:
    void reset(const QStringList& runNames);
    int runCount() const { return static_cast<int>(runs_.size()); }
    void addStep(int run, const StepStats& step);
    void addEpoch(int run, const EpochStats& epoch);

    QVector<CurveSeries> series(bool normalised) const;
    // Each run's test ELBO per epoch, for the report's curves picture.
    QVector<double> testElbo(int run) const;

private:
    struct Run {
        QString name;
        QVector<StepStats> steps;
        QVector<EpochStats> epochs;
    };
    QVector<Run> runs_;
};

}  // namespace latentlab
