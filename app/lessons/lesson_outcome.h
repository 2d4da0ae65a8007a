#pragma once

// What a lesson's run measured, in words for its pane once the run ends: the
// numbers come from this run, never from the lesson's text (issue #29: the
// text promised "MIG around 0.02 to 0.03" and the runs gave 0.011 and 0.037).

#include "app/lessons/lesson.h"
#include "model/base/training_stats.h"

#include <QString>
#include <QVector>

#include <optional>

namespace latentlab {

// A KL bar below this carries nothing about the picture: the Training tab's
// posterior-collapse warning counts the same way.
inline constexpr double kUnusedDimensionNats = 0.01;

// One finished run of a lesson's part.
struct PartOutcome {
    int part = 0;
    double beta = 1.0;      // the part's β, to name earlier runs by
    qint64 planned = 0;     // the part's epochs
    EpochStats last;        // its last epoch's test figures
};

// "Measured on this run after epoch 15: test −ELBO 92.4 nats (reconstruction
// 71.0 + KL 21.4). 4 of 10 code numbers carry information (KL above 0.01
// nats); 6 are unused. MIG 0.037, up from 0.011 in the run with β = 1."
// `runs` holds the lesson's finished runs in the order they ran; the last is
// described, the earlier ones only where they give a comparison.
QString describeOutcome(const QVector<PartOutcome>& runs);

// How many dimensions carry information (KL above kUnusedDimensionNats).
int usedDimensions(const EpochStats& epoch);

// What a claim's quantity is, in words: "code numbers in use", "MIG, compared
// with the run before" (the pane's checks and the claims test's messages).
QString claimQuantityWords(ClaimQuantity quantity);

// The value of `claim` from the epoch figures of the lesson's finished runs
// (UsedDimensions, UsedDimensionsGain, TestKl, Mig, MigGain,
// TestNegativeElbo); nothing for the quantities that need the model, or
// when a run it needs has not finished.
std::optional<double> epochClaimValue(const LessonClaim& claim, const QVector<PartOutcome>& runs);

// What the lesson's text said about the last run and what the run measured,
// one line per claim the epoch figures can check: "✓ more bars rise: code
// numbers in use, more than the run before: 8 (the lesson says 3 to 10)".
// Empty when no claim is about that run.
QString describeClaims(const Lesson& lesson, const QVector<PartOutcome>& runs);

}  // namespace latentlab
