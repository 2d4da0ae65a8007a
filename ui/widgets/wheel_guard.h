#pragma once

#include <QObject>

class QWidget;

namespace latentlab {

// Lets the wheel scroll a form instead of changing whatever spin box or combo
// box passes under the pointer: those fields take the wheel only once they
// have focus (a click or Tab gives it).
class WheelGuard : public QObject {
    Q_OBJECT

public:
    // Guards every spin box and combo box below `form`; owned by `form`.
    explicit WheelGuard(QWidget* form);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

}  // namespace latentlab
