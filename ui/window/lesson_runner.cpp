#include "ui/window/lesson_runner.h"

#include "app/lessons/lesson_data_preparer.h"
#include "app/workspace/dataset_loader.h"
#include "app/workspace/loaded_dataset.h"
#include "app/workspace/run_session.h"
#include "ui/compare/compare_view.h"
#include "ui/dataset/dataset_view.h"
#include "ui/explore/explorer_view.h"
#include "ui/explore/interpolation_view.h"
#include "ui/explore/latent_map_view.h"
#include "ui/explore/traversal_view.h"
#include "ui/training/training_settings_panel.h"
#include "ui/training/training_view.h"
#include "ui/widgets/image_slot.h"
#include "ui/window/lesson_panel.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QMessageBox>
#include <QTabWidget>

#include <utility>

namespace latentlab {

namespace {

// The first test image of class `label`, or -1.
constexpr int kLessonInterpolationSteps = 11;

qint64 firstTestImageOf(const LoadedDataset& dataset, int label) {
    const qint64 count = dataset.count(Split::Test);
    for (qint64 i = 0; i < count; ++i)
        if (dataset.label(Split::Test, i) == label) return i;
    return -1;
}

}  // namespace

LessonRunner::LessonRunner(QMainWindow* window, RunSession* session, const Views& views)
    : QObject(window),
      window_(window),
      session_(session),
      views_(views),
      preparer_(new LessonDataPreparer(this)),
      dock_(new QDockWidget(tr("Lesson"), window)),
      panel_(new LessonPanel(dock_)) {
    dock_->setObjectName(QStringLiteral("lessonDock"));
    // Closed with the panel's own button, which also ends the lesson.
    dock_->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    dock_->setWidget(panel_);
    // Narrow enough that every page fits beside it on a 1024-pixel screen
    // (test_window_fits_small_screens); the pane's text wraps.
    dock_->setMinimumWidth(260);
    window->addDockWidget(Qt::RightDockWidgetArea, dock_);
    dock_->hide();

    connect(panel_, &LessonPanel::partRequested, this, &LessonRunner::startPart);
    connect(panel_, &LessonPanel::closeRequested, this, &LessonRunner::close);
    connect(preparer_, &LessonDataPreparer::progress, panel_, &LessonPanel::setProgress);
    connect(preparer_, &LessonDataPreparer::ready, this, &LessonRunner::onDataReady);
    connect(preparer_, &LessonDataPreparer::failed, this, [this](const QString& message) {
        panel_->setProgress(0, 0);
        panel_->setStatus(message);
    });
    connect(views_.dataset, &DatasetView::datasetLoaded, this, &LessonRunner::onDatasetLoaded);
    connect(views_.dataset, &DatasetView::loadFailed, this, &LessonRunner::onLoadFailed);
    connect(session_, &RunSession::epochFinished, this, [this](const EpochStats& epoch) {
        if (partTraining_) lastEpoch_ = epoch;
        onEpoch();
    });
    connect(session_, &RunSession::finished, this, &LessonRunner::onRunFinished);
    connect(views_.compare, &CompareView::comparisonEnded, this, &LessonRunner::onComparisonEnded);
}

void LessonRunner::start(const Lesson& lesson, bool ask) {
    if (session_->isRunning() && ask) {
        const auto answer = QMessageBox::question(
            window_, tr("A Run Is Training"),
            tr("A run is training on %1. Stop it and start the lesson \"%2\"?")
                .arg(session_->runDatasetName(), lesson.title),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes);
        if (answer != QMessageBox::Yes) return;
    }
    lesson_ = lesson;
    part_ = 0;
    awaitedSpec_.clear();
    outcomes_.clear();
    reachable_ = 1;
    panel_->showLesson(lesson_);
    panel_->setCurrentPart(0);
    dock_->show();
    dock_->raise();
    if (!active_) {
        active_ = true;
        Q_EMIT activeChanged(true);
    }
    updateFocus();
    if (session_->isRunning()) {
        pending_ = Pending::Lesson;
        panel_->setStatus(tr("Stopping the run that trains…"));
        session_->stop();
        return;
    }
    prepareData();
}

void LessonRunner::prepareData() {
    if (lesson_.data.source == LessonData::Source::FactorShapes)
        panel_->setStatus(tr("Generating the lesson's %1 shapes (the first time only)…").arg(lesson_.data.count));
    else
        panel_->setStatus(tr("Preparing the data set…"));
    preparer_->prepare(lesson_.data);
}

void LessonRunner::onDataReady(const QString& spec) {
    if (!active_) return;
    panel_->setProgress(0, 0);
    const LoadedDataset& shown = session_->dataset();
    const bool isFolder = spec != DatasetLoader::fashionMnistSpec();
    const bool loaded = !shown.isEmpty() && shown.name() == spec &&
                        (!isFolder || (shown.width() == lesson_.data.size && shown.channels() == lesson_.data.channels));
    if (loaded) {
        trainPart();
        return;
    }
    awaitedSpec_ = spec;
    panel_->setStatus(tr("Loading %1…").arg(datasetDisplayName(spec)));
    if (isFolder) views_.dataset->setLoadOptions(lesson_.data.size, lesson_.data.channels);
    if (!focused_) views_.tabs->setCurrentWidget(views_.dataset);
    views_.dataset->load(spec);
}

void LessonRunner::onDatasetLoaded(const QString& spec) {
    if (!active_ || awaitedSpec_.isEmpty() || spec != awaitedSpec_) return;
    awaitedSpec_.clear();
    trainPart();
}

void LessonRunner::onLoadFailed(const QString& message) {
    if (!active_ || awaitedSpec_.isEmpty()) return;
    awaitedSpec_.clear();
    panel_->setStatus(message.isEmpty() ? tr("Loading the data set was canceled; start the lesson again to retry.")
                                        : tr("The lesson's data set did not load: %1").arg(message));
}

void LessonRunner::startPart(int index) {
    if (!active_ || index < 0 || index >= lesson_.parts.size()) return;
    part_ = index;
    panel_->setCurrentPart(index);
    if (session_->isRunning()) {
        pending_ = Pending::Part;
        panel_->setStatus(tr("Stopping the run that trains…"));
        session_->stop();
        return;
    }
    if (!awaitedSpec_.isEmpty() || preparer_->isBusy()) return;  // the part starts when the data is ready
    trainPart();
}

void LessonRunner::trainPart() {
    if (lesson_.view == LessonView::Compare) {
        compareDecoders();
        return;
    }
    const LessonPart& part = lesson_.parts.at(part_);
    QString problem;
    views_.tabs->setCurrentWidget(views_.training);
    if (!views_.training->trainWith(part.config, &problem)) {
        panel_->setStatus(tr("The lesson's run did not start: %1").arg(problem));
        return;
    }
    panel_->setStatus(part.explanation);
    viewShown_ = lesson_.view == LessonView::Training;
    partTraining_ = true;
    lastEpoch_ = EpochStats();
}

// The part's config goes into the Training tab's panel, the comparison's
// base; the Compare tab trains one run per decoder and shows its own
// progress and problems.
void LessonRunner::compareDecoders() {
    const LessonPart& part = lesson_.parts.at(part_);
    CompareView* compare = views_.compare;
    views_.tabs->setCurrentWidget(compare);
    if (compare->isRunning()) {
        panel_->setStatus(tr("A comparison is already training; stop it in the Compare tab, then start again."));
        return;
    }
    views_.training->settingsPanel()->setConfig(part.config);
    if (!compare->setDecoders(lesson_.decoders) || !compare->startComparison()) {
        panel_->setStatus(tr("The comparison did not start: the Compare tab says why."));
        return;
    }
    panel_->setStatus(part.explanation);
    viewShown_ = true;
    partTraining_ = true;
}

void LessonRunner::onEpoch() {
    if (!active_ || viewShown_) return;
    viewShown_ = true;
    showLessonView();
}

void LessonRunner::onRunFinished() {
    const Pending pending = std::exchange(pending_, Pending::Nothing);
    if (std::exchange(restoreAfterRun_, false) && !active_) restoreUserSettings();
    if (!active_) return;
    if (std::exchange(partTraining_, false) && lesson_.view != LessonView::Compare) {
        const LessonPart& part = lesson_.parts.at(part_);
        const qint64 epochs = part.config.train.epochs;
        const bool complete = session_->epochsDone() >= epochs;
        QString end = complete ? tr("The run has finished (%1 epochs).").arg(epochs)
                               : tr("The run stopped after epoch %1 of %2.").arg(session_->epochsDone()).arg(epochs);
        // The numbers this run measured, beside the earlier finished runs',
        // under the steps; the footer keeps only the short status.
        if (lastEpoch_.epoch > 0) {
            QVector<PartOutcome> runs = outcomes_;
            runs.append(PartOutcome{part_, part.config.train.beta, epochs, lastEpoch_});
            QString measured = describeOutcome(runs);
            // The text's promises about this run, checked against it.
            if (complete) {
                if (const QString claims = describeClaims(lesson_, runs); !claims.isEmpty())
                    measured += QStringLiteral("\n\n") + claims;
                outcomes_ = runs;
            }
            panel_->setMeasured(measured);
            end += QLatin1Char(' ') + tr("What it measured is under the steps above.");
        }
        if (complete) {
            reachable_ = std::max(reachable_, part_ + 2);
            panel_->setReachableParts(reachable_);
        }
        panel_->setStatus(end);
    }
    if (pending == Pending::Lesson) prepareData();
    if (pending == Pending::Part) trainPart();
}

void LessonRunner::onComparisonEnded() {
    if (!active_ || lesson_.view != LessonView::Compare || !std::exchange(partTraining_, false)) return;
    const QString end = views_.compare->isComplete() ? tr("The comparison has finished.")
                                                     : tr("The comparison stopped before every run was measured.");
    panel_->setStatus(end + QLatin1Char(' ') + lesson_.parts.at(part_).explanation);
}

void LessonRunner::showLessonView() {
    ExplorerView* explorer = views_.explorer;
    switch (lesson_.view) {
    case LessonView::Training:
        views_.tabs->setCurrentWidget(views_.training);
        return;
    case LessonView::Compare:
        views_.tabs->setCurrentWidget(views_.compare);
        return;
    case LessonView::Interpolation:
        explorer->showView(explorer->interpolation());
        chooseInterpolationEnds();
        break;
    case LessonView::Traversal:
        explorer->showView(explorer->traversal());
        break;
    case LessonView::LatentMap:
        if (!explorer->latentMap()) break;
        explorer->showView(explorer->latentMap());
        explorer->latentMap()->setManifoldShown(lesson_.manifold);
        break;
    }
    views_.tabs->setCurrentWidget(explorer);
}

void LessonRunner::chooseInterpolationEnds() {
    const LoadedDataset& dataset = session_->dataset();
    const qint64 from = firstTestImageOf(dataset, lesson_.fromClass);
    const qint64 to = firstTestImageOf(dataset, lesson_.toClass);
    InterpolationView* view = views_.explorer->interpolation();
    if (from >= 0) view->fromSlot()->setIndex(from);
    if (to >= 0) view->toSlot()->setIndex(to);
    // The lesson is the contrast between the paths: both shown, an odd number
    // of frames so each has a frame at t = 0.5, whose |z| the captions give.
    view->setSteps(kLessonInterpolationSteps);
    view->setBothPaths(true);
}

void LessonRunner::close() {
    dock_->hide();
    pending_ = Pending::Nothing;
    partTraining_ = false;  // a run still going is no longer the lesson's
    awaitedSpec_.clear();
    if (!active_) return;
    active_ = false;
    if (session_->isRunning())
        restoreAfterRun_ = true;
    else
        restoreUserSettings();
    updateFocus();
    Q_EMIT activeChanged(false);
}

void LessonRunner::restoreUserSettings() {
    // An opened run being continued keeps its own settings in the panel.
    if (session_->isRunning() || session_->isContinuing()) return;
    views_.training->settingsPanel()->readSettings();
}

void LessonRunner::setFocused(bool focused) {
    focused_ = focused;
    updateFocus();
}

void LessonRunner::updateFocus() {
    const bool lessonOnly = focused_ && active_;
    // The settings are the lesson's while it runs, and the pane needs the
    // width on a small screen: the lesson's buttons replace them.
    views_.training->setSidePanelShown(!active_);
    for (QWidget* clutter : views_.clutter) {
        const bool lessonsOwn = lesson_.view == LessonView::Compare && clutter == views_.compare;
        views_.tabs->setTabVisible(views_.tabs->indexOf(clutter), !lessonOnly || lessonsOwn);
    }
}

}  // namespace latentlab
