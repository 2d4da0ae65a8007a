#pragma once

// One run's training curves as data, apart from any widget that draws them.
// Qt Core only, free of LibTorch.

#include "app/workspace/training_signals.h"

#include <QString>
#include <QVector>

namespace latentlab {

// The curves of one run against the global step: -ELBO, -reconstruction and
// KL of each reported batch, their smoothed values, the test split of each
// epoch, and markers where a setting changed. The smoothing is TensorBoard's:
// an exponential moving average started at 0 and debiased by 1 - w^t, kept
// up to date as points arrive (O(1) per point) and redone from the raw
// points when the weight changes.
class CurveSeries {
public:
    enum Curve { Elbo = 0, Recon = 1, Kl = 2, CurveCount = 3 };

    struct Marker {
        double step = 0.0;
        QString label;  // e.g. "β 0.5"
    };

    static constexpr double kMaxSmoothing = 0.99;

    // The run's name where several are shown side by side (a legend entry).
    QString name() const { return name_; }
    void setName(const QString& name) { name_ = name; }

    void clear();
    // A batch's values, plotted negated as losses (-ELBO, -reconstruction).
    void addStep(const StepStats& step);
    // The test split of an epoch, placed after the epoch's last step.
    void addEpoch(const EpochStats& epoch);
    // Where addEpoch() puts the test points when no step has been added
    // (a run opened without its steps.csv).
    void setStepsPerEpoch(qint64 steps) { stepsPerEpoch_ = steps; }
    void addMarker(double step, const QString& label);
    // The label of a setting's change: "β 0.5", "lr 3e-4" (for "beta" and
    // "learning_rate"; other settings by their name).
    static QString markerLabel(const QString& setting, double value);
    // Drops the step points, test points and markers after `step` (an epoch
    // that was stopped and is trained again).
    void removeAfter(double step);

    // EMA weight, clamped to [0, kMaxSmoothing]; 0 keeps the raw values.
    double smoothing() const { return smoothing_; }
    void setSmoothing(double weight);

    const QVector<double>& steps() const { return steps_; }
    const QVector<double>& values(Curve curve) const { return values_[curve]; }
    const QVector<double>& smoothed(Curve curve) const { return smoothed_[curve]; }
    const QVector<double>& testSteps() const { return testSteps_; }
    const QVector<double>& testValues(Curve curve) const { return testValues_[curve]; }
    const QVector<Marker>& markers() const { return markers_; }
    bool isEmpty() const { return steps_.isEmpty() && testSteps_.isEmpty(); }

    // One table: split ("train" or "test"), step, the three raw values as
    // plotted, then the smoothed ones (empty on test rows).
    QString csvText() const;
    // Several runs in one table: the same columns after a first one, "run",
    // that holds each run's name.
    static QString csvText(const QVector<CurveSeries>& runs);
    // Writes `text` whole or not at all; false with the reason otherwise.
    static bool writeCsv(const QString& path, const QString& text, QString* error = nullptr);

private:
    void recomputeSmoothed();

    QString name_;
    QVector<double> steps_;
    QVector<double> values_[CurveCount];
    QVector<double> smoothed_[CurveCount];
    QVector<double> testSteps_;
    QVector<double> testValues_[CurveCount];
    QVector<Marker> markers_;
    // Running EMA state, so a new point costs O(1).
    double emaBiased_[CurveCount] = {};
    int emaCount_[CurveCount] = {};
    double smoothing_ = 0.6;
    qint64 stepsPerEpoch_ = 0;
    qint64 lastStep_ = 0;
};

}  // namespace latentlab
