#include "ui/widgets/curve_graphs.h"

#include <qcustomplot.h>

#include <QCoreApplication>

#include <algorithm>

namespace latentlab {

namespace {

// The raw points stay visible behind the smoothed line, as in TensorBoard.
constexpr int kRawAlpha = 60;
constexpr double kDotSize = 7.0;

const Qt::PenStyle kLineStyles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine};
const QCPScatterStyle::ScatterShape kDotShapes[] = {QCPScatterStyle::ssDisc, QCPScatterStyle::ssSquare,
                                                    QCPScatterStyle::ssTriangle};

}  // namespace

const char* const CurveGraphs::kRawLayer = "raw";

Qt::PenStyle CurveGraphs::lineStyle(int curve) { return kLineStyles[curve]; }

CurveGraphs::CurveGraphs(QCustomPlot* plot, Look look, const QColor (&colours)[CurveSeries::CurveCount],
                         const QString (&curveNames)[CurveSeries::CurveCount], const QString& runName)
    : plot_(plot) {
    if (!plot_->layer(QLatin1String(kRawLayer)))
        plot_->addLayer(QLatin1String(kRawLayer), plot_->layer(QStringLiteral("main")), QCustomPlot::limBelow);
    const bool perCurve = look == Look::ColourPerCurve;
    for (int i = 0; i < CurveSeries::CurveCount; ++i) {
        const Qt::PenStyle style = perCurve ? Qt::SolidLine : kLineStyles[i];
        QColor faint = colours[i];
        faint.setAlpha(kRawAlpha);
        raw_[i] = plot_->addGraph();
        raw_[i]->setLayer(QLatin1String(kRawLayer));
        raw_[i]->setPen(QPen(faint, 1.0, style));
        raw_[i]->removeFromLegend();

        smooth_[i] = plot_->addGraph();
        smooth_[i]->setPen(QPen(colours[i], 1.6, style));
        test_[i] = plot_->addGraph();
        test_[i]->setLineStyle(QCPGraph::lsNone);
        const auto shape = perCurve ? QCPScatterStyle::ssDisc : kDotShapes[i];
        test_[i]->setScatterStyle(QCPScatterStyle(shape, colours[i], colours[i], kDotSize));
        if (perCurve) {
            smooth_[i]->setName(curveNames[i]);
            test_[i]->setName(QCoreApplication::translate("CurvesPlot", "%1 (test)").arg(curveNames[i]));
        } else {
            smooth_[i]->setName(runName);
            if (i != CurveSeries::Elbo) smooth_[i]->removeFromLegend();
            test_[i]->removeFromLegend();
        }
    }
}

void CurveGraphs::setData(const CurveSeries& series) {
    for (int i = 0; i < CurveSeries::CurveCount; ++i) {
        const auto curve = static_cast<CurveSeries::Curve>(i);
        raw_[i]->setData(series.steps(), series.values(curve), true);
        smooth_[i]->setData(series.steps(), series.smoothed(curve), true);
        test_[i]->setData(series.testSteps(), series.testValues(curve), true);
    }
}

void CurveGraphs::appendStep(const CurveSeries& series) {
    const double x = series.steps().last();
    for (int i = 0; i < CurveSeries::CurveCount; ++i) {
        const auto curve = static_cast<CurveSeries::Curve>(i);
        raw_[i]->addData(x, series.values(curve).last());
        smooth_[i]->addData(x, series.smoothed(curve).last());
    }
}

void CurveGraphs::appendTest(const CurveSeries& series) {
    const double x = series.testSteps().last();
    for (int i = 0; i < CurveSeries::CurveCount; ++i)
        test_[i]->addData(x, series.testValues(static_cast<CurveSeries::Curve>(i)).last());
}

void CurveGraphs::addMarker(const CurveSeries::Marker& marker, int stack, const QColor& colour) {
    auto* line = new QCPItemStraightLine(plot_);
    line->setPen(QPen(colour, 1.0, Qt::DashLine));
    // Two points on the same vertical; y = 1 and 2 are valid on a log axis too.
    line->point1->setCoords(marker.step, 1.0);
    line->point2->setCoords(marker.step, 2.0);
    auto* text = new QCPItemText(plot_);
    text->position->setTypeX(QCPItemPosition::ptPlotCoords);
    text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    // Labels of changes at the same step stack downwards.
    text->position->setCoords(marker.step, 0.02 + 0.07 * stack);
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    text->setPadding(QMargins(3, 0, 3, 0));
    text->setColor(colour);
    text->setBrush(QBrush(QColor(255, 255, 255, 200)));
    text->setText(marker.label);
    text->setClipToAxisRect(true);
    markers_.append({marker.step, line, text});
}

void CurveGraphs::removeMarkersAfter(double step) {
    for (qsizetype k = markers_.size() - 1; k >= 0; --k) {
        if (markers_[k].step <= step) continue;
        plot_->removeItem(markers_[k].line);
        plot_->removeItem(markers_[k].label);
        markers_.remove(k);
    }
}

int CurveGraphs::markersAt(double step) const {
    return static_cast<int>(
        std::count_if(markers_.begin(), markers_.end(), [step](const Marker& marker) { return marker.step == step; }));
}

void CurveGraphs::setVisible(bool runVisible, const bool (&curveVisible)[CurveSeries::CurveCount]) {
    for (int i = 0; i < CurveSeries::CurveCount; ++i)
        for (QCPGraph* graph : {raw_[i], smooth_[i], test_[i]}) graph->setVisible(runVisible && curveVisible[i]);
}

}  // namespace latentlab
