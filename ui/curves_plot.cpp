#include "ui/curves_plot.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QSlider>
#include <QTextStream>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

namespace {

constexpr int kReplotDelayMs = 50;
constexpr double kMaxSmoothing = 0.99;
// The raw points stay visible behind the smoothed line, as in TensorBoard.
constexpr int kRawAlpha = 60;
// On a log axis a KL near 0 would squeeze the other curves into a few
// pixels; show at most this many decades below the largest value.
constexpr double kLogDecadesShown = 1e-4;

const QColor kHiddenText(0xa0, 0xa0, 0xa0);

// One step of TensorBoard's smoothing: an EMA started at 0, divided by
// 1 - w^t so the first points are not pulled towards 0. Non-finite values
// are passed through and left out of the average.
double emaStep(double& biased, int& count, double weight, double x) {
    if (!std::isfinite(x)) return x;
    biased = weight * biased + (1.0 - weight) * x;
    ++count;
    const double debias = 1.0 - std::pow(weight, count);
    return debias > 0.0 ? biased / debias : x;
}

QString csvNumber(double v) { return QString::number(v, 'g', 12); }

}  // namespace

CurvesPlot::CurvesPlot(QWidget* parent)
    : QWidget(parent),
      plot_(new QCustomPlot(this)),
      replotTimer_(new QTimer(this)),
      smoothingSlider_(new QSlider(Qt::Horizontal, this)),
      smoothingLabel_(new QLabel(this)),
      logScaleBox_(new QCheckBox(tr("Log scale"), this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* controls = new QHBoxLayout;
    controls->setContentsMargins(4, 0, 4, 0);
    controls->addWidget(new QLabel(tr("Smoothing"), this));
    smoothingSlider_->setObjectName(QStringLiteral("smoothingSlider"));
    smoothingSlider_->setRange(0, static_cast<int>(kMaxSmoothing * 100));
    smoothingSlider_->setValue(static_cast<int>(std::lround(smoothing_ * 100)));
    smoothingSlider_->setMaximumWidth(200);
    controls->addWidget(smoothingSlider_);
    smoothingLabel_->setText(QString::number(smoothing_, 'f', 2));
    controls->addWidget(smoothingLabel_);
    controls->addStretch(1);
    logScaleBox_->setObjectName(QStringLiteral("logScale"));
    controls->addWidget(logScaleBox_);
    auto* exportButton = new QToolButton(this);
    exportButton->setObjectName(QStringLiteral("exportCurves"));
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(exportButton);
    exportMenu->addAction(tr("Export PNG…"), this, [this] {
        askExport(tr("Export PNG"), tr("PNG images (*.png)"), QStringLiteral("png"),
                  [this](const QString& path) { return exportPng(path); });
    });
    exportMenu->addAction(tr("Export PDF…"), this, [this] {
        askExport(tr("Export PDF"), tr("PDF documents (*.pdf)"), QStringLiteral("pdf"),
                  [this](const QString& path) { return exportPdf(path); });
    });
    exportMenu->addAction(tr("Export CSV…"), this, [this] {
        askExport(tr("Export CSV"), tr("CSV files (*.csv)"), QStringLiteral("csv"),
                  [this](const QString& path) { return exportCsv(path); });
    });
    exportButton->setMenu(exportMenu);
    controls->addWidget(exportButton);
    layout->addLayout(controls);
    layout->addWidget(plot_, 1);
    plot_->setObjectName(QStringLiteral("curves"));
    setMinimumHeight(220);

    const QColor colours[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c)};
    const QString names[] = {tr("−ELBO"), tr("−reconstruction"), tr("KL")};
    // Raw lines first so the smoothed lines and test dots are drawn on top.
    for (int i = 0; i < SeriesCount; ++i) {
        QColor faint = colours[i];
        faint.setAlpha(kRawAlpha);
        raw_[i] = plot_->addGraph();
        raw_[i]->setPen(QPen(faint, 1.0));
        raw_[i]->removeFromLegend();
    }
    for (int i = 0; i < SeriesCount; ++i) {
        smooth_[i] = plot_->addGraph();
        smooth_[i]->setName(names[i]);
        smooth_[i]->setPen(QPen(colours[i], 1.6));
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
    connect(plot_, &QCustomPlot::legendClick, this, &CurvesPlot::onLegendClick);

    // A zoom or a drag means the user wants to look at a part; a double
    // click gives the axes back to the data. Clicks on the legend are not
    // a drag.
    connect(plot_, &QCustomPlot::mouseWheel, this, [this] { followData_ = false; });
    connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
        if (plot_->axisRect()->rect().contains(event->position().toPoint())) followData_ = false;
    });
    connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this] {
        followData_ = true;
        replotNow();
    });

    connect(smoothingSlider_, &QSlider::valueChanged, this,
            [this](int value) { setSmoothing(value / 100.0); });
    connect(logScaleBox_, &QCheckBox::toggled, this, &CurvesPlot::setLogScale);

    replotTimer_->setSingleShot(true);
    replotTimer_->setInterval(kReplotDelayMs);
    connect(replotTimer_, &QTimer::timeout, this, &CurvesPlot::replotNow);
}

void CurvesPlot::clear() {
    for (const Marker& marker : markers_) {
        plot_->removeItem(marker.line);
        plot_->removeItem(marker.label);
    }
    markers_.clear();
    steps_.clear();
    testSteps_.clear();
    for (int i = 0; i < SeriesCount; ++i) {
        values_[i].clear();
        smoothed_[i].clear();
        testValues_[i].clear();
        emaBiased_[i] = 0.0;
        emaCount_[i] = 0;
        raw_[i]->data()->clear();
        smooth_[i]->data()->clear();
        test_[i]->data()->clear();
    }
    stepsPerEpoch_ = 0;
    lastStep_ = 0;
    followData_ = true;
    scheduleReplot();
}

void CurvesPlot::addStep(const StepStats& step) {
    const double x = static_cast<double>(step.step);
    const double y[SeriesCount] = {-step.loss.elbo, -step.loss.recon, step.loss.kl};
    steps_.append(x);
    for (int i = 0; i < SeriesCount; ++i) {
        const double s = emaStep(emaBiased_[i], emaCount_[i], smoothing_, y[i]);
        values_[i].append(y[i]);
        smoothed_[i].append(s);
        raw_[i]->addData(x, y[i]);
        smooth_[i]->addData(x, s);
    }
    stepsPerEpoch_ = step.steps_per_epoch;
    lastStep_ = step.step;
    scheduleReplot();
}

void CurvesPlot::addEpoch(const EpochStats& epoch) {
    // The test split is evaluated after the epoch's last step.
    const double x = stepsPerEpoch_ > 0 ? static_cast<double>(epoch.epoch * stepsPerEpoch_)
                                        : static_cast<double>(lastStep_);
    const double y[SeriesCount] = {-epoch.test.loss.elbo, -epoch.test.loss.recon, epoch.test.loss.kl};
    testSteps_.append(x);
    for (int i = 0; i < SeriesCount; ++i) {
        testValues_[i].append(y[i]);
        test_[i]->addData(x, y[i]);
    }
    scheduleReplot();
}

void CurvesPlot::addMarker(double step, const QString& label) {
    // Labels of changes at the same step stack downwards.
    int sameStep = 0;
    for (const Marker& marker : markers_)
        if (marker.step == step) ++sameStep;
    const QColor colour(0x6a, 0x3d, 0x9a);
    auto* line = new QCPItemStraightLine(plot_);
    line->setPen(QPen(colour, 1.0, Qt::DashLine));
    // Two points on the same vertical; y = 1 and 2 are valid on a log axis too.
    line->point1->setCoords(step, 1.0);
    line->point2->setCoords(step, 2.0);
    auto* text = new QCPItemText(plot_);
    text->position->setTypeX(QCPItemPosition::ptPlotCoords);
    text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(step, 0.02 + 0.07 * sameStep);
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    text->setPadding(QMargins(3, 0, 3, 0));
    text->setColor(colour);
    text->setBrush(QBrush(QColor(255, 255, 255, 200)));
    text->setText(label);
    text->setClipToAxisRect(true);
    markers_.append({step, line, text});
    scheduleReplot();
}

void CurvesPlot::removeAfter(double step) {
    qsizetype keep = 0;
    while (keep < steps_.size() && steps_[keep] <= step) ++keep;
    qsizetype keepTests = 0;
    while (keepTests < testSteps_.size() && testSteps_[keepTests] <= step) ++keepTests;
    steps_.resize(keep);
    testSteps_.resize(keepTests);
    for (int i = 0; i < SeriesCount; ++i) {
        values_[i].resize(keep);
        testValues_[i].resize(keepTests);
        raw_[i]->setData(steps_, values_[i], true);
        test_[i]->setData(testSteps_, testValues_[i], true);
    }
    recomputeSmoothed();
    for (qsizetype k = markers_.size() - 1; k >= 0; --k) {
        if (markers_[k].step <= step) continue;
        plot_->removeItem(markers_[k].line);
        plot_->removeItem(markers_[k].label);
        markers_.remove(k);
    }
    lastStep_ = steps_.isEmpty() ? 0 : static_cast<qint64>(steps_.last());
    scheduleReplot();
}

QString CurvesPlot::markerLabel(const QString& setting, double value) {
    QString number = QString::number(value, 'g', 3);
    if (value != 0.0 && (std::abs(value) < 0.01 || std::abs(value) >= 1e4)) {
        // 0.0003 -> "3e-4", 2.5e-05 -> "2.5e-5".
        const int exponent = static_cast<int>(std::floor(std::log10(std::abs(value))));
        const double mantissa = value / std::pow(10.0, exponent);
        number = QStringLiteral("%1e%2").arg(QString::number(mantissa, 'g', 3)).arg(exponent);
    }
    const QString name = setting == QLatin1String("beta")            ? QStringLiteral("β")
                         : setting == QLatin1String("learning_rate") ? QStringLiteral("lr")
                                                                     : setting;
    return name + QLatin1Char(' ') + number;
}

QStringList CurvesPlot::markerLabels() const {
    QStringList labels;
    for (const Marker& marker : markers_) labels << marker.label->text();
    return labels;
}

QVector<double> CurvesPlot::markerSteps() const {
    QVector<double> steps;
    for (const Marker& marker : markers_) steps << marker.step;
    return steps;
}

int CurvesPlot::stepPointCount() const { return static_cast<int>(steps_.size()); }

int CurvesPlot::testPointCount() const { return static_cast<int>(testSteps_.size()); }

void CurvesPlot::setSmoothing(double weight) {
    weight = std::clamp(weight, 0.0, kMaxSmoothing);
    {
        const QSignalBlocker blocker(smoothingSlider_);
        smoothingSlider_->setValue(static_cast<int>(std::lround(weight * 100)));
    }
    smoothingLabel_->setText(QString::number(weight, 'f', 2));
    if (weight == smoothing_) return;
    smoothing_ = weight;
    recomputeSmoothed();
    scheduleReplot();
}

void CurvesPlot::recomputeSmoothed() {
    for (int i = 0; i < SeriesCount; ++i) {
        emaBiased_[i] = 0.0;
        emaCount_[i] = 0;
        smoothed_[i].resize(values_[i].size());
        for (qsizetype k = 0; k < values_[i].size(); ++k)
            smoothed_[i][k] = emaStep(emaBiased_[i], emaCount_[i], smoothing_, values_[i][k]);
        smooth_[i]->setData(steps_, smoothed_[i], true);
    }
}

bool CurvesPlot::isSeriesVisible(Series s) const { return smooth_[s]->visible(); }

void CurvesPlot::setSeriesVisible(Series s, bool visible) {
    for (QCPGraph* graph : {raw_[s], smooth_[s], test_[s]}) {
        graph->setVisible(visible);
        if (auto* item = plot_->legend->itemWithPlottable(graph))
            item->setTextColor(visible ? QColor(Qt::black) : kHiddenText);
    }
    scheduleReplot();
}

void CurvesPlot::onLegendClick(QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
    auto* plottableItem = qobject_cast<QCPPlottableLegendItem*>(item);
    if (!plottableItem) return;
    for (int i = 0; i < SeriesCount; ++i) {
        const QCPAbstractPlottable* p = plottableItem->plottable();
        if (p == smooth_[i] || p == test_[i]) {
            const auto s = static_cast<Series>(i);
            setSeriesVisible(s, !isSeriesVisible(s));
            return;
        }
    }
}

bool CurvesPlot::isLogScale() const { return plot_->yAxis->scaleType() == QCPAxis::stLogarithmic; }

void CurvesPlot::setLogScale(bool on) {
    {
        const QSignalBlocker blocker(logScaleBox_);
        logScaleBox_->setChecked(on);
    }
    if (on == isLogScale()) return;
    if (on) {
        plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
        plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    } else {
        plot_->yAxis->setScaleType(QCPAxis::stLinear);
        plot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }
    // A range chosen for one scale means little on the other.
    fitAxes();
    scheduleReplot();
}

void CurvesPlot::scheduleReplot() {
    if (!replotTimer_->isActive()) replotTimer_->start();
}

void CurvesPlot::fitAxes() {
    plot_->xAxis->rescale(true);
    const bool log = isLogScale();
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    auto take = [&](const QVector<double>& values) {
        for (double v : values) {
            if (!std::isfinite(v) || (log && v <= 0.0)) continue;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    };
    for (int i = 0; i < SeriesCount; ++i) {
        if (!isSeriesVisible(static_cast<Series>(i))) continue;
        take(values_[i]);
        take(smoothed_[i]);
        take(testValues_[i]);
    }
    if (lo > hi) return;  // nothing to show
    if (log) {
        lo = std::max(lo, hi * kLogDecadesShown);
        // A little room so the extreme points are not drawn on the frame.
        plot_->yAxis->setRange(lo / 1.2, hi * 1.2);
    } else {
        const double pad = hi > lo ? 0.04 * (hi - lo) : std::max(1.0, 0.04 * std::abs(hi));
        plot_->yAxis->setRange(lo - pad, hi + pad);
    }
}

void CurvesPlot::replotNow() {
    if (followData_) fitAxes();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

bool CurvesPlot::exportPng(const QString& path) {
    // The file shows the data up to now, not the last batched replot.
    if (followData_) fitAxes();
    // A plot never shown has no useful size of its own.
    const QSize size = plot_->size().expandedTo(QSize(640, 360));
    return plot_->savePng(path, size.width(), size.height());
}

bool CurvesPlot::exportPdf(const QString& path) {
    if (followData_) fitAxes();
    const QSize size = plot_->size().expandedTo(QSize(640, 360));
    return plot_->savePdf(path, size.width(), size.height());
}

bool CurvesPlot::exportCsv(const QString& path) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) return false;
    QTextStream out(&file);
    out << "split,step,neg_elbo,neg_recon,kl,neg_elbo_smoothed,neg_recon_smoothed,kl_smoothed\n";
    for (qsizetype k = 0; k < steps_.size(); ++k) {
        out << "train," << csvNumber(steps_[k]);
        for (int i = 0; i < SeriesCount; ++i) out << ',' << csvNumber(values_[i][k]);
        for (int i = 0; i < SeriesCount; ++i) out << ',' << csvNumber(smoothed_[i][k]);
        out << '\n';
    }
    for (qsizetype k = 0; k < testSteps_.size(); ++k) {
        out << "test," << csvNumber(testSteps_[k]);
        for (int i = 0; i < SeriesCount; ++i) out << ',' << csvNumber(testValues_[i][k]);
        out << ",,,\n";
    }
    out.flush();
    return out.status() == QTextStream::Ok && file.commit();
}

void CurvesPlot::askExport(const QString& title, const QString& filter, const QString& suffix,
                           const std::function<bool(const QString&)>& save) {
    QString path = QFileDialog::getSaveFileName(this, title, QString(), filter);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + suffix;
    if (!save(path))
        QMessageBox::warning(this, title, tr("Could not write %1.").arg(QDir::toNativeSeparators(path)));
}

}  // namespace latentlab
