#pragma once

#include <QByteArray>
#include <QFont>
#include <QObject>
#include <QVector>

class QCustomPlot;
class QMainWindow;
class QShortcut;

namespace latentlab {

// View → Presentation mode: the window full screen, the application's
// fonts and every plot's lines and labels larger by one factor, Esc to
// leave. Everything it scales goes through setScale(), so one interface
// scale can drive it later.
class PresentationMode : public QObject {
    Q_OBJECT

public:
    static constexpr double kScale = 1.5;

    explicit PresentationMode(QMainWindow* window);

    bool isActive() const { return active_; }
    void setActive(bool active);
    void toggle() { setActive(!active_); }
    double scale() const { return scale_; }

    // The application font and every plot of the window at `scale` times
    // their normal size (1 restores them).
    void setScale(double scale);
    // Lines `scale` times as thick and axis and legend text `scale` times as
    // large; remembers the normal sizes on the plot's items, so 1 restores
    // them and calling it twice with one scale changes nothing.
    static void scalePlot(QCustomPlot* plot, double scale);

Q_SIGNALS:
    void activeChanged(bool active);
    void scaleChanged(double scale);

private:
    QMainWindow* window_;
    QShortcut* escape_;
    bool active_ = false;
    double scale_ = 1.0;
    QFont normalFont_;
    QByteArray normalGeometry_;
    bool wasMaximized_ = false;
    QVector<QCustomPlot*> hooked_;  // plots that rescale items added while scaled
};

}  // namespace latentlab
