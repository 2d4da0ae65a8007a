#include "ui/compare/comparison_curves.h"

#include "app/report/curves_picture.h"

namespace latentlab {

namespace {

// The three plotted values of a loss (as CurveSeries plots them: -ELBO,
// -reconstruction, KL) and back.
void plotted(const LossTerms& loss, double out[3]) {
    out[0] = -loss.elbo;
    out[1] = -loss.recon;
    out[2] = loss.kl;
}

LossTerms fromPlotted(const double values[3]) { return {-values[0], -values[1], values[2]}; }

}  // namespace

void ComparisonCurves::reset(const QStringList& runNames) {
    runs_.clear();
    for (const QString& name : runNames) runs_.append(Run{name, {}, {}});
}

void ComparisonCurves::addStep(int run, const StepStats& step) {
    if (run >= 0 && run < runs_.size()) runs_[run].steps.append(step);
}

void ComparisonCurves::addEpoch(int run, const EpochStats& epoch) {
    if (run >= 0 && run < runs_.size()) runs_[run].epochs.append(epoch);
}

QVector<double> ComparisonCurves::testElbo(int run) const {
    QVector<double> values;
    for (const EpochStats& epoch : runs_[run].epochs) values.append(epoch.test.loss.elbo);
    return values;
}

QVector<CurveSeries> ComparisonCurves::series(bool normalised) const {
    QVector<CurveSeries> out;
    for (const Run& run : runs_) {
        CurveSeries series;
        series.setName(run.name);
        QVector<StepStats> steps = run.steps;
        QVector<EpochStats> epochs = run.epochs;
        if (normalised) {
            // Each curve over the steps and the test points together.
            const int n = static_cast<int>(steps.size());
            for (int c = 0; c < 3; ++c) {
                QVector<double> values;
                double v[3];
                for (const StepStats& s : steps) {
                    plotted(s.loss, v);
                    values.append(v[c]);
                }
                for (const EpochStats& e : epochs) {
                    plotted(e.test.loss, v);
                    values.append(v[c]);
                }
                const QVector<double> scaled = normalisedToOwnRange(values);
                for (int i = 0; i < scaled.size(); ++i) {
                    LossTerms& loss = i < n ? steps[i].loss : epochs[i - n].test.loss;
                    plotted(loss, v);
                    v[c] = scaled[i];
                    loss = fromPlotted(v);
                }
            }
        }
        if (!steps.isEmpty()) series.setStepsPerEpoch(steps.first().steps_per_epoch);
        for (const StepStats& s : steps) series.addStep(s);
        for (const EpochStats& e : epochs) series.addEpoch(e);
        out.append(series);
    }
    return out;
}

}  // namespace latentlab
