#pragma once

#include <QFrame>

class QLabel;

namespace latentlab {

// An inline, dismissable error message above a view's content. Used instead
// of a modal box so the view stays usable and the message stays readable.
class ErrorBanner : public QFrame {
    Q_OBJECT

public:
    explicit ErrorBanner(QWidget* parent);

    // `text` may be rich text; callers escape what came from outside.
    void showMessage(const QString& text);

private:
    QLabel* message_ = nullptr;
};

}  // namespace latentlab
