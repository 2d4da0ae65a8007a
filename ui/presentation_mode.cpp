#include "ui/presentation_mode.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QMainWindow>
#include <QShortcut>

namespace latentlab {

namespace {

// The normal size of an item, kept on the item itself: plots rebuild their
// graphs, and a new graph has no property, so it is scaled from its own size.
const char* const kNormalWidth = "latentlabNormalPenWidth";
const char* const kNormalTickFont = "latentlabNormalTickFont";
const char* const kNormalLabelFont = "latentlabNormalLabelFont";
const char* const kNormalLegendFont = "latentlabNormalLegendFont";

QFont scaledFont(QFont font, double scale) {
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * scale);
    else
        font.setPixelSize(qMax(1, qRound(font.pixelSize() * scale)));
    return font;
}

template <typename Item, typename Get, typename Set>
void scaleFont(Item* item, const char* key, double scale, Get get, Set set) {
    if (!item->property(key).isValid()) item->setProperty(key, get());
    const QFont normal = item->property(key).template value<QFont>();
    set(scale == 1.0 ? normal : scaledFont(normal, scale));
    if (scale == 1.0) item->setProperty(key, QVariant());
}

void scalePen(QCPAbstractPlottable* plottable, double scale) {
    QPen pen = plottable->pen();
    if (!plottable->property(kNormalWidth).isValid()) plottable->setProperty(kNormalWidth, pen.widthF());
    const double normal = plottable->property(kNormalWidth).toDouble();
    // A cosmetic pen of width 0 draws one pixel.
    pen.setWidthF(scale == 1.0 ? normal : qMax(normal, 1.0) * scale);
    plottable->setPen(pen);
    if (scale == 1.0) plottable->setProperty(kNormalWidth, QVariant());
}

}  // namespace

PresentationMode::PresentationMode(QMainWindow* window)
    : QObject(window), window_(window), escape_(new QShortcut(QKeySequence(Qt::Key_Escape), window)) {
    escape_->setEnabled(false);
    connect(escape_, &QShortcut::activated, this, [this] { setActive(false); });
}

void PresentationMode::setActive(bool active) {
    if (active == active_) return;
    active_ = active;
    if (active) {
        wasMaximized_ = window_->isMaximized();
        normalGeometry_ = window_->saveGeometry();
        window_->showFullScreen();
    } else if (wasMaximized_) {
        window_->showMaximized();
    } else {
        window_->showNormal();
        window_->restoreGeometry(normalGeometry_);
    }
    escape_->setEnabled(active);
    setScale(active ? kScale : 1.0);
    Q_EMIT activeChanged(active);
}

void PresentationMode::setScale(double scale) {
    if (scale == scale_) return;
    if (scale_ == 1.0) normalFont_ = QApplication::font();
    scale_ = scale;
    QApplication::setFont(scale == 1.0 ? normalFont_ : scaledFont(normalFont_, scale));
    for (QCustomPlot* plot : window_->findChildren<QCustomPlot*>()) {
        if (!hooked_.contains(plot)) {
            hooked_.append(plot);
            connect(plot, &QObject::destroyed, this, [this, plot] { hooked_.removeAll(plot); });
            // Graphs a plot makes while scaled are scaled before they are drawn.
            connect(plot, &QCustomPlot::beforeReplot, this, [this, plot] {
                if (scale_ != 1.0) scalePlot(plot, scale_);
            });
        }
        scalePlot(plot, scale);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
    Q_EMIT scaleChanged(scale);
}

void PresentationMode::scalePlot(QCustomPlot* plot, double scale) {
    for (int i = 0; i < plot->plottableCount(); ++i) scalePen(plot->plottable(i), scale);
    for (QCPAxisRect* rect : plot->axisRects()) {
        for (QCPAxis* axis : rect->axes()) {
            scaleFont(axis, kNormalTickFont, scale, [axis] { return axis->tickLabelFont(); },
                      [axis](const QFont& font) { axis->setTickLabelFont(font); });
            scaleFont(axis, kNormalLabelFont, scale, [axis] { return axis->labelFont(); },
                      [axis](const QFont& font) { axis->setLabelFont(font); });
        }
    }
    if (plot->legend)
        scaleFont(plot->legend, kNormalLegendFont, scale, [plot] { return plot->legend->font(); },
                  [plot](const QFont& font) { plot->legend->setFont(font); });
}

}  // namespace latentlab
