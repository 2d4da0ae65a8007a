#include "ui/training_view.h"

#include "ui/error_banner.h"

#include "app/run_loader.h"
#include "app/training_controller.h"
#include "ui/curves_plot.h"
#include "ui/image_grid.h"
#include "ui/kl_bars_plot.h"
#include "ui/training_settings_panel.h"

#include <QDataStream>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

namespace {

// A new folder name under AppDataLocation/runs, one per run.
QString newRunFolder() {
    const QDir runs(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/runs"));
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd_HH-mm-ss"));
    QString folder = runs.filePath(stamp);
    // Two runs started within a second must not share a folder.
    for (int i = 2; QFileInfo::exists(folder); ++i) folder = runs.filePath(QStringLiteral("%1_%2").arg(stamp).arg(i));
    return folder;
}

QString duration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("—");
    const qint64 total = static_cast<qint64>(std::llround(seconds));
    const qint64 hours = total / 3600;
    const qint64 minutes = (total / 60) % 60;
    const qint64 secs = total % 60;
    if (hours > 0)
        return QStringLiteral("%1:%2:%3").arg(hours).arg(minutes, 2, 10, QLatin1Char('0')).arg(secs, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(minutes).arg(secs, 2, 10, QLatin1Char('0'));
}

int clampToInt(qint64 value) {
    return static_cast<int>(std::clamp<qint64>(value, 0, std::numeric_limits<int>::max()));
}

QGroupBox* boxAround(const QString& title, QWidget* content, QWidget* parent) {
    auto* box = new QGroupBox(title, parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 6);
    content->setParent(box);
    layout->addWidget(content);
    return box;
}

}  // namespace

TrainingView::TrainingView(TrainingController* controller, QWidget* parent)
    : QWidget(parent), controller_(controller), runLoader_(new RunLoader(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    errorBanner_ = new ErrorBanner(this);
    layout->addWidget(errorBanner_);

    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->setChildrenCollapsible(false);
    splitter_->addWidget(createSidePanel());
    splitter_->addWidget(createResultsPane());
    splitter_->setStretchFactor(0, 0);
    splitter_->setStretchFactor(1, 1);
    splitter_->setSizes({300, 900});
    layout->addWidget(splitter_, 1);

    connect(controller_, &TrainingController::stepReported, this, &TrainingView::onStep);
    connect(controller_, &TrainingController::epochFinished, this, &TrainingView::onEpoch);
    connect(controller_, &TrainingController::previewsReady, this, &TrainingView::onPreviews);
    connect(controller_, &TrainingController::failed, this, &TrainingView::onFailed);
    connect(controller_, &TrainingController::finished, this, &TrainingView::onFinished);
    connect(controller_, &TrainingController::paused, this, [this] {
        statusLabel_->setText(tr("Paused after epoch %1.").arg(epochsDone_));
        updateControls();
    });
    connect(controller_, &TrainingController::resumed, this, [this] {
        statusLabel_->setText(tr("Training…"));
        updateControls();
    });
    connect(controller_, &TrainingController::settingChanged, this, &TrainingView::onSettingChanged);
    connect(settings_, &TrainingSettingsPanel::changed, this, &TrainingView::updateControls);
    // β and the learning rate stay editable during a run; the worker applies
    // them between two steps and reports the step (onSettingChanged).
    connect(settings_, &TrainingSettingsPanel::betaEdited, this, [this](double beta) {
        if (controller_->isRunning()) controller_->setBeta(beta);
    });
    connect(settings_, &TrainingSettingsPanel::learningRateEdited, this, [this](double rate) {
        if (controller_->isRunning()) controller_->setLearningRate(rate);
    });
    connect(runLoader_, &RunLoader::opened, this, &TrainingView::onRunOpened);
    connect(runLoader_, &RunLoader::previewsReady, this, &TrainingView::onRunPreviews);
    connect(runLoader_, &RunLoader::failed, this, [this](const QString& message) {
        const QString folder = openingFolder_;
        openingFolder_.clear();
        showError(tr("<b>The run could not be opened.</b> %1").arg(message.toHtmlEscaped()));
        if (!folder.isEmpty()) {
            statusLabel_->setText(tr("Not opened."));
            Q_EMIT runOpenFailed(folder, message);
        }
        updateControls();
    });

    updateControls();
}

QWidget* TrainingView::createSidePanel() {
    // Scrolls rather than squeezing the form on a short screen.
    auto* scroll = new QScrollArea(splitter_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* side = new QWidget(scroll);
    auto* layout = new QVBoxLayout(side);
    layout->setContentsMargins(0, 0, 6, 0);

    datasetLabel_ = new QLabel(tr("No data set loaded."), side);
    datasetLabel_->setObjectName(QStringLiteral("trainingDataset"));
    datasetLabel_->setWordWrap(true);
    layout->addWidget(datasetLabel_);

    settings_ = new TrainingSettingsPanel(side);
    settings_->setObjectName(QStringLiteral("trainingSettings"));
    layout->addWidget(boxAround(tr("Settings"), settings_, side));

    auto* buttons = new QHBoxLayout;
    trainButton_ = new QPushButton(tr("Train"), side);
    trainButton_->setObjectName(QStringLiteral("trainButton"));
    trainButton_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    trainButton_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    connect(trainButton_, &QPushButton::clicked, this, &TrainingView::startTraining);
    pauseButton_ = new QPushButton(tr("Pause"), side);
    pauseButton_->setObjectName(QStringLiteral("pauseButton"));
    pauseButton_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    pauseButton_->setToolTip(tr("Hold the run between two steps, or go on (Ctrl+P)"));
    connect(pauseButton_, &QPushButton::clicked, this, &TrainingView::togglePause);
    stopButton_ = new QPushButton(tr("Stop"), side);
    stopButton_->setObjectName(QStringLiteral("stopButton"));
    stopButton_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    stopButton_->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    stopButton_->setToolTip(tr("End the run; the last finished epoch stays saved (Ctrl+.)"));
    connect(stopButton_, &QPushButton::clicked, this, &TrainingView::stopTraining);
    buttons->addWidget(trainButton_);
    buttons->addWidget(pauseButton_);
    buttons->addWidget(stopButton_);
    layout->addLayout(buttons);

    auto* folderTitle = new QLabel(tr("Run folder:"), side);
    layout->addWidget(folderTitle);
    runFolderLabel_ = new QLabel(tr("Each run is saved in a new folder."), side);
    runFolderLabel_->setObjectName(QStringLiteral("runFolder"));
    runFolderLabel_->setWordWrap(true);
    runFolderLabel_->setForegroundRole(QPalette::PlaceholderText);
    runFolderLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(runFolderLabel_);
    newRunButton_ = new QToolButton(side);
    newRunButton_->setObjectName(QStringLiteral("newRunButton"));
    newRunButton_->setText(tr("Start a new run instead"));
    newRunButton_->setToolTip(tr("Leave the opened run as it is saved; Train then starts a new run with "
                                 "these settings in a new folder."));
    newRunButton_->setAutoRaise(true);
    newRunButton_->hide();
    connect(newRunButton_, &QToolButton::clicked, this, &TrainingView::startNewRun);
    layout->addWidget(newRunButton_);
    layout->addStretch(1);

    scroll->setWidget(side);
    // Room for the vertical scroll bar too, so a short window never needs a
    // horizontal one.
    const int scrollBar = scroll->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    scroll->setMinimumWidth(side->sizeHint().width() + scrollBar + 12);
    return scroll;
}

QWidget* TrainingView::createResultsPane() {
    auto* pane = new QWidget(splitter_);
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);

    statusLabel_ = new QLabel(tr("Not started."), pane);
    statusLabel_->setObjectName(QStringLiteral("trainingStatus"));
    layout->addWidget(statusLabel_);
    progressBar_ = new QProgressBar(pane);
    progressBar_->setObjectName(QStringLiteral("trainingProgress"));
    progressBar_->setRange(0, 1);
    progressBar_->setValue(0);
    progressBar_->setFormat(QString());
    progressBar_->setTextVisible(true);
    layout->addWidget(progressBar_);

    resultsSplitter_ = new QSplitter(Qt::Vertical, pane);
    resultsSplitter_->setChildrenCollapsible(false);
    curves_ = new CurvesPlot(resultsSplitter_);
    resultsSplitter_->addWidget(curves_);

    auto* bottom = new QWidget(resultsSplitter_);
    auto* bottomLayout = new QHBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    klBars_ = new KlBarsPlot(bottom);
    bottomLayout->addWidget(boxAround(tr("Test KL per latent dimension"), klBars_, bottom), 3);

    reconstructions_ = new ImageGrid(bottom);
    reconstructions_->setObjectName(QStringLiteral("reconstructions"));
    reconstructions_->setPlaceholderText(tr("Test images and their reconstructions appear after each epoch."));
    bottomLayout->addWidget(boxAround(tr("Test images, reconstructions below"), reconstructions_, bottom), 4);

    samples_ = new ImageGrid(bottom);
    samples_->setObjectName(QStringLiteral("samples"));
    samples_->setPlaceholderText(tr("Images decoded from z ~ N(0, I) appear after each epoch."));
    bottomLayout->addWidget(boxAround(tr("Samples from the prior"), samples_, bottom), 3);
    resultsSplitter_->addWidget(bottom);
    resultsSplitter_->setStretchFactor(0, 3);
    resultsSplitter_->setStretchFactor(1, 2);
    layout->addWidget(resultsSplitter_, 1);
    return pane;
}

void TrainingView::setDataset(const LoadedDataset& dataset, const QString& name) {
    dataset_ = dataset;
    datasetName_ = name;
    if (dataset_.isEmpty()) {
        datasetLabel_->setText(tr("No data set loaded."));
    } else {
        // Non-breaking spaces: the image shape never wraps across lines.
        datasetLabel_->setText(tr("<b>%1</b>: %2 training images, %3&nbsp;×&nbsp;%4&nbsp;×&nbsp;%5")
                                   .arg(name.toHtmlEscaped(), QLocale().toString(dataset_.count(Split::Train)))
                                   .arg(dataset_.width())
                                   .arg(dataset_.height())
                                   .arg(dataset_.channels()));
    }
    settings_->setImageShape(dataset_.isEmpty() ? 0 : dataset_.width(), dataset_.isEmpty() ? 0 : dataset_.height());
    if (previewsPending_ && datasetMatchesRun()) requestRunPreviews();
    updateControls();
}

void TrainingView::startTraining() {
    if (controller_->isRunning() || dataset_.isEmpty()) return;
    QString problem;
    if (!settings_->isValid(&problem)) {
        showError(problem);
        return;
    }
    if (continuing_ && !datasetMatchesRun()) {
        showError(tr("This run trained on %1 (%2 × %3 × %4); load that data set to continue it.")
                      .arg(QString::fromStdString(runConfig_.data.spec).toHtmlEscaped())
                      .arg(runConfig_.model.width)
                      .arg(runConfig_.model.height)
                      .arg(runConfig_.model.channels));
        return;
    }
    // An opened run keeps its settings: only what the panel lets one edit
    // (epochs, β, learning rate, device) goes to the worker.
    const RunConfig asked = settings_->config();
    if (continuing_) {
        runConfig_.train.epochs = asked.train.epochs;
        runConfig_.train.beta = asked.train.beta;
        runConfig_.train.learning_rate = asked.train.learning_rate;
        runConfig_.train.device = asked.train.device;
    } else {
        settings_->writeSettings();
        runConfig_ = asked;
        runFolder_ = newRunFolder();
        clearResults();
        epochsDone_ = 0;
    }

    errorBanner_->hide();
    stopRequested_ = false;
    runFailed_ = false;
    imagesPerSecond_ = 0.0;
    if (!continuing_) {
        progressBar_->setRange(0, 0);  // busy until the first step says how many there are
        progressBar_->setFormat(QString());
    }

    const bool started = continuing_ ? controller_->continueRun(dataset_, runConfig_, runFolder_)
                                     : controller_->start(dataset_, runConfig_, runFolder_);
    if (started && continuing_) {
        // Points of an epoch that was stopped before it finished were never
        // saved; the continued run trains that epoch again.
        curves_->removeAfter(static_cast<double>(savedStep_));
    }
    if (!started) {
        progressBar_->setRange(0, 1);
        showError(tr("The run could not start."));
        return;
    }
    runFolderLabel_->setText(QDir::toNativeSeparators(runFolder_));
    runFolderLabel_->setForegroundRole(QPalette::WindowText);
    statusLabel_->setText(continuing_ ? tr("Continuing from epoch %1 on %2…").arg(epochsDone_).arg(datasetName_)
                                      : tr("Training on %1…").arg(datasetName_));
    updateControls();
}

void TrainingView::clearResults() {
    curves_->clear();
    klBars_->clear();
    reconstructions_->clear();
    samples_->clear();
    savedStep_ = 0;
    lastStep_ = 0;
}

bool TrainingView::isOpeningRun() const { return !openingFolder_.isEmpty(); }

void TrainingView::openRun(const QString& folder) {
    if (controller_->isRunning()) return;
    openingFolder_ = folder;
    errorBanner_->hide();
    statusLabel_->setText(tr("Opening %1…").arg(QDir::toNativeSeparators(folder)));
    runLoader_->open(folder);
    updateControls();
}

void TrainingView::onRunOpened(const LoadedRun& run) {
    openingFolder_.clear();
    continuing_ = true;
    runFolder_ = run.folder;
    runConfig_ = run.config;
    settings_->setConfig(run.config);
    clearResults();
    epochsDone_ = run.epochs.size();

    if (!run.epochs.isEmpty() && run.step > 0) curves_->setStepsPerEpoch(run.step / run.epochs.size());
    for (const StepReport& step : run.steps) curves_->addStep(step);
    for (const EpochReport& epoch : run.epochs) curves_->addEpoch(epoch);
    for (const SettingChangeReport& change : run.changes)
        curves_->addMarker(static_cast<double>(change.step), CurvesPlot::markerLabel(change.name, change.value));
    if (!run.epochs.isEmpty()) klBars_->setKlPerDim(run.epochs.last().klPerDim);
    savedStep_ = run.step;
    lastStep_ = run.step;

    const qint64 stepsPerEpoch = run.epochs.isEmpty() ? 0 : run.step / run.epochs.size();
    const qint64 total = run.config.train.epochs * stepsPerEpoch;
    progressBar_->setRange(0, std::max(1, clampToInt(total)));
    progressBar_->setValue(clampToInt(run.step));
    progressBar_->setFormat(tr("Epoch %1/%2 · step %3/%4 · saved")
                                .arg(epochsDone_)
                                .arg(run.config.train.epochs)
                                .arg(QLocale().toString(run.step), QLocale().toString(total)));
    runFolderLabel_->setText(QDir::toNativeSeparators(run.folder));
    runFolderLabel_->setForegroundRole(QPalette::WindowText);

    QString status = tr("Opened a run of %1 finished epochs; Continue trains it further.").arg(epochsDone_);
    if (!run.stepsProblem.isEmpty()) status += QLatin1Char(' ') + tr("No step curves: %1.").arg(run.stepsProblem);
    openedStatus_ = status;
    statusLabel_->setText(status);

    previewsPending_ = true;
    if (datasetMatchesRun()) {
        requestRunPreviews();
    } else {
        const QString spec = QString::fromStdString(run.config.data.spec);
        statusLabel_->setText(status + QLatin1Char(' ') + tr("Loading its data set…"));
        Q_EMIT datasetNeeded(spec, static_cast<int>(run.config.data.size),
                             static_cast<int>(run.config.data.channels));
    }
    Q_EMIT runOpened(run.folder);
    updateControls();
}

bool TrainingView::datasetMatchesRun() const {
    return !dataset_.isEmpty() && dataset_.name() == QString::fromStdString(runConfig_.data.spec) &&
           dataset_.width() == runConfig_.model.width && dataset_.height() == runConfig_.model.height &&
           dataset_.channels() == runConfig_.model.channels;
}

void TrainingView::requestRunPreviews() {
    previewsPending_ = false;
    if (!controller_->isRunning()) statusLabel_->setText(openedStatus_);
    runLoader_->makePreviews(runFolder_, dataset_);
    updateControls();
}

void TrainingView::onRunPreviews(const QString& folder, const PreviewImages& previews) {
    // A run started since shows its own.
    if (folder == runFolder_ && !controller_->isRunning()) onPreviews(previews);
    updateControls();
}

void TrainingView::startNewRun() {
    if (controller_->isRunning()) return;
    continuing_ = false;
    previewsPending_ = false;
    clearResults();
    epochsDone_ = 0;
    progressBar_->setRange(0, 1);
    progressBar_->setValue(0);
    progressBar_->setFormat(QString());
    runFolderLabel_->setText(tr("Each run is saved in a new folder."));
    runFolderLabel_->setForegroundRole(QPalette::PlaceholderText);
    statusLabel_->setText(tr("Not started."));
    updateControls();
}

void TrainingView::onSettingChanged(const SettingChangeReport& change) {
    curves_->addMarker(static_cast<double>(change.step), CurvesPlot::markerLabel(change.name, change.value));
}

void TrainingView::togglePause() {
    if (!controller_->isRunning() || stopRequested_) return;
    if (controller_->isPaused()) {
        controller_->resume();
    } else {
        controller_->pause();
        statusLabel_->setText(tr("Pausing after this step…"));
    }
    updateControls();
}

void TrainingView::stopTraining() {
    if (!controller_->isRunning() || stopRequested_) return;
    stopRequested_ = true;
    controller_->stop();
    statusLabel_->setText(tr("Stopping…"));
    updateControls();
}

QByteArray TrainingView::saveState() const {
    QByteArray state;
    QDataStream stream(&state, QIODevice::WriteOnly);
    stream << splitter_->saveState() << resultsSplitter_->saveState();
    return state;
}

void TrainingView::restoreState(const QByteArray& state) {
    QDataStream stream(state);
    QByteArray side;
    QByteArray results;
    stream >> side >> results;
    if (stream.status() != QDataStream::Ok) return;
    splitter_->restoreState(side);
    resultsSplitter_->restoreState(results);
}

void TrainingView::onStep(const StepReport& step) {
    curves_->addStep(step);
    lastStep_ = step.step;

    const qint64 total = runConfig_.train.epochs * step.stepsPerEpoch;
    progressBar_->setRange(0, clampToInt(total));
    progressBar_->setValue(clampToInt(step.step));
    // Smoothed: single reports swing with the batch and the machine's load.
    if (step.imagesPerSecond > 0)
        imagesPerSecond_ =
            imagesPerSecond_ > 0 ? 0.7 * imagesPerSecond_ + 0.3 * step.imagesPerSecond : step.imagesPerSecond;
    const double left = imagesPerSecond_ > 0
                            ? static_cast<double>(total - step.step) * runConfig_.train.batch_size / imagesPerSecond_
                            : std::numeric_limits<double>::quiet_NaN();
    progressBar_->setFormat(tr("Epoch %1/%2 · step %3/%4 · %5 images/s · %6 left")
                                .arg(step.epoch)
                                .arg(runConfig_.train.epochs)
                                .arg(QLocale().toString(step.step), QLocale().toString(total),
                                     QLocale().toString(std::llround(imagesPerSecond_)), duration(left)));
}

void TrainingView::onEpoch(const EpochReport& epoch) {
    epochsDone_ = epoch.epoch;
    savedStep_ = lastStep_;
    curves_->addEpoch(epoch);
    klBars_->setKlPerDim(epoch.klPerDim);
    if (!controller_->isPaused() && !stopRequested_)
        statusLabel_->setText(tr("Epoch %1 of %2 done: test −ELBO %3 nats (reconstruction %4, KL %5), %6 s.")
                                  .arg(epoch.epoch)
                                  .arg(epoch.epochs)
                                  .arg(-epoch.test.elbo, 0, 'f', 2)
                                  .arg(-epoch.test.recon, 0, 'f', 2)
                                  .arg(epoch.test.kl, 0, 'f', 2)
                                  .arg(epoch.seconds, 0, 'f', 1));
}

void TrainingView::onPreviews(const PreviewImages& previews) {
    reconstructions_->setBands({previews.originals, previews.reconstructions});
    samples_->setImages(previews.samples);
}

void TrainingView::onFailed(const QString& message) {
    runFailed_ = true;
    showError(tr("<b>Training failed.</b> %1").arg(message.toHtmlEscaped()));
    statusLabel_->setText(tr("Failed after %1 finished epochs.").arg(epochsDone_));
}

void TrainingView::onFinished() {
    if (!runFailed_) {
        if (epochsDone_ >= runConfig_.train.epochs)
            statusLabel_->setText(tr("Finished %1 epochs.").arg(epochsDone_));
        else
            statusLabel_->setText(tr("Stopped after %1 finished epochs.").arg(epochsDone_));
    }
    if (progressBar_->maximum() == 0) progressBar_->setRange(0, 1);  // no step came; end the busy bar
    updateControls();
}

void TrainingView::showError(const QString& message) {
    errorBanner_->showMessage(message);
}

void TrainingView::updateControls() {
    const bool running = controller_->isRunning();
    const bool valid = settings_->isValid();
    const bool opening = isOpeningRun() || runLoader_->isBusy();
    settings_->setLock(running       ? TrainingSettingsPanel::Lock::Running
                       : continuing_ ? TrainingSettingsPanel::Lock::Continuing
                                     : TrainingSettingsPanel::Lock::None);
    settings_->setEnabled(!isOpeningRun());
    const bool moreEpochs = !continuing_ || settings_->config().train.epochs > epochsDone_;
    trainButton_->setEnabled(!running && !opening && !dataset_.isEmpty() && valid && moreEpochs);
    trainButton_->setText(continuing_ ? tr("Continue") : tr("Train"));
    trainButton_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    if (dataset_.isEmpty())
        trainButton_->setToolTip(tr("Load a data set first (Ctrl+T)"));
    else if (continuing_ && !moreEpochs)
        trainButton_->setToolTip(tr("The run has done its %1 epochs; raise Epochs to train it further (Ctrl+T)")
                                     .arg(epochsDone_));
    else if (continuing_)
        trainButton_->setToolTip(tr("Continue the opened run in its folder (Ctrl+T)"));
    else
        trainButton_->setToolTip(tr("Train a new model on %1 (Ctrl+T)").arg(datasetName_));
    newRunButton_->setVisible(continuing_ && !running);
    pauseButton_->setEnabled(running && !stopRequested_);
    stopButton_->setEnabled(running && !stopRequested_);
    const bool paused = controller_->isPaused();
    pauseButton_->setText(paused ? tr("Resume") : tr("Pause"));
    pauseButton_->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    // setText replaces a button's shortcut with its text's mnemonic (none here).
    pauseButton_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    Q_EMIT busyChanged();
}

}  // namespace latentlab
