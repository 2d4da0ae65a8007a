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

    // The claims the epoch figures can check, for the run that just ended.
    void checksTheLessonsClaimsOnTheLastRun() {
        Lesson lesson;
        lesson.claims = {
            {0, ClaimQuantity::UsedDimensions, 0, 3, QStringLiteral("almost all of the code is ignored")},
            {1, ClaimQuantity::UsedDimensionsGain, 3, 10, QStringLiteral("more bars rise")},
            {1, ClaimQuantity::MigGain, 0.01, 0.1, QStringLiteral("β = 4 raises it")},
            {1, ClaimQuantity::ReconstructionSpread, 0.1, 0.3, QStringLiteral("needs the model")},
        };
        const PartOutcome first{0, 1.0, 5, epoch(5, -90, -80, {0.5, 0.0, 0.0, 0.0}, 0.011)};
        const PartOutcome second{1, 4.0, 5, epoch(5, -95, -70, {0.5, 0.2, 0.3, 0.0}, 0.037)};
        QCOMPARE(*epochClaimValue(lesson.claims[0], {first}), 1.0);
        QVERIFY(!epochClaimValue(lesson.claims[1], {second}));  // the run before is missing
        QCOMPARE(*epochClaimValue(lesson.claims[1], {first, second}), 2.0);
        QVERIFY(qAbs(*epochClaimValue(lesson.claims[2], {first, second}) - 0.026) < 1e-12);
        QVERIFY(!epochClaimValue(lesson.claims[3], {first, second}));
        QCOMPARE(describeClaims(lesson, {first}),
                 QStringLiteral("What the lesson said, on this run:\n✓ almost all of the code is ignored — code numbers "
                                "in use: 1 (the lesson expects 0 to 3)"));
        QCOMPARE(describeClaims(lesson, {first, second}),
                 QStringLiteral("What the lesson said, on this run:\n"
                                "✗ more bars rise — code numbers in use, compared with the run before: 2 (the lesson "
                                "expects 3 to 10)\n"
                                "✓ β = 4 raises it — MIG, compared with the run before: 0.026 (the lesson expects "
                                "0.010 to 0.100)"));
        QVERIFY(describeClaims(Lesson{}, {first}).isEmpty());
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
