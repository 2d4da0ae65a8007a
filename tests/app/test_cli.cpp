// latentlab-cli as a user runs it: exit statuses, one-line errors, the files
// a run writes and an eval that reproduces the run's test numbers.

#include "app/runs/run_folder.h"
#include "model/base/number_settings.h"

#include "cli_process.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <QImage>
#include <QProcess>
#include <QRegularExpression>

namespace {

QVector<latentlab::StepStats> savedSteps(const QString& folder) {
    QVector<latentlab::StepStats> steps;
    QString error;
    if (!latentlab::RunFolder(folder).readSteps(&steps, &error)) qWarning() << error;
    return steps;
}

using Result = latentlab::testing::CliResult;
using latentlab::testing::runCli;

int lineCount(const QString& text) { return text.trimmed().split('\n', Qt::SkipEmptyParts).size(); }

// Two classes of 8x8 images: a bright bar, horizontal or vertical, at each position.
void writeBars(const QString& root) {
    for (const QString& cls : {QStringLiteral("horizontal"), QStringLiteral("vertical")}) {
        QDir(root).mkpath(cls);
        for (int copy = 0; copy < 4; ++copy) {
            for (int position = 0; position < 8; ++position) {
                QImage image(8, 8, QImage::Format_Grayscale8);
                image.fill(0);
                for (int j = 0; j < 8; ++j) {
                    if (cls == "vertical")
                        image.setPixel(position, j, qRgb(255, 255, 255));
                    else
                        image.setPixel(j, position, qRgb(255, 255, 255));
                }
                image.save(QString("%1/%2/%3-%4.png").arg(root, cls).arg(position).arg(copy));
            }
        }
    }
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void helpDocumentsEveryTrainOption() {
        const auto result = runCli({"train", "--help"});
        QCOMPARE(result.exitCode, 0);
        for (const char* option : {"--data", "--decoder", "--latent", "--hidden", "--epochs", "--batch", "--lr",
                                   "--beta", "--samples", "--seed", "--threads", "--out", "--device", "--arch",
                                   "--conv-widths", "--posterior", "--model", "--warmup-epochs", "--capacity",
                                   "--capacity-epochs", "--gamma", "--dequantize", "--decoder-variance"})
            QVERIFY2(result.out.contains(option), option);
        for (const char* name : {"bernoulli", "cbernoulli", "gaussian-learned", "gaussian-predicted", "laplace-learned"})
            QVERIFY2(result.out.contains(name), name);
        QVERIFY(runCli({"eval", "--help"}).out.contains("--iw-samples"));
        QVERIFY(runCli({"eval", "--help"}).out.contains("--metrics"));
        const auto compare = runCli({"compare", "--help"});
        QVERIFY(compare.out.contains("--decoders") && compare.out.contains("--iw-samples") &&
                compare.out.contains("--dequantize"));
        QCOMPARE(runCli({"--help"}).exitCode, 0);
    }

    void numberOptionsTakeTheSettingsTablesBounds() {
        // The same bounds as validate() and the panel (model/base/number_settings.h):
        // one past the largest is refused before anything loads, and says the range.
        for (const latentlab::NumberSetting& s : latentlab::number_settings()) {
            const QString past = s.integer ? QString::number(static_cast<qint64>(s.max) + 1)
                                           : QString::number(s.max * 1.5, 'g', 17);
            const auto result = runCli({"train", "--" + QString::fromStdString(s.flag), past});
            QVERIFY2(result.exitCode == 2, qPrintable(QString::fromStdString(s.flag) + ": " + result.err));
            QVERIFY2(result.err.contains(QString::fromStdString(latentlab::format_number(s.max))) ||
                         result.err.contains(QString::number(s.max)),
                     qPrintable(result.err));
        }
    }

    void badOptionsAreOneLineAndStatusTwo_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("unknown option") << QStringList{"train", "--bogus"};
        QTest::newRow("not a number") << QStringList{"train", "--latent", "abc"};
        QTest::newRow("out of range") << QStringList{"train", "--batch", "0"};
        QTest::newRow("unknown decoder") << QStringList{"train", "--decoder", "poisson"};
        QTest::newRow("unknown command") << QStringList{"fly"};
        QTest::newRow("eval without checkpoint") << QStringList{"eval"};
        QTest::newRow("conv on 28x28") << QStringList{"train", "--arch", "conv"};
        QTest::newRow("conv widths for another size") << QStringList{"train", "--arch", "conv", "--size", "64",
                                                                     "--conv-widths", "8,8"};
        QTest::newRow("unknown decoder variance") << QStringList{"train", "--decoder-variance", "full"};
        QTest::newRow("compare without decoders") << QStringList{"compare"};
        QTest::newRow("unknown posterior") << QStringList{"train", "--posterior", "full"};
        QTest::newRow("unknown model") << QStringList{"train", "--model", "gan"};
        QTest::newRow("resume without checkpoint") << QStringList{"resume"};
        QTest::newRow("export without format") << QStringList{"export", "--checkpoint", "a.pt", "--out", "b.pt"};
    }
    void badOptionsAreOneLineAndStatusTwo() {
        QFETCH(QStringList, arguments);
        const auto result = runCli(arguments);
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(lineCount(result.err), 1);
        QVERIFY(result.err.startsWith("latentlab-cli: "));
    }

    void missingInputsAreOneLineErrors() {
        const auto folder = runCli({"train", "--data", "/nonexistent/images", "--out", QDir::tempPath() + "/x"});
        QCOMPARE(folder.exitCode, 1);
        QCOMPARE(lineCount(folder.err), 1);
        QVERIFY(folder.err.contains("/nonexistent/images"));

        const auto checkpoint = runCli({"eval", "--checkpoint", "/nonexistent/checkpoint.pt"});
        QCOMPARE(checkpoint.exitCode, 1);
        QCOMPARE(lineCount(checkpoint.err), 1);
    }

    void trainWritesItsFilesAndEvalReproducesTheTestNumbers() {
        QTemporaryDir dir;
        writeBars(dir.filePath("bars"));
        const QString out = dir.filePath("run");
        const auto train = runCli({"train", "--data", dir.filePath("bars"), "--size", "8", "--hidden", "32",
                                   "--latent", "2", "--epochs", "2", "--batch", "16", "--test-fraction", "0.25",
                                   "--seed", "3", "--out", out});
        QVERIFY2(train.exitCode == 0, qPrintable(train.err));
        QCOMPARE(train.out.count(QRegularExpression("^epoch ", QRegularExpression::MultilineOption)), 2);

        QFile csv(out + "/history.csv");
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const auto rows = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
        QCOMPARE(rows.size(), 3);
        QVERIFY(rows[0].startsWith("epoch,train_elbo,train_recon,train_kl,test_elbo"));
        QVERIFY(rows[0].endsWith("test_kl_z1"));
        QVERIFY(QFile::exists(out + "/config.json"));
        // steps.csv as the window writes it, so Open Run shows the step curves.
        const auto steps = savedSteps(out);
        QVERIFY(steps.size() >= 2);
        QCOMPARE(steps.last().epoch, qint64{2});
        QCOMPARE(steps.last().step, 2 * steps.last().steps_per_epoch);
        QCOMPARE(steps.last().step_in_epoch, steps.last().steps_per_epoch);
        for (const auto& step : steps) QVERIFY(std::isfinite(step.loss.elbo) && step.images_per_second > 0);

        const auto eval = runCli({"eval", "--checkpoint", out + "/checkpoint.pt"});
        QVERIFY2(eval.exitCode == 0, qPrintable(eval.err));
        // The last epoch's test -ELBO, printed by train, is printed again by eval.
        const QRegularExpression trainTest("test -ELBO\\s+([0-9.]+)");
        auto matches = trainTest.globalMatch(train.out);
        QString last;
        while (matches.hasNext()) last = matches.next().captured(1);
        const auto evalValue = QRegularExpression("test -ELBO ([0-9.]+)").match(eval.out).captured(1);
        QVERIFY(!last.isEmpty());
        QCOMPARE(evalValue.toDouble(), last.toDouble());
    }

    // Without --size a folder loads at its own size, for a conv model too
    // (a check with 28 px before reading refused every conv run on a folder).
    void folderTrainsAtItsOwnSize() {
        QTemporaryDir dir;
        const QString folder = dir.filePath("shapes");
        QDir().mkpath(folder);
        for (int i = 0; i < 24; ++i) {
            QImage image(32, 32, QImage::Format_Grayscale8);
            image.fill(i * 10);
            QVERIFY(image.save(QStringLiteral("%1/%2.png").arg(folder).arg(i)));
        }
        const QString out = dir.filePath("run");
        const auto train = runCli({"train", "--data", folder, "--arch", "conv", "--conv-widths", "4,4,4",
                                   "--hidden", "8", "--latent", "2", "--epochs", "1", "--batch", "8", "--out", out});
        QVERIFY2(train.exitCode == 0, qPrintable(train.err));
        QVERIFY2(train.out.contains("32x32x1"), qPrintable(train.out));
        QFile config(out + "/config.json");
        QVERIFY(config.open(QIODevice::ReadOnly));
        QVERIFY2(config.readAll().contains("\"size\": 32"), "config.json records the size used");
        // A size the conv model cannot take is refused after reading, by name.
        const auto odd = runCli({"train", "--data", folder, "--arch", "conv", "--size", "28", "--out", out + "2"});
        QCOMPARE(odd.exitCode, 2);
        QVERIFY(odd.err.contains("32, 64 or 128"));
    }

    void resumeContinuesTheRunAsIfNeverStopped() {
        QTemporaryDir dir;
        writeBars(dir.filePath("bars"));
        const QStringList common{"train", "--data", dir.filePath("bars"), "--size", "8", "--hidden", "32",
                                 "--latent", "2", "--batch", "16", "--test-fraction", "0.25", "--seed", "4",
                                 "--decoder", "laplace-learned", "--warmup-epochs", "2"};
        const auto whole = runCli(common + QStringList{"--epochs", "3", "--out", dir.filePath("whole")});
        QVERIFY2(whole.exitCode == 0, qPrintable(whole.err));
        const auto part = runCli(common + QStringList{"--epochs", "1", "--out", dir.filePath("part")});
        QVERIFY2(part.exitCode == 0, qPrintable(part.err));
        const auto resumed = runCli({"resume", "--checkpoint", dir.filePath("part/checkpoint.pt"), "--epochs", "3"});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        // Epochs 2 and 3 print the same lines, timing aside.
        const auto epochLines = [](const QString& text) {
            QStringList lines;
            for (const auto& line : text.split('\n'))
                if (line.startsWith("epoch ") && !line.startsWith("epoch   1")) lines << line.section("  ", 0, 2);
            return lines;
        };
        QCOMPARE(epochLines(resumed.out).size(), 2);
        QCOMPARE(epochLines(resumed.out), epochLines(whole.out));
        QFile csv(dir.filePath("part/history.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(csv.readAll()).trimmed().split('\n').size(), 4);
        // The step reports go on from those of the first epoch.
        const auto steps = savedSteps(dir.filePath("part"));
        QCOMPARE(steps.first().epoch, qint64{1});
        QCOMPARE(steps.last().epoch, qint64{3});
        for (int i = 1; i < steps.size(); ++i) QVERIFY(steps[i].step > steps[i - 1].step);
        // Nothing left to do is not an error.
        const auto again = runCli({"resume", "--checkpoint", dir.filePath("part/checkpoint.pt")});
        QCOMPARE(again.exitCode, 0);
        QVERIFY(again.out.contains("nothing to do"));
    }

    void evalEstimatesLogLikelihoodAndWritesPerImageValues() {
        QTemporaryDir dir;
        writeBars(dir.filePath("bars"));
        const auto train = runCli({"train", "--data", dir.filePath("bars"), "--size", "8", "--hidden", "32",
                                   "--latent", "2", "--epochs", "2", "--batch", "16", "--test-fraction", "0.25",
                                   "--out", dir.filePath("run")});
        QVERIFY2(train.exitCode == 0, qPrintable(train.err));
        QVERIFY2(train.err.contains("warning: only 48 training images"), qPrintable(train.err));
        const auto eval = runCli({"eval", "--checkpoint", dir.filePath("run/checkpoint.pt"), "--iw-samples", "50",
                                  "--per-image", dir.filePath("per_image.csv")});
        QVERIFY2(eval.exitCode == 0, qPrintable(eval.err));
        const double elbo = QRegularExpression("test -ELBO ([0-9.]+)").match(eval.out).captured(1).toDouble();
        // A Bernoulli of grey pixels is no density: nats, but no bits per dimension.
        const auto logp = QRegularExpression("test -log p\\(x\\) ([0-9.]+) nats per image, importance").match(eval.out);
        QVERIFY2(logp.hasMatch(), qPrintable(eval.out));
        QVERIFY(logp.captured(1).toDouble() <= elbo);
        QVERIFY(eval.out.contains("no bits per dimension: a Bernoulli decoder of grey pixels is not a density"));
        QVERIFY(!eval.out.contains("bits per dimension ("));
        QFile csv(dir.filePath("per_image.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const auto rows = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
        QCOMPARE(rows.first(), QString("index,label,elbo,log_p_x"));
        QCOMPARE(rows.size(), 1 + 16);  // a quarter of 64 images

        // A density on k/255 pixels: bits on [0, 1], and log2(255) more on the 0-255 scale.
        const auto gaussian = runCli({"train", "--data", dir.filePath("bars"), "--size", "8", "--hidden", "32",
                                      "--latent", "2", "--epochs", "1", "--batch", "16", "--test-fraction", "0.25",
                                      "--decoder", "gaussian", "--out", dir.filePath("gaussian")});
        QVERIFY2(gaussian.exitCode == 0, qPrintable(gaussian.err));
        const auto density = runCli({"eval", "--checkpoint", dir.filePath("gaussian/checkpoint.pt"), "--iw-samples", "5"});
        QVERIFY2(density.exitCode == 0, qPrintable(density.err));
        const auto bits = QRegularExpression("test -log p\\(x\\) (-?[0-9.]+) nats per image, (-?[0-9.]+) bits per "
                                             "dimension \\(pixels in \\[0, 1\\]\\)").match(density.out);
        QVERIFY2(bits.hasMatch(), qPrintable(density.out));
        const double perDim = bits.captured(2).toDouble();
        QVERIFY(std::abs(perDim - bits.captured(1).toDouble() / (64 * std::log(2.0))) < 1e-3);
        const auto shifted = QRegularExpression("(-?[0-9.]+) bits per dimension on the 0-255 scale of k/255 pixels")
                                 .match(density.out);
        QVERIFY2(shifted.hasMatch(), qPrintable(density.out));
        QVERIFY(std::abs(shifted.captured(1).toDouble() - (perDim + std::log2(255.0))) < 1e-3);
    }

    void exportWritesAStateDictionary() {
        QTemporaryDir dir;
        writeBars(dir.filePath("bars"));
        const auto train = runCli({"train", "--data", dir.filePath("bars"), "--size", "8", "--hidden", "32",
                                   "--latent", "2", "--epochs", "1", "--out", dir.filePath("run")});
        QVERIFY2(train.exitCode == 0, qPrintable(train.err));
        const auto exported = runCli({"export", "--checkpoint", dir.filePath("run/checkpoint.pt"), "--format",
                                      "state-dict", "--out", dir.filePath("vae.pt")});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        QVERIFY(exported.out.contains("wrote 10 tensors"));
        // A PyTorch pickle archive is a zip file that names its tensors' storage.
        QFile file(dir.filePath("vae.pt"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto bytes = file.readAll();
        QVERIFY(bytes.startsWith("PK"));
        QVERIFY(bytes.contains("encoder.body.0.weight"));
        QVERIFY(bytes.contains("decoder.body.2.bias"));
        const auto bad = runCli({"export", "--checkpoint", dir.filePath("vae.pt"), "--format", "state-dict", "--out",
                                 dir.filePath("again.pt")});
        QCOMPARE(bad.exitCode, 1);
        QCOMPARE(lineCount(bad.err), 1);
    }

    // import is export's inverse: the imported run evaluates to the very
    // numbers of the run exported, and a mismatched config is named.
    void importIsTheInverseOfExport() {
        QTemporaryDir dir;
        writeBars(dir.filePath("bars"));
        const auto train = runCli({"train", "--data", dir.filePath("bars"), "--size", "8", "--hidden", "32",
                                   "--latent", "2", "--epochs", "2", "--test-fraction", "0.25", "--out",
                                   dir.filePath("run")});
        QVERIFY2(train.exitCode == 0, qPrintable(train.err));
        const auto exported = runCli({"export", "--checkpoint", dir.filePath("run/checkpoint.pt"), "--format",
                                      "state-dict", "--out", dir.filePath("vae.pt")});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        const auto imported = runCli({"import", "--state-dict", dir.filePath("vae.pt"), "--out", dir.filePath("imported")});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        QVERIFY(imported.out.contains("imported 10 tensors"));
        for (const char* name : {"checkpoint.pt", "config.json", "history.csv"})
            QVERIFY(QFile::exists(dir.filePath("imported/") + name));

        const QRegularExpression testElbo("test -ELBO ([0-9.]+) \\(-recon ([0-9.]+) \\+ KL ([0-9.]+)\\)");
        const auto original = runCli({"eval", "--checkpoint", dir.filePath("run/checkpoint.pt")});
        const auto again = runCli({"eval", "--checkpoint", dir.filePath("imported/checkpoint.pt")});
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        const auto a = testElbo.match(original.out), b = testElbo.match(again.out);
        QVERIFY2(a.hasMatch() && b.hasMatch(), qPrintable(original.out + again.out));
        QCOMPARE(b.captured(0), a.captured(0));
        QCOMPARE(testElbo.match(imported.out).captured(1), a.captured(1));  // its history row is that evaluation
        // The imported run goes on training.
        const auto resumed = runCli({"resume", "--checkpoint", dir.filePath("imported/checkpoint.pt"), "--epochs", "2"});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QVERIFY(resumed.out.contains("epoch   2/2"));

        // Weights of another latent size: the names and shapes that differ are said.
        QFile config(dir.filePath("run/config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QByteArray json = config.readAll();
        json.replace("\"latent\": 2", "\"latent\": 3");
        QFile other(dir.filePath("other.json"));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write(json);
        other.close();
        const auto mismatch = runCli({"import", "--state-dict", dir.filePath("vae.pt"), "--config",
                                      dir.filePath("other.json"), "--out", dir.filePath("bad")});
        QCOMPARE(mismatch.exitCode, 1);
        QVERIFY2(mismatch.err.contains("encoder.mean.weight [2, 32] where the model has [3, 32]"), qPrintable(mismatch.err));
        const auto notTorch = runCli({"import", "--state-dict", dir.filePath("other.json"), "--out", dir.filePath("bad")});
        QCOMPARE(notTorch.exitCode, 1);
        QVERIFY2(notTorch.err.contains("is not a file torch.save or latentlab-cli export wrote"), qPrintable(notTorch.err));
    }
};

LATENTLAB_TEST_MAIN(TestCli)
#include "test_cli.moc"
