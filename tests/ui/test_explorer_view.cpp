// The Explore tab against a tiny trained model: the interpolation view shows
// as many frames as steps asked for and exports a GIF of them swinging back
// and forth; the traversal view shows a row of images per latent dimension,
// faded exactly where the dimension has collapsed; a pinned snapshot keeps
// answering while a newer one arrives.

#include "app/inference/inference_service.h"
#include "model/base/threads.h"
#include "model/data/image_export.h"
#include "model/train/model_snapshot.h"
#include "model/train/trainer.h"
#include "tiny_models.h"
#include "ui/explore/explorer_view.h"
#include "ui/explore/interpolation_view.h"
#include "ui/explore/traversal_grid.h"
#include "ui/explore/traversal_view.h"
#include "ui/widgets/filmstrip.h"
#include "ui/widgets/image_slot.h"
#include "ui/widgets/pixel_image.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QImage>
#include <QMimeData>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>
#include "test_registry.h"

#include <memory>

using namespace latentlab;

namespace {

constexpr int kTimeoutMs = 60000;
constexpr int kLatent = 4;
constexpr int kSide = 8;

// Shows `view`'s sub-tab holding `pane`, so the pane asks the service.
void showPane(ExplorerView& view, QWidget* pane) {
    view.findChild<QTabWidget*>()->setCurrentWidget(pane);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
}

}  // namespace

class TestExplorerView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void interpolationShowsStepsAndExportsGif();
    void bothPathsShowTheirMiddleNorms();
    void droppedFileIsEncoded();
    void traversalFadesCollapsedRows();
    void collapsedRowsByKl();
    void pinnedSnapshotKeepsAnswering();
    void noModelSaysSo();

private:
    std::shared_ptr<const Dataset> data_;
    SnapshotHandle epoch1_, epoch2_;
};

void TestExplorerView::initTestCase() {
    configure_process_threads();
    QStandardPaths::setTestModeEnabled(true);
    data_ = testing::tinyBars();
    const auto snapshots = testing::tinySnapshots(*data_, kLatent, 2);
    epoch1_ = snapshots[0];
    epoch2_ = snapshots[1];
}

void TestExplorerView::interpolationShowsStepsAndExportsGif() {
    InferenceService service;
    service.setSnapshot(epoch1_);
    service.setDataset(LoadedDataset(data_));
    ExplorerView view(&service, nullptr);
    view.resize(1200, 800);
    InterpolationView* interpolation = view.interpolation();
    interpolation->setSteps(7);
    showPane(view, interpolation);
    QTRY_COMPARE_WITH_TIMEOUT(interpolation->filmstrip()->frameCount(), 7, kTimeoutMs);
    QCOMPARE(interpolation->result().frames.size(), 7);
    // Each frame is on screen, crisp and as wide as a ninth of the strip allows.
    const int strip = interpolation->filmstrip()->width();
    for (const PixelImage* frame : interpolation->filmstrip()->frames()) {
        QCOMPARE(frame->image().size(), QSize(kSide, kSide));
        QVERIFY(frame->isVisible());
        // The layout may still be settling on a loaded machine.
        QTRY_VERIFY2(frame->imageRect().width() >= strip / 9 - 8,
                     qPrintable(QString::number(frame->imageRect().width())));
    }
    // The two images differ (test images 0 and 1), so the path does too.
    QVERIFY(interpolation->result().frames.first() != interpolation->result().frames.last());

    QTemporaryDir dir;
    const QString gif = dir.filePath(QStringLiteral("path.gif"));
    QCOMPARE(interpolation->exportTo(gif), QString());
    QCOMPARE(gif_frame_count(gif.toStdString()), int64_t{2 * 7 - 2});  // there and back, ends once
    const QString mp4 = dir.filePath(QStringLiteral("path.mp4"));
    QCOMPARE(interpolation->exportTo(mp4), QString());
    QCOMPARE(video_frame_count(mp4.toStdString()), int64_t{2 * 7 - 2});
    const QString png = dir.filePath(QStringLiteral("path.png"));
    QCOMPARE(interpolation->exportTo(png), QString());
    const QImage strip9(png);
    // Exports are at 2x: 8 pixels enlarged 2 x 24 times, 2 x 4 apart, with
    // the path above and each frame's t and |z| below (issue #27: no labels).
    QCOMPARE(strip9.width(), 2 * (9 * 192 + 8 * 4));
    QVERIFY(strip9.height() > 2 * 192 + 40);
    const int title = (strip9.height() - 2 * 192) * 4 / 9;  // about a title's share of the margins
    bool inkedAbove = false, inkedBelow = false;
    for (int x = 0; x < strip9.width(); x += 2) {
        for (int y = 0; y < title; ++y) inkedAbove |= strip9.pixelColor(x, y) != Qt::white;
        for (int y = strip9.height() - 20; y < strip9.height(); ++y) inkedBelow |= strip9.pixelColor(x, y) != Qt::white;
    }
    QVERIFY(inkedAbove);
    QVERIFY(inkedBelow);
    QVERIFY(interpolation->labelledStrip(1).width() > 0);
    if (const QString shots = qEnvironmentVariable("LATENTLAB_SCREENSHOTS"); !shots.isEmpty())
        QFile::copy(png, shots + QStringLiteral("/interpolation_strip.png"));
    QVERIFY(!interpolation->exportTo(dir.filePath(QStringLiteral("path.bmp"))).isEmpty());

    // Playing steps through the frames in the large image.
    interpolation->setPlaying(true);
    QVERIFY(interpolation->isPlaying());
    auto* player = interpolation->findChild<PixelImage*>(QStringLiteral("player"));
    QVERIFY(player);
    const QImage before = player->image();
    QTRY_VERIFY(player->image() != before);
    interpolation->setPlaying(false);
}

// Issue #29: the interpolation lesson's contrast on screen. Both paths,
// one strip above the other, each captioned with its middle frame's |z|:
// the straight line's middle code is nearer the origin than slerp's.
void TestExplorerView::bothPathsShowTheirMiddleNorms() {
    InferenceService service;
    service.setSnapshot(epoch1_);
    service.setDataset(LoadedDataset(data_));
    ExplorerView view(&service, nullptr);
    view.resize(1200, 800);
    InterpolationView* interpolation = view.interpolation();
    interpolation->setSteps(11);
    showPane(view, interpolation);
    QVERIFY(!interpolation->otherFilmstrip()->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(interpolation->filmstrip()->frameCount(), 11, kTimeoutMs);
    const quint64 alone = interpolation->result().id;
    // Both requests wait together, as they do while the worker is busy with
    // another view's answer during training.
    service.suspend();
    interpolation->setBothPaths(true);
    service.resume();
    QVERIFY(interpolation->otherFilmstrip()->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(interpolation->otherFilmstrip()->frameCount(), 11, kTimeoutMs);
    // Both requests are answered: the second does not replace the first.
    QTRY_VERIFY_WITH_TIMEOUT(interpolation->result().id != alone, kTimeoutMs);
    const InterpolateResult& line = interpolation->result();
    const InterpolateResult& circle = interpolation->otherResult();
    QCOMPARE(line.norms.size(), 11);
    QCOMPARE(circle.norms.size(), 11);
    // Same ends, different middles: the line dips towards the origin.
    QCOMPARE(line.norms.first(), circle.norms.first());
    QVERIFY2(line.norms.at(5) < circle.norms.at(5),
             qPrintable(QStringLiteral("%1 vs %2").arg(line.norms.at(5)).arg(circle.norms.at(5))));
    QCOMPARE(InterpolationView::pathCaption(false, line),
             QStringLiteral("Linear · middle frame (t = 0.50): |z| = %1").arg(line.norms.at(5), 0, 'f', 2));
    QVERIFY(InterpolationView::pathCaption(true, circle).startsWith(QStringLiteral("Spherical (slerp)")));
    // The exported strip holds both rows.
    const QImage one = interpolation->labelledStrip(1);
    interpolation->setBothPaths(false);
    QVERIFY(!interpolation->otherFilmstrip()->isVisible());
    QCOMPARE(interpolation->labelledStrip(1).height() * 2, one.height());
}

void TestExplorerView::droppedFileIsEncoded() {
    InferenceService service;
    service.setSnapshot(epoch1_);
    service.setDataset(LoadedDataset(data_));
    ExplorerView view(&service, nullptr);
    view.resize(1200, 800);
    InterpolationView* interpolation = view.interpolation();
    showPane(view, interpolation);
    QTRY_VERIFY_WITH_TIMEOUT(interpolation->result().id != 0, kTimeoutMs);

    // A bar no test image has: a full-height vertical bar two pixels wide.
    QTemporaryDir dir;
    QImage bar(kSide, kSide, QImage::Format_Grayscale8);
    bar.fill(0);
    for (int y = 0; y < kSide; ++y) bar.scanLine(y)[3] = bar.scanLine(y)[4] = 255;
    const QString file = dir.filePath(QStringLiteral("bar.png"));
    QVERIFY(bar.save(file));
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(file)});
    ImageSlot* slot = interpolation->fromSlot();
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(slot, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(slot, &drop);
    QCOMPARE(slot->image().file, file);
    QTRY_VERIFY_WITH_TIMEOUT(interpolation->result().first == bar, kTimeoutMs);
    // Back to a test image by its index.
    slot->setIndex(2);
    QVERIFY(slot->image().file.isEmpty());
    QCOMPARE(slot->image().index, qint64(2));
}

void TestExplorerView::traversalFadesCollapsedRows() {
    InferenceService service;
    service.setSnapshot(epoch2_);
    service.setDataset(LoadedDataset(data_));
    ExplorerView view(&service, nullptr);
    view.resize(1200, 800);
    TraversalView* traversal = view.traversal();
    traversal->setColumns(5);
    showPane(view, traversal);
    TraversalGrid* grid = traversal->grid();
    QTRY_COMPARE_WITH_TIMEOUT(grid->columnCount(), 5, kTimeoutMs);
    QCOMPARE(grid->rowCount(), kLatent);
    QCOMPARE(grid->imageCount(), kLatent * 5);
    const TraverseResult& result = traversal->result();
    for (int r = 0; r < kLatent; ++r) {
        QCOMPARE(grid->isCollapsed(r), result.kl.at(r) < 0.01);
        QVERIFY(grid->rowLabel(r).startsWith(QStringLiteral("z%1 · ").arg(result.dimensions.at(r))));
    }
    QCOMPARE(grid->columnLabel(0), QStringLiteral("\u22123σ"));
    QCOMPARE(grid->columnLabel(2), QStringLiteral("0"));

    // Around a chosen image's code instead: a new answer, same shape.
    const quint64 before = result.id;
    traversal->setAroundImage(true);
    QTRY_VERIFY_WITH_TIMEOUT(traversal->result().id != before, kTimeoutMs);
    QCOMPARE(grid->imageCount(), kLatent * 5);

    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("traversal.png"));
    QCOMPARE(traversal->exportTo(png), QString());
    const QImage exported(png);
    // At 2x: 8 pixels enlarged 2 x 12 times, 2 x 2 apart, with the row labels
    // on the left and the offsets along the top, as the window shows them.
    const int tiles = 2 * (5 * 96 + 4 * 2), tilesHigh = 2 * (kLatent * 96 + (kLatent - 1) * 2);
    QVERIFY2(exported.width() > tiles + 40, qPrintable(QString::number(exported.width())));
    QVERIFY(exported.height() > tilesHigh + 20);
    const int labels = exported.width() - tiles, header = exported.height() - tilesHigh;
    // The first tile is the first image, enlarged nearest-neighbour.
    const QImage first = result.images.first().convertToFormat(QImage::Format_RGB32);
    QCOMPARE(exported.pixelColor(labels + 5, header + 5), first.pixelColor(0, 0));
    // Text in the label column and in the header: pixels that are not white.
    const auto inked = [&](const QRect& area) {
        for (int y = area.top(); y <= area.bottom(); ++y)
            for (int x = area.left(); x <= area.right(); ++x)
                if (exported.pixelColor(x, y) != QColor(Qt::white)) return true;
        return false;
    };
    QVERIFY(inked(QRect(0, header, labels - 1, 2 * 96)));
    QVERIFY(inked(QRect(labels, 0, 2 * 96, header - 1)));
}

void TestExplorerView::collapsedRowsByKl() {
    // Rows as the service orders them, two of them under 0.01 nats.
    TraverseResult traversal;
    traversal.dimensions = {3, 0, 2, 1};
    traversal.kl = {2.41, 0.5, 0.0099, 0.0001};
    traversal.offsets = {-1.0, 0.0, 1.0};
    QImage image(kSide, kSide, QImage::Format_Grayscale8);
    image.fill(200);
    traversal.images = QVector<QImage>(12, image);
    TraversalGrid grid(nullptr);
    grid.resize(600, 400);
    grid.setTraversal(traversal);
    QCOMPARE(grid.rowCount(), 4);
    QCOMPARE(grid.imageCount(), 12);
    QCOMPARE(grid.rowLabel(0), QStringLiteral("z3 · 2.41 nats"));
    QVERIFY(!grid.isCollapsed(0) && !grid.isCollapsed(1));
    QVERIFY(grid.isCollapsed(2) && grid.isCollapsed(3));
    QVERIFY(grid.rowLabel(2).endsWith(QStringLiteral("collapsed")));
    QVERIFY(!grid.rowLabel(1).contains(QStringLiteral("collapsed")));
    // Faded on screen: the same grey image is darker in a collapsed row (drawn
    // at 30% over the background) than in a live one.
    grid.resize(600, grid.heightForWidth(600));
    const QImage shown = grid.grab().toImage().convertToFormat(QImage::Format_RGB32);
    auto rowGrey = [&](int row) { return qGray(shown.pixel(grid.imageRect(row, 2).center())); };
    QCOMPARE(rowGrey(0), 200);
    QCOMPARE(rowGrey(1), 200);
    QVERIFY(rowGrey(2) != 200);
    QVERIFY(rowGrey(3) != 200);
}

void TestExplorerView::pinnedSnapshotKeepsAnswering() {
    InferenceService service;
    service.setSnapshot(epoch1_);
    service.setDataset(LoadedDataset(data_));
    ExplorerView view(&service, nullptr);
    view.resize(1200, 800);
    InterpolationView* interpolation = view.interpolation();
    showPane(view, interpolation);
    QTRY_VERIFY_WITH_TIMEOUT(interpolation->result().from.epoch == 1, kTimeoutMs);
    QVERIFY(view.modelText().startsWith(QStringLiteral("Model: epoch 1 of")));

    view.setPinned(true);
    QVERIFY(view.isPinned());
    service.setSnapshot(epoch2_);
    QVERIFY2(view.modelText().contains(QStringLiteral("pinned: epoch 1")), qPrintable(view.modelText()));
    QVERIFY(view.modelText().contains(QStringLiteral("newest: epoch 2")));
    // A new question while pinned is answered by epoch 1.
    quint64 last = interpolation->result().id;
    interpolation->setSteps(5);
    QTRY_VERIFY_WITH_TIMEOUT(interpolation->result().id != last, kTimeoutMs);
    QCOMPARE(interpolation->result().frames.size(), 5);
    QCOMPARE(interpolation->result().from.epoch, qint64(1));
    // The sample toggle asks again, still from the pinned snapshot.
    last = interpolation->result().id;
    view.setShow(DecodedImage::Sample);
    QTRY_VERIFY_WITH_TIMEOUT(interpolation->result().id != last, kTimeoutMs);
    QCOMPARE(interpolation->result().from.epoch, qint64(1));

    // Following again: the newest answers.
    view.setPinned(false);
    QTRY_VERIFY_WITH_TIMEOUT(interpolation->result().from.epoch == 2, kTimeoutMs);
    QVERIFY(view.modelText().startsWith(QStringLiteral("Model: epoch 2 of")));
}

void TestExplorerView::noModelSaysSo() {
    InferenceService service;
    ExplorerView view(&service, nullptr);
    QVERIFY(view.modelText().startsWith(QStringLiteral("No model yet")));
    // Nothing to pin.
    view.setPinned(true);
    QVERIFY(!view.isPinned());
}

LATENTLAB_TEST_MAIN(TestExplorerView)
#include "test_explorer_view.moc"
