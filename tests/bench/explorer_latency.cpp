// How quickly the inference service answers the explorer's requests while a
// run trains in the same process, and how much it slows the run.
//
//   explorer_latency [--data fashion-mnist|FOLDER] [--size 64 --channels 3]
//                    [--arch mlp|conv] [--repeats 20]
//
// Starts a run with the default settings (the given architecture), waits for
// its first epoch's snapshot, then, while it trains on: `repeats` decodes of
// one code (a slider move), `repeats` 9-column traversals of every latent
// dimension, and a few maps of the whole test set, each timed from the request
// to the answer on the GUI thread (medians and 90th percentiles). The run's
// images per second are reported for a quiet stretch and for the stretch in
// which the service answered back-to-back requests. A diagnostic, not a test.

#include "app/inference/inference_service.h"
#include "app/workspace/dataset_loader.h"
#include "app/workspace/run_session.h"
#include "model/base/threads.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace latentlab;

namespace {

struct Timing {
    double median = 0.0, p90 = 0.0;
};

Timing summarise(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    if (ms.empty()) return {};
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 9 / 10)]};
}

// The run's images per second over `seconds` of steps, from its step reports.
double trainingRate(RunSession& session, double seconds, const std::function<void()>& meanwhile = {}) {
    qint64 images = 0;
    const qint64 batch = session.runConfig().train.batch_size;
    const auto connection = QObject::connect(&session, &RunSession::stepReported, [&](const StepStats&) {
        images += batch * 10;  // a report every 10 steps
    });
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < seconds * 1000) {
        if (meanwhile) meanwhile();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    QObject::disconnect(connection);
    return static_cast<double>(images) / (static_cast<double>(timer.elapsed()) / 1000.0);
}

}  // namespace

int main(int argc, char* argv[]) {
    configure_process_threads();
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCommandLineParser parser;
    parser.addOption({"data", "Data set.", "SPEC", "fashion-mnist"});
    parser.addOption({"size", "Folder image side.", "N", "64"});
    parser.addOption({"channels", "Folder channels.", "C", "3"});
    parser.addOption({"arch", "mlp or conv.", "ARCH", "mlp"});
    parser.addOption({"repeats", "Requests of each kind.", "N", "20"});
    parser.process(app);
    const int repeats = std::max(3, parser.value("repeats").toInt());

    DatasetLoader loader;
    QSignalSpy loaded(&loader, &DatasetLoader::loaded);
    loader.load(parser.value("data"), parser.value("size").toInt(), parser.value("channels").toInt());
    if (!loaded.wait(600000)) return 1;
    RunSession session;
    session.setDataset(loaded.first().first().value<LoadedDataset>());
    RunConfig config;
    config.train.epochs = 1000;
    if (parser.value("arch") == "conv") {
        config.model.architecture = Architecture::Conv;
        config.model.hidden = default_hidden(Architecture::Conv);
    }
    if (!session.start(config)) return 1;
    InferenceService* service = session.inference();
    QSignalSpy snapshots(service, &InferenceService::snapshotChanged);
    if (!snapshots.wait(600000)) return 1;
    const int latent = service->snapshot().latent;
    std::printf("model: %s, %d latent dimensions, snapshot of %s\n", describe(session.runConfig().model).c_str(), latent,
                qPrintable(service->snapshot().describe()));

    const double quiet = trainingRate(session, 8.0);

    // Each request is sent when the previous answer has arrived, as a slider
    // that follows its answers would.
    std::vector<double> decodeMs, traverseMs, mapMs;
    QSignalSpy decoded(service, &InferenceService::decoded);
    QSignalSpy traversed(service, &InferenceService::traversed);
    QSignalSpy mapped(service, &InferenceService::mapped);
    int sent = 0;
    QElapsedTimer sinceRequest;
    const double busy = trainingRate(session, 8.0, [&] {
        if (sent > 0 && decoded.count() < sent) return;
        if (sent > 0) decodeMs.push_back(static_cast<double>(sinceRequest.nsecsElapsed()) / 1e6);
        DecodeRequest request;
        request.z = QVector<float>(latent, 0.1f * static_cast<float>(sent % 10));
        sinceRequest.start();
        service->decode(request);
        ++sent;
    });
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer timer;
        timer.start();
        service->traverse(TraverseRequest{});
        if (!traversed.wait(60000)) return 1;
        traverseMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    for (int i = 0; i < std::max(3, repeats / 4); ++i) {
        QElapsedTimer timer;
        timer.start();
        service->map(MapRequest{});
        if (!mapped.wait(60000)) return 1;
        mapMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    const Timing d = summarise(decodeMs), t = summarise(traverseMs), m = summarise(mapMs);
    std::printf("decode (one image):              median %7.1f ms, p90 %7.1f ms (%zu requests)\n", d.median, d.p90,
                decodeMs.size());
    std::printf("traversal (%d x 9 images):       median %7.1f ms, p90 %7.1f ms (%zu requests)\n", latent, t.median,
                t.p90, traverseMs.size());
    std::printf("map (%lld test images):        median %7.1f ms, p90 %7.1f ms (%zu requests)\n",
                static_cast<long long>(service->dataset().count(Split::Test)), m.median, m.p90, mapMs.size());
    std::printf("training: %.0f images/s quiet, %.0f images/s while answering decodes back to back (%.0f%% slower)\n",
                quiet, busy, 100.0 * (1.0 - busy / std::max(quiet, 1.0)));
    session.stop();
    QSignalSpy finished(&session, &RunSession::finished);
    finished.wait(60000);
    return 0;
}
