#pragma once

#include <QObject>
#include <QPoint>
#include <QRectF>

class QRubberBand;
class QWidget;

namespace latentlab {

class LatentMapPlot;

// Shift+drag on the latent map draws a rectangle and reports the area of
// the plane it covers (dragging without Shift still pans the map). The
// Inspect tab filters its gallery to the test images inside.
class MapAreaSelector : public QObject {
    Q_OBJECT

public:
    explicit MapAreaSelector(LatentMapPlot* plot);

Q_SIGNALS:
    // In the map's plane coordinates, normalized.
    void selected(QRectF area);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    LatentMapPlot* plot_;
    // Compared with, never called through, in eventFilter: the canvas still
    // gets events while the plot is being destroyed, when the plot is no
    // longer a LatentMapPlot.
    QWidget* canvas_;
    QRubberBand* band_ = nullptr;
    QPoint origin_;
    bool dragging_ = false;
};

}  // namespace latentlab
