#pragma once

#include "app/runs/curve_series.h"

#include <QColor>
#include <QString>
#include <QVector>

class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;

namespace latentlab {

// What draws one run (a CurveSeries) on a QCustomPlot: for each curve a faint
// raw line, the smoothed line over it and the test dots; a dashed line with
// a label at each marker. The plot owns the graphs and items; this object
// keeps track of them and must be dropped with them.
class CurveGraphs {
public:
    // The name of the layer, below the plot's "main", that holds the raw
    // lines of every run, so smoothed lines and dots are drawn over them.
    static const char* const kRawLayer;

    enum class Look {
        ColourPerCurve,  // one run: a colour per curve, each curve in the legend
        ColourPerRun,    // several: `colour` for all, curves told apart by line style
    };

    // `curveNames` name the legend entries of ColourPerCurve; with
    // ColourPerRun the run's −ELBO line is its one entry, named `runName`.
    CurveGraphs(QCustomPlot* plot, Look look, const QColor (&colours)[CurveSeries::CurveCount],
                const QString (&curveNames)[CurveSeries::CurveCount], const QString& runName);

    // Every point of `series`, replacing those drawn.
    void setData(const CurveSeries& series);
    // The last step point or test point of `series`, appended in O(1).
    void appendStep(const CurveSeries& series);
    void appendTest(const CurveSeries& series);

    // `stack`: how many labels at the same step are drawn already.
    void addMarker(const CurveSeries::Marker& marker, int stack, const QColor& colour);
    // Removes the marker lines and labels after `step` (all for -infinity).
    void removeMarkersAfter(double step);
    int markersAt(double step) const;

    void setVisible(bool runVisible, const bool (&curveVisible)[CurveSeries::CurveCount]);

    QCPGraph* raw(int curve) const { return raw_[curve]; }
    QCPGraph* smoothed(int curve) const { return smooth_[curve]; }
    QCPGraph* test(int curve) const { return test_[curve]; }
    static Qt::PenStyle lineStyle(int curve);

private:
    struct Marker {
        double step;
        QCPItemStraightLine* line;
        QCPItemText* label;
    };

    QCustomPlot* plot_;
    QCPGraph* raw_[CurveSeries::CurveCount] = {};
    QCPGraph* smooth_[CurveSeries::CurveCount] = {};
    QCPGraph* test_[CurveSeries::CurveCount] = {};
    QVector<Marker> markers_;
};

}  // namespace latentlab
