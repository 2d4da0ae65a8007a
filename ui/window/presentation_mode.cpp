#include "ui/window/presentation_mode.h"

#include "ui/widgets/interface_scale.h"

#include <qcustomplot.h>

#include <QMainWindow>
#include <QShortcut>

namespace latentlab {

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
    // Every plot of the window takes part, not only those that follow the
    // interface scale already.
    InterfaceScale& scale = InterfaceScale::instance();
    for (QCustomPlot* plot : window_->findChildren<QCustomPlot*>()) {
        if (InterfaceScale::isFollowed(plot)) continue;
        InterfaceScale::follow(plot);
        InterfaceScale::apply(plot, scale.scale());  // its sizes as they are now, at the scale in use
    }
    if (active) scaleBefore_ = scale.scale();
    scale.set(active ? scaleBefore_ * kScale : scaleBefore_, /*remember=*/!active);
    for (QCustomPlot* plot : window_->findChildren<QCustomPlot*>()) {
        InterfaceScale::apply(plot, scale.scale());
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
    Q_EMIT scaleChanged();
    Q_EMIT activeChanged(active);
}

}  // namespace latentlab
