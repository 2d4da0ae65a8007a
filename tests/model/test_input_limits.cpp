// Bounded inputs (model/base/input_limits.h): files and folders that claim more
// than the limits are refused with a reason, before the memory is taken;
// links, unreadable subfolders and names that are not UTF-8 are reported.

#include "model/base/error.h"
#include "model/base/input_limits.h"
#include "model/data/folder_scan.h"
#include "model/data/image_folder.h"
#include "model/data/image_header.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

using namespace latentlab;

namespace {

void put_be32(std::string& out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

void png_chunk(std::string& out, const char* type, const std::string& data) {
    put_be32(out, static_cast<uint32_t>(data.size()));
    const std::string body = std::string(type, 4) + data;
    out += body;
    put_be32(out, static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size())));
}

// A well-formed PNG of a few hundred bytes whose header claims width x
// height 8-bit grey pixels (its data holds one row of them).
std::string bomb_png(uint32_t width, uint32_t height) {
    std::string png("\x89PNG\r\n\x1a\n", 8);
    std::string ihdr;
    put_be32(ihdr, width);
    put_be32(ihdr, height);
    ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // depth 8, grey, deflate, no filter, no interlace
    png_chunk(png, "IHDR", ihdr);
    const std::string row(1 + std::min<uint32_t>(width, 1000), '\0');
    std::string packed(compressBound(row.size()), '\0');
    uLongf size = packed.size();
    compress(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(row.data()), row.size());
    packed.resize(size);
    png_chunk(png, "IDAT", packed);
    png_chunk(png, "IEND", "");
    return png;
}

void write_bytes(const QString& path, const std::string& bytes) {
    QVERIFY(QDir().mkpath(QFileInfo(path).path()));
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << bytes;
    QVERIFY(out.good());
}

void write_image(const QString& path, int side) {
    QVERIFY(QDir().mkpath(QFileInfo(path).path()));
    QVERIFY(cv::imwrite(path.toStdString(), cv::Mat(side, side, CV_8UC1, cv::Scalar(90))));
}

ImageFolderOptions small_options() {
    ImageFolderOptions options;
    options.size = 4;
    options.test_fraction = 0.0;
    options.threads = 1;
    options.use_cache = false;
    return options;
}

std::string reason_for(const Dataset& data, const std::string& suffix) {
    for (const auto& skip : data.skipped)
        if (QString::fromStdString(skip.path).endsWith(QString::fromStdString(suffix))) return skip.reason;
    return "(not skipped)";
}

}  // namespace

class TestInputLimits : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The size each supported format's header states, for images OpenCV wrote.
    void headerSizesOfEveryFormat() {
        const cv::Mat image(5, 7, CV_8UC3, cv::Scalar(1, 2, 3));
        for (const char* ext : {".png", ".jpg", ".bmp", ".tiff", ".webp"}) {
            std::vector<uint8_t> bytes;
            QVERIFY(cv::imencode(ext, image, bytes));
            ImageHeader header;
            QVERIFY2(read_image_header(bytes, limits::kImagePixelsMax, &header).empty(), ext);
            QCOMPARE(header.width, int64_t{7});
            QCOMPARE(header.height, int64_t{5});
            // The same file, with a limit just under its 35 pixels.
            QVERIFY2(read_image_header(bytes, 34, &header).find("image too large") == 0, ext);
        }
        ImageHeader header;
        QCOMPARE(read_image_header({'G', 'I', 'F', '8', '9', 'a'}, 100, &header), std::string("not a decodable image"));
    }

    // A 300-byte PNG that claims 100,000 x 100,000 pixels, and one that
    // claims 12,000 x 12,000 (under OpenCV's own limit of 2^30, which would
    // allocate 144 MB for it): both skipped as too large, not decoded.
    void decompressionBombIsRefusedFromItsHeader() {
        QTemporaryDir dir;
        const std::string huge = bomb_png(100000, 100000);
        QVERIFY(huge.size() < 400);
        write_bytes(dir.filePath("huge.png"), huge);
        write_bytes(dir.filePath("large.png"), bomb_png(12000, 12000));
        write_image(dir.filePath("fine.png"), 4);
        const Dataset data = load_image_folder(dir.path().toStdString(), small_options());
        QCOMPARE(data.train.size(), int64_t{1});
        QCOMPARE(data.skipped.size(), size_t{2});
        QCOMPARE(reason_for(data, "huge.png"),
                 std::string("image too large: 100000 x 100000 pixels, above the limit of 134217728 pixels"));
        QVERIFY(reason_for(data, "large.png").find("12000 x 12000") != std::string::npos);
    }

    // A file above the byte limit is not read at all (a sparse file here).
    void oversizedFileIsNotRead() {
        QTemporaryDir dir;
        write_image(dir.filePath("fine.png"), 4);
        QFile big(dir.filePath("big.png"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(limits::kImageFileBytesMax + 1));
        big.close();
        const Dataset data = load_image_folder(dir.path().toStdString(), small_options());
        QVERIFY2(reason_for(data, "big.png").find("file too large") == 0, reason_for(data, "big.png").c_str());
    }

    void folderAboveTheFileLimitIsRefused() {
        QTemporaryDir dir;
        for (int i = 0; i < 5; ++i) write_image(dir.filePath(QString("c/%1.png").arg(i)), 4);
        auto options = small_options();
        options.max_files = 4;
        try {
            load_image_folder(dir.path().toStdString(), options);
            QFAIL("a folder above the limit was loaded");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("more than 4 image files"), e.what());
        }
        options.max_files = 5;
        QCOMPARE(load_image_folder(dir.path().toStdString(), options).train.size(), int64_t{5});
        // The setting in effect: the environment's, else the named default.
        qputenv("LATENTLAB_MAX_FOLDER_FILES", "123");
        QCOMPARE(folder_files_limit(), int64_t{123});
        qputenv("LATENTLAB_MAX_FOLDER_FILES", "lots");
        QCOMPARE(folder_files_limit(), limits::kFolderFilesMax);
        qunsetenv("LATENTLAB_MAX_FOLDER_FILES");
    }

    // Two links that point at each other, a broken link, and a link from a
    // subfolder back to the root: the scan ends, lists each with its reason
    // and loads the real images once.
    void linksAreReportedNotFollowed() {
        QTemporaryDir dir;
        write_image(dir.filePath("a/one.png"), 4);
        write_image(dir.filePath("a/two.png"), 4);
        QVERIFY(QFile::link(dir.filePath("a/ping.png"), dir.filePath("a/pong.png")));
        QVERIFY(QFile::link(dir.filePath("a/pong.png"), dir.filePath("a/ping.png")));
        QVERIFY(QFile::link(dir.filePath("a/gone.png"), dir.filePath("a/dangling.png")));
        QVERIFY(QFile::link(dir.path(), dir.filePath("a/loop")));
        QVERIFY(QFile::link(dir.filePath("a/one.png"), dir.filePath("a/alias.png")));  // a link to a file is read
        const Dataset data = load_image_folder(dir.path().toStdString(), small_options());
        QCOMPARE(data.train.size(), int64_t{3});
        QCOMPARE(reason_for(data, "ping.png"), std::string("a link that loops back on itself"));
        QCOMPARE(reason_for(data, "pong.png"), std::string("a link that loops back on itself"));
        QCOMPARE(reason_for(data, "dangling.png"), std::string("a broken link"));
        QCOMPARE(reason_for(data, "a/loop"), std::string("a link to a folder (links to folders are not followed)"));
    }

    void namesThatAreNotUtf8AreSkipped() {
        QVERIFY(is_valid_utf8("plain"));
        QVERIFY(is_valid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
        QVERIFY(!is_valid_utf8("caf\xe9"));              // Latin-1
        QVERIFY(!is_valid_utf8("\xc3\x28"));             // a lead byte without its continuation
        QVERIFY(!is_valid_utf8("\xc0\xaf"));             // overlong '/'
        QVERIFY(!is_valid_utf8("\xed\xa0\x80"));         // a UTF-16 surrogate
        QVERIFY(!is_valid_utf8("\xf4\x90\x80\x80"));     // past U+10FFFF
        QVERIFY(!is_valid_utf8("\xe2\x82"));             // cut short
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        write_image(dir.filePath("good/x.png"), 4);
        QVERIFY(cv::imwrite(root + "/good/caf\xe9.png", cv::Mat(4, 4, CV_8UC1, cv::Scalar(1))));
        std::filesystem::create_directory(root + "/cl\xe9ss");
        QVERIFY(cv::imwrite(root + "/cl\xe9ss/y.png", cv::Mat(4, 4, CV_8UC1, cv::Scalar(1))));
        const Dataset data = load_image_folder(root, small_options());
        QCOMPARE(data.train.size(), int64_t{1});
        QCOMPARE(data.class_names, std::vector<std::string>{"good"});
        QCOMPARE(reason_for(data, "caf\xe9.png"), std::string("its name is not valid UTF-8"));
        QCOMPARE(reason_for(data, "cl\xe9ss"), std::string("its name is not valid UTF-8"));
    }

    // A subfolder the user may not read is listed, not silently left out.
    // Root reads everything, so as root the scan runs in a child process
    // that has become the unprivileged user "nobody".
    void unreadableSubfolderIsReported() {
        QTemporaryDir dir;
        write_image(dir.filePath("open/x.png"), 4);
        write_image(dir.filePath("closed/y.png"), 4);
        QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                      QFile::ReadOther | QFile::ExeOther));
        QVERIFY(QFile::setPermissions(dir.filePath("open"), QFile::ReadOwner | QFile::WriteOwner |
                                                                QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther));
        QVERIFY(QFile::setPermissions(dir.filePath("closed"), QFile::Permissions()));
        const std::string root = dir.path().toStdString();
        auto check = [&]() -> std::string {
            const FolderScan scan = scan_folder(root, 100, nullptr);
            if (scan.files.size() != 1) return "found " + std::to_string(scan.files.size()) + " files";
            if (scan.skipped.size() != 1 || scan.skipped[0].path != root + "/closed" ||
                scan.skipped[0].reason != "cannot read the folder: Permission denied")
                return "skipped: " + (scan.skipped.empty() ? std::string("nothing") : scan.skipped[0].reason);
            return {};
        };
        if (::geteuid() != 0) {
            const std::string problem = check();
            QVERIFY2(problem.empty(), problem.c_str());
        } else {
            const pid_t child = ::fork();
            QVERIFY(child >= 0);
            if (child == 0) {
                if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
                std::string problem;
                try {
                    problem = check();
                } catch (const std::exception& e) {
                    problem = e.what();
                }
                if (!problem.empty()) std::fprintf(stderr, "%s\n", problem.c_str());
                ::_exit(problem.empty() ? 0 : 1);
            }
            int status = 0;
            QCOMPARE(::waitpid(child, &status, 0), child);
            QVERIFY(WIFEXITED(status));
            QCOMPARE(WEXITSTATUS(status), 0);
        }
        QVERIFY(QFile::setPermissions(dir.filePath("closed"), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestInputLimits)
#include "test_input_limits.moc"
