// latentlab-cli encode, score, sample, reconstruct, outliers and duplicates
// on a small messy folder (a noise image, a copy, an RGBA image of another
// size): the files parse back to the same numbers, and the planted images
// are found.

#include "bar_folder.h"
#include "cli_process.h"
#include "model/store/csv_reader.h"
#include "model/store/npy_file.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <QFile>
#include <QImage>
#include <QRandomGenerator>

#include <cmath>

namespace {

using latentlab::testing::runCli;

constexpr int kSide = 8;

latentlab::CsvTable readCsv(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return latentlab::parse_csv(file.readAll().toStdString());
}

QString field(const latentlab::CsvTable& table, size_t row, const char* column) {
    const int c = table.column(column);
    return c < 0 ? QString() : QString::fromStdString(table.rows[row][static_cast<size_t>(c)]);
}

}  // namespace

class TestCliInspect : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const QString root = dir_.filePath("bars");
        QString failure;
        QVERIFY2(latentlab::testing::writeBarFolder(root, kSide, 40, 8, &failure), qPrintable(failure));
        // Planted: uniform noise among the bars, a copy of a bar, and a larger RGBA bar.
        QImage noise(kSide, kSide, QImage::Format_Grayscale8);
        QRandomGenerator random(4);
        for (int y = 0; y < kSide; ++y)
            for (int x = 0; x < kSide; ++x) noise.scanLine(y)[x] = static_cast<uchar>(random.bounded(256));
        QVERIFY(noise.save(root + "/train/horizontal/noise.png"));
        QVERIFY(QFile::copy(root + "/train/vertical/003.png", root + "/train/vertical/copy.png"));
        QImage rgba(24, 24, QImage::Format_RGBA8888);
        rgba.fill(QColor(0, 0, 0, 255));
        for (int x = 0; x < 24; ++x)
            for (int y = 9; y < 12; ++y) rgba.setPixelColor(x, y, QColor(255, 255, 255, 255));
        QVERIFY(rgba.save(root + "/test/horizontal/wide.png"));
        const auto train = runCli({"train", "--data", root, "--size", QString::number(kSide), "--hidden", "32",
                                   "--latent", "3", "--epochs", "40", "--batch", "8", "--out", dir_.filePath("run")});
        QVERIFY2(train.exitCode == 0, qPrintable(train.err));
        checkpoint_ = dir_.filePath("run/checkpoint.pt");
    }

    void scoreAndEncodeAgree() {
        // --data defaults to the run's own folder.
        const auto score = runCli({"score", "--checkpoint", checkpoint_, "--iw-samples", "10", "--out", dir_.filePath("scores.csv")});
        QVERIFY2(score.exitCode == 0, qPrintable(score.err));
        const auto scores = readCsv(dir_.filePath("scores.csv"));
        QCOMPARE(scores.rows.size(), size_t{80 + 2 + 16 + 1});
        for (size_t r = 0; r < scores.rows.size(); ++r) {
            QVERIFY(!field(scores, r, "file").isEmpty());  // every row names its file
            const double elbo = field(scores, r, "elbo").toDouble(), recon = field(scores, r, "recon").toDouble(),
                         kl = field(scores, r, "kl").toDouble();
            QCOMPARE(elbo, recon - kl);
            QVERIFY(field(scores, r, "log_px").toDouble() < 0.0 + 1e-9 || !std::isfinite(elbo));
        }
        const auto csv = runCli({"encode", "--checkpoint", checkpoint_, "--out", dir_.filePath("codes.csv")});
        QVERIFY2(csv.exitCode == 0, qPrintable(csv.err));
        const auto npy = runCli({"encode", "--checkpoint", checkpoint_, "--out", dir_.filePath("codes.npy")});
        QVERIFY2(npy.exitCode == 0, qPrintable(npy.err));
        const auto codes = readCsv(dir_.filePath("codes.csv"));
        QFile npyFile(dir_.filePath("codes.npy"));
        QVERIFY(npyFile.open(QIODevice::ReadOnly));
        const auto matrix = latentlab::parse_npy(npyFile.readAll().toStdString());
        const auto names = readCsv(dir_.filePath("codes.rows.csv"));
        QCOMPARE(matrix.rows, int64_t(codes.rows.size()));
        QCOMPARE(matrix.cols, int64_t{3});
        QCOMPARE(names.rows.size(), codes.rows.size());
        for (size_t r = 0; r < codes.rows.size(); ++r) {
            QCOMPARE(field(codes, r, "file"), field(scores, r, "file"));
            QCOMPARE(field(names, r, "file"), field(scores, r, "file"));
            for (int k = 0; k < 3; ++k) {
                const QByteArray z = "z" + QByteArray::number(k);
                // The same floats in all three files.
                QCOMPARE(static_cast<float>(field(codes, r, z.constData()).toDouble()),
                         matrix.values[r * 3 + static_cast<size_t>(k)]);
                QCOMPARE(field(codes, r, z.constData()), field(scores, r, z.constData()));
            }
        }
        // One draw each is not the mean.
        const auto drawn = runCli({"encode", "--checkpoint", checkpoint_, "--sample", "--out", dir_.filePath("drawn.csv")});
        QVERIFY2(drawn.exitCode == 0, qPrintable(drawn.err));
        QVERIFY(field(readCsv(dir_.filePath("drawn.csv")), 0, "z0") != field(codes, 0, "z0"));
        QCOMPARE(runCli({"encode", "--checkpoint", checkpoint_, "--out", dir_.filePath("codes.txt")}).exitCode, 2);
    }

    void outliersPutTheNoiseFirst() {
        const auto outliers = runCli({"outliers", "--checkpoint", checkpoint_, "--top", "3", "--by", "mse", "--out",
                                      dir_.filePath("outliers")});
        QVERIFY2(outliers.exitCode == 0, qPrintable(outliers.err));
        const auto list = readCsv(dir_.filePath("outliers/outliers.csv"));
        QCOMPARE(list.rows.size(), size_t{3});
        QVERIFY2(field(list, 0, "file").endsWith("noise.png"), qPrintable(field(list, 0, "file")));
        const QString copy = field(list, 0, "copy");
        QVERIFY2(copy.startsWith("001_mse=") && copy.endsWith("_noise.png"), qPrintable(copy));
        // A negative score keeps its sign readable: "elbo=-…", not "elbo--…".
        const auto byElbo = runCli({"outliers", "--checkpoint", checkpoint_, "--top", "1", "--out",
                                    dir_.filePath("outliers-elbo")});
        QVERIFY2(byElbo.exitCode == 0, qPrintable(byElbo.err));
        const QString first = field(readCsv(dir_.filePath("outliers-elbo/outliers.csv")), 0, "copy");
        QVERIFY2(first.startsWith("001_elbo=-") && !first.contains("--"), qPrintable(first));
        const QImage copied(dir_.filePath("outliers/" + copy));
        QCOMPARE(copied, QImage(dir_.filePath("bars/train/horizontal/noise.png")));
    }

    void duplicatesPairTheCopyOnly() {
        const auto dup = runCli({"duplicates", "--checkpoint", checkpoint_, "--pixel-threshold", "0.02", "--out",
                                 dir_.filePath("pairs.csv")});
        QVERIFY2(dup.exitCode == 0, qPrintable(dup.err));
        const auto pairs = readCsv(dir_.filePath("pairs.csv"));
        bool copyFound = false;
        for (size_t r = 0; r < pairs.rows.size(); ++r) {
            const QString a = field(pairs, r, "file_a"), b = field(pairs, r, "file_b");
            if ((a.endsWith("vertical/003.png") && b.endsWith("copy.png")) ||
                (b.endsWith("vertical/003.png") && a.endsWith("copy.png")))
                copyFound = true;
            // The bars repeat every 8 images (exact copies by construction);
            // distinct images are never paired: the same class, the same pixels.
            QCOMPARE(field(pairs, r, "class_a"), field(pairs, r, "class_b"));
            QVERIFY(field(pairs, r, "pixel_rms").toDouble() < 0.02);
            QVERIFY(!a.endsWith("noise.png") && !b.endsWith("noise.png"));
        }
        QVERIFY2(copyFound, qPrintable(dup.out));
    }

    void sampleAndReconstructWriteImages() {
        const auto sample = runCli({"sample", "--checkpoint", checkpoint_, "--count", "5", "--out", dir_.filePath("samples")});
        QVERIFY2(sample.exitCode == 0, qPrintable(sample.err));
        // sample has no --data; it used to warn "option not defined" on stderr.
        QVERIFY2(!sample.err.contains("not defined"), qPrintable(sample.err));
        QCOMPARE(QDir(dir_.filePath("samples")).entryList({"*.png"}).size(), 5);
        QCOMPARE(QImage(dir_.filePath("samples/sample-0004.png")).size(), QSize(kSide, kSide));
        const auto recon = runCli({"reconstruct", "--checkpoint", checkpoint_, "--count", "4", "--out", dir_.filePath("recon")});
        QVERIFY2(recon.exitCode == 0, qPrintable(recon.err));
        const QStringList files = QDir(dir_.filePath("recon")).entryList({"*.png"});
        QCOMPARE(files.size(), 4);
        QVERIFY2(files.first().startsWith("000000_"), qPrintable(files.first()));
        // Image, reconstruction and error map side by side, one pixel apart.
        QCOMPARE(QImage(dir_.filePath("recon/" + files.first())).size(), QSize(3 * kSide + 2, kSide));
        // A missing checkpoint is a clear error.
        const auto missing = runCli({"sample", "--checkpoint", dir_.filePath("nope.pt"), "--out", dir_.filePath("x")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("nope.pt"));
    }

private:
    QTemporaryDir dir_;
    QString checkpoint_;
};

LATENTLAB_TEST_MAIN(TestCliInspect)
#include "test_cli_inspect.moc"
