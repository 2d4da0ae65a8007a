// Crash-safe runs, and a disk that fills up: latentlab-cli killed with SIGKILL at seeded random moments
// of a training run (while it steps, evaluates and writes its files), then
// resumed, again and again. Every time the run folder opens and its
// checkpoint loads; at the end the run's numbers and weights equal those of
// a run that was never interrupted (exact resume on the CPU).

#include "app/runs/run_folder.h"
#include "bar_folder.h"
#include "model/base/error.h"
#include "model/base/threads.h"
#include "model/store/atomic_file.h"
#include "model/train/model_snapshot.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <QProcess>

#include <csignal>
#include <random>

using namespace latentlab;

namespace {

constexpr int kKills = 50;
// Long enough that 50 kills, each after an epoch or two, do not reach the end.
constexpr int kEpochs = 150;

// history.csv without its timing columns (seconds, images_per_second).
QStringList numbersOf(const QString& folder) {
    QFile file(RunFolder(folder).historyPath());
    if (!file.open(QIODevice::ReadOnly)) return {};
    QStringList rows;
    QList<int> timing;
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        QList<QByteArray> fields = lines[i].split(',');
        if (i == 0) {
            timing = {int(fields.indexOf("images_per_second")), int(fields.indexOf("seconds"))};
            continue;
        }
        for (const int column : timing)
            if (column >= 0 && column < fields.size()) fields.removeAt(column);
        rows << QString::fromUtf8(fields.join(','));
    }
    return rows;
}

// Files a killed write left behind (the temporary beside the file).
int temporaries(const QString& folder) {
    return QDir(folder).entryList({QStringLiteral("*.tmp*")}, QDir::Files).size();
}

}  // namespace

class TestCrashResume : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { configure_process_threads(); }

    void killedAgainAndAgainTheRunEndsAsIfNeverStopped() {
        QTemporaryDir dir;
        QString failure;
        QVERIFY2(testing::writeBarFolder(dir.filePath("bars"), 8, 24, 8, &failure), qPrintable(failure));
        const QStringList train{"train", "--data", dir.filePath("bars"), "--size", "8", "--hidden", "64",
                                "--latent", "3", "--batch", "8", "--seed", "9", "--threads", "1",
                                "--epochs", QString::number(kEpochs)};
        const QString cli = QStringLiteral(LATENTLAB_CLI_PATH);
        QProcess reference;
        reference.start(cli, train + QStringList{"--out", dir.filePath("reference")});
        QVERIFY(reference.waitForFinished(300000));
        QCOMPARE(reference.exitCode(), 0);

        const QString run = dir.filePath("killed");
        const QString checkpoint = RunFolder(run).checkpointPath();
        std::mt19937 random(20261202);
        int kills = 0, duringWrite = 0, finished = 0, starts = 0;
        while (kills < kKills) {
            QVERIFY2(++starts < 4 * kKills, "the run kept finishing before it could be killed");
            QProcess process;
            const bool resume = QFile::exists(checkpoint);
            process.start(cli, resume ? QStringList{"resume", "--checkpoint", checkpoint, "--threads", "1"}
                                      : train + QStringList{"--out", run});
            QVERIFY(process.waitForStarted());
            // Killed once it trains: after its "writing to" line, at a
            // random moment within the next few epochs.
            QByteArray out;
            while (!out.contains("writing to") && process.state() == QProcess::Running) {
                process.waitForReadyRead(100);
                out += process.readAllStandardOutput();
            }
            QTest::qSleep(std::uniform_int_distribution<int>(0, 150)(random));
            // Never kill(0, ...): that would be this test's process group.
            const qint64 pid = process.processId();
            if (pid > 0) ::kill(static_cast<pid_t>(pid), SIGKILL);
            // A run may end before it prints that line (a resume of a run whose
            // last epoch was saved just before the kill has nothing to do).
            if (process.state() != QProcess::NotRunning) QVERIFY(process.waitForFinished(60000));
            if (process.exitStatus() == QProcess::NormalExit) {
                // It finished before the kill: start the run over.
                QCOMPARE(process.exitCode(), 0);
                ++finished;
                QVERIFY(QDir(run).removeRecursively());
                continue;
            }
            ++kills;
            if (temporaries(run) > 0) ++duringWrite;
            // The folder opens: the checkpoint (when one was written yet)
            // loads, config.json and steps.csv read.
            if (QFile::exists(checkpoint)) {
                try {
                    load_snapshot(checkpoint.toStdString(), "cpu");
                } catch (const Error& e) {
                    QFAIL(qPrintable(QString("kill %1 left a checkpoint that does not load: %2").arg(kills).arg(e.what())));
                }
                RunConfig config;
                QVERIFY2(RunFolder(run).readConfig(&config), qPrintable(QString("kill %1: config.json").arg(kills)));
                QVector<StepStats> steps;
                QString why;
                QVERIFY2(RunFolder(run).readSteps(&steps, &why), qPrintable(QString("kill %1: %2").arg(kills).arg(why)));
            }
        }
        // The last resume runs to the end.
        QProcess last;
        last.start(cli, {"resume", "--checkpoint", checkpoint, "--threads", "1"});
        QVERIFY(last.waitForFinished(300000));
        QCOMPARE(last.exitCode(), 0);
        qInfo("%d kills (%d left a temporary file: killed while writing), %d runs finished first, %d starts",
              kills, duringWrite, finished, starts);

        // The resumes cleared the temporaries the kills left.
        QCOMPARE(temporaries(run), 0);
        QCOMPARE(numbersOf(run).size(), kEpochs);
        QCOMPARE(numbersOf(run), numbersOf(dir.filePath("reference")));
        const auto a = load_snapshot(checkpoint.toStdString(), "cpu");
        const auto b = load_snapshot(RunFolder(dir.filePath("reference")).checkpointPath().toStdString(), "cpu");
        const auto pa = a->model->parameters();
        const auto pb = b->model->parameters();
        QCOMPARE(pa.size(), pb.size());
        for (size_t i = 0; i < pa.size(); ++i) QVERIFY(torch::equal(pa[i], pb[i]));
    }

    // A disk that fills up during a CLI run (the write hook of
    // model/store/atomic_file.h lets config.json and epoch 1's four files through):
    // the run stops with a message that says what the folder keeps, and the
    // checkpoint of epoch 1 is untouched and resumes.
    void fullDiskStopsTheCliRunWithAClearMessage() {
        QTemporaryDir dir;
        QString failure;
        QVERIFY2(testing::writeBarFolder(dir.filePath("bars"), 8, 8, 4, &failure), qPrintable(failure));
        const QString run = dir.filePath("run");
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QString::fromLatin1(kFullDiskVariable), run + "@5");
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(LATENTLAB_CLI_PATH),
                      {"train", "--data", dir.filePath("bars"), "--size", "8", "--hidden", "8", "--latent", "2",
                       "--epochs", "3", "--threads", "1", "--out", run});
        QVERIFY(process.waitForFinished(300000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 1);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains("stopped: cannot save the run: cannot write " + run), qPrintable(err));
        QVERIFY2(err.contains("No space left on device"), qPrintable(err));
        QVERIFY2(err.contains("The run folder keeps epoch 1"), qPrintable(err));
        const auto snapshot = load_snapshot(RunFolder(run).checkpointPath().toStdString(), "cpu");
        QCOMPARE(snapshot->epoch, int64_t{1});
        QCOMPARE(temporaries(run), 0);
        QProcess resume;
        resume.start(QStringLiteral(LATENTLAB_CLI_PATH), {"resume", "--checkpoint", RunFolder(run).checkpointPath()});
        QVERIFY(resume.waitForFinished(300000));
        QCOMPARE(resume.exitCode(), 0);
        QCOMPARE(numbersOf(run).size(), 3);
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestCrashResume)
#include "test_crash_resume.moc"
