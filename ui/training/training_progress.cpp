#include "ui/training/training_progress.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

namespace {

int clampToInt(qint64 value) {
    return static_cast<int>(std::clamp<qint64>(value, 0, std::numeric_limits<int>::max()));
}

}  // namespace

TrainingProgress::TrainingProgress(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    status_ = new QLabel(tr("Not started."), this);
    status_->setObjectName(QStringLiteral("trainingStatus"));
    status_->setWordWrap(true);
    layout->addWidget(status_);
    bar_ = new QProgressBar(this);
    bar_->setObjectName(QStringLiteral("trainingProgress"));
    bar_->setTextVisible(true);
    layout->addWidget(bar_);
    reset();
}

void TrainingProgress::setStatus(const QString& text) { status_->setText(text); }
QString TrainingProgress::status() const { return status_->text(); }

QString TrainingProgress::duration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("—");
    const qint64 total = static_cast<qint64>(std::llround(seconds));
    const qint64 hours = total / 3600;
    const qint64 minutes = (total / 60) % 60;
    const qint64 secs = total % 60;
    if (hours > 0)
        return QStringLiteral("%1:%2:%3").arg(hours).arg(minutes, 2, 10, QLatin1Char('0')).arg(secs, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(minutes).arg(secs, 2, 10, QLatin1Char('0'));
}

void TrainingProgress::showStarting() {
    imagesPerSecond_ = 0.0;
    bar_->setRange(0, 0);
    bar_->setFormat(QString());
}

void TrainingProgress::showStep(const StepStats& step, qint64 epochs, qint64 batchSize) {
    stepsPerEpoch_ = step.steps_per_epoch;
    last_ = step;
    epochs_ = epochs;
    const qint64 total = epochs * step.steps_per_epoch;
    bar_->setRange(0, clampToInt(total));
    bar_->setValue(clampToInt(step.step));
    // Smoothed: single reports swing with the batch and the machine's load.
    if (step.images_per_second > 0)
        imagesPerSecond_ = imagesPerSecond_ > 0 ? 0.7 * imagesPerSecond_ + 0.3 * step.images_per_second
                                                : step.images_per_second;
    const double left = imagesPerSecond_ > 0
                            ? static_cast<double>(total - step.step) * static_cast<double>(batchSize) / imagesPerSecond_
                            : std::numeric_limits<double>::quiet_NaN();
    bar_->setFormat(tr("Epoch %1/%2 · step %3/%4 · %5 images/s · %6 left")
                        .arg(step.epoch)
                        .arg(epochs)
                        .arg(QLocale().toString(step.step), QLocale().toString(total),
                             QLocale().toString(std::llround(imagesPerSecond_)), duration(left)));
}

void TrainingProgress::showSaved(qint64 epochsDone, qint64 epochs, qint64 step, qint64 stepsPerEpoch) {
    if (stepsPerEpoch <= 0) stepsPerEpoch = stepsPerEpoch_;
    const qint64 total = epochs * stepsPerEpoch;
    bar_->setRange(0, std::max(1, clampToInt(total)));
    bar_->setValue(clampToInt(std::min(step, total)));
    bar_->setFormat(tr("Epoch %1/%2 · step %3/%4 · saved")
                        .arg(epochsDone)
                        .arg(epochs)
                        .arg(QLocale().toString(step), QLocale().toString(total)));
}

void TrainingProgress::showPaused() {
    if (last_.step == 0) return;
    imagesPerSecond_ = 0.0;  // the speed after the pause is measured afresh
    bar_->setFormat(tr("Epoch %1/%2 · step %3/%4 · paused")
                        .arg(last_.epoch)
                        .arg(epochs_)
                        .arg(QLocale().toString(last_.step), QLocale().toString(epochs_ * last_.steps_per_epoch)));
}

void TrainingProgress::reset() {
    last_ = StepStats();
    imagesPerSecond_ = 0.0;
    stepsPerEpoch_ = 0;
    bar_->setRange(0, 1);
    bar_->setValue(0);
    bar_->setFormat(QString());
}

}  // namespace latentlab
