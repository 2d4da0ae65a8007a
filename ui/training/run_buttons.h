#pragma once

#include <QString>
#include <QWidget>

class QPushButton;

namespace latentlab {

// Train (or Continue), Pause (or Resume) and Stop. Their shortcuts live on
// the window's Training menu, so they act from every tab; the tooltips name
// them.
class RunButtons : public QWidget {
    Q_OBJECT

public:
    explicit RunButtons(QWidget* parent = nullptr);

    // What each button can do now; `trainTip` says why Train is what it is.
    void update(bool canTrain, bool continuing, const QString& trainTip, bool canPause, bool paused, bool canStop);

Q_SIGNALS:
    void trainClicked();
    void pauseClicked();
    void stopClicked();

private:
    QPushButton* train_;
    QPushButton* pause_;
    QPushButton* stop_;
};

}  // namespace latentlab
