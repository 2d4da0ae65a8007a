#pragma once

// The curves of a comparison's runs as one picture for the report: each run's
// values normalised to its own range, because the likelihoods' nats are on
// different scales; one colour per run, with a legend.

#include <QImage>
#include <QString>
#include <QVector>

namespace latentlab {

struct CurveOfRun {
    QString label;
    QVector<double> values;  // one per epoch
};

// (v - min) / (max - min) of each run's values; a flat run gives all 0.5.
QVector<double> normalisedToOwnRange(const QVector<double>& values);

// A width x height picture: axes, the epochs along x, 0 to 1 along y.
QImage curvesPicture(const QVector<CurveOfRun>& runs, const QString& yTitle, int width, int height);

}  // namespace latentlab
