#include "ui/widgets/interface_scale.h"

#include <qcustomplot.h>

#include <QAction>
#include <QEvent>
#include <QApplication>
#include <QMenu>
#include <QSettings>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {

const char* const kScaleKey = "ui/interfaceScale";
// Each element keeps its size at scale 1 and the size last applied, as a
// property. A size not seen before, or changed since it was applied, was set
// by the element's own code while `madeAt` was the scale: fonts derive from
// the scaled application font (madeAt: the current scale), pens are absolute
// (madeAt: 1).
double scaledSize(QObject* owner, const char* key, double current, double scale, double madeAt) {
    const QVariant kept = owner->property(key);
    const QPointF sizes = kept.toPointF();  // (at scale 1, applied)
    const double base = kept.isValid() && current == sizes.y() ? sizes.x() : current / madeAt;
    const double applied = base * scale;
    owner->setProperty(key, QPointF(base, applied));
    return applied;
}

QFont scaledFont(QObject* owner, QFont font, double scale, double madeAt) {
    if (font.pointSizeF() <= 0) return font;  // a pixel-sized font is left alone
    font.setPointSizeF(scaledSize(owner, "latentlabFontSize", font.pointSizeF(), scale, madeAt));
    return font;
}

}  // namespace

InterfaceScale& InterfaceScale::instance() {
    static InterfaceScale* scale = new InterfaceScale;  // parented to the application: freed with it
    return *scale;
}

InterfaceScale::InterfaceScale() : QObject(QCoreApplication::instance()) {
    basePointSize_ = QApplication::font().pointSizeF();
    // Every plot made from now on follows, also one made in presentation
    // mode (a new comparison's curves): caught when it is first polished.
    QCoreApplication::instance()->installEventFilter(this);
    const double remembered = QSettings().value(kScaleKey, 1.0).toDouble();
    scale_ = std::clamp(std::isfinite(remembered) ? remembered : 1.0, kMinimum, kMaximum);
    if (scale_ != 1.0) applyToApplication(1.0);
}

void InterfaceScale::set(double scale, bool remember) {
    if (!std::isfinite(scale)) return;
    scale = std::clamp(scale, kMinimum, kMaximum);
    // A step that rounds back to 1 resets exactly, so Ctrl+= then Ctrl+- returns home.
    if (std::abs(scale - 1.0) < 1e-6) scale = 1.0;
    if (remember) QSettings().setValue(kScaleKey, scale);
    if (scale == scale_) return;
    const double previous = scale_;
    scale_ = scale;
    applyToApplication(previous);
    Q_EMIT changed(scale_);
}

void InterfaceScale::applyToApplication(double previous) {
    QFont font = QApplication::font();
    font.setPointSizeF(basePointSize_ * scale_);
    QApplication::setFont(font);
    // Widgets with a font size of their own (larger captions, headings) do not
    // inherit the application's: each is scaled from the size it had at 1.
    // (One that set only, say, bold inherits the new size already.)
    for (QWidget* widget : QApplication::allWidgets())
        if (widget->testAttribute(Qt::WA_SetFont) && (widget->font().resolveMask() & QFont::SizeResolved))
            widget->setFont(scaledFont(widget, widget->font(), scale_, previous));
}

void InterfaceScale::addMenuActions(QMenu* menu) {
    InterfaceScale& scale = instance();
    // Our key first, then the platform's zoom keys unless they are the same
    // (two equal shortcuts are ambiguous and neither fires).
    const auto keys = [](QKeySequence own, QKeySequence::StandardKey standard) {
        QList<QKeySequence> all{own};
        for (const QKeySequence& key : QKeySequence::keyBindings(standard))
            if (!all.contains(key)) all.append(key);
        return all;
    };
    QAction* larger = menu->addAction(tr("&Larger Text"), &scale, &InterfaceScale::zoomIn);
    larger->setObjectName(QStringLiteral("zoomInAction"));
    // Ctrl+= is the key people press; Ctrl++ (Shift on most layouts) works too.
    larger->setShortcuts(keys(QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence::ZoomIn));
    QAction* smaller = menu->addAction(tr("&Smaller Text"), &scale, &InterfaceScale::zoomOut);
    smaller->setObjectName(QStringLiteral("zoomOutAction"));
    smaller->setShortcuts(keys(QKeySequence(Qt::CTRL | Qt::Key_Minus), QKeySequence::ZoomOut));
    QAction* actual = menu->addAction(tr("&Actual Size"), &scale, &InterfaceScale::reset);
    actual->setObjectName(QStringLiteral("zoomResetAction"));
    actual->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
}

void InterfaceScale::follow(QCustomPlot* plot) {
    if (isFollowed(plot)) return;
    plot->setProperty("latentlabFollowsScale", true);
    connect(plot, &QCustomPlot::beforeReplot, plot, [plot] { apply(plot, instance().scale()); });
    connect(&instance(), &InterfaceScale::changed, plot, [plot] { plot->replot(QCustomPlot::rpQueuedReplot); });
}

bool InterfaceScale::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Polish)
        if (auto* plot = qobject_cast<QCustomPlot*>(watched)) follow(plot);
    return QObject::eventFilter(watched, event);
}

bool InterfaceScale::isFollowed(const QCustomPlot* plot) {
    return plot->property("latentlabFollowsScale").toBool();
}

void InterfaceScale::apply(QCustomPlot* plot, double scale) {
    for (QCPAxisRect* rect : plot->axisRects())
        for (QCPAxis* axis : rect->axes()) {
            // Two fonts on one axis, each remembered under its own key.
            QFont label = axis->labelFont(), ticks = axis->tickLabelFont();
            if (label.pointSizeF() > 0)
                label.setPointSizeF(scaledSize(axis, "latentlabLabelSize", label.pointSizeF(), scale, scale));
            if (ticks.pointSizeF() > 0)
                ticks.setPointSizeF(scaledSize(axis, "latentlabTickSize", ticks.pointSizeF(), scale, scale));
            axis->setLabelFont(label);
            axis->setTickLabelFont(ticks);
        }
    if (plot->legend) plot->legend->setFont(scaledFont(plot->legend, plot->legend->font(), scale, scale));
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* text = qobject_cast<QCPItemText*>(plot->item(i)))
            text->setFont(scaledFont(text, text->font(), scale, scale));
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable* plottable = plot->plottable(i);
        QPen pen = plottable->pen();
        if (pen.widthF() <= 0) continue;  // a cosmetic pen stays one pixel
        pen.setWidthF(scaledSize(plottable, "latentlabPenWidth", pen.widthF(), scale, 1.0));
        plottable->setPen(pen);
    }
}

}  // namespace latentlab
