#pragma once

#include <QByteArray>
#include <QObject>
#include <QRect>

class QMainWindow;
class QShortcut;

namespace latentlab {

// View → Presentation mode: the window full screen and the interface scale
// (fonts, every plot's lines and labels) kPresentationScale times the one in
// use, Esc to leave. The scale goes through InterfaceScale, so Ctrl+= and
// Ctrl+- keep working on top of it; presentation's own factor is not
// remembered for the next start.
class PresentationMode : public QObject {
    Q_OBJECT

public:
    static constexpr double kScale = 1.5;

    explicit PresentationMode(QMainWindow* window);

    bool isActive() const { return active_; }
    void setActive(bool active);
    void toggle() { setActive(!active_); }

Q_SIGNALS:
    void activeChanged(bool active);
    // After the interface scale changed on entering or leaving.
    void scaleChanged();

private:
    QMainWindow* window_;
    QShortcut* escape_;
    bool active_ = false;
    double scaleBefore_ = 1.0;  // the interface scale to return to
    QRect normalGeometry_;
    bool wasMaximized_ = false;
};

}  // namespace latentlab
