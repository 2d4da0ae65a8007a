#include "ui/training/run_buttons.h"

#include <QHBoxLayout>
#include <QPushButton>
#include <QStyle>

namespace latentlab {

RunButtons::RunButtons(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    train_ = new QPushButton(tr("Train"), this);
    train_->setObjectName(QStringLiteral("trainButton"));
    train_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    connect(train_, &QPushButton::clicked, this, &RunButtons::trainClicked);
    pause_ = new QPushButton(tr("Pause"), this);
    pause_->setObjectName(QStringLiteral("pauseButton"));
    pause_->setToolTip(tr("Hold the run between two steps, or go on (Ctrl+P)"));
    connect(pause_, &QPushButton::clicked, this, &RunButtons::pauseClicked);
    stop_ = new QPushButton(tr("Stop"), this);
    stop_->setObjectName(QStringLiteral("stopButton"));
    stop_->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    stop_->setToolTip(tr("End the run; the last finished epoch stays saved (Ctrl+.)"));
    connect(stop_, &QPushButton::clicked, this, &RunButtons::stopClicked);
    layout->addWidget(train_);
    layout->addWidget(pause_);
    layout->addWidget(stop_);
}

void RunButtons::update(bool canTrain, bool continuing, const QString& trainTip, bool canPause, bool paused,
                        bool canStop) {
    train_->setEnabled(canTrain);
    train_->setText(continuing ? tr("Continue") : tr("Train"));
    train_->setToolTip(trainTip);
    pause_->setEnabled(canPause);
    pause_->setText(paused ? tr("Resume") : tr("Pause"));
    pause_->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    stop_->setEnabled(canStop);
}

}  // namespace latentlab
