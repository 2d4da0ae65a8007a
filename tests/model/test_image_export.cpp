// PNG strips, animated GIFs and MP4s written and read back.

#include "model/base/error.h"
#include "model/data/image_export.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <opencv2/imgcodecs.hpp>

using namespace latentlab;

namespace {

Frame gradient(int width, int height, int channels, int shift) {
    Frame f;
    f.width = width, f.height = height, f.channels = channels;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < channels; ++c) f.pixels.push_back(uint8_t((x * 16 + y * 8 + c * 60 + shift) % 256));
    return f;
}

}  // namespace

class TestImageExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tilesKeepPixelsAndLayout() {
        std::vector<Frame> frames{gradient(4, 3, 1, 0), gradient(4, 3, 1, 100), gradient(4, 3, 1, 200)};
        const Frame tiled = tile_frames(frames, 2, 2, 1);
        QCOMPARE(tiled.width, 2 * 8 + 1);
        QCOMPARE(tiled.height, 2 * 6 + 1);
        // Frame 2 (second row, first column), pixel (1, 0), enlarged twice.
        QCOMPARE(int(tiled.pixels[size_t((7 + 0) * tiled.width + 2)]), int(frames[2].pixels[1]));
        QCOMPARE(int(tiled.pixels[size_t((7 + 1) * tiled.width + 3)]), int(frames[2].pixels[1]));
        QCOMPARE(int(tiled.pixels[size_t(6 * tiled.width)]), 40);  // the gap
    }

    void pngReadsBackExactly() {
        QTemporaryDir dir;
        const Frame frame = gradient(5, 4, 3, 7);
        const std::string path = dir.filePath("strip.png").toStdString();
        write_png(path, frame);
        const cv::Mat read = cv::imread(path, cv::IMREAD_COLOR);
        QCOMPARE(read.cols, 5);
        QCOMPARE(read.rows, 4);
        const cv::Vec3b p = read.at<cv::Vec3b>(2, 3);  // BGR
        const size_t at = size_t((2 * 5 + 3) * 3);
        QCOMPARE(int(p[2]), int(frame.pixels[at]));
        QCOMPARE(int(p[1]), int(frame.pixels[at + 1]));
        QCOMPARE(int(p[0]), int(frame.pixels[at + 2]));
    }

    void gifHasTheFramesAskedFor() {
        QTemporaryDir dir;
        std::vector<Frame> frames;
        for (int i = 0; i < 7; ++i) frames.push_back(gradient(8, 8, 1, i * 20));
        const std::string grey = dir.filePath("grey.gif").toStdString();
        write_gif(grey, frames, 100, 3);
        QCOMPARE(gif_frame_count(grey), int64_t{7});
        for (auto& frame : frames) frame = gradient(8, 8, 3, 5);
        const std::string colour = dir.filePath("colour.gif").toStdString();
        write_gif(colour, back_and_forth(frames), 80, 2);
        QCOMPARE(gif_frame_count(colour), int64_t{7 + 5});
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 2);  // no temporary left
    }

    void mp4HasTheFramesAskedFor() {
        QTemporaryDir dir;
        std::vector<Frame> frames;
        for (int i = 0; i < 9; ++i) frames.push_back(gradient(28, 28, 1, i * 10));
        const std::string path = dir.filePath("movie.mp4").toStdString();
        write_mp4(path, frames, 10.0, 4);
        QCOMPARE(video_frame_count(path), int64_t{9});
    }

    void badFramesAreRefused() {
        QTemporaryDir dir;
        Frame broken = gradient(4, 4, 1, 0);
        broken.pixels.pop_back();
        QVERIFY_THROWS_EXCEPTION(Error, write_gif(dir.filePath("x.gif").toStdString(), {broken}, 100, 1));
        QVERIFY_THROWS_EXCEPTION(Error, write_png(dir.filePath("x.png").toStdString(), Frame{}));
        QVERIFY_THROWS_EXCEPTION(Error, gif_frame_count(dir.filePath("missing.gif").toStdString()));
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestImageExport)
#include "test_image_export.moc"
