// The latent map's plot on made-up points, no model: a linear projection's
// axes at one scale (a unit on x as long as on y, also after a resize, the
// points all inside), t-SNE's free; a colour bar labelled at both ends; the selected point's ring staying while
// the pointer hovers other points, until the next click.

#include "ui/explore/latent_map_plot.h"
#include "ui/explore/map_area_selector.h"
#include "ui/explore/map_marks.h"

#include <qcustomplot.h>

#include <QtTest>
#include "test_registry.h"

#include <cmath>

using namespace latentlab;

namespace {

// Points on a 2 x 8 rectangle (x in [-1, 1], y in [-4, 4]), two classes.
MapResult tallMap(MapProjection projection) {
    MapResult map;
    map.projection = projection;
    for (int i = 0; i < 17; ++i) {
        map.points.append(QPointF(i % 2 ? 1.0 : -1.0, -4.0 + i * 0.5));
        map.labels.append(i % 2);
    }
    map.classNames = {QStringLiteral("odd"), QStringLiteral("even")};
    return map;
}

// Pixels per unit along x and along y.
QPair<double, double> unitLengths(const LatentMapPlot& plot) {
    const QCPAxis* x = plot.plot()->xAxis;
    const QCPAxis* y = plot.plot()->yAxis;
    return {x->coordToPixel(1.0) - x->coordToPixel(0.0), y->coordToPixel(0.0) - y->coordToPixel(1.0)};
}

bool allInside(const LatentMapPlot& plot, const MapResult& map) {
    for (const QPointF& p : map.points)
        if (!plot.plot()->xAxis->range().contains(p.x()) || !plot.plot()->yAxis->range().contains(p.y())) return false;
    return true;
}

// Waits for the queued replot that lays the axes out.
void settle(LatentMapPlot& plot) {
    plot.plot()->replot();
    QTest::qWait(30);
}

}  // namespace

class TestLatentMapPlot : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void linearProjectionsKeepOneScale() {
        LatentMapPlot plot(nullptr);
        plot.resize(900, 500);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        const MapResult pca = tallMap(MapProjection::Pca);
        plot.setMap(pca, QStringLiteral("principal direction 1"), QStringLiteral("principal direction 2"));
        settle(plot);
        auto [x, y] = unitLengths(plot);
        QVERIFY2(std::abs(x - y) < 0.01 * y, qPrintable(QStringLiteral("%1 %2").arg(x).arg(y)));
        QVERIFY(allInside(plot, pca));
        // Kept on resize, the other way round too.
        plot.resize(500, 900);
        settle(plot);
        std::tie(x, y) = unitLengths(plot);
        QVERIFY2(std::abs(x - y) < 0.01 * y, qPrintable(QStringLiteral("%1 %2").arg(x).arg(y)));
        QVERIFY(allInside(plot, pca));
        // Two chosen dimensions are a linear projection too.
        plot.setMap(tallMap(MapProjection::Dimensions), QStringLiteral("z0"), QStringLiteral("z1"));
        settle(plot);
        std::tie(x, y) = unitLengths(plot);
        QVERIFY(std::abs(x - y) < 0.01 * y);
    }

    void neighbourLayoutsSpanThePlotFreely() {
        LatentMapPlot plot(nullptr);
        plot.resize(900, 500);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.setMap(tallMap(MapProjection::Tsne), QStringLiteral("t-SNE 1"), QStringLiteral("t-SNE 2"));
        settle(plot);
        const auto [x, y] = unitLengths(plot);
        // x spans 2 units over the width, y 8 over less height: far apart.
        QVERIFY2(x > 4 * y, qPrintable(QStringLiteral("%1 %2").arg(x).arg(y)));
    }

    void selectionStaysWhileThePointerHovers() {
        LatentMapPlot plot(nullptr);
        plot.resize(900, 700);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        const MapResult map = tallMap(MapProjection::Pca);
        plot.setMap(map, QStringLiteral("x"), QStringLiteral("y"));
        settle(plot);
        // Chosen elsewhere (the Inspect tab): ringed.
        plot.setSelected(3);
        QCOMPARE(plot.selectedPoint(), 3);
        QVERIFY(plot.marks().isShown(MapMarks::Selected));
        QCOMPARE(plot.marks().position(MapMarks::Selected), map.points[3]);
        // Hovering point 8 rings it lightly; the selection stays.
        QSignalSpy hovered(&plot, &LatentMapPlot::hovered);
        QTest::mouseMove(plot.canvas(), plot.pixelAt(map.points[8]).toPoint());
        QTRY_COMPARE(plot.hoveredPoint(), 8);
        QCOMPARE(hovered.last().first().toInt(), 8);
        QCOMPARE(plot.marks().position(MapMarks::Hovered), map.points[8]);
        QCOMPARE(plot.selectedPoint(), 3);
        QCOMPARE(plot.marks().position(MapMarks::Selected), map.points[3]);
        // Leaving the points hides the hover ring only.
        QTest::mouseMove(plot.canvas(), QPoint(2, 2));
        QTRY_COMPARE(plot.hoveredPoint(), -1);
        QVERIFY(!plot.marks().isShown(MapMarks::Hovered));
        QVERIFY(plot.marks().isShown(MapMarks::Selected));
        // A click on point 8 selects it; a click between the dots selects none.
        QSignalSpy clicked(&plot, &LatentMapPlot::clicked);
        QTest::mouseClick(plot.canvas(), Qt::LeftButton, Qt::NoModifier, plot.pixelAt(map.points[8]).toPoint());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(plot.selectedPoint(), 8);
        QCOMPARE(plot.marks().position(MapMarks::Selected), map.points[8]);
        QTest::mouseClick(plot.canvas(), Qt::LeftButton, Qt::NoModifier, plot.pixelAt(QPointF(0.0, 0.25)).toPoint());
        QCOMPARE(plot.selectedPoint(), -1);
        QVERIFY(!plot.marks().isShown(MapMarks::Selected));
    }

    // Shift+drag draws a lasso; its outline, in plane coordinates, holds the
    // points it went round and not those inside its bounding box only.
    void lassoEnclosesWhatItWentRound() {
        LatentMapPlot plot(nullptr);
        plot.resize(900, 700);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        const MapResult map = tallMap(MapProjection::Pca);
        plot.setMap(map, QStringLiteral("x"), QStringLiteral("y"));
        settle(plot);
        auto* selector = new MapAreaSelector(&plot);
        QSignalSpy selected(selector, &MapAreaSelector::selected);
        // A triangle round the lower left: (-1.5, -4.5), (1.5, -4.5), (-1.5, 1.5).
        const QVector<QPointF> corners = {QPointF(-1.5, -4.5), QPointF(1.5, -4.5), QPointF(-1.5, 1.5)};
        QTest::mousePress(plot.canvas(), Qt::LeftButton, Qt::ShiftModifier, plot.pixelAt(corners[0]).toPoint());
        for (int side = 0; side < 3; ++side)
            for (int step = 1; step <= 10; ++step) {
                const QPointF a = corners[side], b = corners[(side + 1) % 3];
                QMouseEvent move(QEvent::MouseMove, plot.pixelAt(a + (b - a) * (step / 10.0)), QPointF(),
                                 Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
                QCoreApplication::sendEvent(plot.canvas(), &move);
            }
        QTest::mouseRelease(plot.canvas(), Qt::LeftButton, Qt::ShiftModifier, plot.pixelAt(corners[0]).toPoint());
        QCOMPARE(selected.count(), 1);
        const QPolygonF area = selected.first().first().value<QPolygonF>();
        QVERIFY(area.size() >= 30);
        QVERIFY(area.containsPoint(map.points[0], Qt::OddEvenFill));   // (-1, -4)
        QVERIFY(area.containsPoint(map.points[2], Qt::OddEvenFill));   // (-1, -3)
        QVERIFY(!area.containsPoint(map.points[3], Qt::OddEvenFill));  // (1, -2.5): right of the long side
        QVERIFY(!area.containsPoint(map.points[9], Qt::OddEvenFill));  // (1, 0.5): in the box, not the loop
        QVERIFY(!area.containsPoint(map.points[16], Qt::OddEvenFill)); // (-1, 4)
        // Without Shift a drag pans, and a Shift+click selects nothing.
        QTest::mouseClick(plot.canvas(), Qt::LeftButton, Qt::ShiftModifier, plot.pixelAt(map.points[4]).toPoint());
        QCOMPARE(selected.count(), 1);
    }

    void colourBarLabelsBothEnds() {
        // A numeric factor from 0.37 to 0.93: neither end a round tick.
        MapResult map = tallMap(MapProjection::Pca);
        map.factorNames = {QStringLiteral("scale")};
        QVector<float> values;
        for (int i = 0; i < map.points.size(); ++i) values.append(0.37f + 0.035f * i);
        map.factorValues = {values};
        LatentMapPlot plot(nullptr);
        plot.resize(900, 600);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.setMap(map, QStringLiteral("x"), QStringLiteral("y"), MapColouring::byFactor(map, 0));
        settle(plot);
        QVERIFY(plot.isColourBarShown());
        const QStringList labels = plot.colourBarLabels();
        QVERIFY2(labels.size() >= 3, qPrintable(labels.join(' ')));
        QCOMPARE(labels.first().toDouble(), std::round(double(values.first()) * 100) / 100.0);
        QCOMPARE(labels.last().toDouble(), std::round(double(values.last()) * 100) / 100.0);
        // The round ticks between, none printed over an end's label.
        for (int i = 1; i + 1 < labels.size(); ++i) {
            QVERIFY(labels[i].toDouble() > labels.first().toDouble());
            QVERIFY(labels[i].toDouble() < labels.last().toDouble());
        }
    }
};

LATENTLAB_TEST_MAIN(TestLatentMapPlot)
#include "test_latent_map_plot.moc"
