// The training window keeps its promises (issue "The training window keeps
// its promises"): results stay tied to their data set, the device is named
// honestly, runs trained in the window are easy to find again, and the
// Training menu acts from every tab. The real window, the real loader and a
// tiny model trained on its thread.

#include "app/runs/run_folder.h"
#include "app/workspace/device_info.h"
#include "app/workspace/training_controller.h"
#include "bar_folder.h"
#include "model/base/threads.h"
#include "ui/dataset/dataset_view.h"
#include "ui/training/training_settings_panel.h"
#include "ui/training/training_view.h"
#include "ui/widgets/curves_plot.h"
#include "ui/window/main_window.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QWheelEvent>
#include <QtTest>
#include "test_registry.h"

#include <memory>

using latentlab::CurvesPlot;
using latentlab::DatasetView;
using latentlab::MainWindow;
using latentlab::TrainingController;
using latentlab::TrainingSettingsPanel;
using latentlab::TrainingView;

namespace {

constexpr int kTimeoutMs = 30000;
constexpr int kSide = 8;

template <typename T>
T* child(QObject* parent, const char* name) {
    return parent->findChild<T*>(QLatin1String(name));
}

// Clicks the button whose text starts with `text` in the next message box
// that opens (they are modal: the test cannot click after exec()).
void answerNextMessageBox(const QString& text) {
    QTimer::singleShot(100, [text] {
        for (QWidget* widget : QApplication::topLevelWidgets()) {
            auto* box = qobject_cast<QMessageBox*>(widget);
            if (!box || !box->isVisible()) continue;
            for (QAbstractButton* button : box->buttons()) {
                if (button->text().remove(QLatin1Char('&')).startsWith(text)) button->click();
            }
        }
    });
}

}  // namespace

class TestWindowPromises : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void anotherDatasetLeavesFinishedRun();
    void openingDuringRunAsksFirst();
    void statusNamesTheDeviceUsed();
    void trainedRunsJoinRecentRuns();
    void interruptedRunIsOffered();
    void trainingMenuActsFromEveryTab();
    void leavingARunRestoresThePanel();
    void wheelScrollsTheFormNotTheFields();

private:
    std::unique_ptr<MainWindow> makeWindow(const QString& folder, int epochs);
    bool train(MainWindow* window);
    void waitUntilIdle(MainWindow* window);

    QTemporaryDir dir_;
    QString bars_;
    QString otherBars_;
};

void TestWindowPromises::initTestCase() {
    latentlab::configure_process_threads();
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LatentLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_window_promises"));
    QVERIFY(dir_.isValid());
    bars_ = dir_.filePath(QStringLiteral("bars"));
    otherBars_ = dir_.filePath(QStringLiteral("other"));
    QString failure;
    QVERIFY2(latentlab::testing::writeBarFolder(bars_, kSide, 40, 8, &failure), qPrintable(failure));
    QVERIFY2(latentlab::testing::writeBarFolder(otherBars_, kSide, 24, 8, &failure), qPrintable(failure));
}

void TestWindowPromises::init() { QSettings().clear(); }

std::unique_ptr<MainWindow> TestWindowPromises::makeWindow(const QString& folder, int epochs) {
    auto window = std::make_unique<MainWindow>();
    window->show();
    auto* datasetView = window->findChild<DatasetView*>();
    datasetView->setLoadOptions(kSide, 1);
    QSignalSpy loaded(datasetView, &DatasetView::datasetLoaded);
    window->openDataset(folder);
    if (!loaded.wait(kTimeoutMs)) return nullptr;
    auto* settings = window->findChild<TrainingSettingsPanel*>();
    child<QLineEdit>(settings, "hidden")->setText(QStringLiteral("16"));
    child<QSpinBox>(settings, "latent")->setValue(2);
    child<QSpinBox>(settings, "batchSize")->setValue(8);
    child<QSpinBox>(settings, "epochs")->setValue(epochs);
    child<QSpinBox>(settings, "threads")->setValue(1);
    return window;
}

bool TestWindowPromises::train(MainWindow* window) {
    auto* view = window->findChild<TrainingView*>();
    window->findChild<QTabWidget*>()->setCurrentWidget(view);
    view->startTraining();
    return window->findChild<TrainingController*>()->isRunning();
}

void TestWindowPromises::waitUntilIdle(MainWindow* window) {
    auto* controller = window->findChild<TrainingController*>();
    QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), kTimeoutMs);
}

void TestWindowPromises::anotherDatasetLeavesFinishedRun() {
    auto window = makeWindow(bars_, 1);
    QVERIFY(window);
    QVERIFY(train(window.get()));
    waitUntilIdle(window.get());
    auto* view = window->findChild<TrainingView*>();
    auto* curves = view->findChild<CurvesPlot*>();
    QVERIFY(!view->runFolder().isEmpty());
    QVERIFY(curves->stepPointCount() > 0);
    QVERIFY(child<QLabel>(view, "runTitle")->text().contains(QDir::toNativeSeparators(bars_)));

    QSignalSpy loaded(window->findChild<DatasetView*>(), &DatasetView::datasetLoaded);
    window->openDataset(otherBars_);
    QVERIFY(loaded.wait(kTimeoutMs));
    // The results of a run on bars are not shown under the other folder.
    QVERIFY(view->runFolder().isEmpty());
    QCOMPARE(curves->stepPointCount(), 0);
    QVERIFY(!child<QLabel>(view, "runTitle")->text().contains(QDir::toNativeSeparators(bars_)));
    QVERIFY(child<QLabel>(view, "trainingDataset")->text().contains(QDir::toNativeSeparators(otherBars_)));
}

void TestWindowPromises::openingDuringRunAsksFirst() {
    auto window = makeWindow(bars_, 100000);
    QVERIFY(window);
    QVERIFY(train(window.get()));
    auto* datasetView = window->findChild<DatasetView*>();
    QSignalSpy loaded(datasetView, &DatasetView::datasetLoaded);

    // Cancel keeps everything as it is.
    answerNextMessageBox(QStringLiteral("Cancel"));
    window->openDataset(otherBars_);
    QCOMPARE(datasetView->spec(), bars_);

    // "Open when the run ends": nothing changes until the run is stopped.
    answerNextMessageBox(QStringLiteral("Open When"));
    window->openDataset(otherBars_);
    QTest::qWait(300);
    QCOMPARE(loaded.count(), 0);
    QVERIFY(window->findChild<TrainingController*>()->isRunning());
    window->findChild<TrainingView*>()->stopTraining();
    waitUntilIdle(window.get());
    // The load may have finished while the test waited for the run to end.
    QVERIFY(loaded.count() > 0 || loaded.wait(kTimeoutMs));
    QCOMPARE(datasetView->spec(), otherBars_);
}

void TestWindowPromises::statusNamesTheDeviceUsed() {
    auto window = makeWindow(bars_, 1);
    QVERIFY(window);
    auto* settings = window->findChild<TrainingSettingsPanel*>();
    latentlab::RunConfig config = settings->config();
    config.train.device = "auto";
    settings->setConfig(config);
    // What the status line says while the run trains.
    QStringList statuses;
    connect(window->findChild<TrainingController*>(), &TrainingController::stepReported, this,
            [&] { statuses << child<QLabel>(window.get(), "trainingStatus")->text(); });
    QVERIFY(train(window.get()));
    waitUntilIdle(window.get());
    QFile file(latentlab::RunFolder(window->findChild<TrainingView*>()->runFolder()).configPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString device = QJsonDocument::fromJson(file.readAll())
                               .object()
                               .value(QStringLiteral("train"))
                               .toObject()
                               .value(QStringLiteral("device"))
                               .toString();
    // The device actually used, never "auto".
    const bool cuda = latentlab::cudaUnavailableReason().isEmpty();
    QCOMPARE(device, cuda ? QStringLiteral("cuda") : QStringLiteral("cpu"));
    QVERIFY(!statuses.isEmpty());
    if (!cuda) QVERIFY2(statuses.first().contains(QStringLiteral("CPU")), qPrintable(statuses.first()));
}

void TestWindowPromises::trainedRunsJoinRecentRuns() {
    auto window = makeWindow(bars_, 1);
    QVERIFY(window);
    QVERIFY(train(window.get()));
    waitUntilIdle(window.get());
    const QString folder = window->findChild<TrainingView*>()->runFolder();
    const QStringList recent = QSettings().value(QStringLiteral("runs/recent")).toStringList();
    QVERIFY2(recent.contains(folder), qPrintable(recent.join(QLatin1Char(';'))));
    // The menu shows the run with its data set, epochs and test -ELBO.
    QMenu* menu = nullptr;
    for (QMenu* candidate : window->findChildren<QMenu*>())
        if (candidate->title().contains(QStringLiteral("Recent R"))) menu = candidate;
    QVERIFY(menu);
    QVERIFY(menu->isEnabled());
    const QString text = menu->actions().first()->text();
    QVERIFY2(text.contains(QFileInfo(folder).fileName().left(10)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("1/1 epochs")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("ELBO")), qPrintable(text));
}

void TestWindowPromises::interruptedRunIsOffered() {
    QString folder;
    {
        auto window = makeWindow(bars_, 100000);
        QVERIFY(window);
        auto* controller = window->findChild<TrainingController*>();
        QSignalSpy epochs(controller, &TrainingController::epochFinished);
        QVERIFY(train(window.get()));
        QVERIFY(epochs.wait(kTimeoutMs));
        folder = window->findChild<TrainingView*>()->runFolder();
        window->close();  // mid-run, as a teacher closing the window
    }
    auto window = std::make_unique<MainWindow>();
    window->show();
    auto* offer = child<QWidget>(window.get(), "runOffer");
    QVERIFY(offer);
    QVERIFY(offer->isVisible());
    const QString text = offer->findChild<QLabel*>()->text();
    QVERIFY2(text.contains(QStringLiteral("stopped at epoch")), qPrintable(text));
    QVERIFY2(text.contains(QFileInfo(folder).fileName()), qPrintable(text));
    // Open shows it; its data set is loaded with it.
    QTest::mouseClick(child<QAbstractButton>(offer, "offerOpen"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(window->findChild<TrainingView*>()->runFolder(), folder, kTimeoutMs);
    QVERIFY(window->findChild<TrainingView*>()->isContinuing());
}

void TestWindowPromises::trainingMenuActsFromEveryTab() {
    auto window = makeWindow(bars_, 1);
    QVERIFY(window);
    auto* tabs = window->findChild<QTabWidget*>();
    tabs->setCurrentIndex(0);  // the Data Set tab
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto* train = child<QAction>(window.get(), "trainAction");
    QVERIFY(train && train->isEnabled());
    QCOMPARE(train->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_T));
    train->trigger();
    QVERIFY(window->findChild<TrainingController*>()->isRunning());
    QCOMPARE(tabs->currentWidget(), window->findChild<TrainingView*>());
    QVERIFY(child<QAction>(window.get(), "stopAction")->isEnabled());
    tabs->setCurrentIndex(0);
    child<QAction>(window.get(), "stopAction")->trigger();
    waitUntilIdle(window.get());
}

void TestWindowPromises::leavingARunRestoresThePanel() {
    auto window = makeWindow(bars_, 1);
    QVERIFY(window);
    QVERIFY(train(window.get()));  // remembers the panel: beta 1
    waitUntilIdle(window.get());
    auto* settings = window->findChild<TrainingSettingsPanel*>();
    // An opened or continued run shows its own settings, e.g. a beta changed mid-run.
    latentlab::RunConfig shown = settings->config();
    shown.train.beta = 0.3;
    settings->setConfig(shown);
    window->findChild<TrainingView*>()->startNewRun();
    QCOMPARE(settings->config().train.beta, 1.0);
}

void TestWindowPromises::wheelScrollsTheFormNotTheFields() {
    auto window = makeWindow(bars_, 7);
    QVERIFY(window);
    window->findChild<QTabWidget*>()->setCurrentWidget(window->findChild<TrainingView*>());
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto* epochs = child<QSpinBox>(window.get(), "epochs");
    QVERIFY(!epochs->hasFocus());
    const QPoint centre = epochs->rect().center();
    QWheelEvent wheel(centre, epochs->mapToGlobal(centre), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(epochs, &wheel);
    QCOMPARE(epochs->value(), 7);  // passed over, not changed
    epochs->setFocus();
    QTRY_VERIFY(epochs->hasFocus());
    QWheelEvent focused(centre, epochs->mapToGlobal(centre), QPoint(), QPoint(0, -120), Qt::NoButton,
                        Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(epochs, &focused);
    QCOMPARE(epochs->value(), 6);  // a field with focus still takes the wheel
}

LATENTLAB_TEST_MAIN(TestWindowPromises)
#include "test_window_promises.moc"
