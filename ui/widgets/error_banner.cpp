#include "ui/widgets/error_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace latentlab {

ErrorBanner::ErrorBanner(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("errorBanner"));
    // Fixed colours: the banner must read as an error in light and dark themes.
    setStyleSheet(
        QStringLiteral("#errorBanner { background: #fdecea; border: 1px solid #e8a09a; border-radius: 4px; }"
                       "#errorBanner QLabel { color: #5f1a14; }"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 4, 6);

    auto* icon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    layout->addWidget(icon, 0, Qt::AlignTop);

    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("errorMessage"));
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(message_, 1);

    action_ = new QPushButton(this);
    action_->hide();
    connect(action_, &QPushButton::clicked, this, &ErrorBanner::actionTriggered);
    layout->addWidget(action_, 0, Qt::AlignTop);

    auto* dismiss = new QToolButton(this);
    dismiss->setText(QStringLiteral("✕"));
    dismiss->setToolTip(tr("Dismiss"));
    dismiss->setAutoRaise(true);
    connect(dismiss, &QToolButton::clicked, this, &QWidget::hide);
    layout->addWidget(dismiss, 0, Qt::AlignTop);

    hide();
}

void ErrorBanner::showMessage(const QString& text, const QString& action) {
    message_->setText(text);
    action_->setText(action);
    action_->setVisible(!action.isEmpty());
    show();
}

}  // namespace latentlab
