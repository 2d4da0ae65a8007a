// The MIG curve of the training view: shown when epochs carry a MIG (a data
// set with known factors), with the last value in words; absent otherwise.

#include "ui/training/training_results.h"
#include "ui/widgets/mig_plot.h"

#include <qcustomplot.h>

#include <QGroupBox>
#include <QtTest>
#include "test_registry.h"

using namespace latentlab;

namespace {

EpochStats epochWith(int64_t number, std::optional<double> mig) {
    EpochStats epoch;
    epoch.epoch = number;
    epoch.test.kl_per_dim = {1.0, 0.5};
    epoch.mig = mig;
    return epoch;
}

}  // namespace

class TestMigPlot : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void curveAppearsWhenEpochsCarryMig() {
        TrainingResults results;
        results.resize(1200, 800);
        results.show();
        auto* box = results.findChild<QGroupBox*>(QStringLiteral("migBox"));
        QVERIFY(box);
        QVERIFY(!box->isVisible());
        MigPlot* mig = results.migPlot();
        results.addEpoch(epochWith(1, 0.05));
        results.addEpoch(epochWith(2, 0.12));
        results.addEpoch(epochWith(3, 0.174));
        QVERIFY(box->isVisible());
        QCOMPARE(mig->pointCount(), 3);
        QCOMPARE(mig->lastMig(), 0.174);
        QVERIFY2(mig->summary().startsWith(QStringLiteral("MIG 0.174 after epoch 3")), qPrintable(mig->summary()));
        // Its own axis from 0, up to what fits the values (0.174 -> 0.3, a fifth to spare), labelled.
        QCOMPARE(mig->plot()->yAxis->range().lower, 0.0);
        QCOMPARE(mig->plot()->yAxis->range().upper, 0.3);
        QCOMPARE(mig->plot()->yAxis->label(), QStringLiteral("MIG"));
        QCOMPARE(mig->plot()->graph(0)->data()->at(2)->value, 0.174);

        results.clear();
        QVERIFY(!box->isVisible());
        QCOMPARE(mig->pointCount(), 0);
        // The lesson's values (issue #29): 0.011 and 0.037 were flat lines on a 0-1 axis.
        results.addEpoch(epochWith(1, 0.011));
        results.addEpoch(epochWith(2, 0.037));
        QCOMPARE(mig->plot()->yAxis->range().upper, 0.05);
    }

    void noCurveWithoutFactors() {
        TrainingResults results;
        results.show();
        results.addEpoch(epochWith(1, std::nullopt));
        results.addEpoch(epochWith(2, std::nullopt));
        QCOMPARE(results.migPlot()->pointCount(), 0);
        QVERIFY(!results.findChild<QGroupBox*>(QStringLiteral("migBox"))->isVisible());
        QVERIFY(std::isnan(results.migPlot()->lastMig()));
    }
};

LATENTLAB_TEST_MAIN(TestMigPlot)
#include "test_mig_plot.moc"
