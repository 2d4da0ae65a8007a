// RunFolder's steps.csv: what the training thread writes at each epoch and
// Open Run reads back.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"
#include <cmath>

#include "app/runs/run_folder.h"

using latentlab::RunFolder;
using latentlab::StepStats;

class TestRunFolder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stepsRoundTripExactly();
    void malformedStepsAreRefused();
    void missingStepsFileIsReported();
    void staleTemporariesAreRemoved();
    void historySummaryOfDamagedFiles();
};

void TestRunFolder::stepsRoundTripExactly() {
    QVector<StepStats> steps;
    for (int i = 1; i <= 3; ++i) {
        StepStats s;
        s.epoch = 1 + i / 3;
        s.step = 10 * i;
        s.step_in_epoch = 10 * i % 25;
        s.steps_per_epoch = 25;
        // Values with more digits than a short format keeps.
        s.loss = {-std::sqrt(2.0) * 100 * i, -std::acos(-1.0) * 90 * i, 1.0 / 3.0 + i};
        s.beta = i == 3 ? 0.5 : 1.0;
        s.images_per_second = 12345.678901234 * i;
        steps.append(s);
    }
    QVector<StepStats> read;
    QString error;
    QVERIFY2(RunFolder::parseStepsCsv(RunFolder::stepsCsv(steps), &read, &error), qPrintable(error));
    QCOMPARE(read.size(), steps.size());
    for (int i = 0; i < steps.size(); ++i) {
        QCOMPARE(read[i].epoch, steps[i].epoch);
        QCOMPARE(read[i].step, steps[i].step);
        QCOMPARE(read[i].step_in_epoch, steps[i].step_in_epoch);
        QCOMPARE(read[i].steps_per_epoch, steps[i].steps_per_epoch);
        // Bit for bit: a reopened run draws the very same curve.
        QVERIFY(read[i].loss.elbo == steps[i].loss.elbo);
        QVERIFY(read[i].loss.recon == steps[i].loss.recon);
        QVERIFY(read[i].loss.kl == steps[i].loss.kl);
        QVERIFY(read[i].beta == steps[i].beta);
        QVERIFY(read[i].images_per_second == steps[i].images_per_second);
    }
}

void TestRunFolder::malformedStepsAreRefused() {
    const QByteArray good = RunFolder::stepsCsv({StepStats{}});
    QVector<StepStats> read;
    QString error;
    QVERIFY(RunFolder::parseStepsCsv(good, &read, &error));
    QCOMPARE(read.size(), 1);

    QVERIFY(!RunFolder::parseStepsCsv("epoch,step\n1,2\n", &read, &error));
    QVERIFY2(error.contains(QStringLiteral("header")), qPrintable(error));
    QVERIFY(!RunFolder::parseStepsCsv(good + "1,2,3\n", &read, &error));
    QVERIFY2(error.contains(QStringLiteral("line 3")), qPrintable(error));
    QVERIFY(read.isEmpty());
    QVERIFY(!RunFolder::parseStepsCsv(good + "1,2,3,4,x,6,7,8,9\n", &read, &error));
}

void TestRunFolder::missingStepsFileIsReported() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const RunFolder folder(dir.path());
    QVERIFY(!folder.hasCheckpoint());
    QCOMPARE(folder.configuredEpochs(), qint64(0));
    QVector<StepStats> read;
    QString error;
    QVERIFY(!folder.readSteps(&read, &error));
    QVERIFY2(error.contains(QStringLiteral("steps.csv")), qPrintable(error));
}

// A write killed between its temporary and the rename leaves
// "checkpoint.pt.tmp<pid>"; the next run removes those of dead processes only.
void TestRunFolder::staleTemporariesAreRemoved() {
    QTemporaryDir dir;
    const auto touch = [&](const QString& name) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("x");
    };
    const QString mine = QStringLiteral("checkpoint.pt.tmp%1").arg(QCoreApplication::applicationPid());
    touch(mine);
    touch(QStringLiteral("checkpoint.pt.tmp999999999"));  // above any pid_max: no such process
    touch(QStringLiteral("history.csv.tmp999999998"));
    touch(QStringLiteral("notes.txt.tmp999999999"));       // not a run file: not ours to remove
    QCOMPARE(latentlab::RunFolder(dir.path()).removeStaleTemporaries(), 2);
    QVERIFY(QFile::exists(dir.filePath(mine)));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("notes.txt.tmp999999999"))));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("checkpoint.pt.tmp999999999"))));
}

// history.csv as the recent-runs menu reads it, whole and damaged.
void TestRunFolder::historySummaryOfDamagedFiles() {
    latentlab::RunSummary summary;
    latentlab::RunFolder::readHistorySummary("epoch,train_elbo,train_recon,train_kl,test_elbo\n1,-5,-4,1,-6.5\n2,-4,-3,1,-5.25\n",
                                             &summary);
    QCOMPARE(summary.epochsDone, qint64{2});
    QVERIFY(summary.hasTestElbo);
    QCOMPARE(summary.testElbo, -5.25);
    latentlab::RunFolder::readHistorySummary("epoch,train_elbo\n1,-5,-4,1,garbage\n", &summary);
    QVERIFY(!summary.hasTestElbo);
    latentlab::RunFolder::readHistorySummary(QByteArray("\0\0\xff", 3), &summary);
    QCOMPARE(summary.epochsDone, qint64{0});
    QVERIFY(!summary.hasTestElbo);
}

LATENTLAB_TEST_APPLESS_MAIN(TestRunFolder)
#include "test_run_folder.moc"
