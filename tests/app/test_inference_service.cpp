// The inference service against a tiny model: answers name their snapshot,
// a newer request replaces a waiting one, a pinned snapshot stays as it was
// while training goes on, interpolation ends at the two reconstructions and a
// point of the map decodes through the inverse projection.

#include "app/inference/inference_service.h"
#include "app/workspace/dataset_loader.h"
#include "app/workspace/run_session.h"
#include "bar_folder.h"
#include "model/base/threads.h"
#include "model/train/model_snapshot.h"
#include "model/train/trainer.h"
#include "tiny_models.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"

#include <cmath>
#include <memory>

using namespace latentlab;

namespace {

constexpr int kTimeoutMs = 60000;

}  // namespace

class TestInferenceService : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void decodeNamesItsSnapshot();
    void newerRequestReplacesWaitingOne();
    void waitingRequestsAreTakenSliderMovesFirst();
    void cancelDropsOnlyItsKindAndFailuresNameTheirRequest();
    void interpolationEndsAtReconstructions();
    void mapPointDecodesThroughInverse();
    void neighbourMapsArriveAsTheyConverge();
    void mapsOfOneSnapshotEncodeTheTestSetOnce();
    void answersDuringTrainingFromUnchangingSnapshot();

private:
    std::shared_ptr<const Dataset> data_;
    SnapshotHandle snapshot_;   // latent 3
    SnapshotHandle snapshot2_;  // latent 2
};

void TestInferenceService::initTestCase() {
    configure_process_threads();
    QStandardPaths::setTestModeEnabled(true);
    data_ = testing::tinyBars();
    snapshot_ = testing::tinySnapshots(*data_, 3, 1).back();
    snapshot2_ = testing::tinySnapshots(*data_, 2, 2).back();
}

void TestInferenceService::decodeNamesItsSnapshot() {
    InferenceService service;
    QSignalSpy failed(&service, &InferenceService::failed);
    QSignalSpy decoded(&service, &InferenceService::decoded);
    // No model yet: a clear failure, not a crash.
    service.decode(DecodeRequest{});
    QVERIFY(failed.wait(kTimeoutMs));
    QVERIFY(failed.first().at(2).toString().contains(QStringLiteral("no model yet")));

    service.setSnapshot(snapshot_);
    QCOMPARE(service.snapshot().epoch, qint64(1));
    DecodeRequest request;
    request.z = {0.0f, 0.5f, -0.5f};
    const quint64 id = service.decode(request);
    QVERIFY(decoded.wait(kTimeoutMs));
    const auto result = decoded.first().first().value<DecodeResult>();
    QCOMPARE(result.id, id);
    QCOMPARE(result.from.epoch, qint64(1));
    QVERIFY(result.from.describe().startsWith(QStringLiteral("epoch 1 of")));
    QCOMPARE(result.image.size(), QSize(8, 8));
    // A code of the wrong size is refused with a message.
    request.z = {1.0f};
    service.decode(request);
    QVERIFY(failed.wait(kTimeoutMs));
}

void TestInferenceService::newerRequestReplacesWaitingOne() {
    InferenceService service;
    service.setSnapshot(snapshot_);
    QSignalSpy decoded(&service, &InferenceService::decoded);
    service.suspend();
    quint64 last = 0;
    for (int i = 0; i < 20; ++i) {
        DecodeRequest request;
        request.z = {0.1f * i, 0.0f, 0.0f};
        last = service.decode(request);
    }
    service.resume();
    QVERIFY(decoded.wait(kTimeoutMs));
    QTest::qWait(200);
    QCOMPARE(decoded.count(), 1);  // the 19 older slider positions were never decoded
    QCOMPARE(decoded.first().first().value<DecodeResult>().id, last);
}

// The request table's order: what people watch move (decode, encode) before
// the traversal and the map, whatever order they were asked in.
void TestInferenceService::waitingRequestsAreTakenSliderMovesFirst() {
    InferenceService service;
    service.setSnapshot(snapshot_);
    service.setDataset(LoadedDataset(data_));
    QStringList order;
    connect(&service, &InferenceService::mapped, this, [&] { order << "map"; });
    connect(&service, &InferenceService::traversed, this, [&] { order << "traverse"; });
    connect(&service, &InferenceService::encoded, this, [&] { order << "encode"; });
    connect(&service, &InferenceService::decoded, this, [&] { order << "decode"; });
    QSignalSpy mapped(&service, &InferenceService::mapped);
    service.suspend();
    service.map(MapRequest());
    service.traverse(TraverseRequest());
    EncodeRequest encode;
    encode.image.index = 0;
    service.encode(encode);
    DecodeRequest decode;
    decode.z = {0.0f, 0.0f, 0.0f};
    service.decode(decode);
    service.resume();
    QVERIFY(mapped.wait(kTimeoutMs));
    QCOMPARE(order, (QStringList{"decode", "encode", "traverse", "map"}));
}

void TestInferenceService::cancelDropsOnlyItsKindAndFailuresNameTheirRequest() {
    InferenceService service;
    service.setSnapshot(snapshot_);
    service.setDataset(LoadedDataset(data_));
    QSignalSpy encoded(&service, &InferenceService::encoded);
    QSignalSpy decoded(&service, &InferenceService::decoded);
    QSignalSpy failed(&service, &InferenceService::failed);
    service.suspend();
    EncodeRequest encode;
    encode.image.index = 0;
    service.encode(encode);
    DecodeRequest decode;
    decode.z = {0.0f, 0.0f, 0.0f};
    const quint64 kept = service.decode(decode);
    service.cancel(RequestKind::Encode);
    service.resume();
    QVERIFY(decoded.wait(kTimeoutMs));
    QCOMPARE(decoded.first().first().value<DecodeResult>().id, kept);
    DecodeRequest wrong;
    wrong.z = {1.0f};  // the model's latent space has three dimensions
    const quint64 bad = service.decode(wrong);
    QVERIFY(failed.wait(kTimeoutMs));
    QCOMPARE(failed.first().at(0).value<RequestKind>(), RequestKind::Decode);
    QCOMPARE(failed.first().at(1).value<quint64>(), bad);
    QVERIFY(failed.first().at(2).toString().contains("3 dimensions"));
    QCOMPARE(encoded.count(), 0);
}

void TestInferenceService::interpolationEndsAtReconstructions() {
    InferenceService service;
    service.setSnapshot(snapshot_);
    service.setDataset(LoadedDataset(data_));
    QSignalSpy interpolated(&service, &InferenceService::interpolated);
    QSignalSpy encoded(&service, &InferenceService::encoded);
    InterpolateRequest request;
    request.from.index = 0;
    request.to.index = 5;
    request.steps = 6;
    request.spherical = true;
    service.interpolate(request);
    QVERIFY(interpolated.wait(kTimeoutMs));
    const auto path = interpolated.first().first().value<InterpolateResult>();
    QCOMPARE(path.frames.size(), 6);
    QCOMPARE(path.norms.size(), 6);
    for (const int index : {0, 5}) {
        EncodeRequest encode;
        encode.image.index = index;
        service.encode(encode);
        QVERIFY(encoded.wait(kTimeoutMs));
    }
    QCOMPARE(path.frames.first(), encoded.at(0).first().value<EncodeResult>().reconstruction);
    QCOMPARE(path.frames.last(), encoded.at(1).first().value<EncodeResult>().reconstruction);
    QCOMPARE(path.first, encoded.at(0).first().value<EncodeResult>().original);
}

void TestInferenceService::mapPointDecodesThroughInverse() {
    InferenceService service;
    service.setSnapshot(snapshot2_);
    service.setDataset(LoadedDataset(data_));
    QSignalSpy mapped(&service, &InferenceService::mapped);
    QSignalSpy decoded(&service, &InferenceService::decoded);
    QSignalSpy encoded(&service, &InferenceService::encoded);
    MapRequest request;
    request.manifold = true;
    request.manifoldSide = 4;
    service.map(request);
    QVERIFY(mapped.wait(kTimeoutMs));
    const auto map = mapped.first().first().value<MapResult>();
    QCOMPARE(map.points.size(), 64);
    QCOMPARE(map.labels.size(), 64);
    QCOMPARE(map.manifold.size(), 16);
    QCOMPARE(map.directions.size(), 2);
    // Clicking on test image 3's point decodes the code the plane maps back to:
    // with a 2-D latent space that is the image's posterior mean again.
    const QPointF point = map.points.at(3);
    DecodeRequest decode;
    for (int d = 0; d < 2; ++d)
        decode.z.append(map.center[d] + float(point.x()) * map.axisX[d] + float(point.y()) * map.axisY[d]);
    EncodeRequest encode;
    encode.image.index = 3;
    service.encode(encode);
    QVERIFY(encoded.wait(kTimeoutMs));
    const auto code = encoded.first().first().value<EncodeResult>();
    for (int d = 0; d < 2; ++d) QVERIFY(std::abs(decode.z[d] - code.mean[d]) < 1e-4);
    service.decode(decode);
    QVERIFY(decoded.wait(kTimeoutMs));
    QCOMPARE(decoded.first().first().value<DecodeResult>().image, code.reconstruction);
}

namespace {

// The answers to one map request up to its last (converging == false).
QVector<MapResult> mapAnswers(QSignalSpy& mapped) {
    QVector<MapResult> answers;
    for (;;) {
        while (mapped.isEmpty())
            if (!mapped.wait(kTimeoutMs)) return answers;
        answers.append(mapped.takeFirst().first().value<MapResult>());
        if (!answers.last().converging) return answers;
    }
}

double meanDistance(const QVector<QPointF>& a, const QVector<QPointF>& b) {
    double sum = 0.0;
    for (int i = 0; i < a.size(); ++i) sum += std::hypot(a[i].x() - b[i].x(), a[i].y() - b[i].y());
    return sum / a.size();
}

double rmsRadius(const QVector<QPointF>& points) {
    QPointF centre;
    for (const QPointF& p : points) centre += p / points.size();
    double sum = 0.0;
    for (const QPointF& p : points) sum += std::pow(p.x() - centre.x(), 2) + std::pow(p.y() - centre.y(), 2);
    return std::sqrt(sum / points.size());
}

}  // namespace

// Issue #27: the sliders' principal directions and the latent map each
// encoded the test set and computed its PCA. The second request for the same
// snapshot and data set reads the first's codes (no encoding progress), with
// the same directions; a new snapshot encodes again.
void TestInferenceService::mapsOfOneSnapshotEncodeTheTestSetOnce() {
    InferenceService service;
    service.setSnapshot(snapshot_);
    service.setDataset(LoadedDataset(data_));
    QSignalSpy mapped(&service, &InferenceService::mapped);
    QSignalSpy progress(&service, &InferenceService::progress);
    const auto progressOf = [&progress](quint64 id) {
        int count = 0;
        for (const auto& signal : progress)
            if (signal.at(0).value<RequestKind>() == RequestKind::Map && signal.at(1).toULongLong() == id) ++count;
        return count;
    };
    MapRequest map;  // the latent map's
    map.client = 1;
    const quint64 first = service.map(map);
    QVERIFY(mapped.wait(kTimeoutMs));
    QVERIFY(progressOf(first) > 0);  // it encoded the test set
    const auto drawn = mapped.takeFirst().first().value<MapResult>();
    MapRequest directions;  // the sliders'
    directions.client = 2;
    const quint64 second = service.map(directions);
    QVERIFY(mapped.wait(kTimeoutMs));
    const auto read = mapped.takeFirst().first().value<MapResult>();
    QCOMPARE(progressOf(second), 0);
    QCOMPARE(read.id, second);
    QCOMPARE(read.directions, drawn.directions);
    QCOMPARE(read.spread, drawn.spread);
    QCOMPARE(read.points, drawn.points);
    // Another model's codes are its own.
    service.setSnapshot(snapshot2_);
    const quint64 third = service.map(map);
    QVERIFY(mapped.wait(kTimeoutMs));
    QVERIFY(progressOf(third) > 0);
    QCOMPARE(mapped.takeFirst().first().value<MapResult>().directions.size(), 2);
}

// t-SNE and UMAP maps: pictures while the layout converges, then the answer,
// all with the request's id; the same seed gives the same map; a previous
// layout is the start, so the next epoch's map does not jump; a newer
// request stops an older layout.
void TestInferenceService::neighbourMapsArriveAsTheyConverge() {
    InferenceService service;
    service.setSnapshot(snapshot_);
    service.setDataset(LoadedDataset(data_));
    QSignalSpy mapped(&service, &InferenceService::mapped);
    for (MapProjection projection : {MapProjection::Tsne, MapProjection::Umap}) {
        MapRequest request;
        request.projection = projection;
        const quint64 id = service.map(request);
        const auto answers = mapAnswers(mapped);
        QVERIFY(answers.size() >= 3);
        const MapResult& last = answers.last();
        for (const MapResult& answer : answers) {
            QCOMPARE(answer.id, id);
            QCOMPARE(answer.projection, projection);
            QCOMPARE(answer.points.size(), 64);
        }
        QVERIFY(answers.first().iteration < answers.at(answers.size() - 2).iteration);
        // No inverse: no axes; the codes for a click instead.
        QVERIFY(last.center.isEmpty() && last.axisX.isEmpty());
        QCOMPARE(last.codes.size(), 64 * 3);
        QCOMPARE(last.labels.size(), 64);
        // Seeded: the same picture again.
        service.map(request);
        QCOMPARE(mapAnswers(mapped).last().points, last.points);
        // From the previous layout: it stays where it was.
        request.previousLayout = last.points;
        service.map(request);
        const auto again = mapAnswers(mapped).last().points;
        const double motion = meanDistance(last.points, again) / rmsRadius(last.points);
        qInfo("%s from its own layout: relative motion %.4f", projection == MapProjection::Tsne ? "t-SNE" : "UMAP", motion);
        // 64 images, a quarter of them each point's neighbours: UMAP's
        // random pushes move a tiny set more than test_umap_layout's blobs (0.035).
        QVERIFY(motion < 0.2);
    }
    // A newer map while a layout runs: it is answered last (the older one
    // stops at its next picture, or has finished before).
    MapRequest tsne;
    tsne.projection = MapProjection::Tsne;
    const quint64 first = service.map(tsne);
    QVERIFY(mapped.wait(kTimeoutMs));
    const quint64 second = service.map(MapRequest{});
    QTRY_VERIFY_WITH_TIMEOUT(!mapped.isEmpty() && mapped.last().first().value<MapResult>().id == second, kTimeoutMs);
    for (const auto& signal : mapped) {
        const quint64 answered = signal.first().value<MapResult>().id;
        QVERIFY(answered == first || answered == second);
    }
}

void TestInferenceService::answersDuringTrainingFromUnchangingSnapshot() {
    QTemporaryDir dir;
    QString failure;
    QVERIFY2(testing::writeBarFolder(dir.filePath(QStringLiteral("bars")), 8, 40, 8, &failure), qPrintable(failure));
    DatasetLoader loader;
    QSignalSpy loaded(&loader, &DatasetLoader::loaded);
    loader.load(dir.filePath(QStringLiteral("bars")), 8, 1);
    QVERIFY(loaded.wait(kTimeoutMs));
    RunSession session;
    session.setDataset(loaded.first().first().value<LoadedDataset>());
    InferenceService* service = session.inference();
    QSignalSpy snapshots(service, &InferenceService::snapshotChanged);
    QSignalSpy decoded(service, &InferenceService::decoded);
    RunConfig config = testing::tinyConfig(3);
    config.train.batch_size = 8;
    config.train.epochs = 100000;
    QVERIFY(session.start(config));
    // The first epoch's copy arrives while the run goes on.
    QTRY_VERIFY_WITH_TIMEOUT(service->snapshot().isValid(), kTimeoutMs);
    const SnapshotInfo first = service->snapshot();
    DecodeRequest request;
    request.z = {0.3f, -0.2f, 0.1f};
    request.pinned = first.snapshot;
    service->decode(request);
    QVERIFY(decoded.wait(kTimeoutMs));
    QVERIFY(session.isRunning());
    const auto before = decoded.takeFirst().first().value<DecodeResult>();
    QCOMPARE(before.from.epoch, first.epoch);
    // Two epochs later the pinned copy decodes the same image; the newest one differs.
    QTRY_VERIFY_WITH_TIMEOUT(service->snapshot().epoch >= first.epoch + 2, kTimeoutMs);
    service->decode(request);
    QVERIFY(decoded.wait(kTimeoutMs));
    QCOMPARE(decoded.takeFirst().first().value<DecodeResult>().image, before.image);
    request.pinned.reset();
    service->decode(request);
    QVERIFY(decoded.wait(kTimeoutMs));
    const auto newest = decoded.takeFirst().first().value<DecodeResult>();
    QVERIFY(newest.from.epoch > first.epoch);
    // A view asking for fresher weights gets a copy taken between two steps:
    // asked while the run is paused mid-epoch, it goes out on resuming,
    // before the epoch's own copy.
    QSignalSpy paused(&session, &RunSession::paused);
    session.togglePause();
    QVERIFY(paused.wait(kTimeoutMs));
    snapshots.clear();
    service->askForFresherWeights();
    session.togglePause();
    QTRY_VERIFY_WITH_TIMEOUT(!snapshots.isEmpty(), kTimeoutMs);
    QVERIFY(snapshots.first().first().value<SnapshotInfo>().betweenEpochs);
    session.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!session.isRunning(), kTimeoutMs);
}

LATENTLAB_TEST_MAIN(TestInferenceService)
#include "test_inference_service.moc"
