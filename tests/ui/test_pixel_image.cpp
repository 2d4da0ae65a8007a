// PixelImage fills its widget with a small image enlarged by repeating
// pixels, centred, and shows its placeholder without one.

#include "ui/widgets/pixel_image.h"

#include <QImage>
#include <QtTest>
#include "test_registry.h"

using latentlab::PixelImage;

namespace {

// 28 x 28 grey pixels, each different from its right and lower neighbour.
QImage pattern() {
    QImage image(28, 28, QImage::Format_Grayscale8);
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) image.scanLine(y)[x] = static_cast<uchar>((x * 7 + y * 3) % 256);
    return image;
}

}  // namespace

class TestPixelImage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fillsSquareWidgetWithCrispPixels();
    void centresInWiderWidget();
    void placeholderWithoutImage();
};

void TestPixelImage::fillsSquareWidgetWithCrispPixels() {
    PixelImage view(nullptr);
    view.resize(280, 280);
    const QImage source = pattern();
    view.setImage(source);
    QCOMPARE(view.imageRect(), QRect(0, 0, 280, 280));
    const QImage shown = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
    QCOMPARE(shown.size(), QSize(280, 280));
    // Each source pixel is a 10 x 10 square of its own grey: neighbours inside
    // one square are equal, and every square has its pixel's value (a smooth
    // scale would blend the squares' edges with their neighbours).
    for (int y = 0; y < 28; ++y) {
        for (int x = 0; x < 28; ++x) {
            const int value = source.pixelColor(x, y).red();
            for (const QPoint& inside : {QPoint(0, 0), QPoint(1, 0), QPoint(9, 9), QPoint(8, 9)})
                QCOMPARE(qGray(shown.pixel(x * 10 + inside.x(), y * 10 + inside.y())), value);
        }
    }
}

void TestPixelImage::centresInWiderWidget() {
    PixelImage view(nullptr);
    view.resize(400, 280);
    view.setImage(pattern());
    // Height decides: 280 x 280, with 60 pixels left and right.
    QCOMPARE(view.imageRect(), QRect(60, 0, 280, 280));
    const QImage shown = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QRgb background = shown.pixel(5, 140);
    QCOMPARE(shown.pixel(394, 140), background);
    QCOMPARE(qGray(shown.pixel(60, 0)), pattern().pixelColor(0, 0).red());
    QCOMPARE(qGray(shown.pixel(339, 279)), pattern().pixelColor(27, 27).red());
    // A fractional factor (300 / 28) still gives whole source pixels.
    view.resize(300, 300);
    QCOMPARE(view.imageRect(), QRect(0, 0, 300, 300));
    const QImage fractional = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
    QCOMPARE(qGray(fractional.pixel(0, 0)), pattern().pixelColor(0, 0).red());
    QCOMPARE(qGray(fractional.pixel(299, 299)), pattern().pixelColor(27, 27).red());
}

void TestPixelImage::placeholderWithoutImage() {
    PixelImage view(nullptr);
    view.resize(200, 100);
    view.setPlaceholderText(QStringLiteral("Nothing yet"));
    QVERIFY(view.imageRect().isEmpty());
    const QImage shown = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
    // Text was drawn: not every pixel is the background's.
    bool drawn = false;
    for (int y = 0; y < shown.height() && !drawn; ++y)
        for (int x = 0; x < shown.width() && !drawn; ++x) drawn = shown.pixel(x, y) != shown.pixel(0, 0);
    QVERIFY(drawn);
}

LATENTLAB_TEST_MAIN(TestPixelImage)
#include "test_pixel_image.moc"
