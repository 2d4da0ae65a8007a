#include "ui/widgets/curves_toolbar.h"

#include "app/runs/curve_series.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>

#include <cmath>

namespace latentlab {

CurvesToolbar::CurvesToolbar(QWidget* parent)
    : QWidget(parent),
      smoothingSlider_(new QSlider(Qt::Horizontal, this)),
      smoothingLabel_(new QLabel(this)),
      logScaleBox_(new QCheckBox(tr("Log scale"), this)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(new QLabel(tr("Smoothing"), this));
    smoothingSlider_->setObjectName(QStringLiteral("smoothingSlider"));
    smoothingSlider_->setRange(0, static_cast<int>(CurveSeries::kMaxSmoothing * 100));
    smoothingSlider_->setMaximumWidth(200);
    layout->addWidget(smoothingSlider_);
    layout->addWidget(smoothingLabel_);
    layout->addStretch(1);
    logScaleBox_->setObjectName(QStringLiteral("logScale"));
    layout->addWidget(logScaleBox_);

    auto* exportButton = new QToolButton(this);
    exportButton->setObjectName(QStringLiteral("exportCurves"));
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(exportButton);
    exportMenu->addAction(tr("Export PNG…"), this, [this] { Q_EMIT exportRequested(QStringLiteral("png")); });
    exportMenu->addAction(tr("Export PDF…"), this, [this] { Q_EMIT exportRequested(QStringLiteral("pdf")); });
    exportMenu->addAction(tr("Export CSV…"), this, [this] { Q_EMIT exportRequested(QStringLiteral("csv")); });
    exportButton->setMenu(exportMenu);
    layout->addWidget(exportButton);

    connect(smoothingSlider_, &QSlider::valueChanged, this,
            [this](int value) { Q_EMIT smoothingChanged(value / 100.0); });
    connect(logScaleBox_, &QCheckBox::toggled, this, &CurvesToolbar::logScaleChanged);
}

void CurvesToolbar::setSmoothing(double weight) {
    const QSignalBlocker blocker(smoothingSlider_);
    smoothingSlider_->setValue(static_cast<int>(std::lround(weight * 100)));
    smoothingLabel_->setText(QString::number(weight, 'f', 2));
}

void CurvesToolbar::setLogScale(bool on) {
    const QSignalBlocker blocker(logScaleBox_);
    logScaleBox_->setChecked(on);
}

}  // namespace latentlab
