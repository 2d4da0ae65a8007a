#include "ui/widgets/mig_plot.h"

#include <qcustomplot.h>

#include <QLabel>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace latentlab {

namespace {

// The top of the y axis: the first of 0.05, 0.1, 0.2, 0.3, 0.5, 1 above the
// values with a fifth to spare. On a fixed 0-1 axis MIGs of 0.011 and 0.037
// were two flat lines on zero.
double axisTop(double largest) {
    for (double top : {0.05, 0.1, 0.2, 0.3, 0.5})
        if (largest * 1.2 <= top) return top;
    return 1.0;
}

}  // namespace

MigPlot::MigPlot(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), summary_(new QLabel(this)),
      last_(std::numeric_limits<double>::quiet_NaN()) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(summary_);
    layout->addWidget(plot_, 1);
    setMinimumHeight(140);
    graph_ = plot_->addGraph();
    graph_->setPen(QPen(QColor(0x94, 0x67, 0xbd), 2.5));
    graph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 7));
    graph_->setName(tr("MIG"));
    plot_->xAxis->setLabel(tr("epoch"));
    // Its own scale: 0 (no factor in one dimension alone) to 1 (each in its own).
    plot_->yAxis->setLabel(tr("MIG"));
    plot_->setToolTip(tr("Mutual Information Gap, estimated as disentanglement_lib does: posterior means in 20 bins, "
                         "on up to 10,000 training images (not Chen et al.'s full-posterior estimator)"));
    plot_->yAxis->setRange(0.0, 1.0);
    plot_->xAxis->setRange(0.5, 1.5);
    QSharedPointer<QCPAxisTickerFixed> wholeEpochs(new QCPAxisTickerFixed);
    wholeEpochs->setTickStep(1.0);
    wholeEpochs->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot_->xAxis->setTicker(wholeEpochs);
    summary_->setWordWrap(true);
    summary_->setToolTip(tr("The Mutual Information Gap on the known factors (factors.csv), measured after each "
                            "epoch on up to 10,000 training images: 1 when each factor lives in one latent "
                            "dimension of its own, 0 when no dimension holds more about a factor than another."));
    clear();
}

void MigPlot::clear() {
    const bool had = pointCount() > 0;
    graph_->data()->clear();
    last_ = std::numeric_limits<double>::quiet_NaN();
    summary_->setText(tr("MIG appears after each epoch on a data set with known factors."));
    plot_->xAxis->setRange(0.5, 1.5);
    plot_->yAxis->setRange(0.0, 1.0);
    plot_->replot();
    if (had) Q_EMIT presenceChanged(false);
}

void MigPlot::addEpoch(const EpochStats& epoch) {
    if (!epoch.mig) return;
    const bool first = pointCount() == 0;
    graph_->addData(static_cast<double>(epoch.epoch), *epoch.mig);
    last_ = *epoch.mig;
    bool found = false;
    const QCPRange values = graph_->data()->valueRange(found);
    plot_->yAxis->setRange(0.0, axisTop(found ? values.upper : last_));
    plot_->xAxis->setRange(0.5, std::max(1.5, static_cast<double>(epoch.epoch) + 0.5));
    summary_->setText(summary());
    plot_->replot(QCustomPlot::rpQueuedReplot);
    if (first) Q_EMIT presenceChanged(true);
}

int MigPlot::pointCount() const { return graph_->dataCount(); }

QString MigPlot::summary() const {
    if (std::isnan(last_)) return QString();
    return tr("MIG %1 after epoch %2 (0: no factor in one dimension alone, 1: each in its own)")
        .arg(last_, 0, 'f', 3)
        .arg(static_cast<qint64>(graph_->data()->at(pointCount() - 1)->key));
}

}  // namespace latentlab
