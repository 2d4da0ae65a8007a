#pragma once

// The real main window with a folder of 8 x 8 bar images loaded through the
// data set view and a tiny model set in the settings panel, as the window
// tests drive it (test_main_window_training, test_main_window_runs).

#include "model/base/threads.h"
#include <qcustomplot.h>

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "app/runs/run_folder.h"
#include "app/runs/run_loader.h"
#include "app/workspace/training_controller.h"
#include "bar_folder.h"
#include "ui/dataset/dataset_view.h"
#include "ui/training/training_settings_panel.h"
#include "ui/training/training_view.h"
#include "ui/widgets/curves_plot.h"
#include "ui/widgets/image_grid.h"
#include "ui/window/main_window.h"

namespace latentlab::testing {

inline constexpr int kTimeoutMs = 30000;
inline constexpr int kSide = 8;
inline constexpr int kTrainPerClass = 40;  // 80 images, batch 8: 10 steps per epoch, one report each
inline constexpr int kTestPerClass = 8;    // 16 test images, as many as the previews show
inline constexpr int kLatent = 2;
inline constexpr int kManyEpochs = 100000;  // a run that only ends when stopped

template <typename T>
T* child(QObject* parent, const char* name) {
    return parent->findChild<T*>(QLatin1String(name));
}

inline int lineCount(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) return -1;
    return static_cast<int>(file.readAll().trimmed().split('\n').size());
}

// The window and the parts the tests drive.
struct Window {
    std::unique_ptr<MainWindow> window = std::make_unique<MainWindow>();
    TrainingView* view = nullptr;
    TrainingController* controller = nullptr;
    TrainingSettingsPanel* settings = nullptr;
    CurvesPlot* curves = nullptr;
    QPushButton* train = nullptr;
    QPushButton* pause = nullptr;
    QPushButton* stop = nullptr;
};

// What both window tests do first: the programs' thread settings, settings
// and run folders in the test locations (not the user's), and the bar folder
// written into `dir`. Returns the folder, or an empty string (with `failure`).
inline QString setUpWindowTests(const char* applicationName, const QTemporaryDir& dir, QString* failure) {
    configure_process_threads();
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LatentLabTest"));
    QCoreApplication::setApplicationName(QString::fromLatin1(applicationName));
    if (!dir.isValid()) {
        *failure = QStringLiteral("no temporary folder");
        return {};
    }
    const QString folder = dir.filePath(QStringLiteral("bars"));
    return writeBarFolder(folder, kSide, kTrainPerClass, kTestPerClass, failure) ? folder : QString();
}

// A window with the bar folder at `folder` loaded and a tiny model set; the
// Training tab is shown so its buttons can be clicked.
inline bool makeWindow(Window* w, const QString& folder, int epochs) {
    w->window->show();
    auto* datasetView = w->window->findChild<DatasetView*>();
    w->view = w->window->findChild<TrainingView*>();
    w->controller = w->window->findChild<TrainingController*>();
    if (!datasetView || !w->view || !w->controller) return false;
    w->settings = w->view->findChild<TrainingSettingsPanel*>();
    w->curves = w->view->findChild<CurvesPlot*>();
    w->train = child<QPushButton>(w->view, "trainButton");
    w->pause = child<QPushButton>(w->view, "pauseButton");
    w->stop = child<QPushButton>(w->view, "stopButton");

    datasetView->setLoadOptions(kSide, 1);
    QSignalSpy loaded(datasetView, &DatasetView::datasetLoaded);
    w->window->openDataset(folder);
    if (!loaded.wait(kTimeoutMs) && loaded.isEmpty()) return false;

    child<QLineEdit>(w->settings, "hidden")->setText(QStringLiteral("16"));
    child<QSpinBox>(w->settings, "latent")->setValue(kLatent);
    child<QSpinBox>(w->settings, "batchSize")->setValue(8);
    child<QSpinBox>(w->settings, "epochs")->setValue(epochs);
    child<QSpinBox>(w->settings, "threads")->setValue(1);         // the test machines are shared
    child<QComboBox>(w->settings, "device")->setCurrentIndex(1);  // cpu

    w->window->findChild<QTabWidget*>()->setCurrentWidget(w->view);
    return QTest::qWaitForWindowExposed(w->window.get());
}

inline bool clickTrain(Window* w) {
    if (!w->train->isEnabled() || !w->train->isVisible()) return false;
    QTest::mouseClick(w->train, Qt::LeftButton);
    return w->controller->isRunning();
}

}  // namespace latentlab::testing
