// ImageGrid fills its pane: a whole enlargement when it fills most of it,
// else a fractional one, the pixels kept sharp either way.

#include "ui/widgets/image_grid.h"

#include <QImage>
#include <QtTest>
#include "test_registry.h"

using latentlab::ImageGrid;

namespace {

QVector<QImage> whiteImages(int count) {
    QVector<QImage> images;
    for (int i = 0; i < count; ++i) {
        QImage image(28, 28, QImage::Format_Grayscale8);
        image.fill(255);
        images.append(image);
    }
    return images;
}

// The bounding box of the pure white pixels the grid drew.
QRect whiteArea(const QImage& shown) {
    QRect box;
    for (int y = 0; y < shown.height(); ++y)
        for (int x = 0; x < shown.width(); ++x)
            if (shown.pixel(x, y) == qRgb(255, 255, 255)) box |= QRect(x, y, 1, 1);
    return box;
}

}  // namespace

class TestImageGrid : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fillsPane_data();
    void fillsPane();
    void bandsFillWidePane();
};

void TestImageGrid::fillsPane_data() {
    QTest::addColumn<QSize>("pane");
    QTest::addColumn<int>("cell");
    // 4 x 4 images of 28 with 1-pixel gaps. 400: 3.54 fits, 3 fills 85%:
    // whole. 200: 1.76 fits, 1 would fill 57%: fractional, 49 pixels a cell.
    QTest::newRow("whole") << QSize(400, 400) << 84;
    QTest::newRow("fractional") << QSize(200, 200) << 49;
}

void TestImageGrid::fillsPane() {
    QFETCH(QSize, pane);
    QFETCH(int, cell);
    ImageGrid grid(nullptr);
    grid.resize(pane);
    grid.setImages(whiteImages(16));
    const QImage shown = grid.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QRect area = whiteArea(shown);
    QCOMPARE(area.width(), 4 * cell + 3);
    QCOMPARE(area.height(), 4 * cell + 3);
    QVERIFY(area.width() >= 0.8 * pane.width());
    // Centred.
    QVERIFY(std::abs(area.center().x() - pane.width() / 2) <= 1);
}

void TestImageGrid::bandsFillWidePane() {
    // Originals above reconstructions, as in the training view: 16 of each in
    // a wide, low pane are laid out in two long rows, not a square.
    ImageGrid grid(nullptr);
    grid.resize(900, 200);
    grid.setBands({whiteImages(16), whiteImages(16)});
    const QImage shown = grid.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QRect area = whiteArea(shown);
    QVERIFY2(area.width() >= 0.8 * 900 || area.height() >= 0.8 * 200,
             qPrintable(QStringLiteral("%1 x %2").arg(area.width()).arg(area.height())));
}

LATENTLAB_TEST_MAIN(TestImageGrid)
#include "test_image_grid.moc"
