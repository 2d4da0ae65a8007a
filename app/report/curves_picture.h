#pragma once

// The curves of a comparison's runs as one picture for the report: each run's
// values normalised to its own range, because the likelihoods' nats are on
// different scales, unless that would draw every run as the same line (runs of
// one or two epochs): then in nats. One colour per run, with a legend.

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

// Whether every run, normalised to its own range, is the same line (each of
// one or two epochs, say): the normalised picture would hide every difference.
bool normalisingHidesDifferences(const QVector<CurveOfRun>& runs);

// A width x height picture: axes, the epochs along x, 0 to 1 along y (or nats,
// see above). Its title is `what` ("test ELBO per epoch") and how it is scaled.
QImage curvesPicture(const QVector<CurveOfRun>& runs, const QString& what, int width, int height);

}  // namespace latentlab
