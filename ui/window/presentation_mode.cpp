#include "ui/window/presentation_mode.h"

#include "ui/widgets/interface_scale.h"

#include <qcustomplot.h>

#include <QMainWindow>
#include <QShortcut>
#include <QTimer>

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
        normalGeometry_ = window_->geometry();
        window_->showFullScreen();
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
    // Back to the window's own place and size once the fonts and the hidden
    // tabs are back: restored earlier, the larger minimum of the presentation
    // fonts kept it taller and lower, its bottom off the screen.
    if (!active) {
        if (wasMaximized_) {
            window_->showMaximized();
        } else {
            window_->showNormal();
            window_->setGeometry(normalGeometry_);
            QTimer::singleShot(0, window_, [window = window_, geometry = normalGeometry_] { window->setGeometry(geometry); });
        }
    }
}

}  // namespace latentlab
