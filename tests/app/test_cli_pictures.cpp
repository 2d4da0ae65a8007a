// latentlab-cli interpolate, traverse and map: each writes a valid file of
// the size and frame count asked for, readable again by Qt, giflib and OpenCV.

#include "bar_folder.h"
#include "model/data/image_export.h"

#include "cli_process.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <QImage>
#include <QProcess>

namespace {

using Result = latentlab::testing::CliResult;
using latentlab::testing::runCli;

constexpr int kSide = 8;     // bar images of 8 x 8: enlarged 16 times to 128
constexpr int kLatent = 3;

}  // namespace

class TestCliPictures : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QString failure;
        QVERIFY2(latentlab::testing::writeBarFolder(dir_.filePath("bars"), kSide, 40, 8, &failure), qPrintable(failure));
        const auto train = runCli({"train", "--data", dir_.filePath("bars"), "--size", QString::number(kSide), "--hidden",
                                   "32", "--latent", QString::number(kLatent), "--epochs", "2", "--out", dir_.filePath("run")});
        QVERIFY2(train.exitCode == 0, qPrintable(train.err));
        checkpoint_ = dir_.filePath("run/checkpoint.pt");
    }

    void interpolateWritesStripGifAndMp4() {
        const auto strip = runCli({"interpolate", "--checkpoint", checkpoint_, "--from-index", "0", "--to-index", "9",
                                   "--steps", "6", "--slerp", "--out", dir_.filePath("strip.png")});
        QVERIFY2(strip.exitCode == 0, qPrintable(strip.err));
        const QImage image(dir_.filePath("strip.png"));
        // The two originals and 6 steps, 128 pixels each, 32 pixels apart.
        QCOMPARE(image.size(), QSize(8 * 128 + 7 * 32, 128));
        const auto gif = runCli({"interpolate", "--checkpoint", checkpoint_, "--from-index", "1", "--to-index", "2",
                                 "--steps", "6", "--out", dir_.filePath("anim.gif")});
        QVERIFY2(gif.exitCode == 0, qPrintable(gif.err));
        // Back and forth: 6 forward and the 4 between the ends backward.
        QCOMPARE(latentlab::gif_frame_count(dir_.filePath("anim.gif").toStdString()), int64_t{10});
        const auto mp4 = runCli({"interpolate", "--checkpoint", checkpoint_, "--from-index", "1", "--to-index", "2",
                                 "--steps", "5", "--out", dir_.filePath("movie.mp4")});
        QVERIFY2(mp4.exitCode == 0, qPrintable(mp4.err));
        QCOMPARE(latentlab::video_frame_count(dir_.filePath("movie.mp4").toStdString()), int64_t{8});
        // From files instead of indexes, and a suffix it cannot write.
        const QString file = dir_.filePath("bars/test/vertical/000.png");
        QVERIFY(QFile::exists(file));
        const auto files = runCli({"interpolate", "--checkpoint", checkpoint_, "--from", file, "--to", file, "--steps",
                                   "3", "--out", dir_.filePath("files.png")});
        QVERIFY2(files.exitCode == 0, qPrintable(files.err));
        const auto bad = runCli({"interpolate", "--checkpoint", checkpoint_, "--from-index", "0", "--to-index", "1",
                                 "--out", dir_.filePath("x.bmp")});
        QCOMPARE(bad.exitCode, 2);
        const auto missing = runCli({"interpolate", "--checkpoint", checkpoint_, "--from-index", "0", "--to-index",
                                     "100000", "--out", dir_.filePath("y.png")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("no image 100000"));
    }

    void traverseWritesOneRowPerDimension() {
        const auto grid = runCli({"traverse", "--checkpoint", checkpoint_, "--range", "2", "--steps", "5", "--scale",
                                  "4", "--around-index", "3", "--out", dir_.filePath("grid.png")});
        QVERIFY2(grid.exitCode == 0, qPrintable(grid.err));
        const QImage image(dir_.filePath("grid.png"));
        // 5 columns and 3 rows of 32 pixels, 2 pixels apart.
        QCOMPARE(image.size(), QSize(5 * 32 + 4 * 2, kLatent * 32 + (kLatent - 1) * 2));
    }

    void mapWritesEveryTestImage() {
        const auto map = runCli({"map", "--checkpoint", checkpoint_, "--out", dir_.filePath("map.csv"), "--png",
                                 dir_.filePath("map.png")});
        QVERIFY2(map.exitCode == 0, qPrintable(map.err));
        QFile csv(dir_.filePath("map.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const auto rows = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
        QCOMPARE(rows.first(), QStringLiteral("index,x,y,class,file"));
        QCOMPARE(rows.size(), 1 + 16);  // the 16 test images
        QVERIFY(rows.at(1).contains(QStringLiteral("bars")));  // names the file
        QVERIFY(!QImage(dir_.filePath("map.png")).isNull());
    }

private:
    QTemporaryDir dir_;
    QString checkpoint_;
};

LATENTLAB_TEST_MAIN(TestCliPictures)
#include "test_cli_pictures.moc"
