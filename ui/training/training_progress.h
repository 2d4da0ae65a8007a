#pragma once

#include "model/base/training_stats.h"

#include <QString>
#include <QWidget>

class QLabel;
class QProgressBar;

namespace latentlab {

// The status line and progress bar of a run: epoch, step, images per second
// and the time left while it trains; what became of it afterwards.
class TrainingProgress : public QWidget {
    Q_OBJECT

public:
    explicit TrainingProgress(QWidget* parent = nullptr);

    void setStatus(const QString& text);
    QString status() const;

    // Busy until the first step says how many steps there are.
    void showStarting();
    void showStep(const StepStats& step, qint64 epochs, qint64 batchSize);
    // A run at rest: `step` of `epochs` * `stepsPerEpoch`, saved. No time left
    // is shown, since nothing is training.
    void showSaved(qint64 epochsDone, qint64 epochs, qint64 step, qint64 stepsPerEpoch);
    // Held between two steps: no speed or time left to show.
    void showPaused();
    void reset();

    // "3:05" or "1:02:03"; a dash for an unknown duration.
    static QString duration(double seconds);

private:
    QLabel* status_;
    QProgressBar* bar_;
    double imagesPerSecond_ = 0.0;  // smoothed, for the time left
    qint64 stepsPerEpoch_ = 0;
    StepStats last_;   // the last step shown
    qint64 epochs_ = 0;
};

}  // namespace latentlab
