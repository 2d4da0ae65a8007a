// What the pointer does on the latent map: the point under it (its light
// ring), the selected point (a click on a dot), the cross of a click on the
// plane, the legend's entries hiding their groups.

#include "ui/explore/latent_map_plot.h"

#include "ui/explore/map_marks.h"

#include <qcustomplot.h>

#include <QEvent>
#include <QLineF>
#include <QMouseEvent>

namespace latentlab {

namespace {

const QColor kHiddenText(0xa0, 0xa0, 0xa0);
constexpr double kClickSlopPixels = 3.0;  // a press and release this close is a click, not a drag

}  // namespace

void LatentMapPlot::setSelected(int index) {
    selected_ = index >= 0 && index < points_.size() ? index : -1;
    if (selected_ >= 0) marks_->show(MapMarks::Selected, points_[selected_]);
    else marks_->hide(MapMarks::Selected);
    replotMarks();
}

void LatentMapPlot::showHovered(int index) {
    hovered_ = index >= 0 && index < points_.size() ? index : -1;
    if (hovered_ >= 0) marks_->show(MapMarks::Hovered, points_[hovered_]);
    else marks_->hide(MapMarks::Hovered);
    replotMarks();
}

void LatentMapPlot::setMarker(const QPointF& plane) {
    marks_->show(MapMarks::Clicked, plane);
    replotMarks();
}

void LatentMapPlot::clearMarker() {
    marks_->hide(MapMarks::Clicked);
    replotMarks();
}

int LatentMapPlot::pointAt(const QPointF& pixel) const {
    int nearest = -1;
    double best = kHoverPixels * kHoverPixels;
    for (int i = 0; i < points_.size(); ++i) {
        const double dx = plot_->xAxis->coordToPixel(points_[i].x()) - pixel.x();
        const double dy = plot_->yAxis->coordToPixel(points_[i].y()) - pixel.y();
        const double d = dx * dx + dy * dy;
        const int g = colouring_.groups.value(i, -1);
        if (d <= best && g >= 0 && g < graphs_.size() && graphs_[g]->visible()) {
            best = d;
            nearest = i;
        }
    }
    return nearest;
}

QPointF LatentMapPlot::planeAt(const QPointF& pixel) const {
    return {plot_->xAxis->pixelToCoord(pixel.x()), plot_->yAxis->pixelToCoord(pixel.y())};
}

QPointF LatentMapPlot::pixelAt(const QPointF& plane) const {
    return {plot_->xAxis->coordToPixel(plane.x()), plot_->yAxis->coordToPixel(plane.y())};
}

void LatentMapPlot::onMouseMove(QMouseEvent* event) {
    const QPointF pos = event->position();
    if (pressed_ && QLineF(pos, pressedAt_).length() > kClickSlopPixels) followData_ = false;
    // One scan of the points per pixel moved, not per event.
    if (QLineF(pos, lastScan_).length() < 1.0) return;
    lastScan_ = pos;
    const int index = plot_->axisRect()->rect().contains(pos.toPoint()) ? pointAt(pos) : -1;
    if (index == hovered_) return;
    showHovered(index);
    Q_EMIT hovered(index);
}

void LatentMapPlot::onMousePress(QMouseEvent* event) {
    pressed_ = event->button() == Qt::LeftButton && plot_->axisRect()->rect().contains(event->position().toPoint());
    pressedAt_ = event->position();
}

void LatentMapPlot::onMouseRelease(QMouseEvent* event) {
    const bool click = pressed_ && QLineF(event->position(), pressedAt_).length() <= kClickSlopPixels;
    pressed_ = false;
    if (!click) return;
    // A click on a dot selects it until the next click; elsewhere it selects none.
    setSelected(pointAt(event->position()));
    Q_EMIT clicked(planeAt(event->position()));
}

void LatentMapPlot::onLegendClick(QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
    auto* entry = qobject_cast<QCPPlottableLegendItem*>(item);
    if (!entry) return;
    const int index = keys_.indexOf(qobject_cast<QCPGraph*>(entry->plottable()));
    if (index < 0) return;
    QCPGraph* graph = graphs_[index];
    graph->setVisible(!graph->visible());
    entry->setTextColor(graph->visible() ? QColor(Qt::black) : kHiddenText);
    lastScan_ = QPointF(-1e9, -1e9);
    replot();
}

bool LatentMapPlot::eventFilter(QObject* watched, QEvent* event) {
    if (watched == plot_ && event->type() == QEvent::Leave && hovered_ >= 0) {
        showHovered(-1);
        Q_EMIT hovered(-1);
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace latentlab
