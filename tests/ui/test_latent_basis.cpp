// The sliders' axes: a dimension moves one number of the code; a principal
// direction moves the code along it by its spread, around the test mean,
// and leaves the code's place on the other directions as it was.

#include "ui/explore/latent_basis.h"

#include <QtTest>
#include "test_registry.h"

#include <cmath>

using namespace latentlab;

class TestLatentBasis : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dimensionMovesOneNumber();
    void directionMovesAlongItsSpread();
    void alignedDirectionsKeepTheirSigns();
};

void TestLatentBasis::dimensionMovesOneNumber() {
    const LatentBasis basis = LatentBasis::dimensions({2, 0, 1});
    QCOMPARE(basis.count(), 3);
    QCOMPARE(basis.latent(), 3);
    QVERIFY(!basis.isDirections());
    QCOMPARE(basis.origin(), QVector<float>(3, 0.0f));
    QVector<float> code = {0.5f, -1.0f, 0.25f};
    basis.moveTo(code, 0, 1.5);
    QCOMPARE(code, (QVector<float>{0.5f, -1.0f, 1.5f}));
    QCOMPARE(basis.coordinate(code, 0), 1.5);
    QCOMPARE(basis.coordinate(code, 1), 0.5);
    QCOMPARE(basis.spread(2), 1.0);
}

void TestLatentBasis::directionMovesAlongItsSpread() {
    const float c = std::cos(0.5f), s = std::sin(0.5f);
    const QVector<float> mean = {1.0f, -1.0f};
    const LatentBasis basis = LatentBasis::directions({{c, s}, {-s, c}}, {2.0, 0.5}, mean);
    QVERIFY(basis.isDirections());
    QCOMPARE(basis.count(), 2);
    QCOMPARE(basis.origin(), mean);
    QVector<float> code = basis.origin();
    QCOMPARE(basis.coordinate(code, 0), 0.0);
    basis.moveTo(code, 0, 1.0);
    QVERIFY(std::abs(code[0] - (1.0f + 2.0f * c)) < 1e-6f);
    QVERIFY(std::abs(code[1] - (-1.0f + 2.0f * s)) < 1e-6f);
    QVERIFY(std::abs(basis.coordinate(code, 1)) < 1e-6);
    basis.moveTo(code, 1, -2.0);
    QVERIFY(std::abs(basis.coordinate(code, 0) - 1.0) < 1e-6);
    QVERIFY(std::abs(basis.coordinate(code, 1) + 2.0) < 1e-6);
    // A direction without spread still moves the code.
    const LatentBasis flat = LatentBasis::directions({{1.0f, 0.0f}, {0.0f, 1.0f}}, {1.0, 0.0}, {0.0f, 0.0f});
    QVector<float> moved = flat.origin();
    flat.moveTo(moved, 1, 3.0);
    QVERIFY(moved[1] > 0.0f);
}

void TestLatentBasis::alignedDirectionsKeepTheirSigns() {
    const LatentBasis before = LatentBasis::directions({{1.0f, 0.0f}, {0.0f, 1.0f}}, {1.0, 1.0}, {0.0f, 0.0f});
    LatentBasis after = LatentBasis::directions({{-0.99f, 0.141f}, {0.141f, 0.99f}}, {1.0, 1.0}, {0.0f, 0.0f});
    const QVector<float> code = {0.8f, 0.3f};
    QVERIFY(after.coordinate(code, 0) < 0.0);
    after.alignWith(before);
    QVERIFY(after.coordinate(code, 0) > 0.0);
    QVERIFY(after.coordinate(code, 1) > 0.0);
}

LATENTLAB_TEST_MAIN(TestLatentBasis)
#include "test_latent_basis.moc"
