// The report's curves picture: each run normalised to its own range.

#include "app/report/curves_picture.h"

#include <QtTest/QtTest>
#include "test_registry.h"

using latentlab::CurveOfRun;

class TestCurvesPicture : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void eachRunOnItsOwnRange() {
        // -250 .. -240 nats and 700 .. 900 nats both become 0 .. 1.
        QCOMPARE(latentlab::normalisedToOwnRange({-250.0, -245.0, -240.0}), (QVector<double>{0.0, 0.5, 1.0}));
        QCOMPARE(latentlab::normalisedToOwnRange({900.0, 700.0, 750.0}), (QVector<double>{1.0, 0.0, 0.25}));
        QCOMPARE(latentlab::normalisedToOwnRange({3.0, 3.0}), (QVector<double>{0.5, 0.5}));
        QVERIFY(latentlab::normalisedToOwnRange({}).isEmpty());
    }

    void drawsOneColourPerRun() {
        const QVector<CurveOfRun> runs{{"a", {1.0, 2.0, 3.0}}, {"b", {5.0, 4.0, 3.0}}};
        const QImage image = latentlab::curvesPicture(runs, "normalised per run", 400, 240);
        QCOMPARE(image.size(), QSize(400, 240));
        // Both runs' colours appear: blue for the first, red for the second.
        bool blue = false, red = false;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                blue |= c == QColor(31, 119, 180);
                red |= c == QColor(214, 39, 40);
            }
        QVERIFY(blue && red);
    }
};

LATENTLAB_TEST_MAIN(TestCurvesPicture)
#include "test_curves_picture.moc"
