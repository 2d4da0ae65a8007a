#include "ui/widgets/wheel_guard.h"

#include <QAbstractSpinBox>
#include <QComboBox>
#include <QEvent>
#include <QWidget>

namespace latentlab {

WheelGuard::WheelGuard(QWidget* form) : QObject(form) {
    for (QWidget* field : form->findChildren<QWidget*>()) {
        if (!qobject_cast<QAbstractSpinBox*>(field) && !qobject_cast<QComboBox*>(field)) continue;
        field->setFocusPolicy(Qt::StrongFocus);
        field->installEventFilter(this);
    }
}

bool WheelGuard::eventFilter(QObject* watched, QEvent* event) {
    auto* field = qobject_cast<QWidget*>(watched);
    if (event->type() == QEvent::Wheel && field && !field->hasFocus()) {
        event->ignore();  // Qt passes an ignored wheel event on to the parents: the scroll area
        return true;
    }
    return QObject::eventFilter(watched, event);
}

}  // namespace latentlab
