// Issue #29: a 2-epoch conv run drew flat grey reconstructions and nothing
// told a student why. The Training tab says so beside the previews while the
// reconstructions barely differ from one another.

#include "ui/training/training_results.h"

#include <QImage>
#include <QLabel>
#include <QtTest>
#include "test_registry.h"

using namespace latentlab;

namespace {

PreviewImages previews(double spread) {
    PreviewImages p;
    p.epoch = 2;
    QImage grey(8, 8, QImage::Format_Grayscale8);
    grey.fill(128);
    p.originals = {grey, grey};
    p.reconstructions = {grey, grey};
    p.samples = {grey};
    p.reconstructionSpread = spread;
    return p;
}

}  // namespace

class TestStillAverageNote : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shownOnlyWhileTheReconstructionsAreAlike() {
        TrainingResults results;
        results.resize(1200, 800);
        results.show();
        QLabel* note = results.averageNote();
        QVERIFY(note && note->isHidden());
        results.showPreviews(previews(0.02));
        QVERIFY(note->isVisible());
        QVERIFY(note->text().contains(QStringLiteral("Train longer")));
        results.showPreviews(previews(0.6));
        QVERIFY(note->isHidden());
        results.showPreviews(previews(0.02));
        results.clear();
        QVERIFY(note->isHidden());
    }
};

LATENTLAB_TEST_MAIN(TestStillAverageNote)
#include "test_still_average_note.moc"
