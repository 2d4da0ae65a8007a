#pragma once

#include <QObject>

class QCustomPlot;
class QMenu;

namespace latentlab {

// One scale for the whole interface, for a projector: the application's font
// and, for plots that follow it, their fonts and line widths. Ctrl+= and
// Ctrl+- step it, Ctrl+0 resets it; it is remembered in QSettings. Presentation
// mode and the View menu both go through set(); a plot follows it once
// follow() was called for it, and every plot shown after the instance was
// made follows it by itself.
class InterfaceScale : public QObject {
    Q_OBJECT

public:
    static constexpr double kMinimum = 0.75;
    static constexpr double kMaximum = 3.0;
    static constexpr double kStep = 1.15;  // one Ctrl+= or Ctrl+-

    // The one instance, made on first use (QApplication must exist); it
    // reads the remembered scale and applies it.
    static InterfaceScale& instance();

    double scale() const { return scale_; }
    // Clamped to [kMinimum, kMaximum]; applies it, and remembers it for the
    // next start unless `remember` is false (presentation mode's is not).
    void set(double scale, bool remember = true);
    void zoomIn() { set(scale_ * kStep); }
    void zoomOut() { set(scale_ / kStep); }
    void reset() { set(1.0); }

    // "Larger Text" (Ctrl+=, Ctrl++), "Smaller Text" (Ctrl+-) and "Actual
    // Size" (Ctrl+0), acting on the instance; the View menu holds them.
    static void addMenuActions(QMenu* menu);

    // The plot's axis, legend and text fonts, and its plottables' pen widths,
    // follow the scale from now on (restyled before every replot).
    static void follow(QCustomPlot* plot);
    static bool isFollowed(const QCustomPlot* plot);
    // Scales one plot's fonts and lines to `scale` now.
    static void apply(QCustomPlot* plot, double scale);

Q_SIGNALS:
    void changed(double scale);

protected:
    // Makes each plot follow when it is first polished (before it is shown).
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    InterfaceScale();
    // From `previous` to scale_.
    void applyToApplication(double previous);

    double scale_ = 1.0;
    double basePointSize_ = 0.0;  // the application font's size at scale 1
};

}  // namespace latentlab
