#include "ui/training/training_view.h"

#include "app/runs/run_loader.h"
#include "app/workspace/run_session.h"
#include "model/base/input_limits.h"
#include "ui/training/kept_run_offer.h"
#include "ui/training/run_buttons.h"
#include "ui/training/run_offer.h"
#include "ui/training/training_progress.h"
#include "ui/training/training_results.h"
#include "ui/training/training_settings_panel.h"
#include "ui/widgets/error_banner.h"

#include <QDataStream>
#include <QDir>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace latentlab {

namespace {

// Fewer training images than this rarely teach a VAE anything; the run is
// allowed, with a word.

QString finishedEpochs(qint64 n) {
    return n == 1 ? QObject::tr("1 finished epoch") : QObject::tr("%1 finished epochs").arg(n);
}

}  // namespace

TrainingView::TrainingView(RunSession* session, QWidget* parent) : QWidget(parent), session_(session) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    errorBanner_ = new ErrorBanner(this);
    layout->addWidget(errorBanner_);
    offer_ = new RunOffer(this);
    connect(offer_, &RunOffer::openClicked, this, [this] { openRun(offeredFolder_); });
    connect(offer_, &RunOffer::continueClicked, this, [this] {
        continueWhenOpened_ = true;
        openRun(offeredFolder_);
    });
    layout->addWidget(offer_);

    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->setChildrenCollapsible(false);
    splitter_->addWidget(createSidePanel());
    auto* right = new QWidget(splitter_);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    progress_ = new TrainingProgress(right);
    rightLayout->addWidget(progress_);
    results_ = new TrainingResults(right);
    rightLayout->addWidget(results_, 1);
    splitter_->addWidget(right);
    splitter_->setStretchFactor(0, 0);
    splitter_->setStretchFactor(1, 1);
    splitter_->setSizes({300, 900});
    layout->addWidget(splitter_, 1);

    connect(session_, &RunSession::stepReported, this, &TrainingView::onStep);
    connect(session_, &RunSession::epochFinished, this, &TrainingView::onEpoch);
    connect(session_, &RunSession::previewsReady, results_, &TrainingResults::showPreviews);
    connect(session_, &RunSession::settingChanged, results_, &TrainingResults::addChange);
    connect(session_, &RunSession::failed, this, &TrainingView::onFailed);
    new KeptRunOffer(session_, errorBanner_, this);  // a run stopped by a full disk: "Save model as…"
    connect(session_, &RunSession::finished, this, &TrainingView::onFinished);
    connect(session_, &RunSession::runStarted, this, &TrainingView::onRunStarted);
    connect(session_, &RunSession::runOpened, this, &TrainingView::onRunOpened);
    connect(session_, &RunSession::runLeft, this, &TrainingView::onRunLeft);
    connect(session_, &RunSession::runOpenFailed, this, [this](const QString&, const QString& message) {
        continueWhenOpened_ = false;
        errorBanner_->showMessage(tr("<b>The run could not be opened.</b> %1").arg(message.toHtmlEscaped()));
        progress_->setStatus(tr("Not opened."));
    });
    connect(session_, &RunSession::paused, this, [this] {
        progress_->setStatus(tr("Paused after %1.").arg(finishedEpochs(session_->epochsDone())));
        progress_->showPaused();
    });
    connect(session_, &RunSession::resumed, this, [this] { progress_->setStatus(withDeviceNotice(tr("Training…"))); });
    connect(session_, &RunSession::stateChanged, this, [this] {
        onDatasetChanged();
        // The device notice comes with the model, before the first step.
        const QString notice = session_->deviceNotice();
        if (session_->isRunning() && !notice.isEmpty() && !progress_->status().contains(notice))
            progress_->setStatus(withDeviceNotice(progress_->status()));
        updateControls();
        continueOfferedRunWhenReady();
    });
    connect(settings_, &TrainingSettingsPanel::changed, this, &TrainingView::updateControls);
    // β and the learning rate stay editable during a run; the training thread
    // applies them between two steps and reports the step.
    connect(settings_, &TrainingSettingsPanel::betaEdited, this, [this](double beta) {
        if (session_->isRunning()) session_->setBeta(beta);
    });
    connect(settings_, &TrainingSettingsPanel::learningRateEdited, this, [this](double rate) {
        if (session_->isRunning()) session_->setLearningRate(rate);
    });
    onDatasetChanged();
    updateControls();
}

void TrainingView::offerRun(const QString& folder, const QString& text) {
    offeredFolder_ = folder;
    offer_->offer(folder, text);
}

// Continue, from the offer: trains once the run is open and its data set is
// loaded.
void TrainingView::continueOfferedRunWhenReady() {
    if (!continueWhenOpened_ || session_->isOpening() || session_->isRunning()) return;
    if (session_->runFolder() != offeredFolder_) {
        if (!session_->hasRun()) continueWhenOpened_ = false;  // the open failed
        return;
    }
    if (!session_->datasetMatchesRun()) return;
    continueWhenOpened_ = false;
    if (!settings_->isValid()) return;
    startTraining();
}

void TrainingView::onDatasetChanged() {
    // An opened run's data set has come: the status no longer says it is loading.
    const QString loading = QLatin1Char(' ') + tr("Loading its data set…");
    if (openedStatus_.endsWith(loading) && session_->datasetMatchesRun()) {
        const bool shown = progress_->status() == openedStatus_;
        openedStatus_.chop(loading.size());
        if (shown) progress_->setStatus(openedStatus_);
    }
    const LoadedDataset& dataset = session_->dataset();
    if (dataset.isEmpty()) {
        datasetLabel_->setText(tr("No data set loaded."));
    } else {
        // Non-breaking spaces: the image shape never wraps across lines. While
        // a run trains the label is about it, not about the next one.
        const QString text = session_->isRunning()
                                 ? tr("This run trains on <b>%1</b>: %2 training images, %3&nbsp;×&nbsp;%4&nbsp;×&nbsp;%5")
                                 : tr("Next run trains on <b>%1</b>: %2 training images, %3&nbsp;×&nbsp;%4&nbsp;×&nbsp;%5");
        datasetLabel_->setText(text
                                   .arg(dataset.displayName().toHtmlEscaped(), QLocale().toString(dataset.count(Split::Train)))
                                   .arg(dataset.width())
                                   .arg(dataset.height())
                                   .arg(dataset.channels()));
    }
    settings_->setImageShape(dataset.isEmpty() ? 0 : dataset.width(), dataset.isEmpty() ? 0 : dataset.height());
}

void TrainingView::startTraining() {
    if (!canTrain()) return;
    QString problem;
    if (!settings_->isValid(&problem)) {
        errorBanner_->showMessage(problem);
        return;
    }
    const bool continuing = session_->isContinuing();
    if (!continuing) settings_->writeSettings();
    errorBanner_->hide();
    if (!session_->start(settings_->config(), &problem)) errorBanner_->showMessage(problem.toHtmlEscaped());
    startedFromPanel_ = !continuing && session_->isRunning();
}

bool TrainingView::trainWith(const RunConfig& config, QString* problem) {
    if (session_->isRunning() || session_->isOpening()) {
        *problem = tr("a run is training or opening.");
        return false;
    }
    if (!trainBlockedReason_.isEmpty()) {
        *problem = trainBlockedReason_;
        return false;
    }
    if (session_->hasRun()) session_->leaveRun();
    settings_->setConfig(config);
    if (!settings_->isValid(problem)) return false;
    errorBanner_->hide();
    if (!session_->start(settings_->config(), problem)) return false;
    // The lesson's values stay in the panel after the run: they are what it showed.
    startedFromPanel_ = false;
    return true;
}

void TrainingView::setSidePanelShown(bool shown) {
    splitter_->widget(0)->setVisible(shown);
    // Hidden while this tab is not shown, the panel leaves the layouts' cached
    // minimum in place: the window's minimum width must drop now.
    splitter_->updateGeometry();
}

void TrainingView::onRunStarted() {
    offer_->hide();
    const bool continuing = session_->isContinuing();
    if (continuing) {
        // Points of an epoch that was stopped before it finished were never
        // saved; the continued run trains that epoch again.
        results_->removeStepsAfter(session_->savedStep());
    } else {
        results_->clear();
        progress_->showStarting();
    }
    runFolderLabel_->setText(QDir::toNativeSeparators(session_->runFolder()));
    runFolderLabel_->setForegroundRole(QPalette::WindowText);
    QString status = continuing ? tr("Continuing from epoch %1 on %2…")
                                     .arg(session_->epochsDone())
                                     .arg(session_->runDatasetName())
                               : tr("Training on %1…").arg(session_->runDatasetName());
    status += fewImagesWarning();
    openedStatus_ = status;
    progress_->setStatus(status);
    updateTitle();
}

QString TrainingView::fewImagesWarning() const {
    const qint64 images = session_->dataset().count(Split::Train);
    if (session_->dataset().isEmpty() || images >= limits::kFewTrainingImages) return {};
    return QLatin1Char(' ') + tr("Only %1 training images: a VAE needs hundreds at least to learn more than noise.")
                                  .arg(images);
}

QString TrainingView::withDeviceNotice(const QString& status) const {
    const QString notice = session_->deviceNotice();
    return notice.isEmpty() ? status : status + QLatin1Char(' ') + notice;
}

void TrainingView::onStep(const StepStats& step) {
    results_->addStep(step);
    progress_->showStep(step, session_->runConfig().train.epochs, session_->runConfig().train.batch_size);
}

void TrainingView::onEpoch(const EpochStats& epoch) {
    results_->addEpoch(epoch);
    updateTitle();
    if (!session_->isPaused() && !session_->isStopping())
        progress_->setStatus(withDeviceNotice(tr("Epoch %1 of %2 done: test −ELBO %3 nats (reconstruction %4, KL %5), %6 s.")
                                                  .arg(epoch.epoch)
                                                  .arg(session_->runConfig().train.epochs)
                                                  .arg(-epoch.test.loss.elbo, 0, 'f', 2)
                                                  .arg(-epoch.test.loss.recon, 0, 'f', 2)
                                                  .arg(epoch.test.loss.kl, 0, 'f', 2)
                                                  .arg(epoch.seconds, 0, 'f', 1) +
                                              (epoch.mig ? tr(" MIG %1.").arg(*epoch.mig, 0, 'f', 3) : QString()) +
                                              fewImagesWarning()));
}

void TrainingView::onFailed(const QString& message) {
    errorBanner_->showMessage(tr("<b>Training failed.</b> %1").arg(message.toHtmlEscaped()));
    progress_->setStatus(tr("Failed after %1.").arg(finishedEpochs(session_->epochsDone())));
}

void TrainingView::onFinished() {
    const qint64 done = session_->epochsDone();
    const qint64 epochs = session_->runConfig().train.epochs;
    if (!progress_->status().startsWith(tr("Failed"))) {
        // The warning stays with the results it concerns.
        if (done >= epochs)
            progress_->setStatus((done == 1 ? tr("Finished: 1 epoch.") : tr("Finished: all %1 epochs.").arg(done)) +
                                 fewImagesWarning());
        else
            progress_->setStatus(tr("Stopped after %1.").arg(finishedEpochs(done)) + fewImagesWarning());
    }
    // A full disk stopped it: the last epoch is not saved (the banner says what is).
    const bool unsaved = session_->hasKeptRun();
    if (unsaved) progress_->setStatus(tr("Stopped after %1; the last one is not saved.").arg(finishedEpochs(done)));
    if (done > 0 && !unsaved)
        progress_->showSaved(done, epochs, session_->savedStep(), done > 0 ? session_->savedStep() / done : 0);
    else
        progress_->reset();
    if (startedFromPanel_) restorePanelValues();
    startedFromPanel_ = false;
    updateTitle();
}

// β and the learning rate changed during a run were for that run: the next
// one starts from the values the panel had when this one started.
void TrainingView::restorePanelValues() {
    const RunConfig before = settings_->config();
    settings_->readSettings();
    const RunConfig after = settings_->config();
    if (before.train.beta != after.train.beta || before.train.learning_rate != after.train.learning_rate)
        progress_->setStatus(progress_->status() + QLatin1Char(' ') +
                             tr("β and the learning rate are back to the values this run started with."));
}

void TrainingView::openRun(const QString& folder) {
    if (session_->isRunning()) return;
    errorBanner_->hide();
    progress_->setStatus(tr("Opening %1…").arg(QDir::toNativeSeparators(folder)));
    session_->open(folder);
}

void TrainingView::onRunOpened(const LoadedRun& run) {
    settings_->setConfig(run.config);
    results_->showRun(run);
    const qint64 done = run.epochs.size();
    progress_->showSaved(done, run.config.train.epochs, run.step, done > 0 ? run.step / done : 0);
    runFolderLabel_->setText(QDir::toNativeSeparators(run.folder));
    runFolderLabel_->setForegroundRole(QPalette::WindowText);

    QString status = done < run.config.train.epochs
                         ? tr("Opened a run stopped after %1 of %2 epochs; Continue trains it on.")
                               .arg(done)
                               .arg(run.config.train.epochs)
                         : tr("Opened a run of %1; raise Epochs to continue it.").arg(finishedEpochs(done));
    if (!run.stepsProblem.isEmpty()) status += QLatin1Char(' ') + tr("No step curves: %1.").arg(run.stepsProblem);
    if (!session_->datasetMatchesRun()) status += QLatin1Char(' ') + tr("Loading its data set…");
    openedStatus_ = status;
    progress_->setStatus(status);
    updateTitle();
}

void TrainingView::startNewRun() {
    session_->leaveRun();
}

void TrainingView::onRunLeft() {
    // The panel showed the left run's settings (to continue it); the next
    // run starts from the panel's own, remembered ones.
    settings_->readSettings();
    results_->clear();
    progress_->reset();
    progress_->setStatus(tr("Not started."));
    updateTitle();
}

void TrainingView::togglePause() {
    if (!canPause()) return;
    const bool pausing = !session_->isPaused();
    session_->togglePause();
    if (pausing) progress_->setStatus(tr("Pausing after this step…"));
}

void TrainingView::stopTraining() {
    if (!canStop()) return;
    session_->stop();
    progress_->setStatus(tr("Stopping…"));
}

bool TrainingView::isContinuing() const { return session_->isContinuing(); }
bool TrainingView::isOpeningRun() const { return session_->isOpening(); }
QString TrainingView::runFolder() const { return session_->runFolder(); }

bool TrainingView::canTrain() const {
    const bool moreEpochs = !session_->isContinuing() || settings_->config().train.epochs > session_->epochsDone();
    return !session_->isRunning() && !session_->isOpening() && !session_->dataset().isEmpty() &&
           settings_->isValid() && moreEpochs && trainBlockedReason_.isEmpty();
}

void TrainingView::setTrainBlocked(const QString& reason) {
    trainBlockedReason_ = reason;
    updateControls();
}

bool TrainingView::canPause() const { return session_->isRunning() && !session_->isStopping(); }
bool TrainingView::canStop() const { return canPause(); }

void TrainingView::updateTitle() {
    if (!session_->hasRun()) {
        results_->setRunTitle(QString());
        return;
    }
    const QString name = QFileInfo(session_->runFolder()).fileName();
    results_->setRunTitle(tr("<b>Run %1</b> on %2 · %3 of %4")
                              .arg(name.toHtmlEscaped(), session_->runDatasetName().toHtmlEscaped(),
                                   finishedEpochs(session_->epochsDone()))
                              .arg(session_->runConfig().train.epochs));
}

QByteArray TrainingView::saveState() const {
    QByteArray state;
    QDataStream stream(&state, QIODevice::WriteOnly);
    stream << splitter_->saveState() << results_->saveState();
    return state;
}

void TrainingView::restoreState(const QByteArray& state) {
    QDataStream stream(state);
    QByteArray side;
    QByteArray results;
    stream >> side >> results;
    if (stream.status() != QDataStream::Ok) return;
    splitter_->restoreState(side);
    results_->restoreState(results);
}

void TrainingView::updateControls() {
    const bool running = session_->isRunning();
    const bool continuing = session_->isContinuing();
    settings_->setLock(running      ? TrainingSettingsPanel::Lock::Running
                       : continuing ? TrainingSettingsPanel::Lock::Continuing
                                    : TrainingSettingsPanel::Lock::None);
    settings_->setEnabled(!session_->isOpening());
    const bool moreEpochs = !continuing || settings_->config().train.epochs > session_->epochsDone();
    QString trainTip;
    if (!trainBlockedReason_.isEmpty())
        trainTip = trainBlockedReason_;
    else if (session_->dataset().isEmpty())
        trainTip = tr("Load a data set first (Ctrl+T)");
    else if (continuing && !moreEpochs)
        trainTip = tr("The run has done its %1 epochs; raise Epochs to train it further (Ctrl+T)")
                       .arg(session_->epochsDone());
    else if (continuing)
        trainTip = tr("Continue the shown run in its folder (Ctrl+T)");
    else
        trainTip = tr("Train a new model on %1 (Ctrl+T)").arg(session_->dataset().displayName());
    buttons_->update(canTrain(), continuing, trainTip, canPause(), session_->isPaused(), canStop());
    newRunButton_->setVisible(session_->hasRun() && !running);
    if (!session_->hasRun()) {
        runFolderLabel_->setText(tr("Each run is saved in a new folder."));
        runFolderLabel_->setForegroundRole(QPalette::PlaceholderText);
    }
    Q_EMIT busyChanged();
}

}  // namespace latentlab
