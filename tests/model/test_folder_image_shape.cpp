// The folder's own image size (issue #27: a folder of 20 × 20 images was
// scaled to 28 px without a word): read from a sample of headers, loaded at
// by default, and a sentence saying what cropping or scaling happens.

#include <QtTest/QtTest>
#include "test_registry.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "model/base/run_config.h"
#include "model/data/folder_image_shape.h"
#include "model/data/image_folder.h"

using namespace latentlab;

namespace {

std::string write_png(const QTemporaryDir& dir, const QString& name, int width, int height, int grey = 128) {
    const std::string path = dir.filePath(name).toStdString();
    const cv::Mat image(height, width, CV_8UC1, cv::Scalar(grey));
    if (!cv::imwrite(path, image)) return {};
    return path;
}

}  // namespace

class TestFolderImageShape : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mostCommonShapeOfTheSample();
    void sampleIsSpreadOverTheFolder();
    void ownSizeIsTheShorterSideWithinBounds();
    void noteSaysWhatHappensToTheImages();
    void folderLoadsAtItsOwnSizeByDefault();
};

void TestFolderImageShape::mostCommonShapeOfTheSample() {
    QTemporaryDir dir;
    std::vector<std::string> paths;
    for (int i = 0; i < 5; ++i) paths.push_back(write_png(dir, QStringLiteral("a%1.png").arg(i), 20, 20));
    paths.push_back(write_png(dir, QStringLiteral("wide.png"), 30, 10));
    // A file that is no image is not counted.
    const std::string junk = dir.filePath(QStringLiteral("junk.png")).toStdString();
    std::ofstream(junk) << "not an image";
    paths.push_back(junk);
    // A JPEG's size comes from its frame header.
    const std::string jpeg = dir.filePath(QStringLiteral("photo.jpg")).toStdString();
    QVERIFY(cv::imwrite(jpeg, cv::Mat(12, 40, CV_8UC3, cv::Scalar(10, 20, 30))));
    paths.push_back(jpeg);

    const FolderImageShape shape = common_image_shape(paths);
    QCOMPARE(shape.width, int64_t{20});
    QCOMPARE(shape.height, int64_t{20});
    QCOMPARE(shape.sampled, int64_t{7});
    QCOMPARE(shape.matching, int64_t{5});
    QCOMPARE(common_image_shape({}).sampled, int64_t{0});
}

void TestFolderImageShape::sampleIsSpreadOverTheFolder() {
    QTemporaryDir dir;
    // 100 files: the first 90 are 16 × 16, the last 10 are 24 × 24. A sample
    // of 10 taken from the front would see only the first shape.
    std::vector<std::string> paths;
    for (int i = 0; i < 100; ++i)
        paths.push_back(write_png(dir, QStringLiteral("f%1.png").arg(i, 3, 10, QLatin1Char('0')), i < 90 ? 16 : 24,
                                  i < 90 ? 16 : 24));
    const FolderImageShape shape = common_image_shape(paths, 10);
    QCOMPARE(shape.sampled, int64_t{10});
    QCOMPARE(shape.width, int64_t{16});
    // Indices 0, 11, ..., 88, 99: the last file is in the sample.
    QCOMPARE(shape.matching, int64_t{9});
}

void TestFolderImageShape::ownSizeIsTheShorterSideWithinBounds() {
    QCOMPARE(own_image_size({64, 48, 10, 10}), int64_t{48});
    QCOMPARE(own_image_size({2000, 1500, 3, 3}), kOwnSizeMax);
    QCOMPARE(own_image_size({2, 2, 1, 1}), limits::kImageSizeMin);
    QCOMPARE(own_image_size({}), int64_t{28});
}

void TestFolderImageShape::noteSaysWhatHappensToTheImages() {
    // Loaded as they are: nothing to say.
    QCOMPARE(resize_note({20, 20, 8, 8}, 20), std::string());
    QCOMPARE(resize_note({}, 28), std::string());
    QCOMPARE(resize_note({20, 20, 8, 8}, 28), std::string("The images are 20 × 20: they are scaled up to 28 × 28."));
    QCOMPARE(resize_note({64, 48, 10, 10}, 28),
             std::string("The images are 64 × 48: they are cropped to a centred square and scaled down to 28 × 28."));
    QCOMPARE(resize_note({64, 48, 10, 10}, 48),
             std::string("The images are 64 × 48: they are cropped to a centred square to 48 × 48."));
    QCOMPARE(resize_note({20, 20, 8, 6}, 20),
             std::string("2 of the 8 images sampled are not 20 × 20: they are cropped to a centred square and "
                         "scaled to it."));
    QCOMPARE(resize_note({20, 20, 8, 6}, 32),
             std::string("Most images are 20 × 20: they are scaled up to 32 × 32. 2 of the 8 images sampled have "
                         "other sizes and are cropped or scaled too."));
}

void TestFolderImageShape::folderLoadsAtItsOwnSizeByDefault() {
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("images")));
    for (int i = 0; i < 12; ++i) QVERIFY(!write_png(dir, QStringLiteral("images/i%1.png").arg(i), 20, 20, i * 20).empty());
    ImageFolderOptions options;
    options.size = kFolderOwnSize;
    options.use_cache = false;
    FolderLoadInfo info;
    const Dataset data = load_image_folder(dir.filePath(QStringLiteral("images")).toStdString(), options, {}, nullptr, &info);
    QCOMPARE(data.height, int64_t{20});
    QCOMPARE(data.width, int64_t{20});
    QCOMPARE(info.size, int64_t{20});
    QCOMPARE(info.shape.matching, int64_t{12});
    QVERIFY(resize_note(info.shape, info.size).empty());
    // Asked for 28, the same folder is scaled, and the note says so.
    options.size = 28;
    const Dataset scaled = load_image_folder(dir.filePath(QStringLiteral("images")).toStdString(), options, {}, nullptr, &info);
    QCOMPARE(scaled.height, int64_t{28});
    QCOMPARE(resize_note(info.shape, info.size), std::string("The images are 20 × 20: they are scaled up to 28 × 28."));
}

LATENTLAB_TEST_APPLESS_MAIN(TestFolderImageShape)
#include "test_folder_image_shape.moc"
