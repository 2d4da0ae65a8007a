#include "ui/compare/compare_view.h"

#include "app/runs/curve_series.h"
#include "app/workspace/comparison_controller.h"
#include "app/workspace/run_session.h"
#include "app/workspace/workspace.h"
#include "model/compare/decoder_choice.h"
#include "model/measure/comparability.h"
#include "ui/compare/comparison_gallery.h"
#include "ui/compare/comparison_results.h"
#include "ui/compare/decoder_chooser.h"
#include "ui/widgets/curves_plot.h"
#include "ui/widgets/error_banner.h"

#include <qcustomplot.h>

#include <QAction>
#include <QCheckBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>

namespace latentlab {

namespace {

const char* const kDecodersKey = "compare/decoders";
const char* const kIwSamplesKey = "compare/iwSamples";
const char* const kNormaliseKey = "compare/normalise";
// Of each run's stretch of the progress bar: training's part, then the
// importance-sampled log p(x)'s; the rest is its pictures and row, so the
// bar is full only when the last run's row is in.
constexpr double kTrainingShare = 0.8;
constexpr double kMeasuringShare = 0.15;

QLabel* heading(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

}  // namespace

CompareView::CompareView(Workspace* workspace, QWidget* parent)
    : QWidget(parent),
      workspace_(workspace),
      runsRoot_(RunSession::runsRoot()),
      chooser_(new DecoderChooser(this)),
      iwSpin_(new QSpinBox(this)),
      compareButton_(new QPushButton(tr("Co&mpare"), this)),
      stopButton_(new QPushButton(tr("Stop"), this)),
      exportButton_(new QPushButton(tr("E&xport"), this)),
      statusLabel_(new QLabel(this)),
      busyLabel_(new QLabel(this)),
      progress_(new QProgressBar(this)),
      banner_(new ErrorBanner(this)),
      normaliseBox_(new QCheckBox(tr("Each run normalised to its own range"), this)),
      scaleNote_(new QLabel(this)),
      curves_(new CurvesPlot(this)),
      gallery_(new ComparisonGallery(this)),
      results_(new ComparisonResults(this)),
      replotTimer_(new QTimer(this)) {
    auto* curvesPane = new QWidget(this);
    auto* curvesLayout = new QVBoxLayout(curvesPane);
    curvesLayout->setContentsMargins(0, 0, 0, 0);
    normaliseBox_->setObjectName(QStringLiteral("normaliseCurves"));
    normaliseBox_->setToolTip(tr("The likelihoods' nats are on different scales: per run, 0 is its lowest value of a "
                                 "curve and 1 its highest. Off: each decoder's own nats per image."));
    scaleNote_->setWordWrap(true);
    curvesLayout->addWidget(normaliseBox_);
    curvesLayout->addWidget(scaleNote_);
    curvesLayout->addWidget(curves_, 1);

    auto* top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(curvesPane);
    top->addWidget(gallery_);
    top->setStretchFactor(0, 2);
    top->setStretchFactor(1, 3);  // the strips are wide: 8 images side by side
    auto* right = new QSplitter(Qt::Vertical, this);
    right->addWidget(top);
    right->addWidget(results_);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 1);

    auto* layout = new QHBoxLayout(this);
    layout->addWidget(createSidePanel());
    layout->addWidget(right, 1);

    replotTimer_->setSingleShot(true);
    replotTimer_->setInterval(150);  // many points, one replot
    connect(replotTimer_, &QTimer::timeout, this, &CompareView::replotCurves);
    connect(normaliseBox_, &QCheckBox::toggled, this, [this] {
        writeSettings();
        replotCurves();
    });
    connect(results_, &ComparisonResults::openRunRequested, this, &CompareView::openRunRequested);
    ComparisonController* comparisons = workspace_->comparisons();
    connect(comparisons, &ComparisonController::planned, this, &CompareView::onPlanned);
    connect(comparisons, &ComparisonController::stepReported, this, &CompareView::onStep);
    connect(comparisons, &ComparisonController::epochFinished, this, &CompareView::onEpoch);
    connect(comparisons, &ComparisonController::measuring, this, &CompareView::onMeasuring);
    connect(comparisons, &ComparisonController::rowReady, this, &CompareView::onRow);
    connect(comparisons, &ComparisonController::failed, this, &CompareView::showProblem);
    connect(comparisons, &ComparisonController::finished, this, &CompareView::onFinished);
    // The Compare button follows whether the training thread is free.
    connect(workspace_, &Workspace::trainingChanged, this, &CompareView::updateControls);

    QSettings settings;
    const QStringList remembered = settings.value(kDecodersKey).toStringList();
    if (remembered.isEmpty() || !chooser_->setSpecs(remembered)) chooser_->setSpecs(DecoderChooser::walkThroughPreset());
    iwSpin_->setValue(settings.value(kIwSamplesKey, 100).toInt());
    normaliseBox_->setChecked(settings.value(kNormaliseKey, true).toBool());
    connect(chooser_, &DecoderChooser::changed, this, [this] {
        writeSettings();
        updateControls();
    });
    connect(iwSpin_, &QSpinBox::valueChanged, this, &CompareView::writeSettings);
    statusLabel_->setText(tr("Choose 2 to 7 decoders and press Compare."));
    replotCurves();
    updateControls();
}

CompareView::~CompareView() = default;

QWidget* CompareView::createSidePanel() {
    auto* panel = new QWidget(this);
    auto* layout = new QVBoxLayout(panel);
    layout->addWidget(heading(tr("Decoders (2 to 7)"), panel));
    layout->addWidget(chooser_);
    layout->addSpacing(8);
    layout->addWidget(heading(tr("log p(x) by importance sampling"), panel));
    iwSpin_->setRange(1, 100000);
    iwSpin_->setPrefix(tr("K = "));
    iwSpin_->setToolTip(tr("Importance samples per test image (--iw-samples); a larger K is tighter and slower"));
    layout->addWidget(iwSpin_);
    auto* shared = new QLabel(tr("Everything else (architecture, latent size, epochs, batch, learning rate, seed, "
                                 "dequantization) comes from the Training tab's settings panel and is the same for "
                                 "every run."),
                              panel);
    shared->setWordWrap(true);
    layout->addWidget(shared);
    layout->addSpacing(8);

    compareButton_->setToolTip(tr("Train the matched runs one after another (Ctrl+Shift+C)"));
    auto* compareAction = new QAction(this);
    compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    compareAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(compareAction);
    connect(compareAction, &QAction::triggered, this, &CompareView::startComparison);
    connect(compareButton_, &QPushButton::clicked, this, &CompareView::startComparison);
    stopButton_->setToolTip(tr("Stop the comparison; the run in progress keeps its last finished epoch "
                               "(Ctrl+Shift+.)"));
    auto* stopAction = new QAction(this);
    stopAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Period));
    stopAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(stopAction);
    connect(stopAction, &QAction::triggered, this, &CompareView::stopComparison);
    connect(stopButton_, &QPushButton::clicked, this, &CompareView::stopComparison);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(compareButton_, 1);
    buttons->addWidget(stopButton_);
    layout->addLayout(buttons);

    statusLabel_->setWordWrap(true);
    layout->addWidget(statusLabel_);
    // In words beside the button, not only in its tooltip.
    busyLabel_->setObjectName(QStringLiteral("compareBusy"));
    busyLabel_->setWordWrap(true);
    busyLabel_->hide();
    layout->addWidget(busyLabel_);
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    // The bar is the whole comparison's; the status line's percent is one
    // run's measuring. Before anything runs it says nothing ("0%" read as a stall).
    progress_->setFormat(tr("%p% of the comparison"));
    progress_->setTextVisible(false);
    layout->addWidget(progress_);
    layout->addWidget(banner_);
    banner_->hide();

    auto* explain = new QPushButton(tr("Which numbers compare?"), panel);
    explain->setToolTip(tr("Which columns compare across decoders, and why"));
    connect(explain, &QPushButton::clicked, this, &CompareView::explainComparability);
    layout->addWidget(explain);
    auto* exportMenu = new QMenu(exportButton_);
    exportMenu->addAction(tr("Table as CSV…"), this, [this] { askExport("csv"); });
    exportMenu->addAction(tr("Report as HTML…"), this, [this] { askExport("html"); });
    exportMenu->addAction(tr("Report as PDF…"), this, [this] { askExport("pdf"); });
    exportButton_->setMenu(exportMenu);
    exportButton_->setToolTip(tr("The table (CSV) or the report with the table, the curves and the pictures"));
    layout->addWidget(exportButton_);
    layout->addStretch(1);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFixedWidth(panel->sizeHint().width() + 24);
    return scroll;
}

void CompareView::setDataset(const LoadedDataset& dataset) {
    dataset_ = dataset;
    updateControls();
}

bool CompareView::isRunning() const { return workspace_->comparisons()->isRunning(); }

bool CompareView::isComplete() const { return !rows_.isEmpty() && rows_.size() == plan_.labels.size(); }

qint64 CompareView::iwSamples() const { return iwSpin_->value(); }

void CompareView::setIwSamples(qint64 k) { iwSpin_->setValue(static_cast<int>(k)); }

bool CompareView::setDecoders(const QStringList& specs) {
    QString problem;
    if (chooser_->setSpecs(specs, &problem)) return true;
    showProblem(problem);
    return false;
}

bool CompareView::startComparison() {
    if (isRunning()) return false;
    banner_->hide();
    QString problem;
    RunConfig base;
    if (dataset_.isEmpty()) problem = tr("Open a data set first (the Data Set tab).");
    else if (workspace_->isTraining()) problem = workspace_->trainingBusyReason();
    else if (!configSource_) problem = tr("There are no settings to compare with.");
    else if (!configSource_(&base, &problem)) problem = tr("The Training tab's settings: %1").arg(problem);
    else if (base.model.kind != ModelKind::Vae)
        problem = tr("A comparison trains VAEs; choose Model: VAE in the Training tab's panel.");
    const QStringList specs = chooser_->specs();
    if (problem.isEmpty()) {
        try {
            parse_decoder_choices(specs.join(',').toStdString(), base.model);
        } catch (const std::exception& e) {
            problem = QString::fromStdString(e.what());
        }
    }
    if (!problem.isEmpty()) {
        showProblem(problem);
        return false;
    }
    ComparisonRequest request;
    request.base = base;
    request.decoders = specs;
    request.iwSamples = iwSamples();
    request.folder = newComparisonFolder();
    if (!workspace_->comparisons()->start(dataset_, request, &problem)) {
        showProblem(problem.isEmpty() ? tr("The comparison could not start.") : problem);
        return false;
    }
    folder_ = request.folder;
    epochs_ = base.train.epochs;
    stopped_ = false;
    rows_.clear();
    tableCsv_.clear();
    plan_ = ComparisonPlan();
    statusLabel_->setText(tr("Starting %1 runs in %2").arg(specs.size()).arg(QDir::toNativeSeparators(folder_)));
    progress_->setValue(0);
    progress_->setTextVisible(true);
    updateControls();
    Q_EMIT runningChanged(true);
    return true;
}

void CompareView::stopComparison() {
    if (!isRunning()) return;
    stopped_ = true;
    workspace_->comparisons()->stop();
    statusLabel_->setText(tr("Stopping…"));
}

void CompareView::explainComparability() {
    QMessageBox box(QMessageBox::Information, tr("Which Numbers Compare?"),
                    QString::fromStdString(comparability_explained()), QMessageBox::Ok, this);
    box.exec();
}

QString CompareView::newComparisonFolder() const {
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd_HHmmss"));
    QString folder = QDir(runsRoot_).filePath(QStringLiteral("compare-") + stamp);
    for (int n = 2; QFileInfo::exists(folder); ++n)
        folder = QDir(runsRoot_).filePath(QStringLiteral("compare-%1-%2").arg(stamp).arg(n));
    return folder;
}

void CompareView::onPlanned(const ComparisonPlan& plan) {
    plan_ = plan;
    curveData_.reset(plan.labels);
    gallery_->reset(plan.labels);
    results_->reset(plan.columns, plan.labels, plan.runFolders);
    replotCurves();
}

void CompareView::onStep(int index, const StepStats& step) {
    curveData_.addStep(index, step);
    const int runs = std::max(1, static_cast<int>(plan_.labels.size()));
    const double epochDone = static_cast<double>(step.step_in_epoch) / std::max<int64_t>(step.steps_per_epoch, 1);
    const double runDone = (static_cast<double>(step.epoch - 1) + epochDone) / std::max<qint64>(epochs_, 1);
    progress_->setValue(static_cast<int>(1000.0 * (index + kTrainingShare * runDone) / runs));
    statusLabel_->setText(tr("Run %1 of %2: %3, epoch %4 of %5")
                              .arg(index + 1)
                              .arg(runs)
                              .arg(plan_.labels.value(index))
                              .arg(step.epoch)
                              .arg(epochs_));
    if (!replotTimer_->isActive()) replotTimer_->start();
}

void CompareView::onEpoch(int index, const EpochStats& epoch) {
    curveData_.addEpoch(index, epoch);
    if (!replotTimer_->isActive()) replotTimer_->start();
}

void CompareView::onMeasuring(int index, int percent) {
    const int runs = std::max(1, static_cast<int>(plan_.labels.size()));
    const double measured = kTrainingShare + kMeasuringShare * percent / 100.0;
    progress_->setValue(static_cast<int>(1000.0 * (index + measured) / runs));
    statusLabel_->setText(tr("Run %1 of %2: %3, importance sampling log p(x) (K = %4): %5% of its test images")
                              .arg(index + 1)
                              .arg(plan_.labels.size())
                              .arg(plan_.labels.value(index))
                              .arg(iwSamples())
                              .arg(percent));
}

void CompareView::onRow(const ComparisonRow& row) {
    rows_.append(row);
    tableCsv_ = row.tableCsv;
    results_->setRow(row.index, row.cells, row.density, row.sameBatchesAsFirst);
    if (row.index == 0) gallery_->setOriginals(row.originals);
    gallery_->setRun(row.index, row.reconstructions, row.samples, row.prior);
    const int runs = std::max(1, static_cast<int>(plan_.labels.size()));
    progress_->setValue(1000 * (row.index + 1) / runs);
    updateControls();
}

void CompareView::onFinished() {
    replotCurves();
    const int runs = static_cast<int>(plan_.labels.size());
    if (rows_.size() == runs && runs > 0)
        statusLabel_->setText(tr("Done: %1 runs in %2").arg(runs).arg(QDir::toNativeSeparators(folder_)));
    else if (stopped_ && !QFileInfo::exists(folder_))
        statusLabel_->setText(tr("Stopped before the first run finished an epoch: nothing was kept."));
    else if (stopped_)
        statusLabel_->setText(tr("Stopped after %1 of %2 runs.").arg(rows_.size()).arg(runs));
    else
        statusLabel_->setText(tr("Ended after %1 of %2 runs.").arg(rows_.size()).arg(runs));
    if (rows_.size() < runs)
        results_->markUnmeasured(stopped_ ? tr("not measured: stopped") : tr("not measured: ended early"));
    updateControls();
    Q_EMIT runningChanged(false);
    Q_EMIT comparisonEnded();
}

void CompareView::showProblem(const QString& message) {
    banner_->showMessage(message.toHtmlEscaped());
    banner_->show();
}

void CompareView::updateControls() {
    const bool running = isRunning();
    // Another training holds the thread (a run of the Training tab).
    const QString busy = running ? QString() : workspace_->trainingBusyReason();
    compareButton_->setEnabled(!running && !dataset_.isEmpty() && busy.isEmpty());
    compareButton_->setToolTip(!busy.isEmpty() ? busy : tr("Train the matched runs one after another (Ctrl+Shift+C)"));
    busyLabel_->setText(busy);
    busyLabel_->setVisible(!busy.isEmpty());
    stopButton_->setEnabled(running);
    chooser_->setEnabled(!running);
    iwSpin_->setEnabled(!running);
    exportButton_->setEnabled(!rows_.isEmpty());
}

void CompareView::replotCurves() {
    const bool normalised = normaliseBox_->isChecked();
    const QVector<CurveSeries> series = curveData_.series(normalised);
    curves_->setRuns(series);
    curves_->plot()->yAxis->setLabel(normalised ? tr("each run on its own range (0 to 1)")
                                                : tr("nats per image (each decoder's own)"));
    // Before the first run: the axis its label promises (it showed 0 to 500).
    if (series.isEmpty() && normalised) {
        curves_->plot()->yAxis->setRange(0.0, 1.0);
        curves_->plot()->replot(QCustomPlot::rpQueuedReplot);
    }
    scaleNote_->setText(normalised ? tr("Each run is drawn on its own range: 0 is its lowest value of a curve, 1 its "
                                        "highest (the likelihoods' nats are on different scales).")
                                   : tr("Nats per image, each in its decoder's own likelihood: the curves of "
                                        "different likelihoods do not compare."));
}

void CompareView::writeSettings() const {
    QSettings settings;
    settings.setValue(kDecodersKey, chooser_->specs());
    settings.setValue(kIwSamplesKey, iwSpin_->value());
    settings.setValue(kNormaliseKey, normaliseBox_->isChecked());
}

}  // namespace latentlab
