// The sliders view against tiny trained models: one slider per latent
// dimension in the order of their test KL, an image that is the service's
// decoding of the sliders' code wherever they are moved, directions that
// span their spread, a start from a test image's code, and a pinned model
// that stays while a newer one arrives.

#include "app/inference/inference_service.h"
#include "model/base/threads.h"
#include "model/train/model_snapshot.h"
#include "model/train/trainer.h"
#include "tiny_models.h"
#include "ui/explore/sliders_view.h"

#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QtTest>
#include "test_registry.h"

#include <algorithm>
#include <memory>
#include <numeric>

using namespace latentlab;

namespace {

constexpr int kTimeoutMs = 60000;

// What the service itself answers for `request`.
template <typename Result, typename Signal, typename Request>
Result ask(InferenceService& service, Signal signal, quint64 (InferenceService::*send)(Request), Request request) {
    QSignalSpy spy(&service, signal);
    const quint64 id = (service.*send)(request);
    for (;;) {
        if (!spy.wait(kTimeoutMs)) return Result{};
        for (const QList<QVariant>& args : spy)
            if (args.first().value<Result>().id == id) return args.first().value<Result>();
    }
}

DecodeResult decodeDirectly(InferenceService& service, const QVector<float>& z, const SnapshotHandle& pinned = {}) {
    DecodeRequest request;
    request.z = z;
    request.pinned = pinned;
    return ask<DecodeResult>(service, &InferenceService::decoded, &InferenceService::decode, request);
}

// True once the view shows the image of the code its sliders describe now.
bool caughtUp(const SlidersView& view) {
    return !view.image().isNull() && view.lastDecoded().z == view.code();
}

}  // namespace

class TestSlidersView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void oneSliderPerDimensionInKlOrder();
    void imageFollowsTheSliders();
    void directionsSpanTheirSpread();
    void startsFromATestImage();
    void pinnedModelStays();
    void answeredWhenAnotherViewsRequestReplacedIts();

private:
    std::shared_ptr<const Dataset> data_;
    SnapshotHandle snapshot3_, snapshot3later_;  // latent 3, after 1 and 2 epochs
    SnapshotHandle snapshot2_;                   // latent 2
};

void TestSlidersView::initTestCase() {
    configure_process_threads();
    QStandardPaths::setTestModeEnabled(true);
    data_ = testing::tinyBars();
    const auto three = testing::tinySnapshots(*data_, 3, 2);
    snapshot3_ = three[0];
    snapshot3later_ = three[1];
    snapshot2_ = testing::tinySnapshots(*data_, 2, 1).back();
}

void TestSlidersView::oneSliderPerDimensionInKlOrder() {
    for (const SnapshotHandle& snapshot : {snapshot3_, snapshot2_}) {
        InferenceService service;
        service.setSnapshot(snapshot);
        service.setDataset(LoadedDataset(data_));
        SlidersView view(&service, nullptr);
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(caughtUp(view), kTimeoutMs);
        const QVector<double> kl = service.snapshot().klPerDim;
        const int latent = service.snapshot().latent;
        QCOMPARE(kl.size(), latent);
        QCOMPARE(view.sliderCount(), latent);
        QVector<int> expected(latent);
        std::iota(expected.begin(), expected.end(), 0);
        std::sort(expected.begin(), expected.end(), [&](int a, int b) { return kl[a] > kl[b]; });
        QVERIFY(kl[expected.first()] > kl[expected.last()]);
        QCOMPARE(view.rowDimensions(), expected);
        for (int row = 0; row < latent; ++row) {
            const int d = expected[row];
            // As the traversal writes it: three decimals under 0.1 nats.
            QCOMPARE(view.sliderLabel(row), QStringLiteral("z%1 · %2 nats").arg(d).arg(kl[d], 0, 'f', kl[d] < 0.1 ? 3 : 2));
            QCOMPARE(view.slider(row)->minimum(), -3 * SlidersView::kStepsPerSd);
            QCOMPARE(view.slider(row)->maximum(), 3 * SlidersView::kStepsPerSd);
        }
        // From the origin until a slider moves.
        QCOMPARE(view.code(), QVector<float>(latent, 0.0f));
    }
}

void TestSlidersView::imageFollowsTheSliders() {
    InferenceService service;
    service.setSnapshot(snapshot3_);
    service.setDataset(LoadedDataset(data_));
    SlidersView view(&service, nullptr);
    view.show();
    QTRY_VERIFY_WITH_TIMEOUT(caughtUp(view), kTimeoutMs);
    const QImage atOrigin = view.image();
    const QVector<int> dims = view.rowDimensions();

    // A drag: a decode on every move, the last position shown.
    for (int value = 10; value <= 150; value += 10) view.slider(0)->setValue(value);
    view.slider(2)->setValue(-220);
    QTRY_VERIFY_WITH_TIMEOUT(caughtUp(view), kTimeoutMs);
    QVector<float> expected(3, 0.0f);
    expected[dims[0]] = 1.5f;
    expected[dims[2]] = -2.2f;
    QCOMPARE(view.code(), expected);
    const DecodeResult direct = decodeDirectly(service, expected);
    QCOMPARE(direct.image.size(), QSize(8, 8));
    QCOMPARE(view.image(), direct.image);
    QVERIFY(view.image() != atOrigin);

    view.randomize();
    const QVector<float> drawn = view.code();
    QVERIFY(std::any_of(drawn.begin(), drawn.end(), [](float z) { return z != 0.0f; }));
    QVERIFY(std::all_of(drawn.begin(), drawn.end(), [](float z) { return std::abs(z) <= 3.0f; }));
    QTRY_VERIFY_WITH_TIMEOUT(caughtUp(view), kTimeoutMs);
    QCOMPARE(view.image(), decodeDirectly(service, drawn).image);
    view.reset();
    QTRY_VERIFY_WITH_TIMEOUT(caughtUp(view), kTimeoutMs);
    QCOMPARE(view.image(), atOrigin);
}

void TestSlidersView::directionsSpanTheirSpread() {
    InferenceService service;
    service.setSnapshot(snapshot3_);
    service.setDataset(LoadedDataset(data_));
    SlidersView view(&service, nullptr);
    view.show();
    view.setBasis(SlidersView::Basis::Directions);
    QTRY_COMPARE_WITH_TIMEOUT(view.sliderCount(), 3, kTimeoutMs);
    const MapResult map = ask<MapResult>(service, &InferenceService::mapped, &InferenceService::map, MapRequest{});
    QCOMPARE(map.directions.size(), 3);
    // Starting from the origin means the test set's mean code here.
    QTRY_VERIFY_WITH_TIMEOUT(caughtUp(view), kTimeoutMs);
    QCOMPARE(view.code(), map.center);
    QCOMPARE(view.sliderLabel(1), QStringLiteral("direction 2 · sd %1").arg(map.spread[1], 0, 'f', 2));

    view.slider(1)->setValue(2 * SlidersView::kStepsPerSd);
    QTRY_VERIFY_WITH_TIMEOUT(caughtUp(view), kTimeoutMs);
    for (int i = 0; i < 3; ++i) {
        const double expected = map.center[i] + 2.0 * map.spread[1] * map.directions[1][i];
        QVERIFY2(std::abs(view.code()[i] - expected) < 1e-5, qPrintable(QString::number(i)));
    }
    QCOMPARE(view.image(), decodeDirectly(service, view.code()).image);
}

void TestSlidersView::startsFromATestImage() {
    InferenceService service;
    service.setSnapshot(snapshot3_);
    service.setDataset(LoadedDataset(data_));
    SlidersView view(&service, nullptr);
    view.show();
    view.startFrom(5);
    EncodeRequest encode;
    encode.image.index = 5;
    const EncodeResult code = ask<EncodeResult>(service, &InferenceService::encoded, &InferenceService::encode, encode);
    QTRY_COMPARE_WITH_TIMEOUT(view.code(), code.mean, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(caughtUp(view), kTimeoutMs);
    QCOMPARE(view.image(), code.reconstruction);
    // Moved away and reset: back to the image's code.
    view.slider(0)->setValue(-250);
    QTRY_VERIFY_WITH_TIMEOUT(caughtUp(view) && view.code() != code.mean, kTimeoutMs);
    view.reset();
    QTRY_VERIFY_WITH_TIMEOUT(caughtUp(view) && view.code() == code.mean, kTimeoutMs);
}

void TestSlidersView::pinnedModelStays() {
    InferenceService service;
    service.setSnapshot(snapshot3_);
    service.setDataset(LoadedDataset(data_));
    SlidersView view(&service, nullptr);
    view.show();
    view.setPinned(snapshot3_);
    view.slider(0)->setValue(120);
    QTRY_VERIFY_WITH_TIMEOUT(caughtUp(view) && view.lastDecoded().from.snapshot == snapshot3_, kTimeoutMs);
    const QImage pinnedImage = view.image();
    QSignalSpy shown(&view, &SlidersView::imageShown);
    service.setSnapshot(snapshot3later_);
    QTest::qWait(300);
    QCOMPARE(shown.count(), 0);
    QCOMPARE(view.image(), pinnedImage);

    // Following again: the newest model decodes the same code.
    view.setPinned({});
    QTRY_VERIFY_WITH_TIMEOUT(view.lastDecoded().from.snapshot == snapshot3later_, kTimeoutMs);
    QCOMPARE(view.image(), decodeDirectly(service, view.code()).image);
    QCOMPARE(view.lastDecoded().from.epoch, qint64(2));
}

void TestSlidersView::answeredWhenAnotherViewsRequestReplacedIts() {
    InferenceService service;
    service.setSnapshot(snapshot3_);
    service.setDataset(LoadedDataset(data_));
    SlidersView view(&service, nullptr);
    view.show();
    QTRY_VERIFY_WITH_TIMEOUT(caughtUp(view), kTimeoutMs);
    // The service keeps one waiting decode for all views: another view's
    // newer one replaces the slider's, and the view must ask again.
    service.suspend();
    view.slider(1)->setValue(-130);
    DecodeRequest other;
    other.z = {0.9f, 0.9f, 0.9f};
    QSignalSpy decoded(&service, &InferenceService::decoded);
    service.decode(other);
    service.resume();
    QTRY_VERIFY_WITH_TIMEOUT(caughtUp(view), kTimeoutMs);
    QCOMPARE(view.code()[view.rowDimensions()[1]], -1.3f);
    QCOMPARE(decoded.first().first().value<DecodeResult>().z, other.z);
    QCOMPARE(view.image(), decodeDirectly(service, view.code()).image);
}

LATENTLAB_TEST_MAIN(TestSlidersView)
#include "test_sliders_view.moc"
