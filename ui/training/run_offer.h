#pragma once

#include <QFrame>
#include <QString>

class QLabel;

namespace latentlab {

// A band above the training view offering a run that did not finish, with
// Open and Continue buttons and a dismiss cross. Hidden until offer().
class RunOffer : public QFrame {
    Q_OBJECT

public:
    explicit RunOffer(QWidget* parent = nullptr);

    // `text` says how far the run got; the folder's name follows it.
    void offer(const QString& folder, const QString& text);

Q_SIGNALS:
    // The band hides itself before either.
    void openClicked();
    void continueClicked();

private:
    QLabel* text_;
};

}  // namespace latentlab
