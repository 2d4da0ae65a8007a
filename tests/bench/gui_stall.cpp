// How long the GUI event loop stalls while training runs in the real main
// window. Loads a data set (Fashion-MNIST by default) through the data set
// view, presses Train with the remembered-free default settings, and while
// the model trains on its thread, a 5 ms timer on the GUI thread records the
// gap between its ticks. A gap much longer than 5 ms is a stall: the window
// could not repaint or react for that long.
//
//   gui_stall [--seconds 30] [--data fashion-mnist|FOLDER]
//             [--change-beta B] [--explore] [--map tsne|umap] [--screenshot FILE.png]
//
// --change-beta sets β to B in the panel halfway through, as a user would;
// --explore shows the Explore tab once training has started and goes through
// each of its views in turn (a view every 2 s), so every view asks the
// inference service for its pictures while the run trains;
// --map shows Explore → Latent map laid out by t-SNE or UMAP while the run
// trains, so every epoch lays the test set out again on the inference thread
// and the points move on the GUI thread (issue #28: a stall under 50 ms);
// --screenshot saves the window as it is at the end (the README's picture).
//
// Prints the longest gap, the 99th and 50th percentiles, the number of ticks,
// and the steps and epochs trained meanwhile. Each gap is also split into the
// CPU time the GUI thread itself used in it: on a loaded machine a long gap
// with little CPU time is the scheduler's doing (the thread was ready but got
// no core), a long one full of CPU time is work the GUI thread did. A
// diagnostic, not a test.

#include "model/base/threads.h"
#include <time.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "app/workspace/training_controller.h"
#include "ui/dataset/dataset_view.h"
#include "ui/explore/explorer_view.h"
#include "ui/explore/latent_map_view.h"
#include "ui/training/training_view.h"
#include "ui/window/main_window.h"

namespace {

// CPU time used by the calling thread, in ms.
double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}

}  // namespace

int main(int argc, char* argv[]) {
    latentlab::configure_process_threads();
    QApplication app(argc, argv);
    // The default settings, and run folders in the test location, not the user's.
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("LatentLabBench"));
    QApplication::setApplicationName(QStringLiteral("gui_stall"));
    QSettings().clear();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Longest GUI stall while the main window trains."));
    parser.addHelpOption();
    const QCommandLineOption secondsOption(QStringLiteral("seconds"), QStringLiteral("Seconds to measure."),
                                           QStringLiteral("N"), QStringLiteral("30"));
    const QCommandLineOption dataOption(QStringLiteral("data"), QStringLiteral("fashion-mnist or a folder."),
                                        QStringLiteral("SPEC"), QStringLiteral("fashion-mnist"));
    const QCommandLineOption betaOption(QStringLiteral("change-beta"), QStringLiteral("β to set halfway."),
                                        QStringLiteral("B"));
    const QCommandLineOption shotOption(
        QStringLiteral("screenshot"), QStringLiteral("Save the window at the end."), QStringLiteral("FILE"));
    parser.addOption(secondsOption);
    parser.addOption(dataOption);
    parser.addOption(betaOption);
    parser.addOption(shotOption);
    const QCommandLineOption exploreOption(QStringLiteral("explore"),
                                           QStringLiteral("Go through the Explore tab's views while training."));
    parser.addOption(exploreOption);
    const QCommandLineOption mapOption(QStringLiteral("map"),
                                       QStringLiteral("Show the latent map laid out by tsne or umap while training."),
                                       QStringLiteral("LAYOUT"));
    parser.addOption(mapOption);
    parser.process(app);
    const double seconds = parser.value(secondsOption).toDouble();
    QTextStream out(stdout);

    latentlab::MainWindow window;
    window.resize(1280, 800);
    window.show();
    auto* datasetView = window.findChild<latentlab::DatasetView*>();
    auto* view = window.findChild<latentlab::TrainingView*>();
    auto* controller = window.findChild<latentlab::TrainingController*>();
    QSignalSpy loaded(datasetView, &latentlab::DatasetView::datasetLoaded);
    window.openDataset(parser.value(dataOption));
    if (!loaded.wait(300000)) {
        out << "the data set did not load\n";
        return 1;
    }
    window.findChild<QTabWidget*>()->setCurrentWidget(view);
    // The first layout and paint of the Training tab are not training's doing.
    QElapsedTimer shown;
    shown.start();
    while (shown.elapsed() < 500) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);

    int steps = 0;
    int epochs = 0;
    QObject::connect(controller, &latentlab::TrainingController::stepReported, [&] { ++steps; });
    QObject::connect(controller, &latentlab::TrainingController::epochFinished, [&] { ++epochs; });

    // Not QApplication::quit(): in Qt 6 that closes the window, which stops the run.
    QEventLoop measuring;
    std::vector<double> gaps;  // ms between ticks
    double worst = 0.0;
    double worstAt = 0.0;
    double worstCpu = 0.0;    // GUI thread CPU time within the longest gap
    double busiest = 0.0;     // the most GUI thread CPU time within one gap
    double busiestGap = 0.0;  // and that gap
    double lastCpu = 0.0;
    QElapsedTimer clock;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(5);
    qint64 last = 0;
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        const double gap = static_cast<double>(now - last) * 1e-6;
        const double cpuNow = threadCpuMs();
        const double cpu = cpuNow - lastCpu;
        lastCpu = cpuNow;
        if (gap > worst) {
            worst = gap;
            worstAt = static_cast<double>(now) * 1e-9;
            worstCpu = cpu;
        }
        if (cpu > busiest) {
            busiest = cpu;
            busiestGap = gap;
        }
        gaps.push_back(gap);
        last = now;
        if (static_cast<double>(now) * 1e-9 >= seconds) measuring.quit();
    });

    auto* train = view->findChild<QPushButton*>(QStringLiteral("trainButton"));
    if (!train || !train->isEnabled()) {
        out << "Train is not enabled\n";
        return 1;
    }
    if (parser.isSet(betaOption)) {
        const double beta = parser.value(betaOption).toDouble();
        QTimer::singleShot(static_cast<int>(seconds * 500), view, [view, beta] {
            if (auto* box = view->findChild<QDoubleSpinBox*>(QStringLiteral("beta"))) box->setValue(beta);
        });
    }
    QTimer explore;
    if (parser.isSet(exploreOption)) {
        auto* tabs = window.findChild<QTabWidget*>();
        QWidget* explorer = nullptr;
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->tabText(i).remove(QLatin1Char('&')) == QStringLiteral("Explore")) explorer = tabs->widget(i);
        if (!explorer) {
            out << "there is no Explore tab\n";
            return 1;
        }
        explore.setInterval(2000);
        QObject::connect(&explore, &QTimer::timeout, [tabs, explorer] {
            tabs->setCurrentWidget(explorer);
            if (auto* views = explorer->findChild<QTabWidget*>())
                views->setCurrentIndex((views->currentIndex() + 1) % views->count());
        });
    }
    if (parser.isSet(mapOption)) {
        auto* explorer = window.findChild<latentlab::ExplorerView*>();
        latentlab::LatentMapView* map = explorer ? explorer->latentMap() : nullptr;
        if (!map) {
            out << "there is no latent map\n";
            return 1;
        }
        const QString layout = parser.value(mapOption);
        if (layout != QLatin1String("tsne") && layout != QLatin1String("umap")) {
            out << "--map takes tsne or umap\n";
            return 1;
        }
        window.findChild<QTabWidget*>()->setCurrentWidget(explorer);
        explorer->showView(map);
        map->setProjection(layout == QLatin1String("tsne") ? latentlab::MapProjection::Tsne
                                                            : latentlab::MapProjection::Umap);
    }
    clock.start();
    train->click();
    if (parser.isSet(exploreOption)) explore.start();
    last = clock.nsecsElapsed();
    lastCpu = threadCpuMs();
    ticker.start();
    measuring.exec();
    ticker.stop();
    if (parser.isSet(shotOption)) {
        // The curves replot on a short timer: let the last points in first.
        QElapsedTimer settle;
        settle.start();
        while (settle.elapsed() < 200) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (!window.grab().save(parser.value(shotOption)))
            out << "cannot write " << parser.value(shotOption) << '\n';
    }
    controller->stop();

    std::vector<double> sorted = gaps;
    std::sort(sorted.begin(), sorted.end());
    auto percentile = [&](double p) {
        if (sorted.empty()) return 0.0;
        const size_t i =
            std::min(sorted.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted.size())));
        return sorted[i];
    };
    out << QStringLiteral("measured %1 s of training on %2 (%3 step reports, %4 epochs finished)\n")
               .arg(seconds)
               .arg(parser.value(dataOption))
               .arg(steps)
               .arg(epochs);
    out << QStringLiteral("5 ms timer ticks: %1 (ideal %2)\n")
               .arg(gaps.size())
               .arg(static_cast<int>(seconds * 200));
    out << QStringLiteral("gap between ticks: longest %1 ms (at %2 s), p99 %3 ms, p50 %4 ms\n")
               .arg(sorted.empty() ? 0.0 : sorted.back(), 0, 'f', 1)
               .arg(worstAt, 0, 'f', 1)
               .arg(percentile(0.99), 0, 'f', 1)
               .arg(percentile(0.50), 0, 'f', 1);
    out << QStringLiteral(
               "GUI thread CPU time within the longest gap: %1 ms; most within one gap: %2 ms (of a %3 ms "
               "gap)\n")
               .arg(worstCpu, 0, 'f', 1)
               .arg(busiest, 0, 'f', 1)
               .arg(busiestGap, 0, 'f', 1);
    out.flush();
    // The window's destructor waits for the training thread's current step.
    return 0;
}
