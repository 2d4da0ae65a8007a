#include "ui/widgets/curves_plot.h"
#include "ui/widgets/frame_export.h"

#include "ui/widgets/curves_toolbar.h"
#include "ui/widgets/whole_number_ticker.h"

#include <qcustomplot.h>

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

namespace {

constexpr int kReplotDelayMs = 50;
// On a log axis a KL near 0 would squeeze the other curves into a few
// pixels; show at most this many decades below the largest value.
constexpr double kLogDecadesShown = 1e-4;
// Room beyond the first and last steps, as a share of the steps shown.
constexpr double kStepPadding = 0.02;

const char* const kSmoothingKey = "curves/smoothing";
const char* const kLogScaleKey = "curves/logScale";
const char* const kHiddenKey = "curves/hidden";
// How the hidden curves are stored, by CurvesPlot::Series.
const char* const kCurveKeys[] = {"elbo", "recon", "kl"};

const QColor kHiddenText(0xa0, 0xa0, 0xa0);
const QColor kMarkerColour(0x6a, 0x3d, 0x9a);
// One run: a colour per curve. Several: a colour per run (matplotlib's tab10).
const QColor kPalette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                           QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                           QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                           QColor(0x17, 0xbe, 0xcf)};

QColor paletteColour(int index) { return kPalette[index % static_cast<int>(std::size(kPalette))]; }

}  // namespace

CurvesPlot::CurvesPlot(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), replotTimer_(new QTimer(this)), toolbar_(new CurvesToolbar(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toolbar_);
    layout->addWidget(plot_, 1);
    plot_->setObjectName(QStringLiteral("curves"));
    setMinimumHeight(220);

    plot_->xAxis->setLabel(tr("step"));
    plot_->xAxis->setTicker(QSharedPointer<WholeNumberTicker>::create());
    plot_->yAxis->setLabel(tr("nats per image"));
    plot_->legend->setVisible(true);
    plot_->legend->setFont(font());
    plot_->legend->setBorderPen(Qt::NoPen);
    // Above the axes rather than inside them, where it would hide the
    // curves; it wraps into rows when the plot is narrow (wrapLegend).
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

    replotTimer_->setSingleShot(true);
    replotTimer_->setInterval(kReplotDelayMs);
    connect(replotTimer_, &QTimer::timeout, this, &CurvesPlot::replotNow);

    rebuildGraphs();
    toolbar_->setSmoothing(smoothing_);
    readSettings();
    connect(toolbar_, &CurvesToolbar::smoothingChanged, this, &CurvesPlot::setSmoothing);
    connect(toolbar_, &CurvesToolbar::logScaleChanged, this, &CurvesPlot::setLogScale);
    connect(toolbar_, &CurvesToolbar::exportRequested, this, &CurvesPlot::askExport);
}

void CurvesPlot::clear() {
    if (runs_.size() != 1) {
        setRuns({});
        return;
    }
    // One run: its graphs stay, with their legend entries.
    runs_[0].clear();
    graphs_[0].removeMarkersAfter(-std::numeric_limits<double>::infinity());
    graphs_[0].setData(runs_[0]);
    followData_ = true;
    scheduleReplot();
}

void CurvesPlot::setRuns(const QVector<CurveSeries>& runs) {
    runs_ = runs.isEmpty() ? QVector<CurveSeries>{CurveSeries()} : runs;
    for (CurveSeries& run : runs_) run.setSmoothing(smoothing_);
    followData_ = true;
    rebuildGraphs();
}

void CurvesPlot::rebuildGraphs() {
    plot_->clearGraphs();
    plot_->clearItems();
    graphs_.clear();
    runVisible_ = QVector<bool>(runs_.size(), true);
    const bool single = runs_.size() == 1;
    const QString names[] = {tr("−ELBO"), tr("−reconstruction"), tr("KL")};
    for (int r = 0; r < runs_.size(); ++r) {
        QColor colours[SeriesCount];
        for (int i = 0; i < SeriesCount; ++i) colours[i] = paletteColour(single ? i : r);
        const QString name = runs_[r].name().isEmpty() ? tr("Run %1").arg(r + 1) : runs_[r].name();
        graphs_.append(CurveGraphs(plot_, single ? CurveGraphs::Look::ColourPerCurve : CurveGraphs::Look::ColourPerRun,
                                   colours, names, name));
        graphs_[r].setData(runs_[r]);
        for (const CurveSeries::Marker& marker : runs_[r].markers()) drawMarker(r, marker);
    }
    for (int i = 0; i < SeriesCount; ++i) {
        curveKeys_[i] = nullptr;
        if (single) continue;
        // No data: a legend entry showing the curve's line style.
        curveKeys_[i] = plot_->addGraph();
        curveKeys_[i]->setPen(QPen(Qt::darkGray, 1.6, CurveGraphs::lineStyle(i)));
        curveKeys_[i]->setName(names[i]);
    }
    updateVisibility();
    wrapLegend();
}

void CurvesPlot::addStep(const StepStats& step) {
    runs_[0].addStep(step);
    // Appended, not redrawn from the run: a point costs O(1).
    graphs_[0].appendStep(runs_[0]);
    scheduleReplot();
}

void CurvesPlot::addEpoch(const EpochStats& epoch) {
    runs_[0].addEpoch(epoch);
    graphs_[0].appendTest(runs_[0]);
    scheduleReplot();
}

void CurvesPlot::addMarker(double step, const QString& label) {
    runs_[0].addMarker(step, label);
    drawMarker(0, runs_[0].markers().last());
    scheduleReplot();
}

void CurvesPlot::drawMarker(int run, const CurveSeries::Marker& marker) {
    int stack = 0;
    for (const CurveGraphs& graphs : graphs_) stack += graphs.markersAt(marker.step);
    graphs_[run].addMarker(marker, stack, runs_.size() == 1 ? kMarkerColour : paletteColour(run));
}

void CurvesPlot::removeAfter(double step) {
    runs_[0].removeAfter(step);
    graphs_[0].setData(runs_[0]);
    graphs_[0].removeMarkersAfter(step);
    scheduleReplot();
}

QStringList CurvesPlot::markerLabels() const {
    QStringList labels;
    for (const CurveSeries::Marker& marker : runs_[0].markers()) labels << marker.label;
    return labels;
}

QVector<double> CurvesPlot::markerSteps() const {
    QVector<double> steps;
    for (const CurveSeries::Marker& marker : runs_[0].markers()) steps << marker.step;
    return steps;
}

int CurvesPlot::stepPointCount() const { return static_cast<int>(runs_[0].steps().size()); }

int CurvesPlot::testPointCount() const { return static_cast<int>(runs_[0].testSteps().size()); }

void CurvesPlot::setSmoothing(double weight) {
    weight = std::clamp(weight, 0.0, CurveSeries::kMaxSmoothing);
    toolbar_->setSmoothing(weight);
    if (weight == smoothing_) return;
    smoothing_ = weight;
    for (int r = 0; r < runs_.size(); ++r) {
        runs_[r].setSmoothing(weight);
        graphs_[r].setData(runs_[r]);
    }
    writeSettings();
    scheduleReplot();
}

void CurvesPlot::setSeriesVisible(Series s, bool visible) {
    curveVisible_[s] = visible;
    updateVisibility();
    writeSettings();
    scheduleReplot();
}

void CurvesPlot::setRunVisible(int index, bool visible) {
    runVisible_[index] = visible;
    updateVisibility();
    scheduleReplot();
}

void CurvesPlot::updateVisibility() {
    const bool single = graphs_.size() == 1;
    const auto markShown = [this](QCPGraph* graph, bool shown) {
        if (auto* item = plot_->legend->itemWithPlottable(graph))
            item->setTextColor(shown ? QColor(Qt::black) : kHiddenText);
    };
    for (int r = 0; r < graphs_.size(); ++r) {
        graphs_[r].setVisible(runVisible_[r], curveVisible_);
        // One run: the entries are the curves'. Several: the runs' and the curve keys.
        for (int i = 0; i < SeriesCount; ++i) {
            markShown(graphs_[r].smoothed(i), single ? curveVisible_[i] : runVisible_[r]);
            markShown(graphs_[r].test(i), curveVisible_[i]);
        }
    }
    for (int i = 0; i < SeriesCount; ++i)
        if (curveKeys_[i]) markShown(curveKeys_[i], curveVisible_[i]);
}

void CurvesPlot::onLegendClick(QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
    auto* plottableItem = qobject_cast<QCPPlottableLegendItem*>(item);
    if (!plottableItem) return;
    const QCPAbstractPlottable* p = plottableItem->plottable();
    const bool single = graphs_.size() == 1;
    for (int i = 0; i < SeriesCount; ++i) {
        const bool curveEntry =
            p == curveKeys_[i] || (single && (p == graphs_[0].smoothed(i) || p == graphs_[0].test(i)));
        if (!curveEntry) continue;
        const auto s = static_cast<Series>(i);
        setSeriesVisible(s, !isSeriesVisible(s));
        return;
    }
    for (int r = 0; r < graphs_.size(); ++r)
        if (p == graphs_[r].smoothed(Elbo)) setRunVisible(r, !isRunVisible(r));
}

bool CurvesPlot::isLogScale() const { return plot_->yAxis->scaleType() == QCPAxis::stLogarithmic; }

void CurvesPlot::setLogScale(bool on) {
    toolbar_->setLogScale(on);
    if (on == isLogScale()) return;
    if (on) {
        plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
        plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    } else {
        plot_->yAxis->setScaleType(QCPAxis::stLinear);
        plot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }
    writeSettings();
    // A range chosen for one scale means little on the other.
    fitAxes();
    scheduleReplot();
}

void CurvesPlot::readSettings() {
    // All read before any is applied: applying one writes them all back.
    const QSettings settings;
    const QStringList hidden = settings.value(kHiddenKey).toStringList();
    bool smoothingRead = false;
    const double smoothing = settings.value(kSmoothingKey).toDouble(&smoothingRead);
    const bool logScale = settings.value(kLogScaleKey, false).toBool();
    for (int i = 0; i < SeriesCount; ++i) curveVisible_[i] = !hidden.contains(QLatin1String(kCurveKeys[i]));
    updateVisibility();
    if (smoothingRead) setSmoothing(smoothing);
    setLogScale(logScale);
}

void CurvesPlot::writeSettings() const {
    QSettings settings;
    QStringList hidden;
    for (int i = 0; i < SeriesCount; ++i)
        if (!curveVisible_[i]) hidden << QLatin1String(kCurveKeys[i]);
    settings.setValue(kSmoothingKey, smoothing_);
    settings.setValue(kLogScaleKey, isLogScale());
    settings.setValue(kHiddenKey, hidden);
}

void CurvesPlot::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    wrapLegend();
}

// As many legend entries a row as the plot's width holds; with one run a
// curve keeps its test entry beside it.
void CurvesPlot::wrapLegend() {
    QCPLegend* legend = plot_->legend;
    // The grid's cells: the entries, then the empty end of the last row.
    int entries = 0;
    while (entries < legend->itemCount() && legend->item(entries)) ++entries;
    const int step = runs_.size() == 1 ? 2 : 1;
    const auto wrapAt = [legend](int columns) {
        legend->setWrap(columns);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    };
    int columns = std::max(entries, 1);
    for (wrapAt(columns); columns > 1 && legend->minimumOuterSizeHint().width() > plot_->width(); wrapAt(columns))
        columns = columns > step ? columns - step : 1;
    scheduleReplot();
}

void CurvesPlot::scheduleReplot() {
    if (!replotTimer_->isActive()) replotTimer_->start();
}

void CurvesPlot::fitAxes() {
    const bool log = isLogScale();
    double first = std::numeric_limits<double>::infinity();
    double last = -first;
    for (int r = 0; r < runs_.size(); ++r) {
        if (!runVisible_[r]) continue;
        for (const QVector<double>* steps : {&runs_[r].steps(), &runs_[r].testSteps()}) {
            if (steps->isEmpty()) continue;
            first = std::min(first, steps->first());
            last = std::max(last, steps->last());
        }
    }
    if (first <= last) {
        // Room at both ends, so the dots there are drawn whole.
        const double pad = std::max(0.5, kStepPadding * (last - first));
        plot_->xAxis->setRange(first - pad, last + pad);
    } else {
        // Nothing to show: an empty plot keeps nothing of the run before.
        plot_->xAxis->setRange(0, 100);
        plot_->yAxis->setRange(log ? 1.0 : 0.0, log ? 1000.0 : 500.0);
        return;
    }
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    auto take = [&](const QVector<double>& values) {
        for (double v : values) {
            if (!std::isfinite(v) || (log && v <= 0.0)) continue;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    };
    for (int r = 0; r < runs_.size(); ++r) {
        if (!runVisible_[r]) continue;
        for (int i = 0; i < SeriesCount; ++i) {
            if (!curveVisible_[i]) continue;
            const auto curve = static_cast<CurveSeries::Curve>(i);
            take(runs_[r].values(curve));
            take(runs_[r].smoothed(curve));
            take(runs_[r].testValues(curve));
        }
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
    return plot_->savePng(path, size.width(), size.height(), kExportResolution);
}

bool CurvesPlot::exportPdf(const QString& path) {
    if (followData_) fitAxes();
    const QSize size = plot_->size().expandedTo(QSize(640, 360));
    return plot_->savePdf(path, size.width(), size.height());
}

bool CurvesPlot::exportCsv(const QString& path) const {
    const QString text = runs_.size() == 1 ? runs_[0].csvText() : CurveSeries::csvText(runs_);
    return CurveSeries::writeCsv(path, text);
}

void CurvesPlot::askExport(const QString& format) {
    const QString title = tr("Export %1").arg(format.toUpper());
    const QString path = chooseExportFile(this, title, QStringLiteral("curves.") + format, {exportFilter(format)});
    if (path.isEmpty()) return;
    const bool saved = format == QLatin1String("png")   ? exportPng(path)
                       : format == QLatin1String("pdf") ? exportPdf(path)
                                                        : exportCsv(path);
    if (!saved)
        QMessageBox::warning(this, title, tr("Could not write %1.").arg(QDir::toNativeSeparators(path)));
    else
        reportExported(this, path);
}

}  // namespace latentlab
