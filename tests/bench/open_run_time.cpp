// Times File > Open Run without a window: reading a run folder (RunLoader::
// open) and rendering its previews (RunLoader::makePreviews), each the median
// of several repeats. Usage: open_run_time RUN_FOLDER [repeats]
// The run's own data set is loaded first and not timed.

#include "app/runs/run_loader.h"
#include "app/workspace/dataset_loader.h"
#include "model/base/threads.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

}  // namespace

int main(int argc, char* argv[]) {
    latentlab::configure_process_threads();
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: open_run_time RUN_FOLDER [repeats]\n");
        return 2;
    }
    const QString folder = QString::fromLocal8Bit(argv[1]);
    const int repeats = argc > 2 ? std::max(1, atoi(argv[2])) : 5;

    // The run's own data set (not timed).
    latentlab::RunLoader loader;
    QSignalSpy first(&loader, &latentlab::RunLoader::opened);
    loader.open(folder);
    if (!first.wait(60000)) return 1;
    const auto config = first.first().at(0).value<latentlab::LoadedRun>().config.data;
    latentlab::DatasetLoader datasets;
    QSignalSpy loaded(&datasets, &latentlab::DatasetLoader::loaded);
    datasets.load(QString::fromStdString(config.spec), static_cast<int>(config.size), static_cast<int>(config.channels));
    if (!loaded.wait(600000)) return 1;
    const auto dataset = loaded.first().at(0).value<latentlab::LoadedDataset>();

    std::vector<double> openMs, previewMs;
    double spread = 0.0;
    for (int i = 0; i < repeats; ++i) {
        QSignalSpy opened(&loader, &latentlab::RunLoader::opened);
        QElapsedTimer timer;
        timer.start();
        loader.open(folder);
        if (!opened.wait(60000)) return 1;
        openMs.push_back(timer.nsecsElapsed() / 1e6);
        QSignalSpy previews(&loader, &latentlab::RunLoader::previewsReady);
        timer.restart();
        loader.makePreviews(folder, dataset);
        if (!previews.wait(60000)) return 1;
        previewMs.push_back(timer.nsecsElapsed() / 1e6);
        spread = previews.first().at(1).value<latentlab::PreviewImages>().reconstructionSpread;
    }
    std::printf("open run: %.1f ms, previews: %.1f ms (medians of %d); reconstruction spread %.3f "
                "(the Training tab says 'still learning the average' below %.2f)\n",
                median(openMs), median(previewMs), repeats, spread, latentlab::PreviewImages::kStillAverage);
    return 0;
}
