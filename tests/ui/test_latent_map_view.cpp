// The latent map against tiny trained models: one point per test image in
// the graph of its class, a click decoding its point of the plane through
// the inverse projection, the hovered point's test image, the decoded
// manifold behind the points of a 2-D latent space, re-projection after an
// epoch, and the CSV of the points.

#include "app/inference/inference_service.h"
#include "model/base/threads.h"
#include "model/train/model_snapshot.h"
#include "model/train/trainer.h"
#include "tiny_models.h"
#include "ui/explore/latent_map_plot.h"
#include "ui/explore/latent_map_view.h"
#include "ui/explore/map_colour_choice.h"

#include <QCheckBox>
#include <QComboBox>
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

QImage tile(const QImage& sheet, int row, int column, int side) {
    return sheet.copy(column * side, row * side, side, side).convertToFormat(QImage::Format_Grayscale8);
}

// `drawn` is `decoded` faded towards white at `opacity`, give or take rounding.
bool isFaintCopy(const QImage& drawn, const QImage& decoded, double opacity) {
    if (drawn.size() != decoded.size()) return false;
    for (int y = 0; y < drawn.height(); ++y)
        for (int x = 0; x < drawn.width(); ++x) {
            const double expected = 255.0 - opacity * (255.0 - qGray(decoded.pixel(x, y)));
            if (std::abs(qGray(drawn.pixel(x, y)) - expected) > 2.0) return false;
        }
    return true;
}

}  // namespace

class TestLatentMapView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void onePointPerTestImageByClass();
    void clickDecodesThatPointOfThePlane();
    void hoverShowsTheTestImage();
    void manifoldBehindTheCodesOfA2dSpace();
    void reprojectsAfterAnEpochKeepingOrientation();
    void axisChoicesShowTheKlOfTheSnapshotShown();
    void anotherRunsMapForgetsTheHoveredImage();
    void csvHasOneRowPerTestImage();
    void neighbourLayoutMovesAndClickDecodesTheNearestImage();

private:
    // A view on `snapshot`, shown, with its first map drawn.
    std::unique_ptr<LatentMapView> shownView(InferenceService& service, const SnapshotHandle& snapshot,
                                             bool manifold = false);

    std::shared_ptr<const Dataset> data_;
    SnapshotHandle snapshot3_, snapshot3later_;  // latent 3, after 1 and 2 epochs
    SnapshotHandle snapshot2_;                   // latent 2
};

void TestLatentMapView::initTestCase() {
    configure_process_threads();
    QStandardPaths::setTestModeEnabled(true);
    data_ = testing::tinyBars();
    const auto three = testing::tinySnapshots(*data_, 3, 2);
    snapshot3_ = three[0];
    snapshot3later_ = three[1];
    snapshot2_ = testing::tinySnapshots(*data_, 2, 2).back();
}

std::unique_ptr<LatentMapView> TestLatentMapView::shownView(InferenceService& service, const SnapshotHandle& snapshot,
                                                            bool manifold) {
    service.setSnapshot(snapshot);
    service.setDataset(LoadedDataset(data_));
    auto view = std::make_unique<LatentMapView>(&service, nullptr);
    view->setManifoldShown(manifold);
    view->resize(1000, 700);
    QSignalSpy shown(view.get(), &LatentMapView::mapShown);
    view->show();
    if (!shown.wait(kTimeoutMs)) return nullptr;
    // The axes know their pixels once the plot has been laid out and drawn.
    if (!QTest::qWaitFor([&] { return view->plot()->plotArea().width() > 300; }, kTimeoutMs)) return nullptr;
    QTest::qWait(50);
    return view;
}

void TestLatentMapView::onePointPerTestImageByClass() {
    InferenceService service;
    const auto view = shownView(service, snapshot3_);
    QVERIFY(view);
    const LoadedDataset data(data_);
    const QVector<qint64> counts = data.classCounts(Split::Test);
    QCOMPARE(counts.size(), 2);
    QVERIFY(counts[0] > 0 && counts[1] > 0);
    LatentMapPlot* plot = view->plot();
    QCOMPARE(plot->classCount(), 2);
    const MapResult& map = view->map();
    QCOMPARE(map.points.size(), 64);
    for (int c = 0; c < 2; ++c) {
        QCOMPARE(plot->className(c), data.classNames()[c]);
        const QVector<QPointF> drawn = plot->classPoints(c);
        QCOMPARE(qint64(drawn.size()), counts[c]);
        // Each of the class's points is in its graph.
        for (int i = 0; i < map.points.size(); ++i)
            if (map.labels[i] == c) QVERIFY(drawn.contains(map.points[i]));
    }
    QVERIFY(plot->classColour(0) != plot->classColour(1));
    QCOMPARE(plot->axisLabel(Qt::Horizontal), QStringLiteral("principal direction 1"));
    // No known factors: "Colour by" stays enabled with its one choice, and says why in its list.
    auto* choice = view->findChild<MapColourChoice*>();
    QVERIFY(choice);
    QVERIFY(choice->isEnabled());
    QVERIFY(choice->factors().isEmpty());
    QVERIFY(choice->hasNoFactorsNote());
    QCOMPARE(choice->factor(), -1);
}

void TestLatentMapView::clickDecodesThatPointOfThePlane() {
    InferenceService service;
    const auto view = shownView(service, snapshot3_);
    QVERIFY(view);
    QWidget* canvas = view->plot()->canvas();
    const QPoint pixel = view->plot()->plotArea().center() + QPoint(40, -30);
    const QPointF plane = view->plot()->planeAt(pixel);
    QVERIFY(std::abs(plane.x()) > 1e-3 && std::abs(plane.y()) > 1e-3);
    QSignalSpy decoded(&service, &InferenceService::decoded);
    QSignalSpy shown(view.get(), &LatentMapView::pointDecoded);
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, pixel);
    QVERIFY(shown.wait(kTimeoutMs));
    QCOMPARE(decoded.count(), 1);
    const auto result = decoded.first().first().value<DecodeResult>();
    const MapResult& map = view->map();
    QCOMPARE(result.z.size(), 3);
    for (int i = 0; i < 3; ++i) {
        const double expected = map.center[i] + plane.x() * map.axisX[i] + plane.y() * map.axisY[i];
        QVERIFY2(std::abs(result.z[i] - expected) < 1e-5, qPrintable(QString::number(i)));
    }
    QCOMPARE(result.from.snapshot, snapshot3_);
    QCOMPARE(view->clickedImage(), result.image);
    QCOMPARE(view->clickedCode(), result.z);
}

void TestLatentMapView::hoverShowsTheTestImage() {
    InferenceService service;
    const auto view = shownView(service, snapshot3_);
    QVERIFY(view);
    const QPointF pixel = view->plot()->pixelAt(view->map().points.at(7));
    const int under = view->plot()->pointAt(pixel);
    QVERIFY(under >= 0);
    // Another point may lie on the same pixel: the one found is as near.
    QVERIFY(QLineF(view->plot()->pixelAt(view->map().points.at(under)), pixel).length() < 1e-6);
    QTest::mouseMove(view->plot()->canvas(), pixel.toPoint());
    QTRY_COMPARE_WITH_TIMEOUT(view->hoveredImage(), LoadedDataset(data_).image(Split::Test, under), 5000);
    // Far from every point: nothing is found there.
    QCOMPARE(view->plot()->pointAt(QPointF(-1000, -1000)), -1);
}

void TestLatentMapView::manifoldBehindTheCodesOfA2dSpace() {
    {
        InferenceService service;
        const auto view = shownView(service, snapshot2_, true);
        QVERIFY(view);
        const MapResult& map = view->map();
        const int side = LatentMapView::kManifoldSide;
        QCOMPARE(map.manifoldSide, side);
        const QImage drawn = view->plot()->manifoldImage();
        QCOMPARE(drawn.size(), QSize(8 * side, 8 * side));
        QVERIFY(map.manifoldArea.width() > 0 && map.manifoldArea.height() > 0);
        QCOMPARE(view->plot()->manifoldRect(), map.manifoldArea);
        // Row by row from the top, each decoded image in its place, faint.
        const double opacity = LatentMapPlot::kManifoldOpacity;
        for (const auto& [r, c] : {std::pair{0, 0}, std::pair{0, side - 1}, std::pair{side - 1, 3}})
            QVERIFY(isFaintCopy(tile(drawn, r, c, 8), map.manifold[r * side + c], opacity));
        QVERIFY(tile(drawn, 0, 0, 8) != tile(drawn, side - 1, side - 1, 8));
        // Faint: no pixel darker than black faded, so grey points stay seen...
        const QImage grey = drawn.convertToFormat(QImage::Format_Grayscale8);
        for (int y = 0; y < grey.height(); ++y)
            for (int x = 0; x < grey.width(); ++x) QVERIFY(qGray(grey.pixel(x, y)) >= 255 * (1.0 - opacity) - 1);
        // ...and the points on top keep their full colour.
        for (int c = 0; c < view->plot()->classCount(); ++c) QCOMPARE(view->plot()->classColour(c).alpha(), 255);
        view->setManifoldShown(false);
        QVERIFY(view->plot()->manifoldImage().isNull());
    }
    // Three dimensions have no plane of codes to draw.
    InferenceService service;
    const auto view = shownView(service, snapshot3_, true);
    QVERIFY(view);
    QVERIFY(view->map().manifold.isEmpty());
    QVERIFY(view->plot()->manifoldImage().isNull());
}

void TestLatentMapView::reprojectsAfterAnEpochKeepingOrientation() {
    InferenceService service;
    const auto view = shownView(service, snapshot3_);
    QVERIFY(view);
    const MapResult before = view->map();
    QSignalSpy shown(view.get(), &LatentMapView::mapShown);
    // Pinned: a newer model changes nothing.
    view->setPinned(snapshot3_);
    service.setSnapshot(snapshot3later_);
    QTest::qWait(300);
    QCOMPARE(shown.count(), 0);
    view->setPinned({});
    QVERIFY(shown.wait(kTimeoutMs));
    const MapResult& after = view->map();
    QCOMPARE(after.from.epoch, qint64(2));
    QVERIFY(after.points != before.points);
    double alongX = 0.0, alongY = 0.0;
    for (int i = 0; i < 3; ++i) {
        alongX += double(after.axisX[i]) * before.axisX[i];
        alongY += double(after.axisY[i]) * before.axisY[i];
    }
    QVERIFY2(alongX > 0.0 && alongY > 0.0, qPrintable(QStringLiteral("%1 %2").arg(alongX).arg(alongY)));
}

// The dimension boxes' "z0 · 3.58 nats" labels follow each epoch's snapshot,
// in the order of the run's first map.
void TestLatentMapView::axisChoicesShowTheKlOfTheSnapshotShown() {
    InferenceService service;
    const auto view = shownView(service, snapshot3_);
    QVERIFY(view);
    auto* dimX = view->findChild<QComboBox*>(QStringLiteral("mapDimX"));
    QVERIFY(dimX);
    QCOMPARE(dimX->count(), 3);
    const auto expected = [&](const SnapshotHandle& snapshot) {
        const SnapshotInfo info = InferenceService::describe(snapshot);
        QStringList texts;
        for (int i = 0; i < dimX->count(); ++i) {
            const int d = dimX->itemData(i).toInt();
            texts << QStringLiteral("z%1 · %2 nats").arg(d).arg(info.klPerDim[d], 0, 'f', 2);
        }
        return texts;
    };
    const auto texts = [&] {
        QStringList all;
        for (int i = 0; i < dimX->count(); ++i) all << dimX->itemText(i);
        return all;
    };
    QCOMPARE(texts(), expected(snapshot3_));
    QVector<int> order;
    for (int i = 0; i < dimX->count(); ++i) order << dimX->itemData(i).toInt();
    QSignalSpy shown(view.get(), &LatentMapView::mapShown);
    service.setSnapshot(snapshot3later_);
    QVERIFY(shown.wait(kTimeoutMs));
    QVERIFY(expected(snapshot3later_) != expected(snapshot3_));  // the KL changed in an epoch
    QCOMPARE(texts(), expected(snapshot3later_));
    for (int i = 0; i < dimX->count(); ++i) QCOMPARE(dimX->itemData(i).toInt(), order[i]);
}

void TestLatentMapView::anotherRunsMapForgetsTheHoveredImage() {
    InferenceService service;
    const auto view = shownView(service, snapshot3_);
    QVERIFY(view);
    const QPointF pixel = view->plot()->pixelAt(view->map().points.at(3));
    QTest::mouseMove(view->plot()->canvas(), pixel.toPoint());
    QVERIFY(QTest::qWaitFor([&] { return !view->hoveredImage().isNull(); }, 5000));
    QSignalSpy shown(view.get(), &LatentMapView::mapShown);
    service.setSnapshot(snapshot2_);
    QVERIFY(shown.wait(kTimeoutMs));
    QVERIFY(view->hoveredImage().isNull());
}

void TestLatentMapView::csvHasOneRowPerTestImage() {
    InferenceService service;
    const auto view = shownView(service, snapshot3_);
    QVERIFY(view);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("map.csv"));
    QString error;
    QVERIFY2(view->exportCsv(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 65);
    QCOMPARE(lines.first(), QStringLiteral("index,x,y,class"));
    const MapResult& map = view->map();
    const QStringList names = LoadedDataset(data_).classNames();
    for (int i = 0; i < 64; ++i) {
        const QStringList fields = lines[i + 1].split(QLatin1Char(','));
        QCOMPARE(fields.size(), 4);
        QCOMPARE(fields[0].toInt(), i);
        QCOMPARE(fields[1].toDouble(), map.points[i].x());
        QCOMPARE(fields[2].toDouble(), map.points[i].y());
        QCOMPARE(fields[3], names[map.labels[i]]);
    }
    const QString png = dir.filePath(QStringLiteral("map.png"));
    QVERIFY(view->exportPng(png));
    QVERIFY(QImage(png).width() >= 900);
}

// t-SNE from the projection box: pictures while it converges, then the map;
// no manifold (no inverse, and the box says so); a click decodes the code of
// the test image nearest to it; the next epoch starts from this layout.
void TestLatentMapView::neighbourLayoutMovesAndClickDecodesTheNearestImage() {
    InferenceService service;
    const auto view = shownView(service, snapshot3_);
    QVERIFY(view);
    auto* box = view->findChild<QComboBox*>(QStringLiteral("mapProjection"));
    QVERIFY(box);
    QSignalSpy moved(view.get(), &LatentMapView::layoutMoved);
    QSignalSpy shown(view.get(), &LatentMapView::mapShown);
    box->setCurrentIndex(box->findData(int(MapProjection::Tsne)));
    QVERIFY(shown.wait(kTimeoutMs));
    QVERIFY(moved.count() >= 1);
    QCOMPARE(view->projection(), MapProjection::Tsne);
    const MapResult map = view->map();
    QCOMPARE(map.projection, MapProjection::Tsne);
    QVERIFY(!map.converging);
    QCOMPARE(map.points.size(), 64);
    QCOMPARE(view->plot()->axisLabel(Qt::Horizontal), QStringLiteral("t-SNE 1"));
    QCOMPARE(view->plot()->classCount(), 2);
    auto* manifold = view->findChild<QCheckBox*>();
    QVERIFY(manifold && !manifold->isEnabled() && manifold->toolTip().contains(QStringLiteral("no inverse")));

    QTest::qWait(50);  // the plot's axes fitted to the layout
    const QPoint pixel = view->plot()->plotArea().center() + QPoint(25, 15);
    const QPointF plane = view->plot()->planeAt(pixel);
    int nearest = 0;
    for (int i = 1; i < map.points.size(); ++i)
        if (QLineF(map.points[i], plane).length() < QLineF(map.points[nearest], plane).length()) nearest = i;
    QSignalSpy decoded(&service, &InferenceService::decoded);
    QSignalSpy pointDecoded(view.get(), &LatentMapView::pointDecoded);
    QTest::mouseClick(view->plot()->canvas(), Qt::LeftButton, Qt::NoModifier, pixel);
    QVERIFY(pointDecoded.wait(kTimeoutMs));
    const auto result = decoded.first().first().value<DecodeResult>();
    // The code decoded is the nearest test image's posterior mean.
    QSignalSpy encoded(&service, &InferenceService::encoded);
    EncodeRequest encode;
    encode.image.index = nearest;
    service.encode(encode);
    QVERIFY(encoded.wait(kTimeoutMs));
    const auto code = encoded.first().first().value<EncodeResult>().mean;
    QCOMPARE(result.z.size(), 3);
    for (int d = 0; d < 3; ++d) QVERIFY(std::abs(result.z[d] - code[d]) < 1e-5);

    // The next epoch: the layout starts from this one and the click stays on its image.
    service.setSnapshot(snapshot3later_);
    QVERIFY(shown.wait(kTimeoutMs));
    const MapResult& later = view->map();
    QCOMPARE(later.from.snapshot, snapshot3later_);
    double motion = 0.0, radius = 0.0;
    for (int i = 0; i < 64; ++i) {
        motion += QLineF(map.points[i], later.points[i]).length() / 64;
        radius += QLineF(map.points[i], QPointF()).length() / 64;
    }
    qInfo("t-SNE map an epoch later: mean motion %.3f of mean radius %.3f", motion, radius);
    QVERIFY(motion < 0.5 * radius);
}

LATENTLAB_TEST_MAIN(TestLatentMapView)
#include "test_latent_map_view.moc"
