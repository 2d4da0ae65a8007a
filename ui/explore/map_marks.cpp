#include "ui/explore/map_marks.h"

#include <qcustomplot.h>

namespace latentlab {

namespace {

struct MarkStyle {
    QCPScatterStyle::ScatterShape shape;
    double size;
    QColor colour;
    double width;
};

// Indexed by MapMarks::Kind.
const MarkStyle kStyles[] = {
    {QCPScatterStyle::ssCircle, 20, Qt::black, 3.0},             // selected
    {QCPScatterStyle::ssCircle, 13, QColor(0x55, 0x55, 0x55), 1.5},  // hovered
    {QCPScatterStyle::ssCross, 20, Qt::black, 3.5},              // clicked
};
constexpr double kHaloExtra = 3.0;  // the white halo's width beyond the mark's

}  // namespace

MapMarks::MapMarks(QCustomPlot* plot) {
    for (int kind = 0; kind < KindCount; ++kind) {
        const MarkStyle& style = kStyles[kind];
        for (const QPen& pen : {QPen(Qt::white, style.width + kHaloExtra), QPen(style.colour, style.width)}) {
            QCPGraph* graph = plot->addGraph();
            graph->setLayer(QStringLiteral("marks"));
            graph->setLineStyle(QCPGraph::lsNone);
            graph->setScatterStyle(QCPScatterStyle(style.shape, pen, Qt::NoBrush, style.size));
            graph->removeFromLegend();
            graphs_[kind].append(graph);
        }
    }
}

void MapMarks::show(Kind kind, const QPointF& plane) {
    for (QCPGraph* graph : graphs_[kind]) graph->setData({plane.x()}, {plane.y()});
}

void MapMarks::hide(Kind kind) {
    for (QCPGraph* graph : graphs_[kind]) graph->data()->clear();
}

bool MapMarks::isShown(Kind kind) const { return !graphs_[kind].first()->data()->isEmpty(); }

QPointF MapMarks::position(Kind kind) const {
    if (!isShown(kind)) return {};
    const auto point = graphs_[kind].first()->data()->constBegin();
    return {point->key, point->value};
}

}  // namespace latentlab
