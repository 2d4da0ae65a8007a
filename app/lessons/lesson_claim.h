#pragma once

// What a lesson's text says its run will show, as data: each statement is
// tied to a quantity the seed-locked run measures and to the range that run
// gave on this machine with one and with two training threads
// (tests/app/test_lesson_claims.cpp trains every part in full and checks
// each claim; issue #29). The pane and the texts quote these ranges, never
// a number written without a run behind it.

#include <QString>

namespace latentlab {

enum class ClaimQuantity {
    // Code numbers with a test KL above kUnusedDimensionNats after the part's last epoch.
    UsedDimensions,
    // The part's used dimensions minus those of the part before it.
    UsedDimensionsGain,
    // The part's test KL in nats per image after its last epoch.
    TestKl,
    // MIG after the part's last epoch (data with known factors).
    Mig,
    // The part's MIG minus the part before it.
    MigGain,
    // Of the test images, the share whose nearest other code (posterior
    // means, Euclidean) belongs to an image of the same class: "similar
    // pictures end up near each other".
    NearestCodeSameClass,
    // The lesson's interpolation pair (first test images of fromClass and
    // toClass): the norm of the spherical path's middle code over the
    // linear path's.
    MidpointNormRatio,
    // The same pair: the decoded middle image's pixel standard deviation on
    // the spherical path over the linear path's (below 1: slerp's middle is
    // the fainter picture, above 1: the linear one is).
    MidpointContrastRatio,
    // The previews' reconstruction spread (PreviewImages): near 0, every
    // reconstruction is the same average picture.
    ReconstructionSpread,
    // The part's reconstruction spread minus the part before it.
    ReconstructionSpreadGain,
    // The part's test -ELBO in nats per image: for a density that can be
    // negative (continuous Bernoulli), which shows likelihoods of different
    // decoders are not comparable.
    TestNegativeElbo,
};

struct LessonClaim {
    // The lesson part whose run is measured; in a Compare lesson, the index
    // of the decoder in Lesson::decoders.
    int part = 0;
    ClaimQuantity quantity = ClaimQuantity::UsedDimensions;
    double low = 0.0;   // the measured value lies in [low, high]
    double high = 0.0;
    QString statement;  // what the lesson's text says, in its words
};

}  // namespace latentlab
