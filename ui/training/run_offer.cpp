#include "ui/training/run_offer.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

namespace latentlab {

RunOffer::RunOffer(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("runOffer"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    auto* layout = new QHBoxLayout(this);
    text_ = new QLabel(this);
    text_->setWordWrap(true);
    layout->addWidget(text_, 1);
    auto* open = new QPushButton(tr("Open"), this);
    open->setObjectName(QStringLiteral("offerOpen"));
    open->setToolTip(tr("Show the run's curves and previews"));
    connect(open, &QPushButton::clicked, this, [this] {
        hide();
        Q_EMIT openClicked();
    });
    auto* resume = new QPushButton(tr("Continue"), this);
    resume->setObjectName(QStringLiteral("offerContinue"));
    resume->setToolTip(tr("Open the run, load its data set and train it on"));
    connect(resume, &QPushButton::clicked, this, [this] {
        hide();
        Q_EMIT continueClicked();
    });
    auto* dismiss = new QToolButton(this);
    dismiss->setText(QStringLiteral("✕"));
    dismiss->setToolTip(tr("Dismiss"));
    dismiss->setAutoRaise(true);
    connect(dismiss, &QToolButton::clicked, this, &QWidget::hide);
    layout->addWidget(open);
    layout->addWidget(resume);
    layout->addWidget(dismiss);
    hide();
}

void RunOffer::offer(const QString& folder, const QString& text) {
    text_->setText(tr("%1 <b>%2</b>").arg(text.toHtmlEscaped(), QFileInfo(folder).fileName().toHtmlEscaped()));
    text_->setToolTip(QDir::toNativeSeparators(folder));
    show();
}

}  // namespace latentlab
