#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QSlider;

namespace latentlab {

// The row above the training curves: the smoothing slider with its value,
// the log-scale switch and the Export menu. It only reports what the user
// asks for; the plot applies it and sets the controls back with the setters.
class CurvesToolbar : public QWidget {
    Q_OBJECT

public:
    explicit CurvesToolbar(QWidget* parent = nullptr);

    // Show a value without reporting it back.
    void setSmoothing(double weight);
    void setLogScale(bool on);

Q_SIGNALS:
    void smoothingChanged(double weight);
    void logScaleChanged(bool on);
    // "png", "pdf" or "csv".
    void exportRequested(const QString& format);

private:
    QSlider* smoothingSlider_;
    QLabel* smoothingLabel_;
    QCheckBox* logScaleBox_;
};

}  // namespace latentlab
