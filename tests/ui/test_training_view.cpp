// The training view inside the real main window: a folder of 8 x 8 bar
// images made here is loaded through the data set view, a tiny model is set
// in the settings panel and Train is clicked; the curves, progress, previews
// and KL bars are then read back from the widgets while the real controller
// trains on its thread.

#include "app/workspace/training_controller.h"
#include "bar_folder.h"
#include "model/base/threads.h"
#include "ui/dataset/dataset_view.h"
#include "ui/training/training_settings_panel.h"
#include "ui/training/training_view.h"
#include "ui/widgets/curves_plot.h"
#include "ui/widgets/image_grid.h"
#include "ui/widgets/kl_bars_plot.h"
#include "ui/window/main_window.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"
#include <qcustomplot.h>

using latentlab::CurvesPlot;
using latentlab::DatasetView;
using latentlab::ImageGrid;
using latentlab::KlBarsPlot;
using latentlab::MainWindow;
using latentlab::TrainingController;
using latentlab::TrainingSettingsPanel;
using latentlab::TrainingView;

namespace {

constexpr int kTimeoutMs = 120000;
constexpr int kSide = 8;
constexpr int kTrainPerClass = 40;  // 80 images, batch 8: 10 steps per epoch
constexpr int kTestPerClass = 8;    // 16 test images, as many as the previews show
constexpr int kEpochs = 2;
constexpr int kLatent = 2;

template <typename T>
T* child(QObject* parent, const char* name) {
    return parent->findChild<T*>(QLatin1String(name));
}

}  // namespace

class TestTrainingView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void trainButtonNeedsDataset();
    void trainsTinyModelAndShowsResults();

private:
    QTemporaryDir dir_;
    QString folder_;
};

void TestTrainingView::initTestCase() {
    latentlab::configure_process_threads();  // as the programs do at start-up
    // Settings and run folders go to the test locations, not the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LatentLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_training_view"));
    QVERIFY(dir_.isValid());

    folder_ = dir_.filePath(QStringLiteral("bars"));
    QString failure;
    QVERIFY2(latentlab::testing::writeBarFolder(folder_, kSide, kTrainPerClass, kTestPerClass, &failure),
             qPrintable(failure));
}

void TestTrainingView::trainButtonNeedsDataset() {
    MainWindow window;
    auto* train = child<QPushButton>(&window, "trainButton");
    QVERIFY(train);
    QVERIFY(!train->isEnabled());
    QVERIFY(!child<QPushButton>(&window, "pauseButton")->isEnabled());
    QVERIFY(!child<QPushButton>(&window, "stopButton")->isEnabled());
}

void TestTrainingView::trainsTinyModelAndShowsResults() {
    MainWindow window;
    window.show();
    auto* datasetView = window.findChild<DatasetView*>();
    auto* view = window.findChild<TrainingView*>();
    auto* controller = window.findChild<TrainingController*>();
    QVERIFY(datasetView && view && controller);

    datasetView->setLoadOptions(kSide, 1);
    QSignalSpy loaded(datasetView, &DatasetView::datasetLoaded);
    window.openDataset(folder_);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);

    auto* settings = view->findChild<TrainingSettingsPanel*>();
    QVERIFY(settings);
    child<QLineEdit>(settings, "hidden")->setText(QStringLiteral("16"));
    child<QSpinBox>(settings, "latent")->setValue(kLatent);
    child<QSpinBox>(settings, "batchSize")->setValue(8);
    child<QSpinBox>(settings, "epochs")->setValue(kEpochs);
    child<QSpinBox>(settings, "threads")->setValue(1);  // the test machines are shared
    QVERIFY(settings->isValid());
    QVERIFY(settings->config().model.hidden == std::vector<int64_t>{16});

    // A bad hidden size disables Train until it is fixed.
    auto* train = child<QPushButton>(view, "trainButton");
    QVERIFY(train->isEnabled());
    child<QLineEdit>(settings, "hidden")->setText(QStringLiteral("16,"));
    QVERIFY(!train->isEnabled());
    child<QLineEdit>(settings, "hidden")->setText(QStringLiteral("16"));
    QVERIFY(train->isEnabled());

    // The settings that shape the model must stay locked for every step the
    // view is shown; β and the learning rate stay editable.
    int stepsSeen = 0;
    int stepsUnlocked = 0;
    connect(controller, &TrainingController::stepReported, this, [&] {
        ++stepsSeen;
        const bool modelLocked = !child<QLineEdit>(settings, "hidden")->isEnabled() &&
                                 !child<QSpinBox>(settings, "latent")->isEnabled() &&
                                 !child<QSpinBox>(settings, "epochs")->isEnabled();
        if (!modelLocked || !child<QLineEdit>(settings, "learningRate")->isEnabled()) ++stepsUnlocked;
    });
    QSignalSpy finished(controller, &TrainingController::finished);
    QSignalSpy failed(controller, &TrainingController::failed);

    // A click goes to whatever is under the mouse: the button must be showing.
    auto* tabs = window.findChild<QTabWidget*>();
    QVERIFY(tabs);
    tabs->setCurrentWidget(view);
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(train->isVisible());
    QTest::mouseClick(train, Qt::LeftButton);
    QVERIFY(controller->isRunning());
    QVERIFY(!child<QSpinBox>(settings, "latent")->isEnabled());
    QVERIFY(!train->isEnabled());
    QVERIFY(child<QPushButton>(view, "stopButton")->isEnabled());
    QVERIFY(child<QPushButton>(view, "pauseButton")->isEnabled());
    // While it trains, the data set line is about this run (it said "Next run").
    QVERIFY2(child<QLabel>(view, "trainingDataset")->text().startsWith(QStringLiteral("This run trains on")),
             qPrintable(child<QLabel>(view, "trainingDataset")->text()));
    const QString runFolder = view->runFolder();
    QVERIFY(!runFolder.isEmpty());
    QCOMPARE(child<QLabel>(view, "runFolder")->text(), QDir::toNativeSeparators(runFolder));

    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QVERIFY(stepsSeen > 0);
    QCOMPARE(stepsUnlocked, 0);
    // finished() reaches the view before the spy's check returns.
    QVERIFY(child<QSpinBox>(settings, "latent")->isEnabled());
    QVERIFY(train->isEnabled());
    QVERIFY(!child<QPushButton>(view, "stopButton")->isEnabled());

    auto* curves = view->findChild<CurvesPlot*>();
    QVERIFY(curves);
    QCOMPARE(curves->stepPointCount(), stepsSeen);
    QCOMPARE(curves->testPointCount(), kEpochs);

    auto* progress = child<QProgressBar>(view, "trainingProgress");
    QVERIFY(progress->value() > 0);
    QCOMPARE(progress->value(), progress->maximum());
    QVERIFY2(progress->text().contains(QStringLiteral("Epoch %1/%1").arg(kEpochs)), qPrintable(progress->text()));

    auto* reconstructions = child<ImageGrid>(view, "reconstructions");
    auto* samples = child<ImageGrid>(view, "samples");
    QVERIFY(reconstructions && samples);
    QCOMPARE(reconstructions->images().size(), 2 * kTestPerClass * 2);  // originals and reconstructions
    QCOMPARE(samples->images().size(), 16);
    for (const ImageGrid* grid : {reconstructions, samples}) {
        for (const QImage& image : grid->images()) {
            QVERIFY(!image.isNull());
            QCOMPARE(image.size(), QSize(kSide, kSide));
        }
    }
    // The first row shows the first test image, as loaded.
    QCOMPARE(reconstructions->images().first(), datasetView->dataset().image(latentlab::Split::Test, 0));

    auto* klBars = view->findChild<KlBarsPlot*>();
    QVERIFY(klBars);
    QCOMPARE(klBars->barCount(), kLatent);

    QVERIFY(QFile::exists(QDir(runFolder).filePath(QStringLiteral("checkpoint.pt"))));
    QVERIFY(runFolder.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
    QDir(runFolder).removeRecursively();
}

LATENTLAB_TEST_MAIN(TestTrainingView)
#include "test_training_view.moc"
