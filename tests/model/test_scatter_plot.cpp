// The map's picture without Qt (`latentlab-cli map --png`): round ticks,
// their texts, axes labelled in the margins, and one scale on both axes
// when asked.

#include "model/base/error.h"
#include "model/data/scatter_plot.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <cmath>

using namespace latentlab;

namespace {

constexpr int kWidth = 1000, kHeight = 760;

// The centre of the pixels drawn exactly in colour (r, g, b).
QPointF centreOf(const Frame& frame, int r, int g, int b) {
    double sx = 0, sy = 0;
    int n = 0;
    for (int y = 0; y < frame.height; ++y)
        for (int x = 0; x < frame.width; ++x) {
            const uint8_t* p = &frame.pixels[size_t((y * frame.width + x) * 3)];
            if (p[0] == r && p[1] == g && p[2] == b) sx += x, sy += y, ++n;
        }
    return n ? QPointF(sx / n, sy / n) : QPointF(-1, -1);
}

// Pixels darker than mid grey inside a rectangle of the picture.
int inkIn(const Frame& frame, const QRect& rect) {
    int n = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x)
            if (frame.pixels[size_t((y * frame.width + x) * 3)] < 128) ++n;
    return n;
}

}  // namespace

class TestScatterPlot : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ticksAreRoundAndInside() {
        for (const auto& [low, high] : {std::pair{-3.7, 4.2}, std::pair{0.013, 0.087}, std::pair{-1234.0, 56.0}}) {
            const std::vector<double> ticks = nice_ticks(low, high, 8);
            QVERIFY2(ticks.size() >= 3 && ticks.size() <= 9, qPrintable(QString::number(ticks.size())));
            const double step = ticks[1] - ticks[0];
            const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
            QVERIFY2(std::abs(mantissa - 1) < 1e-6 || std::abs(mantissa - 2) < 1e-6 || std::abs(mantissa - 5) < 1e-6,
                     qPrintable(QString::number(step)));
            for (double t : ticks) QVERIFY(t >= low - 1e-12 && t <= high + 1e-12);
            for (size_t i = 1; i < ticks.size(); ++i) QVERIFY(std::abs(ticks[i] - ticks[i - 1] - step) < step * 1e-6);
        }
        QVERIFY(nice_ticks(1.0, 1.0, 5).empty());
    }

    void tickTextsHaveTheStepsDecimals() {
        QCOMPARE(tick_text(0.25, 0.05), std::string("0.25"));
        QCOMPARE(tick_text(0.4, 0.2), std::string("0.4"));
        QCOMPARE(tick_text(-4.0, 2.0), std::string("-4"));
        QCOMPARE(tick_text(-1e-17, 0.5), std::string("0.0"));
        QCOMPARE(tick_text(1500.0, 500.0), std::string("1500"));
    }

    void axesAreLabelledInTheMargins() {
        const std::vector<double> x{-2.0, 0.5, 3.0}, y{-1.0, 0.0, 1.5};
        const std::vector<int> labels{0, 1, 2};
        const Frame bare = scatter_plot(x, y, labels, {}, ScatterAxes{}, kWidth, kHeight);
        ScatterAxes named;
        named.x_name = "principal direction 1";
        named.y_name = "principal direction 2";
        const Frame labelled = scatter_plot(x, y, labels, {}, named, kWidth, kHeight);
        QCOMPARE(labelled.width, kWidth);
        QCOMPARE(labelled.height, kHeight);
        // Tick labels left of the axes and under them.
        QVERIFY(inkIn(bare, QRect(40, 20, 50, kHeight - 100)) > 100);
        QVERIFY(inkIn(bare, QRect(100, kHeight - 65, kWidth - 150, 25)) > 100);
        // The axes' names further out, only when given.
        const QRect yName(0, 20, 36, kHeight - 100), xName(100, kHeight - 32, kWidth - 150, 30);
        QCOMPARE(inkIn(bare, yName), 0);
        QCOMPARE(inkIn(bare, xName), 0);
        QVERIFY(inkIn(labelled, yName) > 100);
        QVERIFY(inkIn(labelled, xName) > 100);
    }

    void equalScaleGivesOneUnitOneLength() {
        // Three classes' colours (Tableau 10's first three, RGB) mark the points.
        const std::vector<double> x{0.0, 4.0, 2.0}, y{0.0, 1.0, 0.5};
        const std::vector<int> labels{0, 1, 2};
        ScatterAxes axes;
        axes.equal_scale = true;
        const Frame frame = scatter_plot(x, y, labels, {}, axes, kWidth, kHeight);
        const QPointF a = centreOf(frame, 31, 119, 180), b = centreOf(frame, 255, 127, 14);
        QVERIFY(a.x() >= 0 && b.x() >= 0);
        const double perUnitX = (b.x() - a.x()) / 4.0, perUnitY = (a.y() - b.y()) / 1.0;
        QVERIFY2(std::abs(perUnitX - perUnitY) < 1.5, qPrintable(QStringLiteral("%1 %2").arg(perUnitX).arg(perUnitY)));
        // Free axes stretch y to the height.
        const Frame free = scatter_plot(x, y, labels, {}, ScatterAxes{}, kWidth, kHeight);
        const QPointF c = centreOf(free, 31, 119, 180), d = centreOf(free, 255, 127, 14);
        QVERIFY((c.y() - d.y()) > 2 * (d.x() - c.x()) / 4.0);
    }

    void noPointsIsAnError() {
        QVERIFY_THROWS_EXCEPTION(Error, scatter_plot({}, {}, {}, {}, ScatterAxes{}, kWidth, kHeight));
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestScatterPlot)
#include "test_scatter_plot.moc"
