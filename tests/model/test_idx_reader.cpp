#include <zlib.h>

#include <QtTest/QtTest>
#include "test_registry.h"
#include <fstream>
#include <string>
#include <vector>

#include "model/base/error.h"
#include "model/data/idx_reader.h"
#include "model/data/image_folder.h"

using namespace latentlab;

namespace {

// An IDX file of unsigned bytes: magic 00 00 08 ndims, big-endian dims, data.
std::string idx_bytes(const std::vector<uint32_t>& dims, const std::vector<uint8_t>& data) {
    std::string bytes = {0, 0, 0x08, static_cast<char>(dims.size())};
    for (const uint32_t dim : dims) {
        bytes += static_cast<char>(dim >> 24);
        bytes += static_cast<char>(dim >> 16);
        bytes += static_cast<char>(dim >> 8);
        bytes += static_cast<char>(dim);
    }
    bytes.append(data.begin(), data.end());
    return bytes;
}

void write_plain(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    QVERIFY(out.good());
}

void write_gzip(const std::string& path, const std::string& bytes) {
    gzFile file = gzopen(path.c_str(), "wb");
    QVERIFY(file != nullptr);
    QCOMPARE(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())),
             static_cast<int>(bytes.size()));
    QCOMPARE(gzclose(file), Z_OK);
}

std::vector<uint8_t> counting(size_t n) {
    std::vector<uint8_t> data(n);
    for (size_t i = 0; i < n; ++i) {
        data[i] = static_cast<uint8_t>(i * 7);
    }
    return data;
}

// Writes a small MNIST-format data set: `n_train` and `n_test` images of 3x2.
void write_idx_dataset(const QTemporaryDir& dir, uint32_t n_train, uint32_t n_test, uint32_t n_test_labels) {
    const std::string root = dir.path().toStdString() + "/";
    write_gzip(root + "train-images-idx3-ubyte.gz", idx_bytes({n_train, 3, 2}, counting(n_train * 6)));
    std::vector<uint8_t> train_labels(n_train);
    for (uint32_t i = 0; i < n_train; ++i) {
        train_labels[i] = static_cast<uint8_t>(i % 10);
    }
    write_gzip(root + "train-labels-idx1-ubyte.gz", idx_bytes({n_train}, train_labels));
    // The test files uncompressed: both kinds in one folder must work.
    write_plain(root + "t10k-images-idx3-ubyte", idx_bytes({n_test, 3, 2}, counting(n_test * 6)));
    write_plain(root + "t10k-labels-idx1-ubyte",
                idx_bytes({n_test_labels}, std::vector<uint8_t>(n_test_labels, 9)));
}

}  // namespace

class TestIdxReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void reads_plain_file();
    void reads_gzip_file();
    void refuses_truncated_plain_file();
    void refuses_truncated_gzip_file();
    void refuses_header_larger_than_file();
    void refuses_bad_magic();
    void refuses_other_element_types();
    void refuses_extra_bytes();
    void missing_file_is_error();
    void loads_mnist_format_folder();
    void image_label_count_mismatch_is_error();
    void open_dataset_picks_idx_folder();
    void real_fashion_mnist();
};

void TestIdxReader::reads_plain_file() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("plain-idx3-ubyte").toStdString();
    write_plain(path, idx_bytes({2, 3, 4}, counting(24)));
    const torch::Tensor t = read_idx(path);
    QCOMPARE(t.scalar_type(), torch::kUInt8);
    QCOMPARE(t.sizes().vec(), (std::vector<int64_t>{2, 3, 4}));
    // Row-major order: element [1][2][3] is number 23.
    QCOMPARE(t[1][2][3].item<int>(), (23 * 7) % 256);
    QCOMPARE(t[0][1][0].item<int>(), (4 * 7) % 256);
}

void TestIdxReader::reads_gzip_file() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("packed-idx1-ubyte.gz").toStdString();
    // A dimension above 255 checks that all four big-endian bytes are read.
    write_gzip(path, idx_bytes({70000}, counting(70000)));
    const torch::Tensor t = read_idx(path);
    QCOMPARE(t.sizes().vec(), (std::vector<int64_t>{70000}));
    QCOMPARE(t[69999].item<int>(), static_cast<int>(static_cast<uint8_t>(69999 * 7)));
    QCOMPARE(t.sum().item<int64_t>(), torch::tensor(counting(70000)).sum().item<int64_t>());
}

void TestIdxReader::refuses_truncated_plain_file() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("short-idx3-ubyte").toStdString();
    const std::string full = idx_bytes({2, 3, 4}, counting(24));
    write_plain(path, full.substr(0, full.size() - 5));
    try {
        read_idx(path);
        QFAIL("a truncated file was read");
    } catch (const Error& e) {
        QVERIFY(QString(e.what()).contains(QString::fromStdString(path)));
        QVERIFY(QString(e.what()).contains("truncated"));
    }
    // Cut inside the header.
    write_plain(path, full.substr(0, 9));
    QVERIFY_THROWS_EXCEPTION(Error, read_idx(path));
}

void TestIdxReader::refuses_truncated_gzip_file() {
    QTemporaryDir dir;
    const std::string whole = dir.filePath("whole.gz").toStdString();
    const std::string cut = dir.filePath("cut.gz").toStdString();
    std::vector<uint8_t> noise(50000);
    for (size_t i = 0; i < noise.size(); ++i) {
        noise[i] = static_cast<uint8_t>((i * 2654435761u) >> 13);
    }
    write_gzip(whole, idx_bytes({50000}, noise));
    std::ifstream in(whole, std::ios::binary);
    const std::string compressed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // The compressed stream cut in half, and cut just before its 8-byte
    // trailer (all data there, the checksum missing).
    write_plain(cut, compressed.substr(0, compressed.size() / 2));
    QVERIFY_THROWS_EXCEPTION(Error, read_idx(cut));
    write_plain(cut, compressed.substr(0, compressed.size() - 8));
    QVERIFY_THROWS_EXCEPTION(Error, read_idx(cut));
    QCOMPARE(read_idx(whole).size(0), int64_t{50000});
}

// A header that claims 10 GB in a file of a few bytes is refused from the
// file's size, before the 10 GB are allocated: plain, and gzip (whose
// size bounds its contents: deflate packs at most 1032 bytes into one).
void TestIdxReader::refuses_header_larger_than_file() {
    QTemporaryDir dir;
    const std::string bytes = idx_bytes({1000000, 100, 100}, counting(64));
    const std::string plain = dir.filePath("huge-idx3-ubyte").toStdString();
    const std::string gzip = dir.filePath("huge-idx3-ubyte.gz").toStdString();
    write_plain(plain, bytes);
    write_gzip(gzip, bytes);
    for (const std::string& path : {plain, gzip}) {
        try {
            read_idx(path);
            QFAIL("a header larger than its file was read");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("declares 10000000000 data bytes"), e.what());
            if (path == gzip) QVERIFY2(QString(e.what()).contains("compressed bytes can hold"), e.what());
        }
    }
    // A gzip file just large enough for its header's claim is still read
    // (a run of zeros packs near deflate's limit).
    const std::string zeros = dir.filePath("zeros-idx1-ubyte.gz").toStdString();
    write_gzip(zeros, idx_bytes({4000000}, std::vector<uint8_t>(4000000, 0)));
    QCOMPARE(read_idx(zeros).size(0), int64_t{4000000});
}

void TestIdxReader::refuses_bad_magic() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("bad-magic").toStdString();
    std::string bytes = idx_bytes({4}, counting(4));
    bytes[0] = 1;
    write_plain(path, bytes);
    try {
        read_idx(path);
        QFAIL("a file with a bad magic number was read");
    } catch (const Error& e) {
        QVERIFY(QString(e.what()).contains("magic"));
    }
    // A PNG header is not IDX either.
    write_plain(path, "\x89PNG\r\n\x1a\n0000000000");
    QVERIFY_THROWS_EXCEPTION(Error, read_idx(path));
}

void TestIdxReader::refuses_other_element_types() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("floats").toStdString();
    std::string bytes = idx_bytes({4}, counting(16));
    bytes[2] = 0x0D;  // float
    write_plain(path, bytes);
    QVERIFY_THROWS_EXCEPTION(Error, read_idx(path));
}

void TestIdxReader::refuses_extra_bytes() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("long").toStdString();
    write_gzip(path, idx_bytes({4}, counting(5)));
    QVERIFY_THROWS_EXCEPTION(Error, read_idx(path));
}

void TestIdxReader::missing_file_is_error() {
    QTemporaryDir dir;
    QVERIFY_THROWS_EXCEPTION(Error, read_idx(dir.filePath("absent").toStdString()));
    QVERIFY_THROWS_EXCEPTION(Error, read_idx(dir.path().toStdString()));
    QVERIFY_THROWS_EXCEPTION(Error, load_fashion_mnist(dir.path().toStdString()));
}

void TestIdxReader::loads_mnist_format_folder() {
    QTemporaryDir dir;
    write_idx_dataset(dir, 12, 5, 5);
    const Dataset data = load_fashion_mnist(dir.path().toStdString());
    QCOMPARE(data.name, std::string("fashion-mnist"));
    QCOMPARE(data.train.images.sizes().vec(), (std::vector<int64_t>{12, 1, 3, 2}));
    QCOMPARE(data.test.images.sizes().vec(), (std::vector<int64_t>{5, 1, 3, 2}));
    QVERIFY(data.train.images.is_contiguous());
    QCOMPARE(data.train.labels.scalar_type(), torch::kLong);
    QCOMPARE(data.train.labels[11].item<int64_t>(), int64_t{1});
    QCOMPARE(data.test.labels[4].item<int64_t>(), int64_t{9});
    QCOMPARE(data.train.images[1][0][0][1].item<int>(), 7 * 7);
    QCOMPARE(data.class_names.size(), size_t{10});
    QCOMPARE(data.class_names[0], std::string("T-shirt/top"));
    QCOMPARE(data.class_names[9], std::string("Ankle boot"));
    QCOMPARE(data.channels, int64_t{1});
    QCOMPARE(data.height, int64_t{3});
    QCOMPARE(data.width, int64_t{2});
}

void TestIdxReader::image_label_count_mismatch_is_error() {
    QTemporaryDir dir;
    write_idx_dataset(dir, 12, 5, 4);
    try {
        load_fashion_mnist(dir.path().toStdString());
        QFAIL("5 images with 4 labels loaded");
    } catch (const Error& e) {
        QVERIFY(QString(e.what()).contains("5 images"));
    }
}

void TestIdxReader::open_dataset_picks_idx_folder() {
    QTemporaryDir dir;
    write_idx_dataset(dir, 12, 5, 5);
    ImageFolderOptions options;
    options.size = 8;
    options.channels = 3;
    const Dataset data = open_dataset(dir.path().toStdString(), options);
    // Read as IDX, not as an (empty) image folder, at the files' own size.
    QCOMPARE(data.train.size(), int64_t{12});
    QCOMPARE(data.channels, int64_t{1});
    QCOMPARE(data.height, int64_t{3});
    QCOMPARE(data.name, dir.path().toStdString());
    // Not named for Fashion-MNIST: the classes are the label numbers.
    QCOMPARE(data.class_names.size(), size_t{10});
    QCOMPARE(data.class_names[3], std::string("3"));
}

void TestIdxReader::real_fashion_mnist() {
    if (!QFileInfo::exists(kFashionMnistDir)) {
        QSKIP("dataset-fashion-mnist is not installed");
    }
    const Dataset data = open_dataset("fashion-mnist", ImageFolderOptions{});
    QCOMPARE(data.train.images.sizes().vec(), (std::vector<int64_t>{60000, 1, 28, 28}));
    QCOMPARE(data.test.images.sizes().vec(), (std::vector<int64_t>{10000, 1, 28, 28}));
    QCOMPARE(data.train.labels.size(0), int64_t{60000});
    QCOMPARE(data.train.labels.min().item<int64_t>(), int64_t{0});
    QCOMPARE(data.train.labels.max().item<int64_t>(), int64_t{9});
    QCOMPARE(data.test.labels.max().item<int64_t>(), int64_t{9});
    // Fashion-MNIST is balanced: 6000 of each class in train, 1000 in test.
    QVERIFY(torch::equal(torch::bincount(data.train.labels), torch::full({10}, 6000, torch::kLong)));
    QVERIFY(torch::equal(torch::bincount(data.test.labels), torch::full({10}, 1000, torch::kLong)));
    // Images use the whole byte range: the background is 0, garments reach 255.
    QCOMPARE(data.train.images.min().item<int>(), 0);
    QCOMPARE(data.train.images.max().item<int>(), 255);
    QCOMPARE(data.name, std::string("fashion-mnist"));
    QCOMPARE(data.class_names[9], std::string("Ankle boot"));
}

LATENTLAB_TEST_APPLESS_MAIN(TestIdxReader)
#include "test_idx_reader.moc"
