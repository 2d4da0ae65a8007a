#include <QtTest/QtTest>
#include "test_registry.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "model/data/folder_cache.h"
#include "model/data/image_folder.h"

using namespace latentlab;

namespace {

namespace fs = std::filesystem;

// Image i: a colour of its own with a bright square at a place of its own.
cv::Mat make_image(int i, int side = 12) {
    cv::Mat image(side, side, CV_8UC3, cv::Scalar((i * 37) % 256, (255 - i * 23) % 256, (i * 61) % 256));
    cv::rectangle(image, cv::Rect(i % (side - 3), (i / 3) % (side - 3), 3, 3), cv::Scalar(255, 255, 255), cv::FILLED);
    return image;
}

void write_image(const fs::path& path, const cv::Mat& image) {
    fs::create_directories(path.parent_path());
    QVERIFY(cv::imwrite(path.string(), image));
}

// Sets every file's modification time an hour back: files written just now
// are not cached (a change in the same clock tick would go unseen).
void age_files(const fs::path& root) {
    const auto past = fs::file_time_type::clock::now() - std::chrono::hours(1);
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.is_regular_file()) {
            fs::last_write_time(entry.path(), past);
        }
    }
}

// Two classes of 6 images, and a file that is not an image.
fs::path make_folder(const QTemporaryDir& dir) {
    const fs::path root = fs::path(dir.path().toStdString()) / "shapes";
    for (int i = 0; i < 12; ++i) {
        write_image(root / (i % 2 ? "odd" : "even") / ("img" + std::to_string(i) + ".png"), make_image(i));
    }
    std::ofstream(root / "even" / "broken.png") << "not a png";
    age_files(root);
    return root;
}

ImageFolderOptions rgb_options() {
    ImageFolderOptions options;
    options.size = 8;
    options.channels = 3;
    options.test_fraction = 0.25;
    options.threads = 2;
    return options;
}

Dataset load(const fs::path& root, FolderLoadInfo& info, const ImageFolderOptions& options = rgb_options()) {
    return load_image_folder(root.string(), options, {}, nullptr, &info);
}

bool same_set(const ImageSet& a, const ImageSet& b) {
    return a.images.sizes() == b.images.sizes() && torch::equal(a.images, b.images) &&
           torch::equal(a.labels, b.labels) && a.paths == b.paths && a.images.is_contiguous() &&
           b.images.is_contiguous();
}

void verify_same(const Dataset& a, const Dataset& b) {
    QVERIFY(same_set(a.train, b.train));
    QVERIFY(same_set(a.test, b.test));
    QCOMPARE(a.class_names, b.class_names);
    QCOMPARE(a.name, b.name);
    QCOMPARE(a.channels, b.channels);
    QCOMPARE(a.height, b.height);
    QCOMPARE(a.width, b.width);
    QCOMPARE(a.skipped.size(), b.skipped.size());
    for (size_t i = 0; i < a.skipped.size(); ++i) {
        QCOMPARE(a.skipped[i].path, b.skipped[i].path);
        QCOMPARE(a.skipped[i].reason, b.skipped[i].reason);
    }
}

// Loads `root` once to fill the cache and checks that a second load hits.
void prime(const fs::path& root, const ImageFolderOptions& options = rgb_options()) {
    FolderLoadInfo info;
    load(root, info, options);
    QVERIFY(info.cache_written);
    load(root, info, options);
    QVERIFY(info.from_cache);
}

}  // namespace

class TestFolderCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void second_open_is_a_hit_with_identical_result();
    void other_spelling_of_the_folder_hits();
    void touching_a_file_invalidates();
    void modifying_a_file_invalidates();
    void modifying_a_file_keeping_its_time_invalidates();
    void adding_a_file_invalidates();
    void removing_a_file_invalidates();
    void changed_setting_misses();
    void new_empty_test_folder_misses();
    void corrupt_cache_file_is_ignored_and_rewritten();
    void unwritable_cache_is_ignored();
    void fresh_files_are_not_cached();
    void disabled_cache_neither_reads_nor_writes();
    void cache_location_from_environment();

private:
    QTemporaryDir cache_dir_;
};

void TestFolderCache::initTestCase() {
    QVERIFY(cache_dir_.isValid());
    qputenv("LATENTLAB_CACHE_DIR", cache_dir_.path().toUtf8());
}

void TestFolderCache::second_open_is_a_hit_with_identical_result() {
    QTemporaryDir dir;
    const fs::path root = make_folder(dir);
    FolderLoadInfo info;
    const Dataset first = load(root, info);
    QVERIFY(!info.from_cache);
    QVERIFY(info.cache_written);
    QVERIFY(fs::is_regular_file(info.cache_file));
    QCOMPARE(fs::path(info.cache_file).parent_path().string(), cache_dir_.path().toStdString());
    QCOMPARE(first.skipped.size(), size_t{1});
    QVERIFY(first.test.size() > 0);

    const Dataset second = load(root, info);
    QVERIFY(info.from_cache);
    QVERIFY(!info.cache_written);
    verify_same(first, second);
    QVERIFY(second.skipped[0].path.find("broken.png") != std::string::npos);
}

void TestFolderCache::other_spelling_of_the_folder_hits() {
    QTemporaryDir dir;
    const fs::path root = make_folder(dir);
    prime(root);
    // The same folder through a trailing slash: a hit, with the paths as an
    // uncached load of that spelling gives them.
    const fs::path slashed = root.string() + "/";
    FolderLoadInfo info;
    const Dataset cached = load(slashed, info);
    QVERIFY(info.from_cache);
    ImageFolderOptions uncached_options = rgb_options();
    uncached_options.use_cache = false;
    verify_same(cached, load(slashed, info, uncached_options));
}

void TestFolderCache::touching_a_file_invalidates() {
    QTemporaryDir dir;
    const fs::path root = make_folder(dir);
    prime(root);
    fs::last_write_time(root / "odd" / "img3.png", fs::file_time_type::clock::now());
    FolderLoadInfo info;
    load(root, info);
    QVERIFY(!info.from_cache);
}

void TestFolderCache::modifying_a_file_invalidates() {
    QTemporaryDir dir;
    const fs::path root = make_folder(dir);
    prime(root);
    write_image(root / "odd" / "img3.png", make_image(100));
    FolderLoadInfo info;
    const Dataset changed = load(root, info);
    QVERIFY(!info.from_cache);
    ImageFolderOptions uncached_options = rgb_options();
    uncached_options.use_cache = false;
    verify_same(changed, load(root, info, uncached_options));
}

void TestFolderCache::modifying_a_file_keeping_its_time_invalidates() {
    QTemporaryDir dir;
    const fs::path root = make_folder(dir);
    prime(root);
    // Same size and modification time (a copy tool that keeps times): the
    // change time, which cannot be set back, still gives it away.
    const fs::path file = root / "odd" / "img3.png";
    const auto time = fs::last_write_time(file);
    std::string bytes;
    {
        std::ifstream in(file, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::ofstream(file, std::ios::binary) << bytes;
    fs::last_write_time(file, time);
    FolderLoadInfo info;
    load(root, info);
    QVERIFY(!info.from_cache);
}

void TestFolderCache::adding_a_file_invalidates() {
    QTemporaryDir dir;
    const fs::path root = make_folder(dir);
    prime(root);
    write_image(root / "odd" / "img99.png", make_image(99));
    FolderLoadInfo info;
    const Dataset grown = load(root, info);
    QVERIFY(!info.from_cache);
    QCOMPARE(grown.train.size() + grown.test.size(), int64_t{13});
}

void TestFolderCache::removing_a_file_invalidates() {
    QTemporaryDir dir;
    const fs::path root = make_folder(dir);
    prime(root);
    fs::remove(root / "even" / "img4.png");
    FolderLoadInfo info;
    const Dataset shrunk = load(root, info);
    QVERIFY(!info.from_cache);
    QCOMPARE(shrunk.train.size() + shrunk.test.size(), int64_t{11});

    // Removing the unreadable file changes the skipped list: a miss too.
    age_files(root);
    prime(root);
    fs::remove(root / "even" / "broken.png");
    const Dataset clean = load(root, info);
    QVERIFY(!info.from_cache);
    QVERIFY(clean.skipped.empty());
}

void TestFolderCache::changed_setting_misses() {
    QTemporaryDir dir;
    const fs::path root = make_folder(dir);
    prime(root);
    struct Change {
        const char* name;
        void (*apply)(ImageFolderOptions&);
    };
    const Change changes[] = {
        {"size", [](ImageFolderOptions& o) { o.size = 6; }},
        {"channels", [](ImageFolderOptions& o) { o.channels = 1; }},
        {"test_fraction", [](ImageFolderOptions& o) { o.test_fraction = 0.5; }},
        {"split_seed", [](ImageFolderOptions& o) { o.split_seed = 7; }},
        {"background", [](ImageFolderOptions& o) { o.background = 0; }},
    };
    for (const Change& change : changes) {
        ImageFolderOptions options = rgb_options();
        change.apply(options);
        FolderLoadInfo info;
        load(root, info, options);
        QVERIFY2(!info.from_cache, change.name);
    }
    // The decoding threads do not change the result: still a hit.
    ImageFolderOptions one_thread = rgb_options();
    one_thread.threads = 1;
    FolderLoadInfo info;
    load(root, info, one_thread);
    QVERIFY(info.from_cache);
    // Each setting has its own cache: the first is still there.
    load(root, info);
    QVERIFY(info.from_cache);
}

void TestFolderCache::new_empty_test_folder_misses() {
    // train/ alone is a class folder; with test/ beside it, even an empty
    // one, it is a split. Same file list, different result.
    QTemporaryDir dir;
    const fs::path root = fs::path(dir.path().toStdString()) / "split";
    for (int i = 0; i < 4; ++i) {
        write_image(root / "train" / "a" / (std::to_string(i) + ".png"), make_image(i));
    }
    age_files(root);
    prime(root);
    fs::create_directories(root / "test");
    FolderLoadInfo info;
    const Dataset split = load(root, info);
    QVERIFY(!info.from_cache);
    QCOMPARE(split.test.size(), int64_t{0});
}

void TestFolderCache::corrupt_cache_file_is_ignored_and_rewritten() {
    QTemporaryDir dir;
    const fs::path root = make_folder(dir);
    FolderLoadInfo info;
    const Dataset original = load(root, info);
    QVERIFY(info.cache_written);
    const std::string cache_file = info.cache_file;
    const auto size = fs::file_size(cache_file);

    // One flipped pixel byte, near the end; a cut; garbage.
    const auto flip_byte = [&] {
        std::fstream file(cache_file, std::ios::in | std::ios::out | std::ios::binary);
        file.seekg(static_cast<std::streamoff>(size) - 20);
        char c = 0;
        file.get(c);
        file.seekp(static_cast<std::streamoff>(size) - 20);
        file.put(static_cast<char>(c ^ 0x10));
    };
    const auto cut = [&] { fs::resize_file(cache_file, size / 2); };
    const auto garbage = [&] { std::ofstream(cache_file, std::ios::binary) << "garbage"; };
    const std::vector<std::function<void()>> damages{flip_byte, cut, garbage};
    for (size_t d = 0; d < damages.size(); ++d) {
        damages[d]();
        const Dataset reloaded = load(root, info);
        QVERIFY(!info.from_cache);
        // Garbage is not recognisably this folder's file; a flipped byte or a cut is, and is named.
        QCOMPARE(info.cache_damage.empty(), d == 2);
        QVERIFY(info.cache_written);
        verify_same(original, reloaded);
        QCOMPARE(fs::file_size(cache_file), size);
        load(root, info);
        QVERIFY(info.from_cache);
    }
}

void TestFolderCache::unwritable_cache_is_ignored() {
    QTemporaryDir dir;
    const fs::path root = make_folder(dir);
    // A cache "folder" below a regular file can be neither made nor read.
    const std::string blocker = dir.filePath("blocker").toStdString();
    std::ofstream(blocker) << "a file";
    qputenv("LATENTLAB_CACHE_DIR", QByteArray::fromStdString(blocker + "/cache"));
    FolderLoadInfo info;
    const Dataset first = load(root, info);
    const bool written = info.cache_written;
    const Dataset second = load(root, info);
    const bool hit = info.from_cache;
    qputenv("LATENTLAB_CACHE_DIR", cache_dir_.path().toUtf8());
    QVERIFY(!written);
    QVERIFY(!hit);
    verify_same(first, second);
}

void TestFolderCache::fresh_files_are_not_cached() {
    QTemporaryDir dir;
    const fs::path root = make_folder(dir);
    write_image(root / "odd" / "new.png", make_image(50));  // modified just now
    FolderLoadInfo info;
    load(root, info);
    QVERIFY(!info.cache_written);
    load(root, info);
    QVERIFY(!info.from_cache);
}

void TestFolderCache::disabled_cache_neither_reads_nor_writes() {
    QTemporaryDir dir;
    const fs::path root = make_folder(dir);
    prime(root);
    ImageFolderOptions options = rgb_options();
    options.use_cache = false;
    FolderLoadInfo info;
    load(root, info, options);
    QVERIFY(!info.from_cache);
    QVERIFY(!info.cache_written);
    QVERIFY(info.cache_file.empty());
}

void TestFolderCache::cache_location_from_environment() {
    const QByteArray xdg = qgetenv("XDG_CACHE_HOME");
    const QByteArray home = qgetenv("HOME");
    qputenv("LATENTLAB_CACHE_DIR", "/somewhere/cache");
    const std::string explicit_dir = FolderCache::default_dir();
    qputenv("LATENTLAB_CACHE_DIR", "");
    qputenv("XDG_CACHE_HOME", "/xdg");
    const std::string xdg_dir = FolderCache::default_dir();
    qputenv("XDG_CACHE_HOME", "");
    qputenv("HOME", "/home/someone");
    const std::string home_dir = FolderCache::default_dir();
    qputenv("HOME", "");
    const std::string no_dir = FolderCache::default_dir();
    qputenv("HOME", home);
    qputenv("XDG_CACHE_HOME", xdg);
    qputenv("LATENTLAB_CACHE_DIR", cache_dir_.path().toUtf8());
    QCOMPARE(explicit_dir, std::string("/somewhere/cache"));
    QCOMPARE(xdg_dir, std::string("/xdg/latentlab"));
    QCOMPARE(home_dir, std::string("/home/someone/.cache/latentlab"));
    QVERIFY(no_dir.empty());
}

LATENTLAB_TEST_APPLESS_MAIN(TestFolderCache)
#include "test_folder_cache.moc"
