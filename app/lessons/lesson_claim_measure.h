#pragma once

// Measures a lesson's claims on its finished runs (lesson_claim.h). Needs
// the trained models, so it runs where they are: the tests that train each
// lesson in full, off any GUI thread.

#include "app/lessons/lesson.h"
#include "model/data/dataset.h"
#include "model/train/model_snapshot.h"

#include <QVector>

namespace latentlab {

// One finished run of a lesson: a part, or in a Compare lesson one decoder.
struct LessonRun {
    EpochStats last;  // its last epoch
    SnapshotPtr model;
};

// The value of `claim`'s quantity on `runs` (in the lesson's order), with
// `data` the lesson's data set. Throws latentlab::Error when the runs lack
// what the quantity needs (a part before the first, no factors for MIG).
double measureClaim(const Lesson& lesson, const LessonClaim& claim, const QVector<LessonRun>& runs,
                    const Dataset& data);

}  // namespace latentlab
