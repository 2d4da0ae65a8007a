#pragma once

// A lesson: one idea about VAEs shown by a seed-locked run (or a few) on a
// fixed data set, with a short text of what to look at and why. Lessons are
// data (lesson_table.cpp); ui/lesson_runner carries one out in the window.

#include "app/lessons/lesson_claim.h"
#include "model/base/run_config.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace latentlab {

// Where a lesson's images come from.
struct LessonData {
    enum class Source {
        FashionMnist,  // Debian's dataset-fashion-mnist package
        FactorShapes,  // the known-factors shapes, generated on first use
        Folder,        // an existing image folder (test lessons)
    };
    Source source = Source::FashionMnist;
    QString folder;  // Folder only
    int size = 28;   // folders: the side the images are loaded at
    int channels = 1;
    long long count = 0;            // FactorShapes: images generated
    unsigned long long seed = 1;    // FactorShapes: the generator's seed
};

// The view a lesson opens once the first epoch gives something to see.
enum class LessonView {
    Training,       // the curves and the KL-per-dimension bars
    Interpolation,  // Explore → Interpolation
    Traversal,      // Explore → Traversal
    LatentMap,      // Explore → Latent map
    Compare,        // the Compare tab: a decoder comparison instead of one run
};

// One run of a lesson. The first starts with the lesson; each later one has
// a button on the lesson's panel.
struct LessonPart {
    QString button;       // the panel's button, e.g. "Train with β = 4"
    QString explanation;  // what changes in this run and what to expect
    RunConfig config;     // everything fixed, the seed included
};

struct Lesson {
    QString name;   // for --lesson, e.g. "posterior-collapse"
    QString title;  // e.g. "Posterior collapse"
    QString text;   // a few sentences: the idea and why it matters
    QStringList steps;  // what to look at, in order
    LessonData data;
    LessonView view = LessonView::Training;
    bool manifold = false;      // LatentMap: the decoded plane behind the points
    int fromClass = -1;         // Interpolation: the first test image of these
    int toClass = -1;           // classes as the two ends; -1 leaves them
    QStringList decoders;       // Compare: as `latentlab-cli compare --decoders` takes them
    QVector<LessonPart> parts;  // at least one
    // What the text promises about the runs, with the ranges measured.
    QVector<LessonClaim> claims;
};

// The lessons offered in File → Lessons and by --lesson, in menu order.
const QVector<Lesson>& lessons();
// The lesson named `name` (case-insensitive), or nullptr.
const Lesson* findLesson(const QString& name);
// "Unknown lesson "x". The lessons are: ..." for a bad --lesson.
QString unknownLessonMessage(const QString& name);
// One line per lesson: its name, then its title (for --list-lessons).
QString lessonListText();


}  // namespace latentlab
