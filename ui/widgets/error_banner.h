#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace latentlab {

// An inline, dismissable error message above a view's content. Used instead
// of a modal box so the view stays usable and the message stays readable.
class ErrorBanner : public QFrame {
    Q_OBJECT

public:
    explicit ErrorBanner(QWidget* parent);

    // `text` may be rich text; callers escape what came from outside.
    // With `action`, a button of that text beside the message emits
    // actionTriggered(); without, no button.
    void showMessage(const QString& text, const QString& action = QString());

Q_SIGNALS:
    void actionTriggered();

private:
    QLabel* message_ = nullptr;
    QPushButton* action_ = nullptr;
};

}  // namespace latentlab
