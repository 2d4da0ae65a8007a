// latentlab-cli compare as a user runs it: matched runs in their own folders,
// a table whose every row is what `eval --metrics` prints for that run's
// checkpoint, the report (HTML with embedded pictures, PDF) and the pictures,
// all read back as the Compare tab reopens a comparison.

#include "app/workspace/saved_comparison.h"
#include "bar_folder.h"
#include "cli_process.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <QFile>

namespace {

using latentlab::testing::runCli;

QString readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

}  // namespace

class TestCliCompare : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tableRowsAreWhatEvalPrints() {
        QTemporaryDir dir;
        QString failure;
        QVERIFY2(latentlab::testing::writeBarFolder(dir.filePath("bars"), 8, 24, 8, &failure), qPrintable(failure));
        const QString out = dir.filePath("compare");
        const auto compare =
            runCli({"compare", "--decoders", "bernoulli,gaussian-predicted:single,cbernoulli", "--data",
                    dir.filePath("bars"), "--size", "8", "--hidden", "16", "--latent", "2", "--epochs", "2",
                    "--batch", "16", "--dequantize", "--iw-samples", "4", "--threads", "1", "--out", out});
        QVERIFY2(compare.exitCode == 0, qPrintable(compare.err));
        const auto lines = readAll(out + "/table.csv").trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines[0].startsWith("decoder,folder,images,test_elbo,test_recon,test_kl,iw_samples,log_px,"
                                    "bits_per_dim_0_255,mse,ssim,active_units"));
        for (int i = 1; i < lines.size(); ++i) {
            const auto label = lines[i].section(',', 0, 0), folder = lines[i].section(',', 1, 1);
            QVERIFY2(lines[i].endsWith(",yes"), qPrintable(lines[i]));  // the same batches as run 1
            QVERIFY(folder.startsWith(QString::number(i) + "-"));
            // Each run is a run folder of its own.
            for (const char* file : {"checkpoint.pt", "history.csv", "config.json", "steps.csv"})
                QVERIFY2(QFile::exists(out + "/" + folder + "/" + file), file);
            QVERIFY(QFile::exists(out + "/images/" + folder + "-mean.png"));
            QVERIFY(QFile::exists(out + "/images/" + folder + "-sample.png"));
            QVERIFY(QFile::exists(out + "/images/" + folder + "-prior.png"));

            const auto eval = runCli({"eval", "--checkpoint", out + "/" + folder + "/checkpoint.pt", "--metrics",
                                      "--iw-samples", "4", "--threads", "1"});
            QVERIFY2(eval.exitCode == 0, qPrintable(eval.err));
            const auto printed = eval.out.section("metrics (the row of latentlab-cli compare's table.csv):\n", 1)
                                     .trimmed().split('\n');
            QCOMPARE(printed.size(), 2);  // the header, then the row
            QCOMPARE(label + "," + folder + "," + printed[1] + ",yes", lines[i]);
        }
        // Bits per dimension for the densities only.
        QVERIFY(lines[1].contains(",nan,"));
        QVERIFY(!lines[2].contains(",nan,") && !lines[3].contains(",nan,"));

        const auto html = readAll(out + "/report.html");
        QVERIFY(html.count("<img src=\"data:image/png;base64,") >= 2 + 3 * 3);
        QVERIFY(!html.contains("<img src=\"picture"));
        QVERIFY(html.contains("Which numbers compare?"));
        QVERIFY(html.contains("not a density"));
        QVERIFY(readAll(out + "/report.pdf").startsWith("%PDF"));
        QVERIFY(QFile::exists(out + "/images/originals.png"));
        // The curves picture, whose own title says how it is scaled.
        QVERIFY(QFile::exists(out + "/images/curves.png"));
        QVERIFY(html.contains("Test ELBO per epoch of every run"));

        // The Compare tab reads the folder back (File > Open Comparison…): a row
        // per run with its pictures and epochs, the setup the report states.
        latentlab::SavedComparison saved;
        QString problem;
        QVERIFY2(latentlab::readSavedComparison(out, &saved, &problem), qPrintable(problem));
        QCOMPARE(saved.rows.size(), 3);
        QCOMPARE(saved.plan.labels.size(), 3);
        QCOMPARE(saved.plan.labels[0], lines[1].section(',', 0, 0));
        QVERIFY(!saved.rows[0].originals.isNull());
        for (int i = 0; i < 3; ++i) {
            QVERIFY(!saved.rows[i].reconstructions.isNull() && !saved.rows[i].prior.isNull());
            QCOMPARE(saved.epochs[i].size(), 2);
            QCOMPARE(saved.rows[i].cells.size(), saved.plan.columns.size());
        }
        QVERIFY(saved.rows[0].cells.last().contains("not a density"));
        // setup.txt: the report's paragraph, not the fallback for folders without it.
        QVERIFY2(saved.plan.setup.startsWith("Matched runs on") && !saved.plan.setup.contains("read back"),
                 qPrintable(saved.plan.setup));
    }

    void badDecoderListsAreOneLineErrors_data() {
        QTest::addColumn<QString>("list");
        QTest::newRow("one decoder") << "bernoulli";
        QTest::newRow("unknown") << "bernoulli,poisson";
        QTest::newRow("twice") << "cbernoulli,cbernoulli";
    }
    void badDecoderListsAreOneLineErrors() {
        QFETCH(QString, list);
        const auto result = runCli({"compare", "--decoders", list, "--out", QDir::tempPath() + "/never"});
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.err.trimmed().split('\n').size(), 1);
        QVERIFY(result.err.startsWith("latentlab-cli: --decoders: "));
        QVERIFY(!QFile::exists(QDir::tempPath() + "/never"));
    }
};

LATENTLAB_TEST_MAIN(TestCliCompare)
#include "test_cli_compare.moc"
