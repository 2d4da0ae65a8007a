// CurvesPlot on its own: the smoothing against a hand computation of
// TensorBoard's debiased EMA, the legend toggles, the log axis and the
// exported files.

#include "ui/widgets/curves_plot.h"

#include <QCheckBox>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"
#include <qcustomplot.h>

using latentlab::CurvesPlot;
using latentlab::EpochStats;
using latentlab::StepStats;

namespace {

// Plotted values (-ELBO, -recon, KL) of three steps; the KL nearly vanishes,
// as it does when the posterior collapses, to exercise the log axis.
constexpr double kNegElbo[] = {10.0, 20.0, 5.0};
constexpr double kNegRecon[] = {8.0, 18.0, 4.5};
constexpr double kKl[] = {2.0, 2.0, 1e-9};

void feed(CurvesPlot& curves) {
    for (int k = 0; k < 3; ++k) {
        StepStats step;
        step.epoch = 1;
        step.step = k + 1;
        step.step_in_epoch = k + 1;
        step.steps_per_epoch = 3;
        step.loss.elbo = -kNegElbo[k];
        step.loss.recon = -kNegRecon[k];
        step.loss.kl = kKl[k];
        curves.addStep(step);
    }
    EpochStats epoch;
    epoch.epoch = 1;
    epoch.test.loss.elbo = -12.0;
    epoch.test.loss.recon = -11.0;
    epoch.test.loss.kl = 1.0;
    curves.addEpoch(epoch);
}

double smoothedAt(const CurvesPlot& curves, CurvesPlot::Series s, int k) {
    return curves.smoothedGraph(s)->data()->at(k)->value;
}

}  // namespace

class TestCurvesPlot : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void smoothingIsDebiasedEma();
    void stepTicksAreWholeNumbers();
    void legendClickTogglesSeries();
    void logScaleCheckboxSwitchesAxis();
    void exportCsvWritesEveryPoint();
    void exportPngWritesAnImage();
    void remembersSmoothingLogScaleAndHiddenCurves();
    void legendWrapsWhenNarrow();
    void lastTestDotsAreInsideTheAxes();
    void drawsSeveralRuns();
    void clearingForgetsTheOldAxes();
};

void TestCurvesPlot::initTestCase() {
    // The plot remembers its smoothing and scale: in the test locations.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LatentLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_curves_plot"));
}

void TestCurvesPlot::init() {
    // Each test starts from the default look.
    QSettings().clear();
}

void TestCurvesPlot::stepTicksAreWholeNumbers() {
    // A short run's axis: a plain ticker would mark 2.5 steps on 0..12.
    CurvesPlot curves;
    for (const QCPRange& range : {QCPRange(0, 5), QCPRange(0, 12), QCPRange(1, 3), QCPRange(0, 4000)}) {
        QVector<double> ticks, subTicks;
        QVector<QString> labels;
        curves.plot()->xAxis->ticker()->generate(range, QLocale::c(), 'g', 6, ticks, &subTicks, &labels);
        QVERIFY(ticks.size() >= 2);
        for (double tick : ticks) QCOMPARE(tick, std::round(tick));
    }
}

void TestCurvesPlot::smoothingIsDebiasedEma() {
    CurvesPlot curves;
    QCOMPARE(curves.smoothing(), 0.6);
    feed(curves);
    QCOMPARE(curves.stepPointCount(), 3);
    QCOMPARE(curves.testPointCount(), 1);
    // The raw points stay as they came.
    QCOMPARE(curves.rawGraph(CurvesPlot::Elbo)->data()->at(1)->value, 20.0);

    // w = 0.6 by hand: s1 = 0.4*10 = 4, /0.4 = 10; s2 = 0.6*4 + 0.4*20 = 10.4,
    // /0.64 = 16.25; s3 = 0.6*10.4 + 0.4*5 = 8.24, /0.784.
    QCOMPARE(smoothedAt(curves, CurvesPlot::Elbo, 0), 10.0);
    QCOMPARE(smoothedAt(curves, CurvesPlot::Elbo, 1), 16.25);
    QCOMPARE(smoothedAt(curves, CurvesPlot::Elbo, 2), 8.24 / 0.784);
    // A constant is its own average from the first point on.
    QCOMPARE(smoothedAt(curves, CurvesPlot::Kl, 1), 2.0);

    // The slider recomputes from the stored raw points: w = 0.9 gives
    // s2 = (0.9*0.1*10 + 0.1*20) / (1 - 0.81).
    auto* slider = curves.findChild<QSlider*>(QStringLiteral("smoothingSlider"));
    QVERIFY(slider);
    slider->setValue(90);
    QCOMPARE(curves.smoothing(), 0.9);
    QCOMPARE(smoothedAt(curves, CurvesPlot::Elbo, 1), 2.9 / 0.19);
    slider->setValue(0);
    for (int k = 0; k < 3; ++k) QCOMPARE(smoothedAt(curves, CurvesPlot::Recon, k), kNegRecon[k]);
}

void TestCurvesPlot::legendClickTogglesSeries() {
    CurvesPlot curves;
    curves.resize(900, 400);
    feed(curves);
    curves.show();
    QVERIFY(QTest::qWaitForWindowExposed(&curves));
    // Lays out the legend so its items have a place to click.
    curves.plot()->replot(QCustomPlot::rpImmediateRefresh);

    auto* item = curves.plot()->legend->itemWithPlottable(curves.smoothedGraph(CurvesPlot::Kl));
    QVERIFY(item);
    const QColor shownColour = item->textColor();
    const QPoint centre = item->rect().center();
    QTest::mouseClick(curves.plot(), Qt::LeftButton, Qt::NoModifier, centre);
    QVERIFY(!curves.isSeriesVisible(CurvesPlot::Kl));
    QVERIFY(!curves.rawGraph(CurvesPlot::Kl)->visible());
    QVERIFY(!curves.smoothedGraph(CurvesPlot::Kl)->visible());
    QVERIFY(!curves.testGraph(CurvesPlot::Kl)->visible());
    QVERIFY(curves.smoothedGraph(CurvesPlot::Elbo)->visible());
    QVERIFY(curves.rawGraph(CurvesPlot::Recon)->visible());
    QVERIFY(item->textColor() != shownColour);

    QTest::mouseClick(curves.plot(), Qt::LeftButton, Qt::NoModifier, centre);
    QVERIFY(curves.rawGraph(CurvesPlot::Kl)->visible());
    QVERIFY(curves.smoothedGraph(CurvesPlot::Kl)->visible());
    QVERIFY(curves.testGraph(CurvesPlot::Kl)->visible());
    QCOMPARE(item->textColor(), shownColour);
}

void TestCurvesPlot::logScaleCheckboxSwitchesAxis() {
    CurvesPlot curves;
    feed(curves);
    auto* box = curves.findChild<QCheckBox*>(QStringLiteral("logScale"));
    QVERIFY(box);
    QCPAxis* y = curves.plot()->yAxis;
    QCOMPARE(y->scaleType(), QCPAxis::stLinear);

    box->setChecked(true);
    QVERIFY(curves.isLogScale());
    QCOMPARE(y->scaleType(), QCPAxis::stLogarithmic);
    QVERIFY(y->ticker().dynamicCast<QCPAxisTickerLog>());
    // The KL of 1e-9 must not stretch the axis over a dozen decades.
    QVERIFY2(y->range().lower > 1e-4, qPrintable(QString::number(y->range().lower)));
    QVERIFY(y->range().lower < 2.0);
    QVERIFY(y->range().upper > 20.0);

    box->setChecked(false);
    QCOMPARE(y->scaleType(), QCPAxis::stLinear);
    QVERIFY(!y->ticker().dynamicCast<QCPAxisTickerLog>());
    QVERIFY(y->range().lower <= 0.0);
}

void TestCurvesPlot::exportCsvWritesEveryPoint() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    CurvesPlot curves;
    feed(curves);
    const QString path = dir.filePath(QStringLiteral("curves.csv"));
    QVERIFY(curves.exportCsv(path));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 3 + 1);
    QCOMPARE(lines[0], QStringLiteral("split,step,neg_elbo,neg_recon,kl,"
                                      "neg_elbo_smoothed,neg_recon_smoothed,kl_smoothed"));
    const QStringList second = lines[2].split(QLatin1Char(','));
    QCOMPARE(second.size(), 8);
    QCOMPARE(second[0], QStringLiteral("train"));
    QCOMPARE(second[1].toDouble(), 2.0);
    QCOMPARE(second[2].toDouble(), 20.0);
    QCOMPARE(second[3].toDouble(), 18.0);
    QCOMPARE(second[4].toDouble(), 2.0);
    QCOMPARE(second[5].toDouble(), 16.25);
    // The test point sits at the end of its epoch, with no smoothed values.
    QCOMPARE(lines[4], QStringLiteral("test,3,12,11,1,,,"));

    QVERIFY(!curves.exportCsv(dir.filePath(QStringLiteral("missing/curves.csv"))));
}

void TestCurvesPlot::exportPngWritesAnImage() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    CurvesPlot curves;
    feed(curves);
    const QString path = dir.filePath(QStringLiteral("curves.png"));
    QVERIFY(curves.exportPng(path));
    QVERIFY(QFileInfo(path).size() > 0);
    QCOMPARE(QImageReader(path).format(), QByteArray("png"));
    const QImage image(path);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 640);

    const QString pdf = dir.filePath(QStringLiteral("curves.pdf"));
    QVERIFY(curves.exportPdf(pdf));
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QCOMPARE(pdfFile.read(4), QByteArray("%PDF"));
}

void TestCurvesPlot::remembersSmoothingLogScaleAndHiddenCurves() {
    {
        CurvesPlot curves;
        curves.findChild<QSlider*>(QStringLiteral("smoothingSlider"))->setValue(85);
        curves.findChild<QCheckBox*>(QStringLiteral("logScale"))->setChecked(true);
        curves.setSeriesVisible(CurvesPlot::Recon, false);
    }
    // A plot made later, as in the next session, starts as the last was left.
    CurvesPlot again;
    QCOMPARE(again.smoothing(), 0.85);
    QCOMPARE(again.findChild<QSlider*>(QStringLiteral("smoothingSlider"))->value(), 85);
    QVERIFY(again.isLogScale());
    QVERIFY(again.findChild<QCheckBox*>(QStringLiteral("logScale"))->isChecked());
    QVERIFY(!again.isSeriesVisible(CurvesPlot::Recon));
    QVERIFY(again.isSeriesVisible(CurvesPlot::Elbo));
    QVERIFY(again.isSeriesVisible(CurvesPlot::Kl));
    feed(again);
    QVERIFY(!again.rawGraph(CurvesPlot::Recon)->visible());
    QVERIFY(!again.testGraph(CurvesPlot::Recon)->visible());
    QVERIFY(again.smoothedGraph(CurvesPlot::Kl)->visible());
    // The smoothing is applied to the points that come.
    QCOMPARE(again.run().smoothing(), 0.85);

    // A damaged value falls back to the default.
    QSettings().setValue(QStringLiteral("curves/smoothing"), QStringLiteral("much"));
    CurvesPlot damaged;
    QCOMPARE(damaged.smoothing(), 0.6);
}

void TestCurvesPlot::legendWrapsWhenNarrow() {
    CurvesPlot curves;
    feed(curves);
    // About the width the curves get in a 1024 x 768 window, then a narrow one.
    for (const int width : {620, 330}) {
        curves.resize(width, 300);
        curves.show();
        QVERIFY(QTest::qWaitForWindowExposed(&curves));
        curves.plot()->replot(QCustomPlot::rpImmediateRefresh);
        QCPLegend* legend = curves.plot()->legend;
        // The grid's cells: the entries first, then the empty end of the last row.
        QVERIFY(legend->item(5) && !legend->item(6));
        for (int i = 0; i < 6; ++i) {
            const QCPAbstractLegendItem* item = legend->item(i);
            // Each entry gets the width its text needs, inside the plot.
            QVERIFY2(item->outerRect().width() >= item->minimumOuterSizeHint().width(),
                     qPrintable(QStringLiteral("%1 px: entry %2 is %3 px, needs %4")
                                    .arg(width)
                                    .arg(i)
                                    .arg(item->outerRect().width())
                                    .arg(item->minimumOuterSizeHint().width())));
            QVERIFY(curves.plot()->rect().contains(item->outerRect()));
        }
        // A curve keeps its test entry beside it.
        QCOMPARE(legend->item(1)->outerRect().top(), legend->item(0)->outerRect().top());
    }
    // 330 pixels cannot hold six entries in a row.
    QVERIFY(curves.plot()->legend->rowCount() > 1);
}

void TestCurvesPlot::lastTestDotsAreInsideTheAxes() {
    CurvesPlot curves;
    curves.resize(620, 300);
    feed(curves);
    curves.show();
    QVERIFY(QTest::qWaitForWindowExposed(&curves));
    // The last step and the test dot of the epoch are both at step 3.
    QCPAxis* x = curves.plot()->xAxis;
    QTRY_VERIFY(x->range().upper > 3.0);
    curves.plot()->replot(QCustomPlot::rpImmediateRefresh);
    const double dotRadius = curves.testGraph(CurvesPlot::Elbo)->scatterStyle().size() / 2;
    const double right = curves.plot()->axisRect()->rect().right();
    QVERIFY2(x->coordToPixel(3.0) + dotRadius < right,
             qPrintable(QStringLiteral("dot at %1, axes end at %2").arg(x->coordToPixel(3.0)).arg(right)));
    QVERIFY(x->range().lower < 1.0);
}

void TestCurvesPlot::drawsSeveralRuns() {
    CurvesPlot curves;
    feed(curves);
    QVector<latentlab::CurveSeries> runs(2);
    runs[0].setName(QStringLiteral("bernoulli"));
    runs[1].setName(QStringLiteral("gaussian"));
    StepStats step;
    step.step = 1;
    step.steps_per_epoch = 1;
    step.loss.elbo = -5.0;
    runs[0].addStep(step);
    runs[0].addMarker(1.0, QStringLiteral("β 0.5"));
    step.loss.elbo = 600.0;
    runs[1].addStep(step);
    curves.setRuns(runs);
    QCOMPARE(curves.runCount(), 2);
    QCOMPARE(curves.stepPointCount(), 1);
    QCOMPARE(curves.markerLabels(), QStringList{QStringLiteral("β 0.5")});

    // A legend entry per run, then one per curve showing its line style.
    QStringList names;
    for (int i = 0; i < curves.plot()->legend->itemCount() && curves.plot()->legend->item(i); ++i)
        names << qobject_cast<QCPPlottableLegendItem*>(curves.plot()->legend->item(i))->plottable()->name();
    QCOMPARE(names, (QStringList{QStringLiteral("bernoulli"), QStringLiteral("gaussian"), QStringLiteral("−ELBO"),
                                 QStringLiteral("−reconstruction"), QStringLiteral("KL")}));
    // Two colours, one per run.
    QSet<QRgb> colours;
    for (int i = 0; i < curves.plot()->graphCount(); ++i) {
        QCPGraph* graph = curves.plot()->graph(i);
        if (!graph->data()->isEmpty() && graph->pen().color().alpha() == 255) colours << graph->pen().color().rgb();
    }
    QCOMPARE(colours.size(), 2);

    // The slider smooths every run; a run can be hidden alone.
    curves.setSmoothing(0.0);
    QCOMPARE(curves.run(1).smoothing(), 0.0);
    curves.setRunVisible(1, false);
    QVERIFY(curves.isRunVisible(0));
    QVERIFY(!curves.isRunVisible(1));
    QVERIFY(curves.smoothedGraph(CurvesPlot::Elbo)->visible());

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("runs.csv"));
    QVERIFY(curves.exportCsv(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[0].startsWith(QStringLiteral("run,split,step,")));
    QVERIFY(lines[2].startsWith(QStringLiteral("gaussian,train,1,-600,")));

    // clear() goes back to the one run of a training view.
    curves.clear();
    QCOMPARE(curves.runCount(), 1);
    QVERIFY(curves.plot()->legend->item(5) && !curves.plot()->legend->item(6));
    QCOMPARE(curves.stepPointCount(), 0);
}

void TestCurvesPlot::clearingForgetsTheOldAxes() {
    CurvesPlot curves;
    StepStats step;
    step.epoch = 1;
    step.steps_per_epoch = 5000;
    step.loss = {-300.0, -280.0, 20.0};
    for (int k = 1; k <= 5000; k += 100) {
        step.step = k;
        curves.addStep(step);
    }
    curves.show();
    QVERIFY(QTest::qWaitForWindowExposed(&curves));
    QTRY_VERIFY(curves.plot()->xAxis->range().upper > 4000.0);
    // "Start a new run instead": the empty plot shows nothing of the old run's scale.
    curves.clear();
    QTRY_VERIFY(curves.plot()->xAxis->range().upper < 1000.0);
    QVERIFY(curves.plot()->yAxis->range().upper < 1000.0);
}

LATENTLAB_TEST_MAIN(TestCurvesPlot)
#include "test_curves_plot.moc"
