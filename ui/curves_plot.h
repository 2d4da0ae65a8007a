#pragma once

#include "app/training_signals.h"

#include <QStringList>
#include <QVector>
#include <QWidget>

#include <functional>

class QCheckBox;
class QCPAbstractLegendItem;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCPLegend;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QSlider;
class QTimer;

namespace latentlab {

// Training curves against the global step: -ELBO, -reconstruction and KL of
// each reported batch, the test split of each epoch as dots of the same
// colour. As in TensorBoard, each batch curve is drawn smoothed (a debiased
// exponential moving average) over its raw points in a faint line. Points
// arrive often; the plot redraws at most every ~50 ms.
class CurvesPlot : public QWidget {
    Q_OBJECT

public:
    enum Series { Elbo = 0, Recon = 1, Kl = 2, SeriesCount = 3 };

    explicit CurvesPlot(QWidget* parent = nullptr);

    void clear();
    void addStep(const StepStats& step);
    void addEpoch(const EpochStats& epoch);
    // Drops the step points, test points and markers after `step` (an
    // epoch that was stopped and is trained again).
    void removeAfter(double step);
    // Where addEpoch() puts the test points when no step has been added
    // (a run opened without its steps.csv).
    void setStepsPerEpoch(qint64 steps) { stepsPerEpoch_ = steps; }
    // A vertical line at `step` with a short label at its top, e.g. "β 0.5"
    // where β was changed. Removed by clear().
    void addMarker(double step, const QString& label);
    // The text of a change's marker: "β 0.5", "lr 3e-4".
    static QString markerLabel(const QString& setting, double value);

    int stepPointCount() const;  // per curve
    int testPointCount() const;  // per curve
    int markerCount() const { return static_cast<int>(markers_.size()); }
    QStringList markerLabels() const;
    QVector<double> markerSteps() const;
    QCustomPlot* plot() const { return plot_; }
    QCPGraph* rawGraph(Series s) const { return raw_[s]; }
    QCPGraph* smoothedGraph(Series s) const { return smooth_[s]; }
    QCPGraph* testGraph(Series s) const { return test_[s]; }

    // EMA weight in [0, 0.99]; 0 draws the raw points.
    double smoothing() const { return smoothing_; }
    void setSmoothing(double weight);

    bool isSeriesVisible(Series s) const;
    void setSeriesVisible(Series s, bool visible);

    bool isLogScale() const;
    void setLogScale(bool on);

    // Each returns false when the file could not be written.
    bool exportPng(const QString& path);
    bool exportPdf(const QString& path);
    // One table: split ("train" or "test"), step, the three raw values as
    // plotted, then the smoothed ones (empty on test rows).
    bool exportCsv(const QString& path) const;

private:
    void scheduleReplot();
    void replotNow();
    void fitAxes();
    void recomputeSmoothed();
    void onLegendClick(QCPLegend* legend, QCPAbstractLegendItem* item, QMouseEvent* event);
    void askExport(const QString& title, const QString& filter, const QString& suffix,
                   const std::function<bool(const QString&)>& save);

    QCustomPlot* plot_;
    QTimer* replotTimer_;
    QSlider* smoothingSlider_;
    QLabel* smoothingLabel_;
    QCheckBox* logScaleBox_;
    // The graphs are views of the stored values below, so smoothing can be
    // redone from the raw points.
    QCPGraph* raw_[SeriesCount] = {};
    QCPGraph* smooth_[SeriesCount] = {};
    QCPGraph* test_[SeriesCount] = {};
    QVector<double> steps_;
    QVector<double> values_[SeriesCount];
    QVector<double> smoothed_[SeriesCount];
    struct Marker {
        double step;
        QCPItemStraightLine* line;
        QCPItemText* label;
    };
    QVector<Marker> markers_;
    QVector<double> testSteps_;
    QVector<double> testValues_[SeriesCount];
    // Running EMA state, so a new point costs O(1).
    double emaBiased_[SeriesCount] = {};
    int emaCount_[SeriesCount] = {};
    double smoothing_ = 0.6;
    qint64 stepsPerEpoch_ = 0;
    qint64 lastStep_ = 0;
    // Until the user zooms or pans, the axes follow the data.
    bool followData_ = true;
};

}  // namespace latentlab
