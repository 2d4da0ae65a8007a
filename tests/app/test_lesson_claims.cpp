// Lessons keep their promises (issue #29): every part of every lesson is
// trained in full, as the window trains it, and each claim its text makes
// (app/lessons/lesson_claim.h) is measured on the finished run and must lie
// in the range the lesson states. Registered twice: with the default team of
// two training threads and with one (LATENTLAB_LESSON_THREADS=1), because the
// sums, and so the runs, differ with the thread count. Every measured
// quantity of every run is printed, to choose ranges from.

#include "app/lessons/lesson.h"
#include "app/lessons/lesson_claim_measure.h"
#include "app/lessons/lesson_outcome.h"
#include "datasets/factor_set.h"
#include "model/compare/matched_runs.h"
#include "model/data/idx_reader.h"
#include "model/data/image_folder.h"
#include "model/train/trainer.h"

#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"

#include <torch/torch.h>

#include <vector>

using latentlab::ClaimQuantity;
using latentlab::Dataset;
using latentlab::Lesson;
using latentlab::LessonClaim;
using latentlab::LessonData;
using latentlab::LessonRun;
using latentlab::RunConfig;
using latentlab::Trainer;

namespace {

int trainingThreads() {
    const QByteArray value = qgetenv("LATENTLAB_LESSON_THREADS");
    return value.isEmpty() ? 2 : value.toInt();
}

LessonRun trainInFull(Trainer& trainer, const Dataset& data, int64_t epochs) {
    LessonRun run;
    for (int64_t epoch = 0; epoch < epochs; ++epoch) {
        const auto stats = trainer.train_epoch(data);
        if (!stats) throw latentlab::Error("an epoch stopped");
        run.last = *stats;
    }
    run.model = latentlab::snapshot_of(trainer);
    return run;
}

RunConfig forData(RunConfig config, const Dataset& data) {
    config.model.channels = data.channels;
    config.model.height = data.height;
    config.model.width = data.width;
    config.train.threads = trainingThreads();
    return config;
}

// The lesson's runs in its order: its parts, or a Compare lesson's decoders
// (matched runs, as the Compare tab trains them).
QVector<LessonRun> trainLesson(const Lesson& lesson, const Dataset& data) {
    QVector<LessonRun> runs;
    if (lesson.view == latentlab::LessonView::Compare) {
        const RunConfig base = forData(lesson.parts.first().config, data);
        latentlab::MatchedRuns matched(
            base, latentlab::parse_decoder_choices(lesson.decoders.join(QLatin1Char(',')).toStdString(), base.model));
        for (int i = 0; i < matched.size(); ++i) {
            auto trainer = matched.make_trainer(i);
            runs.append(trainInFull(*trainer, data, base.train.epochs));
        }
        return runs;
    }
    for (const auto& part : lesson.parts) {
        const RunConfig config = forData(part.config, data);
        Trainer trainer(config);
        runs.append(trainInFull(trainer, data, config.train.epochs));
    }
    return runs;
}

void printRun(const Lesson& lesson, int index, const QVector<LessonRun>& runs, const Dataset& data) {
    const auto& stats = runs.at(index).last;
    QString line = QStringLiteral("%1 run %2 (%3 threads): -ELBO %4, KL %5, used %6")
                       .arg(lesson.name)
                       .arg(index + 1)
                       .arg(trainingThreads())
                       .arg(-stats.test.loss.elbo, 0, 'f', 2)
                       .arg(stats.test.loss.kl, 0, 'f', 2)
                       .arg(latentlab::usedDimensions(stats));
    QStringList kl;
    for (double v : stats.test.kl_per_dim) kl << QString::number(v, 'f', 2);
    line += QStringLiteral(" [%1]").arg(kl.join(QLatin1Char(' ')));
    if (stats.mig) line += QStringLiteral(", MIG %1").arg(*stats.mig, 0, 'f', 4);
    LessonClaim probe;
    probe.part = index;
    for (ClaimQuantity quantity : {ClaimQuantity::ReconstructionSpread, ClaimQuantity::NearestCodeSameClass}) {
        probe.quantity = quantity;
        line += QStringLiteral(", %1 %2")
                    .arg(latentlab::claimQuantityWords(quantity))
                    .arg(latentlab::measureClaim(lesson, probe, runs, data), 0, 'f', 4);
    }
    if (lesson.fromClass >= 0 && lesson.toClass >= 0) {
        for (ClaimQuantity quantity : {ClaimQuantity::MidpointNormRatio, ClaimQuantity::MidpointContrastRatio}) {
            probe.quantity = quantity;
            line += QStringLiteral(", %1 %2")
                        .arg(latentlab::claimQuantityWords(quantity))
                        .arg(latentlab::measureClaim(lesson, probe, runs, data), 0, 'f', 4);
        }
    }
    qInfo().noquote() << line;
}

}  // namespace

class TestLessonClaims : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyClaimHolds_data();
    void everyClaimHolds();

private:
    const Dataset& dataFor(const LessonData& data);

    QTemporaryDir dir_;
    Dataset fashion_;
    Dataset shapes_;
};

void TestLessonClaims::initTestCase() {
    QVERIFY(dir_.isValid());
    if (!QFileInfo::exists(QString::fromLatin1(latentlab::kFashionMnistDir)))
        QSKIP("Fashion-MNIST is not installed (dataset-fashion-mnist)");
    fashion_ = latentlab::open_dataset("fashion-mnist", {});
}

const Dataset& TestLessonClaims::dataFor(const LessonData& data) {
    if (data.source != LessonData::Source::FactorShapes) return fashion_;
    if (shapes_.train.size() == 0) {
        // The set the lesson generates, made by the same generator with its settings.
        latentlab::datasets::Options options;
        options.out = dir_.filePath(QStringLiteral("shapes")).toStdString();
        options.count = data.count;
        options.size = data.size;
        options.seed = data.seed;
        options.factors = true;
        options.channels = data.channels;
        if (latentlab::datasets::write_factor_set(options) != 0) throw latentlab::Error("could not write the shapes");
        latentlab::ImageFolderOptions folder;
        folder.size = data.size;
        folder.channels = data.channels;
        folder.use_cache = false;
        shapes_ = latentlab::open_dataset(options.out, folder);
    }
    return shapes_;
}

void TestLessonClaims::everyClaimHolds_data() {
    QTest::addColumn<QString>("name");
    for (const Lesson& lesson : latentlab::lessons()) QTest::newRow(qPrintable(lesson.name)) << lesson.name;
}

void TestLessonClaims::everyClaimHolds() {
    QFETCH(QString, name);
    const Lesson* lesson = latentlab::findLesson(name);
    QVERIFY(lesson);
    const Dataset& data = dataFor(lesson->data);
    const QVector<LessonRun> runs = trainLesson(*lesson, data);
    for (int i = 0; i < runs.size(); ++i) printRun(*lesson, i, runs, data);
    QVERIFY2(!lesson->claims.isEmpty(), "a lesson without claims says nothing a run could show");
    for (const LessonClaim& claim : lesson->claims) {
        const double value = latentlab::measureClaim(*lesson, claim, runs, data);
        const QString what = QStringLiteral("%1, run %2: \"%3\" — %4 measured %5, the lesson says %6 to %7")
                                 .arg(lesson->name)
                                 .arg(claim.part + 1)
                                 .arg(claim.statement, latentlab::claimQuantityWords(claim.quantity))
                                 .arg(value)
                                 .arg(claim.low)
                                 .arg(claim.high);
        qInfo().noquote() << what;
        QVERIFY2(value >= claim.low && value <= claim.high, qPrintable(what));
    }
}

LATENTLAB_TEST_APPLESS_MAIN(TestLessonClaims)
#include "test_lesson_claims.moc"
