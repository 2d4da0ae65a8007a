#include "ui/curves_plot.h"

#include <qcustomplot.h>

#include <QTimer>
#include <QVBoxLayout>

namespace latentlab {

namespace {

constexpr int kReplotDelayMs = 50;

}  // namespace

CurvesPlot::CurvesPlot(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), replotTimer_(new QTimer(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->setObjectName(QStringLiteral("curves"));
    setMinimumHeight(220);

    const QColor colours[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c)};
    const QString names[] = {tr("−ELBO"), tr("−reconstruction"), tr("KL")};
    for (int i = 0; i < 3; ++i) {
        train_[i] = plot_->addGraph();
        train_[i]->setName(names[i]);
        train_[i]->setPen(QPen(colours[i], 1.2));
        test_[i] = plot_->addGraph();
        test_[i]->setName(tr("%1 (test)").arg(names[i]));
        test_[i]->setLineStyle(QCPGraph::lsNone);
        test_[i]->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colours[i], colours[i], 7));
    }
    plot_->xAxis->setLabel(tr("step"));
    plot_->yAxis->setLabel(tr("nats per image"));
    plot_->legend->setVisible(true);
    plot_->legend->setFont(font());
    // One row, each curve followed by its test dots.
    plot_->legend->setWrap(6);
    plot_->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    plot_->legend->setBorderPen(Qt::NoPen);
    // Above the axes rather than inside them, where it would hide the curves.
    plot_->axisRect()->insetLayout()->take(plot_->legend);
    plot_->axisRect()->insetLayout()->simplify();
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, plot_->legend);
    plot_->plotLayout()->setRowStretchFactor(0, 0.001);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);

    // A zoom or a drag means the user wants to look at a part; a double
    // click gives the axes back to the data.
    connect(plot_, &QCustomPlot::mouseWheel, this, [this] { followData_ = false; });
    connect(plot_, &QCustomPlot::mousePress, this, [this] { followData_ = false; });
    connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this] {
        followData_ = true;
        replotNow();
    });

    replotTimer_->setSingleShot(true);
    replotTimer_->setInterval(kReplotDelayMs);
    connect(replotTimer_, &QTimer::timeout, this, &CurvesPlot::replotNow);
}

void CurvesPlot::clear() {
    for (int i = 0; i < 3; ++i) {
        train_[i]->data()->clear();
        test_[i]->data()->clear();
    }
    stepsPerEpoch_ = 0;
    lastStep_ = 0;
    followData_ = true;
    scheduleReplot();
}

void CurvesPlot::addStep(const StepReport& step) {
    const double x = static_cast<double>(step.step);
    train_[0]->addData(x, -step.loss.elbo);
    train_[1]->addData(x, -step.loss.recon);
    train_[2]->addData(x, step.loss.kl);
    stepsPerEpoch_ = step.stepsPerEpoch;
    lastStep_ = step.step;
    scheduleReplot();
}

void CurvesPlot::addEpoch(const EpochReport& epoch) {
    // The test split is evaluated after the epoch's last step.
    const double x = stepsPerEpoch_ > 0 ? static_cast<double>(epoch.epoch * stepsPerEpoch_)
                                        : static_cast<double>(lastStep_);
    test_[0]->addData(x, -epoch.test.elbo);
    test_[1]->addData(x, -epoch.test.recon);
    test_[2]->addData(x, epoch.test.kl);
    scheduleReplot();
}

int CurvesPlot::stepPointCount() const { return train_[0]->dataCount(); }

int CurvesPlot::testPointCount() const { return test_[0]->dataCount(); }

void CurvesPlot::scheduleReplot() {
    if (!replotTimer_->isActive()) replotTimer_->start();
}

void CurvesPlot::replotNow() {
    if (followData_) {
        plot_->rescaleAxes();
        // A little room so the extreme points are not drawn on the frame.
        plot_->yAxis->scaleRange(1.08, plot_->yAxis->range().center());
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace latentlab
