// KlBarsPlot on its own: bars sorted largest first, the collapse warning, and
// the names under the bars: every one up to 32 dimensions at the width the
// bars get in a 1024 x 768 window, thinned out beyond.

#include "ui/widgets/kl_bars_plot.h"

#include <QFontMetricsF>
#include <QtTest>
#include "test_registry.h"
#include <qcustomplot.h>

#include <vector>

using latentlab::KlBarsPlot;

namespace {

// The names on the axis, by bar position.
QMap<double, QString> labels(const KlBarsPlot& bars) {
    auto* ticker = dynamic_cast<QCPAxisTickerText*>(bars.plot()->xAxis->ticker().data());
    return ticker ? ticker->ticks() : QMap<double, QString>();
}

std::vector<double> rising(int n) {
    std::vector<double> kl(n);
    for (int i = 0; i < n; ++i) kl[i] = 0.1 * i;
    return kl;
}

}  // namespace

class TestKlBarsPlot : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sortsLargestFirstAndWarnsOnCollapse();
    void namesAsManyBarsAsFit();
    void namesEveryBarUpTo32AtWindowWidth_data();
    void namesEveryBarUpTo32AtWindowWidth();
    void thinsNamesBeyond32();
};

void TestKlBarsPlot::sortsLargestFirstAndWarnsOnCollapse() {
    KlBarsPlot bars;
    // Two of three dimensions below 0.01 nats: most have collapsed.
    bars.setKlPerDim({0.002, 1.5, 0.001});
    QCOMPARE(bars.barCount(), 3);
    QVERIFY(bars.isCollapseWarningShown());
    // Largest first.
    auto* plotted = qobject_cast<QCPBars*>(bars.plot()->plottable(0));
    QVERIFY(plotted);
    QCOMPARE(plotted->data()->at(0)->value, 1.5);
    QCOMPARE(plotted->data()->at(1)->value, 0.002);
    QCOMPARE(plotted->data()->at(2)->value, 0.001);
    QCOMPARE(labels(bars).value(1.0), QStringLiteral("z1"));
    QCOMPARE(labels(bars).value(3.0), QStringLiteral("z2"));
    // Half is not most.
    bars.setKlPerDim({0.002, 1.5, 0.3, 0.001});
    QCOMPARE(bars.barCount(), 4);
    QVERIFY(!bars.isCollapseWarningShown());
    bars.clear();
    QCOMPARE(bars.barCount(), 0);
    QVERIFY(!bars.isCollapseWarningShown());
}

void TestKlBarsPlot::namesAsManyBarsAsFit() {
    KlBarsPlot bars;
    bars.resize(220, 300);
    bars.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bars));
    bars.setKlPerDim(rising(64));
    // 64 upright labels do not fit in ~200 pixels: some bars share a name...
    QVERIFY2(bars.barsPerLabel() > 1, qPrintable(QString::number(bars.barsPerLabel())));
    QCOMPARE(labels(bars).size(), (64 + bars.barsPerLabel() - 1) / bars.barsPerLabel());
    QCOMPARE(labels(bars).value(1.0), QStringLiteral("z63"));  // the largest KL first, named as in history.csv
    // ...and a wide plot names every one.
    bars.resize(1600, 300);
    QTRY_COMPARE(bars.barsPerLabel(), 1);
    QCOMPARE(labels(bars).size(), 64);
}

void TestKlBarsPlot::namesEveryBarUpTo32AtWindowWidth_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<int>("width");
    // About the width of the KL box in a 1024 x 768 and a 1600 x 1000 window.
    QTest::newRow("20 at 1024") << 20 << 330;
    QTest::newRow("32 at 1600") << 32 << 480;
}

void TestKlBarsPlot::namesEveryBarUpTo32AtWindowWidth() {
    QFETCH(int, dims);
    QFETCH(int, width);
    KlBarsPlot bars;
    bars.resize(width, 260);
    bars.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bars));
    const QFont normal = bars.plot()->xAxis->tickLabelFont();
    bars.setKlPerDim(rising(dims));
    QTRY_COMPARE(bars.barsPerLabel(), 1);
    bars.plot()->replot(QCustomPlot::rpImmediateRefresh);
    QCOMPARE(bars.barsPerLabel(), 1);
    QCOMPARE(labels(bars).size(), dims);
    QCOMPARE(labels(bars).value(dims), QStringLiteral("z0"));

    // Upright names side by side: the digits' height of each fits in a
    // bar's width, in a font that can still be read.
    const QFont font = bars.plot()->xAxis->tickLabelFont();
    QVERIFY2(font.pointSizeF() >= 8.0, qPrintable(QString::number(font.pointSizeF())));
    QVERIFY(font.pointSizeF() <= normal.pointSizeF());
    const double perBar = bars.plot()->axisRect()->width() / (dims + 0.2);
    QVERIFY2(QFontMetricsF(font).capHeight() + 1.0 <= perBar,
             qPrintable(QStringLiteral("%1 pt, %2 px a bar").arg(font.pointSizeF()).arg(perBar)));

    // Back to a few bars, the usual font again.
    bars.setKlPerDim(rising(4));
    QCOMPARE(bars.plot()->xAxis->tickLabelFont(), normal);
}

void TestKlBarsPlot::thinsNamesBeyond32() {
    KlBarsPlot bars;
    bars.resize(330, 260);
    bars.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bars));
    const QFont normal = bars.plot()->xAxis->tickLabelFont();
    bars.setKlPerDim(rising(48));
    QTRY_VERIFY(bars.barsPerLabel() > 1);
    QCOMPARE(labels(bars).size(), (48 + bars.barsPerLabel() - 1) / bars.barsPerLabel());
    QCOMPARE(bars.plot()->xAxis->tickLabelFont(), normal);

    // 32 bars where even the smallest font cannot name them all: thinned in
    // the usual font rather than thinned and tiny.
    bars.resize(200, 260);
    bars.setKlPerDim(rising(32));
    QTRY_VERIFY(bars.barsPerLabel() > 1);
    QCOMPARE(bars.plot()->xAxis->tickLabelFont(), normal);
}

LATENTLAB_TEST_MAIN(TestKlBarsPlot)
#include "test_kl_bars_plot.moc"
