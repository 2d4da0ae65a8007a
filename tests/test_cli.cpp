// latentlab-cli as a user runs it: exit statuses, one-line errors, the files
// a run writes and an eval that reproduces the run's test numbers.

#include <QtTest/QtTest>

#include <QImage>
#include <QProcess>
#include <QRegularExpression>

namespace {

struct Result {
    int exitCode = -1;
    QString out, err;
};

Result runCli(const QStringList& arguments) {
    QProcess process;
    process.start(LATENTLAB_CLI_PATH, arguments);
    if (!process.waitForFinished(300000)) return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

int lineCount(const QString& text) { return text.trimmed().split('\n', Qt::SkipEmptyParts).size(); }

// Two classes of 8x8 images: a bright bar, horizontal or vertical, at each position.
void writeBars(const QString& root) {
    for (const QString& cls : {"horizontal", "vertical"}) {
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

private slots:
    void helpDocumentsEveryTrainOption() {
        const auto result = runCli({"train", "--help"});
        QCOMPARE(result.exitCode, 0);
        for (const char* option : {"--data", "--decoder", "--latent", "--hidden", "--epochs", "--batch", "--lr",
                                   "--beta", "--samples", "--seed", "--threads", "--out", "--device"})
            QVERIFY2(result.out.contains(option), option);
        QCOMPARE(runCli({"--help"}).exitCode, 0);
    }

    void badOptionsAreOneLineAndStatusTwo_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("unknown option") << QStringList{"train", "--bogus"};
        QTest::newRow("not a number") << QStringList{"train", "--latent", "abc"};
        QTest::newRow("out of range") << QStringList{"train", "--batch", "0"};
        QTest::newRow("unknown decoder") << QStringList{"train", "--decoder", "poisson"};
        QTest::newRow("unknown command") << QStringList{"fly"};
        QTest::newRow("eval without checkpoint") << QStringList{"eval"};
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
};

QTEST_MAIN(TestCli)
#include "test_cli.moc"
