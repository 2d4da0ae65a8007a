// A lesson's pane quotes what its run measured (issue #29), in words checked
// here against hand-written figures.

#include "app/lessons/lesson_outcome.h"

#include <QtTest>
#include "test_registry.h"

using namespace latentlab;

namespace {

EpochStats epoch(int64_t n, double elbo, double recon, std::vector<double> kl, std::optional<double> mig = {}) {
    EpochStats e;
    e.epoch = n;
    e.test.loss = {elbo, recon, recon - elbo};
    e.test.kl_per_dim = std::move(kl);
    e.mig = mig;
    return e;
}

}  // namespace

class TestLessonOutcome : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void countsTheDimensionsInUse() {
        QCOMPARE(usedDimensions(epoch(1, -1, -1, {0.0, 0.005, 0.011, 3.0})), 2);
        QCOMPARE(usedDimensions(epoch(1, -1, -1, {})), 0);
    }

    void describesOneRun() {
        const QString text = describeOutcome({PartOutcome{0, 1.0, 5, epoch(5, -92.44, -71.02, {5.0, 0.27, 0.001, 0.0})}});
        QCOMPARE(text, QStringLiteral("Measured on this run after epoch 5: test −ELBO 92.4 nats (reconstruction 71.0 "
                                      "+ KL 21.4). 2 of 4 code numbers carry information (KL above 0.01 nats); "
                                      "2 are unused."));
        QVERIFY(describeOutcome({}).isEmpty());
    }

    void comparesWithTheRunBefore() {
        const PartOutcome plain{0, 1.0, 15, epoch(15, -90, -70, {1, 1, 1, 0}, 0.011)};
        const PartOutcome beta4{1, 4.0, 15, epoch(15, -95, -80, {1, 0, 0, 0}, 0.037)};
        const QString text = describeOutcome({plain, beta4});
        QVERIFY2(text.contains(QStringLiteral("1 of 4 code numbers carry information (KL above 0.01 nats); 3 are unused. "
                                              "The run before this one (β = 1) had 3 in use. "
                                              "MIG 0.037, up from 0.011 in the run with β = 1.")),
                 qPrintable(text));
        const PartOutcome worse{1, 4.0, 15, epoch(15, -95, -80, {1, 0, 0, 0}, 0.005)};
        QVERIFY(describeOutcome({plain, worse}).endsWith(QStringLiteral("MIG 0.005, down from 0.011 in the run with β = 1.")));
        // One unused dimension: singular.
        QVERIFY(describeOutcome({PartOutcome{0, 1.0, 1, epoch(1, -1, -1, {1, 0})}}).endsWith(QStringLiteral("1 is unused.")));
    }
};

LATENTLAB_TEST_GUILESS_MAIN(TestLessonOutcome)
#include "test_lesson_outcome.moc"
