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
        QVERIFY(!latentlab::normalisingHidesDifferences(runs));
        const QImage image = latentlab::curvesPicture(runs, "test ELBO per epoch", 400, 240);
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

    // After two epochs every run falls from its highest to its lowest: on
    // their own ranges they are one line, so the picture is drawn in nats.
    void shortRunsAreDrawnInNats() {
        const QVector<CurveOfRun> runs{{"bernoulli", {-300.0, -250.0}}, {"gaussian", {900.0, 800.0}},
                                       {"cbernoulli", {1000.0, 1100.0}}};
        QVERIFY(!latentlab::normalisingHidesDifferences(runs));  // two rise, one falls
        const QVector<CurveOfRun> same{{"bernoulli", {-300.0, -250.0}}, {"cbernoulli", {1000.0, 1100.0}}};
        QVERIFY(latentlab::normalisingHidesDifferences(same));
        QVERIFY(latentlab::normalisingHidesDifferences({{"a", {1.0}}, {"b", {7.0}}}));
        QVERIFY(!latentlab::normalisingHidesDifferences({{"a", {1.0, 2.0}}}));
        // In nats the two lines lie far apart: the first near the bottom, the second at the top.
        const QImage image = latentlab::curvesPicture(same, "test ELBO per epoch", 400, 240);
        int lowestBlue = 0, highestRed = image.height();
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                if (image.pixelColor(x, y) == QColor(31, 119, 180)) lowestBlue = std::max(lowestBlue, y);
                if (image.pixelColor(x, y) == QColor(214, 39, 40)) highestRed = std::min(highestRed, y);
            }
        QVERIFY2(lowestBlue - highestRed > 100, qPrintable(QStringLiteral("%1 %2").arg(lowestBlue).arg(highestRed)));
    }
};

LATENTLAB_TEST_MAIN(TestCurvesPicture)
#include "test_curves_picture.moc"
