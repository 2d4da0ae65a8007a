// CurveSeries without a widget: the smoothing against a hand computation of
// TensorBoard's debiased EMA, dropping points after a step, markers and the
// exact CSV text.

#include "app/runs/curve_series.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"

#include <cmath>
#include <limits>

using latentlab::CurveSeries;
using latentlab::EpochStats;
using latentlab::StepStats;

namespace {

StepStats step(qint64 number, double negElbo, double negRecon, double kl) {
    StepStats s;
    s.epoch = 1 + (number - 1) / 2;
    s.step = number;
    s.steps_per_epoch = 2;
    s.loss.elbo = -negElbo;
    s.loss.recon = -negRecon;
    s.loss.kl = kl;
    return s;
}

EpochStats epoch(qint64 number, double negElbo, double negRecon, double kl) {
    EpochStats e;
    e.epoch = number;
    e.test.loss.elbo = -negElbo;
    e.test.loss.recon = -negRecon;
    e.test.loss.kl = kl;
    return e;
}

// Four steps of two epochs, a test point after each epoch.
CurveSeries twoEpochs() {
    CurveSeries series;
    series.addStep(step(1, 10.0, 8.0, 2.0));
    series.addStep(step(2, 20.0, 18.0, 2.0));
    series.addEpoch(epoch(1, 12.0, 11.0, 1.0));
    series.addStep(step(3, 5.0, 4.5, 0.5));
    series.addStep(step(4, 7.5, 6.0, 1.5));
    series.addEpoch(epoch(2, 9.0, 8.0, 1.0));
    return series;
}

}  // namespace

class TestCurveSeries : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void smoothingIsDebiasedEma();
    void testPointsSitAtTheEndOfTheirEpoch();
    void removeAfterDropsLaterPointsAndMarkers();
    void markerLabelsAreShort();
    void csvTextIsExact();
    void csvOfSeveralRunsNamesEach();
    void writeCsvReportsFailure();
};

void TestCurveSeries::smoothingIsDebiasedEma() {
    CurveSeries series = twoEpochs();
    QCOMPARE(series.smoothing(), 0.6);
    // The raw values stay as they came, negated where they are bounds.
    QCOMPARE(series.values(CurveSeries::Elbo), (QVector<double>{10.0, 20.0, 5.0, 7.5}));
    QCOMPARE(series.values(CurveSeries::Kl), (QVector<double>{2.0, 2.0, 0.5, 1.5}));

    // w = 0.6 by hand, biased b_t = 0.6 b_{t-1} + 0.4 x_t, shown b_t / (1 - 0.6^t):
    // b1 = 4 -> 10; b2 = 2.4 + 8 = 10.4 -> 16.25; b3 = 6.24 + 2 = 8.24 -> /0.784;
    // b4 = 4.944 + 3 = 7.944 -> /0.8704.
    const QVector<double>& smoothed = series.smoothed(CurveSeries::Elbo);
    QCOMPARE(smoothed.size(), 4);
    QCOMPARE(smoothed[0], 10.0);
    QCOMPARE(smoothed[1], 16.25);
    QCOMPARE(smoothed[2], 8.24 / 0.784);
    QCOMPARE(smoothed[3], 7.944 / 0.8704);
    // A constant is its own average from the first point on.
    QCOMPARE(series.smoothed(CurveSeries::Kl)[1], 2.0);

    // A new weight is applied to the stored raw points: w = 0.9 gives
    // s2 = (0.9 * 0.1 * 10 + 0.1 * 20) / (1 - 0.81).
    series.setSmoothing(0.9);
    QCOMPARE(series.smoothed(CurveSeries::Elbo)[1], 2.9 / 0.19);
    series.setSmoothing(0.0);
    QCOMPARE(series.smoothed(CurveSeries::Recon), series.values(CurveSeries::Recon));
    // Above the maximum is the maximum.
    series.setSmoothing(5.0);
    QCOMPARE(series.smoothing(), CurveSeries::kMaxSmoothing);

    // A non-finite value is shown as it is and left out of the average.
    CurveSeries withNan;
    withNan.addStep(step(1, 10.0, 8.0, 2.0));
    withNan.addStep(step(2, std::numeric_limits<double>::quiet_NaN(), 8.0, 2.0));
    withNan.addStep(step(3, 20.0, 8.0, 2.0));
    QVERIFY(std::isnan(withNan.smoothed(CurveSeries::Elbo)[1]));
    QCOMPARE(withNan.smoothed(CurveSeries::Elbo)[2], 16.25);
}

void TestCurveSeries::testPointsSitAtTheEndOfTheirEpoch() {
    const CurveSeries series = twoEpochs();
    QCOMPARE(series.testSteps(), (QVector<double>{2.0, 4.0}));
    QCOMPARE(series.testValues(CurveSeries::Elbo), (QVector<double>{12.0, 9.0}));

    // Without steps (no steps.csv), the epoch length places them.
    CurveSeries noSteps;
    noSteps.setStepsPerEpoch(100);
    noSteps.addEpoch(epoch(1, 12.0, 11.0, 1.0));
    noSteps.addEpoch(epoch(2, 9.0, 8.0, 1.0));
    QCOMPARE(noSteps.testSteps(), (QVector<double>{100.0, 200.0}));
    QVERIFY(!noSteps.isEmpty());
    noSteps.clear();
    QVERIFY(noSteps.isEmpty());
}

void TestCurveSeries::removeAfterDropsLaterPointsAndMarkers() {
    CurveSeries series = twoEpochs();
    series.addMarker(1.0, QStringLiteral("β 0.5"));
    series.addMarker(3.0, QStringLiteral("lr 3e-4"));
    series.removeAfter(2.0);
    QCOMPARE(series.steps(), (QVector<double>{1.0, 2.0}));
    QCOMPARE(series.values(CurveSeries::Recon), (QVector<double>{8.0, 18.0}));
    QCOMPARE(series.smoothed(CurveSeries::Elbo), (QVector<double>{10.0, 16.25}));
    QCOMPARE(series.testSteps(), QVector<double>{2.0});
    QCOMPARE(series.markers().size(), 1);
    QCOMPARE(series.markers().first().label, QStringLiteral("β 0.5"));

    // The running average goes on from the points kept, as if the dropped
    // ones never came: s3 = (0.6 * 10.4 + 0.4 * 5) / 0.784.
    series.addStep(step(3, 5.0, 4.5, 0.5));
    QCOMPARE(series.smoothed(CurveSeries::Elbo)[2], 8.24 / 0.784);
    series.addEpoch(epoch(2, 9.0, 8.0, 1.0));
    QCOMPARE(series.testSteps(), (QVector<double>{2.0, 4.0}));
}

void TestCurveSeries::markerLabelsAreShort() {
    QCOMPARE(CurveSeries::markerLabel(QStringLiteral("beta"), 0.5), QStringLiteral("β 0.5"));
    QCOMPARE(CurveSeries::markerLabel(QStringLiteral("learning_rate"), 3e-4), QStringLiteral("lr 3e-4"));
    QCOMPARE(CurveSeries::markerLabel(QStringLiteral("learning_rate"), 2.5e-5), QStringLiteral("lr 2.5e-5"));
    QCOMPARE(CurveSeries::markerLabel(QStringLiteral("gamma"), 20000), QStringLiteral("gamma 2e4"));
}

void TestCurveSeries::csvTextIsExact() {
    // w = 0.5 keeps the averages exact in binary: s2 = (0.25 * 10 + 0.5 * 19) / 0.75 = 16.
    CurveSeries series;
    series.setSmoothing(0.5);
    series.addStep(step(1, 10.0, 8.0, 2.0));
    series.addStep(step(2, 19.0, 14.0, 2.0));
    series.addEpoch(epoch(1, 12.0, 11.0, 1.0));
    QCOMPARE(series.csvText(),
             QStringLiteral("split,step,neg_elbo,neg_recon,kl,neg_elbo_smoothed,neg_recon_smoothed,kl_smoothed\n"
                            "train,1,10,8,2,10,8,2\n"
                            "train,2,19,14,2,16,12,2\n"
                            "test,2,12,11,1,,,\n"));
}

void TestCurveSeries::csvOfSeveralRunsNamesEach() {
    CurveSeries bernoulli;
    bernoulli.setName(QStringLiteral("bernoulli"));
    bernoulli.setSmoothing(0.5);
    bernoulli.addStep(step(1, 10.0, 8.0, 2.0));
    CurveSeries gaussian;
    gaussian.setSmoothing(0.5);
    // A name with a comma is quoted.
    gaussian.setName(QStringLiteral("gaussian, σ 0.1"));
    gaussian.addStep(step(1, -600.5, -602.0, 1.5));
    gaussian.addEpoch(epoch(1, -610.0, -612.0, 2.0));
    QCOMPARE(CurveSeries::csvText({bernoulli, gaussian}),
             QStringLiteral("run,split,step,neg_elbo,neg_recon,kl,neg_elbo_smoothed,neg_recon_smoothed,kl_smoothed\n"
                            "bernoulli,train,1,10,8,2,10,8,2\n"
                            "\"gaussian, σ 0.1\",train,1,-600.5,-602,1.5,-600.5,-602,1.5\n"
                            "\"gaussian, σ 0.1\",test,2,-610,-612,2,,,\n"));
}

void TestCurveSeries::writeCsvReportsFailure() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("curves.csv"));
    const QString text = twoEpochs().csvText();
    QVERIFY(CurveSeries::writeCsv(path, text));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()), text);

    QString error;
    QVERIFY(!CurveSeries::writeCsv(dir.filePath(QStringLiteral("missing/curves.csv")), text, &error));
    QVERIFY2(error.contains(QStringLiteral("missing")), qPrintable(error));
}

LATENTLAB_TEST_APPLESS_MAIN(TestCurveSeries)
#include "test_curve_series.moc"
