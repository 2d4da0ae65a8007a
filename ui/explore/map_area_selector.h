#pragma once

#include <QObject>
#include <QPoint>
#include <QPolygon>
#include <QPolygonF>

class QWidget;

namespace latentlab {

class LatentMapPlot;
class LassoOutline;

// Shift+drag on the latent map draws a lasso, a free outline around the
// points wanted (a quick diagonal drag still makes a usable loop), and
// reports the area of the plane it encloses; dragging without Shift still
// pans the map. The Inspect tab filters its gallery to the test images inside.
class MapAreaSelector : public QObject {
    Q_OBJECT

public:
    explicit MapAreaSelector(LatentMapPlot* plot);

Q_SIGNALS:
    // The closed outline in the map's plane coordinates.
    void selected(QPolygonF area);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    LatentMapPlot* plot_;
    // Compared with, never called through, in eventFilter: the canvas still
    // gets events while the plot is being destroyed, when the plot is no
    // longer a LatentMapPlot.
    QWidget* canvas_;
    LassoOutline* outline_ = nullptr;
    QPolygon pixels_;  // the outline drawn so far, in canvas pixels
    bool dragging_ = false;
};

}  // namespace latentlab
