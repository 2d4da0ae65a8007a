// A folder read from its mapped cache file instead of memory: the same
// pixels, batches, training and scores as in memory; a cache build that stops
// continues where it stopped; a damaged file is refused.

#include <QtTest/QtTest>
#include "test_registry.h"

#include "model/data/folder_cache.h"
#include "model/data/folder_cache_build.h"
#include "model/data/image_folder.h"
#include "model/data/mapped_images.h"
#include "model/data/shuffled_batches.h"
#include "model/inspect/image_scores.h"
#include "tiny_models.h"

#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

using namespace latentlab;
using namespace latentlab::testing;

namespace {

namespace fs = std::filesystem;

// 240 grey 8x8 images in three classes, each a pattern of its own.
fs::path make_folder(const QTemporaryDir& dir, int count = 240) {
    const fs::path root = fs::path(dir.path().toStdString()) / "patterns";
    for (int i = 0; i < count; ++i) {
        cv::Mat image(8, 8, CV_8UC1);
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 8; ++x) image.at<uint8_t>(y, x) = static_cast<uint8_t>((i * 7 + x * 29 + y * (i % 5)) % 256);
        const fs::path file = root / ("class" + std::to_string(i % 3)) / ("img" + std::to_string(1000 + i) + ".png");
        fs::create_directories(file.parent_path());
        cv::imwrite(file.string(), image);
    }
    std::ofstream(root / "class1" / "broken.png") << "not a png";
    return root;
}

ImageFolderOptions options(PixelStorage pixels) {
    ImageFolderOptions o;
    o.size = 8;
    o.channels = 1;
    o.test_fraction = 0.25;
    o.threads = 2;
    o.use_cache = false;
    o.pixels = pixels;
    return o;
}

torch::Tensor all_of(const ImageSet& set) { return set.source()->range(0, set.size()); }

bool same_data(const Dataset& a, const Dataset& b) {
    for (auto [x, y] : {std::pair{&a.train, &b.train}, std::pair{&a.test, &b.test}})
        if (!torch::equal(all_of(*x), all_of(*y)) || !torch::equal(x->labels, y->labels) || x->paths != y->paths)
            return false;
    return a.skipped.size() == b.skipped.size() && a.class_names == b.class_names;
}

// A build's plan of `root`'s images, as load_image_folder makes it (one split).
FolderBuildPlan plan_of(const fs::path& root) {
    FolderBuildPlan plan;
    plan.root = root.string();
    plan.class_names = {"class0", "class1", "class2"};
    for (int c = 0; c < 3; ++c) {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(root / ("class" + std::to_string(c)))) files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) {
            plan.paths.push_back(file.string());
            plan.labels.push_back(c);
            plan.test.push_back(0);
        }
    }
    return plan;
}

}  // namespace

class TestMappedImages : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mappedAndInMemoryLoadsHoldTheSameImages() {
        QTemporaryDir dir;
        const fs::path root = make_folder(dir);
        FolderLoadInfo mapped_info, memory_info;
        const Dataset mapped = load_image_folder(root.string(), options(PixelStorage::Mapped), {}, nullptr, &mapped_info);
        const Dataset memory = load_image_folder(root.string(), options(PixelStorage::Memory), {}, nullptr, &memory_info);
        QVERIFY(mapped_info.pixels_mapped);
        QVERIFY(!memory_info.pixels_mapped);
        QVERIFY(!mapped.train.in_memory() && !mapped.train.images.defined());
        QVERIFY(memory.train.in_memory());
        QCOMPARE(mapped.train.size() + mapped.test.size(), int64_t{240});
        QCOMPARE(mapped.skipped.size(), size_t{1});
        QVERIFY(same_data(mapped, memory));
        QVERIFY(torch::equal(mapped.test.image(5), memory.test.image(5)));
        // The temporary file is gone; the mapping still reads.
        QVERIFY(mapped_info.cache_file.empty());
        QVERIFY(torch::equal(mapped.train.image(0), memory.train.image(0)));
    }

    // What exact resume and equal results rest on: the same seed gives the
    // same batches, byte for byte, from either source.
    void mappedBatchesAreTheInMemoryBatches() {
        QTemporaryDir dir;
        const fs::path root = make_folder(dir);
        const Dataset mapped = load_image_folder(root.string(), options(PixelStorage::Mapped));
        const Dataset memory = load_image_folder(root.string(), options(PixelStorage::Memory));
        auto g1 = at::detail::createCPUGenerator(3), g2 = at::detail::createCPUGenerator(3);
        const ShuffledBatches a(mapped.train.size(), 32, g1, torch::kCPU), b(memory.train.size(), 32, g2, torch::kCPU);
        for (int64_t i = 0; i < a.steps(); ++i)
            QVERIFY(torch::equal(mapped.train.source()->gather(a.rows(i)), memory.train.source()->gather(b.rows(i))));
        QVERIFY_THROWS_EXCEPTION(Error, mapped.train.source()->gather(torch::tensor({mapped.train.size()}, torch::kLong)));
        QVERIFY(mapped.train.source()->same_images(*mapped.train.source()->copy_to(torch::kCPU)));
        QVERIFY(!mapped.train.source()->same_images(*mapped.test.source()));
    }

    void trainingAndScoringAreTheSameEitherWay() {
        QTemporaryDir dir;
        const fs::path root = make_folder(dir);
        const Dataset mapped = load_image_folder(root.string(), options(PixelStorage::Mapped));
        const Dataset memory = load_image_folder(root.string(), options(PixelStorage::Memory));
        Trainer a(tinyConfig(2)), b(tinyConfig(2));
        const auto ea = a.train_epoch(mapped), eb = b.train_epoch(memory);
        QCOMPARE(ea->train.elbo, eb->train.elbo);
        QCOMPARE(ea->test.loss.elbo, eb->test.loss.elbo);
        const auto pa = a.model()->parameters(), pb = b.model()->parameters();
        for (size_t i = 0; i < pa.size(); ++i) QVERIFY(torch::equal(pa[i], pb[i]));

        const auto snapshot = snapshot_of(b);
        const auto sa = score_dataset(*snapshot, mapped, {}), sb = score_dataset(*snapshot, memory, {});
        QVERIFY(sa && sb);
        QCOMPARE(sa->scores.elbo, sb->scores.elbo);
        QCOMPARE(sa->scores.mse, sb->scores.mse);
        QVERIFY(torch::equal(image_of(mapped, *sa, 200), image_of(memory, *sb, 200)));
    }

    // A build stopped after one or two chunks of 50 images continues with the next,
    // also past a record torn by a kill, and ends with the file a build that
    // never stopped writes.
    void aStoppedBuildContinuesWhereItStopped() {
        QTemporaryDir dir;
        const fs::path root = make_folder(dir);
        fs::remove(root / "class1" / "broken.png");
        const FolderBuildPlan plan = plan_of(root);
        const FolderCacheKey key = FolderCache::make_key(root.string(), plan.paths, "test");
        const auto o = options(PixelStorage::Memory);
        const std::string file = (fs::path(dir.path().toStdString()) / "cache.llfc").string();
        std::atomic<bool> cancel{false};
        // Stops during the second or third chunk, as the progress reports fall.
        const auto stop_at_100 = [&](int64_t done, int64_t) {
            if (done >= 100) cancel = true;
        };
        QVERIFY_THROWS_EXCEPTION(Error, build_folder_cache(file, true, key, plan, o, stop_at_100, &cancel, 50 * 64));
        QVERIFY(!fs::exists(file));  // never read as complete
        QVERIFY(!FolderCache::read_file(file + ".part", &key, root.string(), PixelStorage::Memory));
        std::ofstream(file + ".part-log", std::ios::app | std::ios::binary) << "torn record";

        int64_t first_report = -1;
        const auto first = [&](int64_t done, int64_t) {
            if (first_report < 0) first_report = done;
        };
        const FolderBuildResult resumed = build_folder_cache(file, true, key, plan, o, first, nullptr, 50 * 64);
        QVERIFY2(resumed.resumed == 50 || resumed.resumed == 100, qPrintable(QString::number(resumed.resumed)));
        QCOMPARE(first_report, resumed.resumed);  // the first report is what was done before
        QVERIFY(!fs::exists(file + ".part") && !fs::exists(file + ".part-log"));
        const std::string fresh_file = file + "-fresh";
        build_folder_cache(fresh_file, false, key, plan, o, {}, nullptr, 50 * 64);
        const auto continued = FolderCache::read_file(file, &key, root.string(), PixelStorage::Mapped);
        const auto fresh = FolderCache::read_file(fresh_file, &key, root.string(), PixelStorage::Memory);
        QVERIFY(continued && fresh);
        QVERIFY(same_data(*continued, *fresh));
        QVERIFY(FolderCache::read_file(file, nullptr, root.string(), PixelStorage::Memory));  // any key
        FolderCacheKey other = key;
        other.files += "x";
        QVERIFY(!FolderCache::read_file(file, &other, root.string(), PixelStorage::Memory));
    }

    void aDamagedPixelIsRefused() {
        QTemporaryDir dir;
        const fs::path root = make_folder(dir);
        const FolderBuildPlan plan = plan_of(root);
        const FolderCacheKey key = FolderCache::make_key(root.string(), plan.paths, "test");
        const std::string file = (fs::path(dir.path().toStdString()) / "cache.llfc").string();
        build_folder_cache(file, false, key, plan, options(PixelStorage::Mapped), {}, nullptr);
        QVERIFY(FolderCache::read_file(file, &key, root.string(), PixelStorage::Mapped));
        {
            std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
            f.seekg(4096 + 100);
            char c = 0;
            f.get(c);
            f.seekp(4096 + 100);
            f.put(static_cast<char>(c ^ 0x01));
        }
        QVERIFY(!FolderCache::read_file(file, &key, root.string(), PixelStorage::Mapped));
        const auto size = fs::file_size(file);
        fs::resize_file(file, size - 1);  // no footer: an unfinished file
        QVERIFY(!FolderCache::read_file(file, &key, root.string(), PixelStorage::Mapped));
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestMappedImages)
#include "test_mapped_images.moc"
