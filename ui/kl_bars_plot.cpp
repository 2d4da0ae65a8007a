#include "ui/kl_bars_plot.h"

#include <qcustomplot.h>

#include <QFontMetrics>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace latentlab {

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
    plot_->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
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
    updateLabels();
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

void KlBarsPlot::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (!order_.isEmpty()) {
        updateLabels();
        plot_->replot(QCustomPlot::rpQueuedReplot);
    }
}

void KlBarsPlot::updateLabels() {
    // Named z0, z1, ... as in history.csv's test_kl_z0, ... columns. The labels
    // stand upright: each needs a line height of the axis's width.
    const int n = order_.size();
    const int lineHeight = QFontMetrics(plot_->xAxis->tickLabelFont()).height() + 2;
    // The plot's width less the margins of its last layout (the y axis).
    const QMargins margins = plot_->axisRect()->margins();
    const int room = std::max(1, (plot_->width() - margins.left() - margins.right()) / lineHeight);
    barsPerLabel_ = std::max(1, (n + room - 1) / room);
    auto ticker = QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText);
    for (int i = 0; i < n; i += barsPerLabel_) ticker->addTick(i + 1, QStringLiteral("z%1").arg(order_[i]));
    plot_->xAxis->setTicker(ticker);
}

}  // namespace latentlab
