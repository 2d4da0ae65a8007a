#include "ui/explore/map_area_selector.h"

#include "ui/explore/latent_map_plot.h"

#include <QMouseEvent>
#include <QRubberBand>

namespace latentlab {

MapAreaSelector::MapAreaSelector(LatentMapPlot* plot) : QObject(plot), plot_(plot), canvas_(plot->canvas()) {
    canvas_->installEventFilter(this);
    canvas_->setToolTip(tr("Drag to pan, wheel to zoom; Shift+drag selects an area for the Inspect tab"));
}

bool MapAreaSelector::eventFilter(QObject* watched, QEvent* event) {
    if (watched != canvas_) return false;
    const QEvent::Type type = event->type();
    if (type != QEvent::MouseButtonPress && type != QEvent::MouseMove && type != QEvent::MouseButtonRelease)
        return false;
    // Cast only once the type says it is one (UBSan's check of the vptr
    // caught the cast of every event).
    auto* mouse = static_cast<QMouseEvent*>(event);
    switch (type) {
        case QEvent::MouseButtonPress:
            if (mouse->button() != Qt::LeftButton || !(mouse->modifiers() & Qt::ShiftModifier)) return false;
            if (!band_) band_ = new QRubberBand(QRubberBand::Rectangle, canvas_);
            origin_ = mouse->position().toPoint();
            band_->setGeometry(QRect(origin_, QSize()));
            band_->show();
            dragging_ = true;
            return true;  // not a pan
        case QEvent::MouseMove:
            if (!dragging_) return false;
            band_->setGeometry(QRect(origin_, mouse->position().toPoint()).normalized());
            return true;
        case QEvent::MouseButtonRelease: {
            if (!dragging_) return false;
            dragging_ = false;
            band_->hide();
            const QRect pixels = QRect(origin_, mouse->position().toPoint()).normalized();
            if (pixels.width() < 3 || pixels.height() < 3) return true;
            const QPointF a = plot_->planeAt(pixels.topLeft()), b = plot_->planeAt(pixels.bottomRight());
            Q_EMIT selected(QRectF(a, b).normalized());
            return true;
        }
        default:
            return false;
    }
}

}  // namespace latentlab
