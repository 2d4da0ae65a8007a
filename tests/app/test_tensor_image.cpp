// imageFromPlanes: planar uint8 tensors become QImages pixel for pixel, and
// anything else becomes a null image rather than garbage.

#include "app/inference/tensor_image.h"

#include <QtTest>
#include "test_registry.h"

using latentlab::imageFromPlanes;

namespace {

// A [channels, height, width] uint8 tensor whose value tells where it is:
// 100 * channel + 10 * y + x.
torch::Tensor positions(int64_t channels, int64_t height, int64_t width) {
    const auto c = torch::arange(channels).view({channels, 1, 1}) * 100;
    const auto y = torch::arange(height).view({1, height, 1}) * 10;
    const auto x = torch::arange(width).view({1, 1, width});
    return (c + y + x).to(torch::kUInt8);
}

}  // namespace

class TestTensorImage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void grayscalePixelsAtTheirPlace();
    void rgbPlanesInterleaved();
    void stridedTensorReadsRight();
    void otherShapesAndTypesGiveNull();
};

void TestTensorImage::grayscalePixelsAtTheirPlace() {
    const torch::Tensor planes = positions(1, 3, 4);
    const QImage image = imageFromPlanes(planes);
    QCOMPARE(image.format(), QImage::Format_Grayscale8);
    QCOMPARE(image.size(), QSize(4, 3));
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 4; ++x) QCOMPARE(int(image.constScanLine(y)[x]), 10 * y + x);
    QCOMPARE(image.pixelColor(3, 2), QColor(23, 23, 23));

    // A copy: the tensor may change or go afterwards.
    planes.fill_(0);
    QCOMPARE(int(image.constScanLine(2)[3]), 23);
}

void TestTensorImage::rgbPlanesInterleaved() {
    const QImage image = imageFromPlanes(positions(3, 2, 5));
    QCOMPARE(image.format(), QImage::Format_RGB888);
    QCOMPARE(image.size(), QSize(5, 2));
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 5; ++x) QCOMPARE(image.pixelColor(x, y), QColor(10 * y + x, 100 + 10 * y + x, 200 + 10 * y + x));
}

void TestTensorImage::stridedTensorReadsRight() {
    // Every other column of a wider image, and a planar view of an
    // interleaved [H, W, C] tensor: neither is contiguous.
    using torch::indexing::None;
    using torch::indexing::Slice;
    const torch::Tensor columns = positions(1, 2, 6).index({Slice(), Slice(), Slice(None, None, 2)});
    QVERIFY(!columns.is_contiguous());
    const QImage narrow = imageFromPlanes(columns);
    QCOMPARE(narrow.size(), QSize(3, 2));
    QCOMPARE(int(narrow.constScanLine(1)[2]), 14);

    const torch::Tensor interleaved = positions(3, 2, 2).permute({1, 2, 0}).contiguous();
    const QImage image = imageFromPlanes(interleaved.permute({2, 0, 1}));
    QCOMPARE(image.pixelColor(1, 1), QColor(11, 111, 211));
}

void TestTensorImage::otherShapesAndTypesGiveNull() {
    QVERIFY(imageFromPlanes(positions(2, 3, 3)).isNull());
    QVERIFY(imageFromPlanes(positions(4, 3, 3)).isNull());
    QVERIFY(imageFromPlanes(positions(1, 3, 3).to(torch::kFloat32)).isNull());
    QVERIFY(imageFromPlanes(positions(1, 3, 3).squeeze(0)).isNull());
}

LATENTLAB_TEST_APPLESS_MAIN(TestTensorImage)
#include "test_tensor_image.moc"
