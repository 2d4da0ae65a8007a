#include <QtTest/QtTest>
#include "test_registry.h"
#include <atomic>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <thread>
#include <vector>

#include "model/base/error.h"
#include "model/data/image_folder.h"

using namespace latentlab;

namespace {

std::string path_in(const QTemporaryDir& dir, const QString& relative) {
    return dir.filePath(relative).toStdString();
}

void write_image(const QTemporaryDir& dir, const QString& relative, const cv::Mat& image) {
    QVERIFY(QDir(dir.path()).mkpath(QFileInfo(dir.filePath(relative)).path()));
    QVERIFY(cv::imwrite(path_in(dir, relative), image));
}

void write_bytes(const QTemporaryDir& dir, const QString& relative, const std::string& bytes) {
    QVERIFY(QDir(dir.path()).mkpath(QFileInfo(dir.filePath(relative)).path()));
    std::ofstream out(path_in(dir, relative), std::ios::binary);
    out << bytes;
    QVERIFY(out.good());
}

std::string encode(const std::string& ext, const cv::Mat& image) {
    std::vector<uint8_t> bytes;
    cv::imencode(ext, image, bytes);
    return std::string(bytes.begin(), bytes.end());
}

// Row of `set` whose source path ends with `suffix`, or -1.
int64_t row_of(const ImageSet& set, const std::string& suffix) {
    for (size_t i = 0; i < set.paths.size(); ++i) {
        const std::string& path = set.paths[i];
        if (path.size() >= suffix.size() &&
            path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
            return static_cast<int64_t>(i);
        }
    }
    return -1;
}

int pixel(const ImageSet& set, int64_t row, int64_t channel, int64_t y, int64_t x) {
    return set.images[row][channel][y][x].item<int>();
}

ImageFolderOptions options_for(int64_t size, int64_t channels) {
    ImageFolderOptions options;
    options.size = size;
    options.channels = channels;
    options.test_fraction = 0.0;  // everything in train, to look rows up in one place
    options.threads = 2;
    return options;
}

}  // namespace

class TestImageFolder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void classes_and_labels();
    void rgb_values_in_rgb_order();
    void grayscale_conversion();
    void alpha_composited_over_background();
    void center_crop_of_non_square_image();
    void sixteen_bit_scaled_to_eight();
    void bad_files_skipped_with_reasons();
    void train_test_folders();
    void random_split_of_plain_folder();
    void progress_reaches_total_on_calling_thread();
    void cancel_throws();
    void empty_folder_is_error();
    void missing_folder_is_error();
    void file_instead_of_folder_is_error();
    void only_bad_files_is_error();
    void bad_options_are_errors();

private:
    QTemporaryDir mixed_;  // the folder most cases load
};

void TestImageFolder::initTestCase() {
    QVERIFY(mixed_.isValid());
    // cats/: an RGB PNG, a JPEG, a gray BMP. dogs/: an RGBA PNG, a wide PNG.
    // Root: one PNG, which forms the class named after the root folder.
    write_image(mixed_, "cats/red.png", cv::Mat(8, 8, CV_8UC3, cv::Scalar(30, 60, 200)));  // B, G, R
    write_image(mixed_, "cats/photo.JPG", cv::Mat(16, 16, CV_8UC3, cv::Scalar(128, 128, 128)));
    write_image(mixed_, "cats/gray.bmp", cv::Mat(4, 4, CV_8UC1, cv::Scalar(77)));
    write_image(mixed_, "dogs/clear.png", cv::Mat(8, 8, CV_8UC4, cv::Scalar(10, 20, 30, 0)));
    // 8 high, 24 wide: the left and right thirds are cropped away, the middle
    // third is white.
    cv::Mat wide(8, 24, CV_8UC3, cv::Scalar(0, 0, 0));
    wide(cv::Rect(8, 0, 8, 8)).setTo(cv::Scalar(255, 255, 255));
    write_image(mixed_, "dogs/wide.png", wide);
    write_image(mixed_, "loose.png", cv::Mat(4, 4, CV_8UC3, cv::Scalar(0, 255, 0)));
    // Bad ones: a PNG cut in half and a text file named .png.
    cv::Mat noise(32, 32, CV_8UC3);
    cv::randu(noise, 0, 256);
    const std::string png = encode(".png", noise);
    write_bytes(mixed_, "dogs/cut.png", png.substr(0, png.size() / 2));
    write_bytes(mixed_, "cats/notes.png", "these are notes, not pixels\n");
    // Not images by extension or hidden: never looked at.
    write_bytes(mixed_, "cats/readme.txt", "hello");
    write_bytes(mixed_, ".hidden/ghost.png", encode(".png", noise));
}

void TestImageFolder::classes_and_labels() {
    const Dataset data = load_image_folder(mixed_.path().toStdString(), options_for(4, 3));
    const std::string root_name = QFileInfo(mixed_.path()).fileName().toStdString();
    // Sorted class names; the root's own images form a class named after it.
    std::vector<std::string> expected = {"cats", "dogs", root_name};
    std::sort(expected.begin(), expected.end());
    QCOMPARE(data.class_names, expected);
    const auto label = [&](const char* name) {
        return std::find(expected.begin(), expected.end(), name) - expected.begin();
    };

    QCOMPARE(data.train.size(), int64_t{6});
    QCOMPARE(data.test.size(), int64_t{0});
    QCOMPARE(data.train.images.sizes().vec(), (std::vector<int64_t>{6, 3, 4, 4}));
    QCOMPARE(data.train.images.scalar_type(), torch::kUInt8);
    QVERIFY(data.train.images.is_contiguous());
    QCOMPARE(data.train.labels.scalar_type(), torch::kLong);
    QCOMPARE(data.channels, int64_t{3});
    QCOMPARE(data.height, int64_t{4});
    QCOMPARE(data.width, int64_t{4});
    QCOMPARE(data.name, mixed_.path().toStdString());

    // Rows are in path order.
    QVERIFY(std::is_sorted(data.train.paths.begin(), data.train.paths.end()));
    const std::pair<const char*, std::string> cases[] = {
        {"cats/red.png", "cats"},   {"cats/photo.JPG", "cats"}, {"cats/gray.bmp", "cats"},
        {"dogs/clear.png", "dogs"}, {"dogs/wide.png", "dogs"},  {"/loose.png", root_name},
    };
    for (const auto& [file, cls] : cases) {
        const int64_t row = row_of(data.train, file);
        QVERIFY2(row >= 0, file);
        QCOMPARE(data.train.labels[row].item<int64_t>(), label(cls.c_str()));
    }
    QCOMPARE(row_of(data.train, "ghost.png"), int64_t{-1});
}

void TestImageFolder::rgb_values_in_rgb_order() {
    const Dataset data = load_image_folder(mixed_.path().toStdString(), options_for(4, 3));
    const int64_t red = row_of(data.train, "cats/red.png");
    QVERIFY(red >= 0);
    // Written as B=30, G=60, R=200; stored R, G, B. Shrinking a solid colour
    // keeps it exact.
    QCOMPARE(pixel(data.train, red, 0, 1, 2), 200);
    QCOMPARE(pixel(data.train, red, 1, 1, 2), 60);
    QCOMPARE(pixel(data.train, red, 2, 1, 2), 30);
    // A gray BMP enlarged to RGB: three equal planes.
    const int64_t gray = row_of(data.train, "cats/gray.bmp");
    for (int64_t c = 0; c < 3; ++c) {
        QCOMPARE(pixel(data.train, gray, c, 3, 3), 77);
    }
    // Solid mid-grey survives JPEG within a step or two.
    const int64_t photo = row_of(data.train, "photo.JPG");
    QVERIFY(std::abs(pixel(data.train, photo, 0, 0, 0) - 128) <= 2);
}

void TestImageFolder::grayscale_conversion() {
    const Dataset data = load_image_folder(mixed_.path().toStdString(), options_for(4, 1));
    QCOMPARE(data.train.images.size(1), int64_t{1});
    // ITU-R 601 luma: 0.299 R + 0.587 G + 0.114 B = 0.299*200 + 0.587*60 + 0.114*30.
    const int expected_red = static_cast<int>(std::lround(0.299 * 200 + 0.587 * 60 + 0.114 * 30));
    QCOMPARE(pixel(data.train, row_of(data.train, "cats/red.png"), 0, 2, 2), expected_red);
    const int expected_green = static_cast<int>(std::lround(0.587 * 255));
    QCOMPARE(pixel(data.train, row_of(data.train, "loose.png"), 0, 0, 0), expected_green);
}

void TestImageFolder::alpha_composited_over_background() {
    ImageFolderOptions options = options_for(4, 3);
    options.background = 200;
    Dataset data = load_image_folder(mixed_.path().toStdString(), options);
    const int64_t clear = row_of(data.train, "dogs/clear.png");
    QVERIFY(clear >= 0);
    // Fully transparent: only the background shows, not the colour (10, 20, 30).
    QVERIFY(data.train.images[clear].eq(200).all().item<bool>());

    // Half transparent over black: half the colour.
    QTemporaryDir dir;
    write_image(dir, "half.png", cv::Mat(4, 4, CV_8UC4, cv::Scalar(0, 0, 200, 128)));
    options.background = 0;
    data = load_image_folder(dir.path().toStdString(), options);
    QCOMPARE(pixel(data.train, 0, 0, 0, 0), (200 * 128 + 127) / 255);
    QCOMPARE(pixel(data.train, 0, 2, 0, 0), 0);
}

void TestImageFolder::center_crop_of_non_square_image() {
    const Dataset data = load_image_folder(mixed_.path().toStdString(), options_for(4, 1));
    const int64_t wide = row_of(data.train, "dogs/wide.png");
    QVERIFY(wide >= 0);
    // Only the white middle square is left; squeezing the whole 24x8 image
    // instead would bring black into every column.
    QVERIFY(data.train.images[wide].eq(255).all().item<bool>());

    // Enlarging a tall image: crop its middle, then bilinear up.
    QTemporaryDir dir;
    cv::Mat tall(6, 2, CV_8UC1, cv::Scalar(0));
    tall(cv::Rect(0, 2, 2, 2)).setTo(cv::Scalar(100));
    write_image(dir, "tall.png", tall);
    const Dataset up = load_image_folder(dir.path().toStdString(), options_for(8, 1));
    QVERIFY(up.train.images.eq(100).all().item<bool>());
}

void TestImageFolder::sixteen_bit_scaled_to_eight() {
    QTemporaryDir dir;
    write_image(dir, "deep.png", cv::Mat(4, 4, CV_16UC1, cv::Scalar(65535)));
    write_image(dir, "deep.tiff", cv::Mat(4, 4, CV_16UC1, cv::Scalar(257 * 40)));
    const Dataset data = load_image_folder(dir.path().toStdString(), options_for(4, 1));
    QCOMPARE(data.train.size(), int64_t{2});
    QCOMPARE(pixel(data.train, row_of(data.train, "deep.png"), 0, 0, 0), 255);
    QCOMPARE(pixel(data.train, row_of(data.train, "deep.tiff"), 0, 0, 0), 40);
}

void TestImageFolder::bad_files_skipped_with_reasons() {
    const Dataset data = load_image_folder(mixed_.path().toStdString(), options_for(4, 1));
    QCOMPARE(data.skipped.size(), size_t{2});
    // In path order: cats/ before dogs/.
    QVERIFY(QString::fromStdString(data.skipped[0].path).endsWith("cats/notes.png"));
    QCOMPARE(data.skipped[0].reason, std::string("not a decodable image"));
    QVERIFY(QString::fromStdString(data.skipped[1].path).endsWith("dogs/cut.png"));
    QCOMPARE(data.skipped[1].reason, std::string("truncated image"));

    // A JPEG cut short decodes in libjpeg as a grey-filled picture, with only
    // a warning; it must be refused all the same. So must BMP, and an empty file.
    QTemporaryDir dir;
    cv::Mat noise(64, 64, CV_8UC3);
    cv::randu(noise, 0, 256);
    const std::string jpeg = encode(".jpg", noise);
    const std::string bmp = encode(".bmp", noise);
    write_bytes(dir, "a_cut.jpg", jpeg.substr(0, jpeg.size() - 200));
    write_bytes(dir, "b_cut.bmp", bmp.substr(0, bmp.size() / 2));
    write_bytes(dir, "c_empty.webp", "");
    write_bytes(dir, "d_padded.jpg", jpeg + std::string(16, '\0'));  // zero padding after the end: fine
    const Dataset cut = load_image_folder(dir.path().toStdString(), options_for(8, 3));
    QCOMPARE(cut.train.size(), int64_t{1});
    QVERIFY(QString::fromStdString(cut.train.paths[0]).endsWith("d_padded.jpg"));
    QCOMPARE(cut.skipped.size(), size_t{3});
    QCOMPARE(cut.skipped[0].reason, std::string("truncated image"));
    QCOMPARE(cut.skipped[1].reason, std::string("truncated image"));
    QCOMPARE(cut.skipped[2].reason, std::string("empty file"));
}

void TestImageFolder::train_test_folders() {
    QTemporaryDir dir;
    write_image(dir, "train/ants/1.png", cv::Mat(4, 4, CV_8UC1, cv::Scalar(1)));
    write_image(dir, "train/ants/2.png", cv::Mat(4, 4, CV_8UC1, cv::Scalar(2)));
    write_image(dir, "train/bees/3.png", cv::Mat(4, 4, CV_8UC1, cv::Scalar(3)));
    write_image(dir, "test/bees/4.png", cv::Mat(4, 4, CV_8UC1, cv::Scalar(4)));
    write_image(dir, "test/wasps/5.png", cv::Mat(4, 4, CV_8UC1, cv::Scalar(5)));
    write_image(dir, "other/6.png", cv::Mat(4, 4, CV_8UC1, cv::Scalar(6)));  // outside both splits

    ImageFolderOptions options = options_for(4, 1);
    options.test_fraction = 0.5;  // must not apply: the folders are the split
    const Dataset data = load_image_folder(dir.path().toStdString(), options);
    QCOMPARE(data.class_names, (std::vector<std::string>{"ants", "bees", "wasps"}));
    QCOMPARE(data.train.size(), int64_t{3});
    QCOMPARE(data.test.size(), int64_t{2});
    QVERIFY(torch::equal(data.train.labels, torch::tensor({0, 0, 1}, torch::kLong)));
    QVERIFY(torch::equal(data.test.labels, torch::tensor({1, 2}, torch::kLong)));
    // Pixel values tell which file landed in which row.
    QVERIFY(torch::equal(data.train.images.select(3, 0).select(2, 0).flatten(),
                         torch::tensor({1, 2, 3}, torch::kUInt8)));
    QVERIFY(torch::equal(data.test.images.select(3, 0).select(2, 0).flatten(),
                         torch::tensor({4, 5}, torch::kUInt8)));
    QVERIFY(data.train.images.is_contiguous());
    QVERIFY(data.test.images.is_contiguous());
}

void TestImageFolder::random_split_of_plain_folder() {
    QTemporaryDir dir;
    for (int i = 0; i < 20; ++i) {
        write_image(dir, QString("c/%1.png").arg(i, 2, 10, QChar('0')),
                    cv::Mat(2, 2, CV_8UC1, cv::Scalar(i)));
    }
    ImageFolderOptions options = options_for(2, 1);
    options.test_fraction = 0.25;
    options.split_seed = 7;
    const Dataset a = load_image_folder(dir.path().toStdString(), options);
    const Dataset b = load_image_folder(dir.path().toStdString(), options);
    QCOMPARE(a.train.size(), int64_t{15});
    QCOMPARE(a.test.size(), int64_t{5});
    QCOMPARE(a.test.paths, b.test.paths);
    // Each image's pixels still match its path after the split.
    for (int64_t row = 0; row < a.test.size(); ++row) {
        const int value = QFileInfo(QString::fromStdString(a.test.paths[row])).baseName().toInt();
        QCOMPARE(pixel(a.test, row, 0, 0, 0), value);
    }
}

void TestImageFolder::progress_reaches_total_on_calling_thread() {
    QTemporaryDir dir;
    for (int i = 0; i < 300; ++i) {
        cv::Mat image(48, 48, CV_8UC3);
        cv::randu(image, 0, 256);
        write_image(dir, QString("p/%1.png").arg(i), image);
    }
    std::vector<std::pair<int64_t, int64_t>> calls;
    bool other_thread = false;
    const auto caller = std::this_thread::get_id();
    const auto progress = [&](int64_t done, int64_t total) {
        other_thread = other_thread || std::this_thread::get_id() != caller;
        calls.emplace_back(done, total);
    };
    const Dataset data = load_image_folder(dir.path().toStdString(), options_for(16, 1), progress);
    QCOMPARE(data.train.size(), int64_t{300});
    QVERIFY(!calls.empty());
    QVERIFY(!other_thread);
    QCOMPARE(calls.back(), (std::pair<int64_t, int64_t>{300, 300}));
    for (size_t i = 1; i < calls.size(); ++i) {
        QVERIFY(calls[i].first >= calls[i - 1].first);
        QCOMPARE(calls[i].second, int64_t{300});
    }
}

void TestImageFolder::cancel_throws() {
    std::atomic<bool> cancel{true};
    try {
        load_image_folder(mixed_.path().toStdString(), options_for(4, 1), {}, &cancel);
        QFAIL("a cancelled load returned");
    } catch (const Error& e) {
        QCOMPARE(std::string(e.what()), std::string("Loading cancelled"));
    }
}

void TestImageFolder::empty_folder_is_error() {
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath("sub/deeper"));
    QVERIFY_THROWS_EXCEPTION(Error, load_image_folder(dir.path().toStdString(), options_for(4, 1)));
}

void TestImageFolder::missing_folder_is_error() {
    QTemporaryDir dir;
    try {
        load_image_folder(path_in(dir, "nowhere"), options_for(4, 1));
        QFAIL("a missing folder loaded");
    } catch (const Error& e) {
        QVERIFY(QString(e.what()).contains("nowhere"));
    }
}

void TestImageFolder::file_instead_of_folder_is_error() {
    QTemporaryDir dir;
    write_image(dir, "single.png", cv::Mat(4, 4, CV_8UC1, cv::Scalar(1)));
    QVERIFY_THROWS_EXCEPTION(Error, load_image_folder(path_in(dir, "single.png"), options_for(4, 1)));
}

void TestImageFolder::only_bad_files_is_error() {
    QTemporaryDir dir;
    write_bytes(dir, "a.png", "not a png");
    write_bytes(dir, "b.jpg", "not a jpeg");
    try {
        load_image_folder(dir.path().toStdString(), options_for(4, 1));
        QFAIL("a folder of unreadable files loaded");
    } catch (const Error& e) {
        QVERIFY(QString(e.what()).contains("None of the 2 images"));
        QVERIFY(!QString(e.what()).contains('\n'));
    }
}

void TestImageFolder::bad_options_are_errors() {
    ImageFolderOptions options = options_for(4, 2);
    QVERIFY_THROWS_EXCEPTION(Error, load_image_folder(mixed_.path().toStdString(), options));
    // 0 is the folder's own size (kFolderOwnSize); below it is no size.
    options = options_for(-1, 1);
    QVERIFY_THROWS_EXCEPTION(Error, load_image_folder(mixed_.path().toStdString(), options));
    options = options_for(4, 1);
    options.test_fraction = 1.0;
    QVERIFY_THROWS_EXCEPTION(Error, load_image_folder(mixed_.path().toStdString(), options));
}

LATENTLAB_TEST_APPLESS_MAIN(TestImageFolder)
#include "test_image_folder.moc"
