#pragma once

#include "app/runs/curve_series.h"
#include "app/workspace/training_signals.h"
#include "ui/widgets/curve_graphs.h"

#include <QStringList>
#include <QVector>
#include <QWidget>

class QCPAbstractLegendItem;
class QCPGraph;
class QCPLegend;
class QCustomPlot;
class QMouseEvent;
class QTimer;

namespace latentlab {

class CurvesToolbar;

// Training curves against the global step: -ELBO, -reconstruction and KL of
// each reported batch, the test split of each epoch as dots. As in
// TensorBoard, each batch curve is drawn smoothed (a debiased exponential
// moving average) over its raw points in a faint line. Points arrive often;
// the plot redraws at most every ~50 ms.
//
// The plot draws any number of runs, each a CurveSeries it holds a copy of.
// It starts with one, the training run, which addStep(), addEpoch(),
// addMarker() and removeAfter() feed; a colour tells the curves apart. Given
// several runs with setRuns() (a decoder comparison), each gets a colour and
// its name in the legend, and the curves are told apart by their line style.
//
// The smoothing, the log scale and the curves hidden from the legend are
// remembered across sessions (QSettings, keys under "curves/").
class CurvesPlot : public QWidget {
    Q_OBJECT

public:
    // The curves of every run (CurveSeries::Curve, by the same numbers).
    enum Series { Elbo = 0, Recon = 1, Kl = 2, SeriesCount = 3 };

    explicit CurvesPlot(QWidget* parent = nullptr);

    // Back to one empty run.
    void clear();
    // Feed the first run.
    void addStep(const StepStats& step);
    void addEpoch(const EpochStats& epoch);
    // Drops the first run's step points, test points and markers after
    // `step` (an epoch that was stopped and is trained again).
    void removeAfter(double step);
    // Where addEpoch() puts the test points when no step has been added
    // (a run opened without its steps.csv).
    void setStepsPerEpoch(qint64 steps) { runs_[0].setStepsPerEpoch(steps); }
    // A vertical line at `step` with a short label at its top, e.g. "β 0.5"
    // where β was changed. Removed by clear().
    void addMarker(double step, const QString& label);
    // The text of a change's marker: "β 0.5", "lr 3e-4".
    static QString markerLabel(const QString& setting, double value) {
        return CurveSeries::markerLabel(setting, value);
    }

    // Shows these runs in place of those shown (at least one; an empty list
    // shows one empty run), each with its name in the legend.
    void setRuns(const QVector<CurveSeries>& runs);
    int runCount() const { return static_cast<int>(runs_.size()); }
    const CurveSeries& run(int index = 0) const { return runs_[index]; }
    bool isRunVisible(int index) const { return runVisible_[index]; }
    void setRunVisible(int index, bool visible);

    // Of the first run.
    int stepPointCount() const;  // per curve
    int testPointCount() const;  // per curve
    int markerCount() const { return static_cast<int>(runs_[0].markers().size()); }
    QStringList markerLabels() const;
    QVector<double> markerSteps() const;
    QCustomPlot* plot() const { return plot_; }
    QCPGraph* rawGraph(Series s) const { return graphs_[0].raw(s); }
    QCPGraph* smoothedGraph(Series s) const { return graphs_[0].smoothed(s); }
    QCPGraph* testGraph(Series s) const { return graphs_[0].test(s); }

    // EMA weight in [0, 0.99] of every run; 0 draws the raw points.
    double smoothing() const { return smoothing_; }
    void setSmoothing(double weight);

    // A curve of every run, shown or hidden (as a click on its legend entry).
    bool isSeriesVisible(Series s) const { return curveVisible_[s]; }
    void setSeriesVisible(Series s, bool visible);

    bool isLogScale() const;
    void setLogScale(bool on);

    // Each returns false when the file could not be written.
    bool exportPng(const QString& path);
    bool exportPdf(const QString& path);
    // One table: split ("train" or "test"), step, the three raw values as
    // plotted, then the smoothed ones (empty on test rows); with several
    // runs, a first column names the run.
    bool exportCsv(const QString& path) const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuildGraphs();
    void drawMarker(int run, const CurveSeries::Marker& marker);
    void updateVisibility();
    void wrapLegend();
    void readSettings();
    void writeSettings() const;
    void scheduleReplot();
    void replotNow();
    void fitAxes();
    void onLegendClick(QCPLegend* legend, QCPAbstractLegendItem* item, QMouseEvent* event);
    // Asks where to write a "png", "pdf" or "csv" file, and writes it.
    void askExport(const QString& format);

    QCustomPlot* plot_;
    QTimer* replotTimer_;
    CurvesToolbar* toolbar_;
    // The graphs are views of the runs' values, redrawn from them when the
    // smoothing changes or points are dropped; one CurveGraphs per run.
    QVector<CurveSeries> runs_{CurveSeries()};
    QVector<CurveGraphs> graphs_;
    QVector<bool> runVisible_;
    // Several runs: legend entries naming the curves by their line style.
    QCPGraph* curveKeys_[SeriesCount] = {};
    bool curveVisible_[SeriesCount] = {true, true, true};
    double smoothing_ = 0.6;
    // Until the user zooms or pans, the axes follow the data.
    bool followData_ = true;
};

}  // namespace latentlab
