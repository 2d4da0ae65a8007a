#include "ui/window/main_window.h"

#include "app/lessons/lesson.h"
#include "app/runs/code_consent.h"
#include "app/runs/run_folder.h"
#include "app/runs/run_loader.h"
#include "app/workspace/comparison_controller.h"
#include "app/workspace/dataset_loader.h"
#include "app/workspace/run_session.h"
#include "app/workspace/workspace.h"
#include "ui/compare/compare_view.h"
#include "ui/dataset/dataset_view.h"
#include "ui/explore/explorer_view.h"
#include "ui/explore/latent_map_plot.h"
#include "ui/explore/latent_map_view.h"
#include "ui/explore/map_area_selector.h"
#include "ui/inspect/inspect_view.h"
#include "ui/training/training_settings_panel.h"
#include "ui/training/training_view.h"
#include "ui/widgets/interface_scale.h"
#include "ui/window/lesson_panel.h"
#include "ui/window/lesson_runner.h"
#include "ui/window/presentation_mode.h"
#include "ui/window/recent_runs_menu.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QPushButton>
#include <QScreen>
#include <QUrl>

#include <utility>

namespace latentlab {

namespace {

constexpr int kMaxRecentFolders = 8;

const char* const kGeometryKey = "window/geometry";
const char* const kStateKey = "window/state";
const char* const kDatasetViewKey = "window/datasetView";
const char* const kTrainingViewKey = "window/trainingView";
const char* const kTabKey = "window/tab";
const char* const kLastDatasetKey = "dataset/last";
const char* const kLastFolderKey = "dataset/lastFolder";
const char* const kRecentFoldersKey = "dataset/recentFolders";
const char* const kLastRunKey = "runs/last";
const char* const kLastRunParentKey = "runs/lastParent";
const char* const kImageSizeKey = "load/imageSize";
const char* const kChannelsKey = "load/channels";

// The first local folder among the dragged URLs, or an empty string.
QString draggedFolder(const QMimeData* mime) {
    if (!mime || !mime->hasUrls()) return {};
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile()) continue;
        const QFileInfo info(url.toLocalFile());
        if (info.isDir()) return info.absoluteFilePath();
    }
    return {};
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      workspace_(new Workspace(this)),
      session_(workspace_->session()),
      tabs_(new QTabWidget(this)),
      datasetView_(new DatasetView(workspace_, tabs_)),
      trainingView_(new TrainingView(session_, tabs_)),
      explorerView_(new ExplorerView(session_->inference(), tabs_)),
      inspectView_(new InspectView(session_->inference(), tabs_)),
      compareView_(new CompareView(workspace_, tabs_)) {
    tabs_->setDocumentMode(true);
    tabs_->addTab(datasetView_, tr("&Data Set"));
    tabs_->addTab(trainingView_, tr("&Training"));
    tabs_->addTab(explorerView_, tr("&Explore"));
    tabs_->addTab(inspectView_, tr("&Inspect"));
    tabs_->addTab(compareView_, tr("&Compare"));
    setCentralWidget(tabs_);
    setWindowTitle(QStringLiteral("LatentLab"));
    setAcceptDrops(true);
    presentation_ = new PresentationMode(this);
    createMenus();
    readSettings();

    connect(datasetView_, &DatasetView::openFolderRequested, this, &MainWindow::chooseFolder);
    connect(datasetView_, &DatasetView::datasetLoaded, this, &MainWindow::onDatasetLoaded);
    datasetView_->setLoadGuard([this](const QString& spec) { return mayLoadDataset(spec); });
    connect(session_, &RunSession::datasetNeeded, this, [this](const QString& spec, int size, int channels) {
        if (spec != DatasetLoader::fashionMnistSpec()) datasetView_->setLoadOptions(size, channels);
        openDataset(spec);
    });
    connect(session_, &RunSession::runStarted, this, [this](const QString& folder) {
        QSettings().setValue(kLastRunKey, folder);
    });
    // A run trained here joins Recent Runs once it has saved an epoch.
    connect(session_, &RunSession::epochFinished, this, [this] { rememberRun(session_->runFolder()); });
    connect(session_, &RunSession::runOpened, this, [this](const LoadedRun& run) { rememberRun(run.folder); });
    connect(session_, &RunSession::runOpenFailed, this, &MainWindow::onRunOpenFailed);
    connect(session_, &RunSession::finished, this, [this] {
        if (datasetAfterRun_.isEmpty()) return;
        const QString spec = std::exchange(datasetAfterRun_, QString());
        openDataset(spec);
    });
    connect(trainingView_, &TrainingView::busyChanged, this, &MainWindow::updateRunActions);
    connect(session_, &RunSession::stateChanged, explorerView_,
            [this] { explorerView_->setTrainingActive(session_->isRunning()); });
    // The Inspect tab and the latent map: a chosen test image is ringed on the
    // map; Shift+drag on the map keeps the gallery to the images inside.
    LatentMapView* map = explorerView_->latentMap();
    if (map) {
        connect(inspectView_, &InspectView::testImageChosen, map,
                [map](qint64 index) { map->plot()->setSelected(static_cast<int>(index)); });
        auto* selector = new MapAreaSelector(map->plot());
        connect(selector, &MapAreaSelector::selected, this, [this, map](const QPolygonF& area) {
            inspectView_->filterToMapArea(map->map().points, area);
            tabs_->setCurrentWidget(inspectView_);
        });
    }
    // The Compare tab: its base config is the Training tab's panel; each
    // run of a comparison opens in the window for the explorer's views.
    compareView_->setConfigSource([this](RunConfig* config, QString* problem) {
        if (!trainingView_->settingsPanel()->isValid(problem)) return false;
        *config = trainingView_->settingsPanel()->config();
        return true;
    });
    connect(datasetView_, &DatasetView::datasetLoaded, compareView_,
            [this] { compareView_->setDataset(datasetView_->dataset()); });
    connect(compareView_, &CompareView::openRunRequested, this, [this](const QString& folder) {
        openRun(folder);
        tabs_->setCurrentWidget(explorerView_);
    });
    connect(compareView_, &CompareView::runningChanged, this, [this] {
        trainingView_->setTrainBlocked(compareView_->isRunning()
                                           ? tr("A decoder comparison is training (Compare tab); stop it first")
                                           : QString());
        updateRunActions();
    });
    // After the connections above: a lesson trains once the session has its data set.
    lessonRunner_ = new LessonRunner(
        this, session_, {tabs_, datasetView_, trainingView_, explorerView_, compareView_, {datasetView_, inspectView_, compareView_}});
    connect(presentation_, &PresentationMode::activeChanged, lessonRunner_, &LessonRunner::setFocused);
    connect(presentation_, &PresentationMode::scaleChanged, lessonRunner_->panel(), &LessonPanel::applyFonts);
    updateRunActions();
    offerInterruptedRun();
}

MainWindow::~MainWindow() {
    // The views and the lesson runner hold the session: they go first.
    delete lessonRunner_;
    lessonRunner_ = nullptr;
    delete tabs_;
    tabs_ = nullptr;
}

void MainWindow::startLesson(const Lesson& lesson) { lessonRunner_->start(lesson); }

bool MainWindow::mayLoadDataset(const QString& spec) {
    if (!session_->isRunning()) return true;
    QMessageBox box(QMessageBox::Question, tr("A Run Is Training"),
                    tr("A run is training on %1. What should happen to it before %2 is opened?")
                        .arg(session_->runDatasetName(), QDir::toNativeSeparators(spec)),
                    QMessageBox::NoButton, this);
    QPushButton* stop = box.addButton(tr("Stop the Run and Open"), QMessageBox::DestructiveRole);
    QPushButton* later = box.addButton(tr("Open When the Run Ends"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(later);
    box.exec();
    if (box.clickedButton() == stop) {
        session_->stop();
        return true;
    }
    if (box.clickedButton() == later) {
        datasetAfterRun_ = spec;
        statusBar()->showMessage(tr("%1 opens when the run ends.").arg(QDir::toNativeSeparators(spec)), 10000);
    }
    return false;
}

void MainWindow::offerInterruptedRun() {
    const QString folder = QSettings().value(kLastRunKey).toString();
    RunSummary summary;
    if (folder.isEmpty() || !RunFolder(folder).hasCheckpoint() || !RunFolder(folder).readSummary(&summary)) return;
    if (summary.epochsDone >= summary.epochs) return;
    trainingView_->offerRun(folder, tr("The last run stopped at epoch %1 of %2.")
                                        .arg(summary.epochsDone)
                                        .arg(summary.epochs));
}

void MainWindow::openRun(const QString& folder) {
    const QString path = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    // An imported TorchScript model is code: asked once, before it first runs.
    if (CodeConsent::needsQuestion(path, RunSession::runsRoot())) {
        const auto answer = QMessageBox::question(this, tr("Open a Model That Contains Code?"),
                                                  CodeConsent::question(path),
                                                  QMessageBox::Open | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Open) return;
        CodeConsent::remember(path);
    }
    tabs_->setCurrentWidget(trainingView_);
    trainingView_->openRun(path);
}

void MainWindow::chooseRun() {
    QSettings settings;
    const QString start = settings.value(kLastRunParentKey, RunSession::runsRoot()).toString();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Run Folder"), start);
    if (folder.isEmpty()) return;
    settings.setValue(kLastRunParentKey, QFileInfo(folder).absolutePath());
    openRun(folder);
}

void MainWindow::rememberRun(const QString& folder) {
    recentRunsMenu_->remember(folder);
    updateRunActions();
}

void MainWindow::onRunOpenFailed(const QString& folder, const QString&) {
    // The view shows why; a folder that no longer opens leaves the list.
    recentRunsMenu_->forget(folder);
    updateRunActions();
}

void MainWindow::updateRunActions() {
    // One run at a time in the view: none is opened while one trains.
    const bool free = !session_->isRunning() && !trainingView_->isOpeningRun();
    if (openRunAction_) openRunAction_->setEnabled(free);
    if (recentRunsMenu_) recentRunsMenu_->setEnabled(free && recentRunsMenu_->hasRuns());
    if (trainAction_) {
        trainAction_->setEnabled(trainingView_->canTrain() && !compareView_->isRunning());
        trainAction_->setText(trainingView_->isContinuing() ? tr("&Continue") : tr("&Train"));
        pauseAction_->setEnabled(trainingView_->canPause());
        pauseAction_->setText(session_->isPaused() ? tr("&Resume") : tr("&Pause"));
        stopAction_->setEnabled(trainingView_->canStop());
    }
}

void MainWindow::openDataset(const QString& spec) {
    if (spec == DatasetLoader::fashionMnistSpec()) {
        datasetView_->load(spec);
        return;
    }
    datasetView_->load(QDir::cleanPath(QFileInfo(spec).absoluteFilePath()));
}

void MainWindow::openLastDataset() {
    const QString last = QSettings().value(kLastDatasetKey).toString();
    openDataset(last.isEmpty() ? DatasetLoader::fashionMnistSpec() : last);
}

void MainWindow::chooseFolder() {
    QSettings settings;
    const QString start = settings.value(kLastFolderKey, QDir::homePath()).toString();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Image Folder"), start);
    if (folder.isEmpty()) return;
    settings.setValue(kLastFolderKey, folder);
    openDataset(folder);
}

void MainWindow::onDatasetLoaded(const QString& spec) {
    const bool isFolder = spec != DatasetLoader::fashionMnistSpec();
    setWindowTitle(isFolder ? tr("%1 — LatentLab").arg(QDir::toNativeSeparators(spec))
                            : tr("Fashion-MNIST — LatentLab"));

    QSettings settings;
    settings.setValue(kLastDatasetKey, spec);
    if (!isFolder) return;
    // Only folders that loaded are worth offering again.
    settings.setValue(kLastFolderKey, spec);
    recentFolders_.removeAll(spec);
    recentFolders_.prepend(spec);
    while (recentFolders_.size() > kMaxRecentFolders) recentFolders_.removeLast();
    settings.setValue(kRecentFoldersKey, recentFolders_);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    recentMenu_->clear();
    for (int i = 0; i < recentFolders_.size(); ++i) {
        const QString folder = recentFolders_.at(i);
        const QString shown =
            fontMetrics().elidedText(QDir::toNativeSeparators(folder), Qt::ElideMiddle, 420);
        // A literal & in a path would otherwise become a mnemonic.
        QString text = shown;
        text.replace(QLatin1Char('&'), QStringLiteral("&&"));
        if (i < 9) text = QStringLiteral("&%1  %2").arg(i + 1).arg(text);
        QAction* action = recentMenu_->addAction(text, this, [this, folder] { openDataset(folder); });
        action->setToolTip(folder);
    }
    if (!recentFolders_.isEmpty()) {
        recentMenu_->addSeparator();
        recentMenu_->addAction(tr("&Clear List"), this, [this] {
            recentFolders_.clear();
            QSettings().remove(kRecentFoldersKey);
            updateRecentMenu();
        });
    }
    recentMenu_->setEnabled(!recentFolders_.isEmpty());
}

void MainWindow::readSettings() {
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
        // 1200 x 760, or what fits the screen (a 1024 x 768 projector) with its frame.
        QSize size(1200, 760);
        if (const QScreen* screen = QGuiApplication::primaryScreen())
            size = size.boundedTo(screen->availableGeometry().size() - QSize(24, 48));
        resize(size);
    }
    restoreState(settings.value(kStateKey).toByteArray());
    datasetView_->restoreState(settings.value(kDatasetViewKey).toByteArray());
    trainingView_->restoreState(settings.value(kTrainingViewKey).toByteArray());
    tabs_->setCurrentIndex(settings.value(kTabKey, 0).toInt());
    datasetView_->setLoadOptions(settings.value(kImageSizeKey, datasetView_->imageSize()).toInt(),
                                 settings.value(kChannelsKey, datasetView_->channels()).toInt());
    recentFolders_ = settings.value(kRecentFoldersKey).toStringList();
    updateRecentMenu();
    // Runs deleted since the last session are dropped at once, with a word.
    if (const int gone = recentRunsMenu_->load())
        statusBar()->showMessage(
            tr("%n recent run(s) no longer exist and were removed from File → Recent Runs.", nullptr, gone), 10000);
    updateRunActions();
}

void MainWindow::writeSettings() const {
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kDatasetViewKey, datasetView_->saveState());
    settings.setValue(kTrainingViewKey, trainingView_->saveState());
    settings.setValue(kTabKey, tabs_->currentIndex());
    settings.setValue(kImageSizeKey, datasetView_->imageSize());
    settings.setValue(kChannelsKey, datasetView_->channels());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    writeSettings();
    // Ask now; ~Workspace waits for the thread when the window goes.
    session_->stop();
    workspace_->comparisons()->stop();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!draggedFolder(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString folder = draggedFolder(event->mimeData());
    if (folder.isEmpty()) return;
    event->acceptProposedAction();
    openDataset(folder);
}

}  // namespace latentlab
