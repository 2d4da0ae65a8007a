#include "ui/widgets/kl_bars_plot.h"

#include <qcustomplot.h>

#include <QFontInfo>
#include <QFontMetricsF>
#include <QLabel>
#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace latentlab {

namespace {

// The names stand upright, side by side: each needs the height of its
// digits and a pixel between them, in a font no smaller than this (6 pt
// names of 20 bars were unreadable on a projector: thinned names are better).
constexpr double kLabelGap = 1.0;
constexpr double kMinPointSize = 8.0;

double labelPitch(const QFont& font) { return QFontMetricsF(font).capHeight() + kLabelGap; }

}  // namespace

KlBarsPlot::KlBarsPlot(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), warning_(new QLabel(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    warning_->setObjectName(QStringLiteral("collapseWarning"));
    warning_->setWordWrap(true);
    // Fixed colours: the warning must stand out in light and dark themes.
    warning_->setStyleSheet(QStringLiteral(
        "QLabel { background: #fff4e5; color: #663c00; border: 1px solid #f0b860; border-radius: 4px; "
        "padding: 4px; }"));
    warning_->hide();
    layout->addWidget(warning_);
    layout->addWidget(plot_, 1);

    plot_->setObjectName(QStringLiteral("klBars"));
    bars_ = new QCPBars(plot_->xAxis, plot_->yAxis);
    bars_->setWidth(0.7);
    bars_->setPen(Qt::NoPen);
    bars_->setBrush(QColor(0x2c, 0xa0, 0x2c));
    plot_->xAxis->setLabel(tr("latent dimension, by KL"));
    plot_->yAxis->setLabel(tr("test KL (nats)"));
    plot_->xAxis->grid()->setVisible(false);
    plot_->xAxis->setTickLabelRotation(-90);
    labelFont_ = plot_->xAxis->tickLabelFont();
    // Where names are left out, a bar still tells which dimension it is.
    plot_->setMouseTracking(true);
    connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        const int bar = static_cast<int>(std::lround(plot_->xAxis->pixelToCoord(event->position().x()))) - 1;
        const bool onBar = bar >= 0 && bar < order_.size() && plot_->axisRect()->rect().contains(event->position().toPoint());
        if (!onBar) {
            QToolTip::hideText();
            return;
        }
        QToolTip::showText(event->globalPosition().toPoint(),
                           tr("z%1: %2 nats").arg(order_[bar]).arg(bars_->data()->at(bar)->value, 0, 'g', 3), plot_);
    });
    // The names need the axis's width, known once the plot is laid out.
    connect(plot_, &QCustomPlot::afterLayout, this, [this] {
        if (!order_.isEmpty() && updateLabels(false)) plot_->replot(QCustomPlot::rpQueuedReplot);
    });
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->axisRect()->setRangeDrag(Qt::Horizontal);
    plot_->axisRect()->setRangeZoom(Qt::Horizontal);
    setMinimumSize(180, 180);
    clear();
}

void KlBarsPlot::clear() {
    bars_->data()->clear();
    order_.clear();
    warning_->hide();
    // No dimensions yet: no ticks (a plain ticker would label 0, 0.2, ... dimensions).
    plot_->xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    plot_->xAxis->setTickLabelFont(labelFont_);
    plot_->xAxis->setRange(0, 1);
    plot_->yAxis->setRange(0, 1);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void KlBarsPlot::setKlPerDim(const std::vector<double>& klPerDim) {
    const int n = static_cast<int>(klPerDim.size());
    QVector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return klPerDim[a] > klPerDim[b]; });

    QVector<double> keys(n);
    QVector<double> values(n);
    for (int i = 0; i < n; ++i) {
        keys[i] = i + 1;
        values[i] = klPerDim[order[i]];
    }
    order_ = order;
    bars_->setData(keys, values, true);
    updateLabels(true);
    plot_->xAxis->setRange(0.4, n + 0.6);
    const double top = n > 0 ? values.first() : 0.0;
    plot_->yAxis->setRange(0, std::max(top * 1.1, kCollapsedNats * 10));
    plot_->replot(QCustomPlot::rpQueuedReplot);

    const int collapsed =
        static_cast<int>(std::count_if(klPerDim.begin(), klPerDim.end(), [](double kl) { return kl < kCollapsedNats; }));
    warning_->setText(tr("<b>Posterior collapse:</b> %1 of %2 latent dimensions carry less than %3 nats. "
                         "A smaller β, a smaller σ or fewer latents may help.")
                          .arg(collapsed)
                          .arg(n)
                          .arg(kCollapsedNats));
    warning_->setVisible(2 * collapsed > n);
}

int KlBarsPlot::barCount() const { return bars_->dataCount(); }

bool KlBarsPlot::isCollapseWarningShown() const { return !warning_->isHidden(); }

bool KlBarsPlot::updateLabels(bool force) {
    // Named z0, z1, ... as in history.csv's test_kl_z0, ... columns. Up to
    // kAllNamedMax bars, a smaller font names them all before any is left out.
    const int n = order_.size();
    int width = plot_->axisRect()->width();
    if (width <= 0) width = plot_->width() - 60;  // not laid out yet: about the y axis's margin
    // The bars span 0.4 to n + 0.6 on the axis.
    const double perBar = std::max(1, width) / (n + 0.2);
    QFont font = labelFont_;
    if (font.pointSizeF() <= 0) font.setPointSizeF(QFontInfo(font).pointSizeF());  // a font set in pixels
    if (n <= kAllNamedMax && labelPitch(font) > perBar) {
        // A smaller font is worth it only where it names every bar.
        QFont smaller = font;
        for (double size = font.pointSizeF(); labelPitch(smaller) > perBar && size > kMinPointSize;) {
            size = std::max(kMinPointSize, size - 0.5);
            smaller.setPointSizeF(size);
        }
        if (labelPitch(smaller) <= perBar) font = smaller;
    }
    const int barsPerLabel = std::max(1, static_cast<int>(std::ceil(labelPitch(font) / perBar - 1e-9)));
    if (!force && barsPerLabel == barsPerLabel_ && font == plot_->xAxis->tickLabelFont()) return false;
    barsPerLabel_ = barsPerLabel;
    plot_->xAxis->setTickLabelFont(font);
    auto ticker = QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText);
    for (int i = 0; i < n; i += barsPerLabel_) ticker->addTick(i + 1, QStringLiteral("z%1").arg(order_[i]));
    plot_->xAxis->setTicker(ticker);
    return true;
}

}  // namespace latentlab
