#include "ui/explore/map_area_selector.h"

#include "ui/explore/latent_map_plot.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWidget>

namespace latentlab {

// The lasso as it is drawn: a transparent layer over the map's canvas.
class LassoOutline : public QWidget {
public:
    explicit LassoOutline(QWidget* canvas) : QWidget(canvas) {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setAttribute(Qt::WA_NoSystemBackground);
    }
    void setOutline(const QPolygon& outline) {
        outline_ = outline;
        update();
    }

protected:
    void paintEvent(QPaintEvent*) override {
        if (outline_.size() < 2) return;
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setBrush(QColor(30, 110, 200, 40));
        // Dark then light, so the line shows over light pictures and dark points alike.
        painter.setPen(QPen(QColor(20, 20, 20), 3));
        painter.drawPolygon(outline_);
        painter.setPen(QPen(Qt::white, 1, Qt::DashLine));
        painter.drawPolygon(outline_);
    }

private:
    QPolygon outline_;
};

namespace {

constexpr int kMinimumExtent = 3;  // pixels: a click is not a selection

}  // namespace

MapAreaSelector::MapAreaSelector(LatentMapPlot* plot) : QObject(plot), plot_(plot), canvas_(plot->canvas()) {
    canvas_->installEventFilter(this);
    canvas_->setToolTip(tr("Drag to pan, wheel to zoom; Shift+drag draws a lasso around points for the Inspect tab"));
}

bool MapAreaSelector::eventFilter(QObject* watched, QEvent* event) {
    if (watched != canvas_) return false;
    const QEvent::Type type = event->type();
    if (type != QEvent::MouseButtonPress && type != QEvent::MouseMove && type != QEvent::MouseButtonRelease)
        return false;
    // Cast only once the type says it is one (UBSan's check of the vptr
    // caught the cast of every event).
    auto* mouse = static_cast<QMouseEvent*>(event);
    const QPoint at = mouse->position().toPoint();
    switch (type) {
        case QEvent::MouseButtonPress:
            if (mouse->button() != Qt::LeftButton || !(mouse->modifiers() & Qt::ShiftModifier)) return false;
            if (!outline_) outline_ = new LassoOutline(canvas_);
            outline_->setGeometry(canvas_->rect());
            pixels_ = QPolygon({at});
            outline_->setOutline(pixels_);
            outline_->show();
            outline_->raise();
            dragging_ = true;
            return true;  // not a pan
        case QEvent::MouseMove:
            if (!dragging_) return false;
            if (at != pixels_.last()) pixels_ << at;
            outline_->setOutline(pixels_);
            return true;
        case QEvent::MouseButtonRelease: {
            if (!dragging_) return false;
            dragging_ = false;
            outline_->hide();
            if (at != pixels_.last()) pixels_ << at;
            const QRect extent = pixels_.boundingRect();
            if (pixels_.size() < 2 || extent.width() < kMinimumExtent || extent.height() < kMinimumExtent) return true;
            // A straight drag from corner to corner encloses nothing: take
            // the rectangle it spans, as the selection used to be.
            const QPolygon loop = pixels_.size() == 2 ? QPolygon(extent) : pixels_;
            QPolygonF area;
            for (const QPoint& pixel : loop) area << plot_->planeAt(pixel);
            Q_EMIT selected(area);
            return true;
        }
        default:
            return false;
    }
}

}  // namespace latentlab
