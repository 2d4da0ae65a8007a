#include "model/data/image_export.h"

#include "model/base/error.h"
#include "model/store/atomic_file.h"

#include <gif_lib.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <filesystem>

namespace latentlab {

namespace {

constexpr uint8_t kBackground = 40;

void check_frames(const std::vector<Frame>& frames) {
    if (frames.empty()) throw Error("there are no frames to write");
    for (const Frame& f : frames)
        if (f.width <= 0 || f.height <= 0 || (f.channels != 1 && f.channels != 3) ||
            f.pixels.size() != static_cast<size_t>(f.width) * f.height * f.channels ||
            f.width != frames.front().width || f.height != frames.front().height)
            throw Error("the frames are not all images of one size");
}

// An OpenCV image (BGR or grey) of a frame enlarged `scale` times.
cv::Mat to_mat(const Frame& frame, int scale, bool colour) {
    cv::Mat image(frame.height, frame.width, frame.channels == 3 ? CV_8UC3 : CV_8UC1,
                  const_cast<uint8_t*>(frame.pixels.data()));
    cv::Mat converted;
    if (frame.channels == 3)
        cv::cvtColor(image, converted, colour ? cv::COLOR_RGB2BGR : cv::COLOR_RGB2GRAY);
    else if (colour)
        cv::cvtColor(image, converted, cv::COLOR_GRAY2BGR);
    else
        converted = image.clone();
    if (scale > 1) cv::resize(converted, converted, cv::Size(), scale, scale, cv::INTER_NEAREST);
    return converted;
}

std::string temporary_beside(const std::string& path) {
    // The extension stays last: OpenCV picks the container by it.
    const std::filesystem::path p(path);
    return (p.parent_path() / ("." + p.stem().string() + ".tmp" + p.extension().string())).string();
}

void move_into_place(const std::string& temporary, const std::string& path) {
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        throw Error("cannot write " + path + ": " + error.message());
    }
}

}  // namespace

Frame tile_frames(const std::vector<Frame>& frames, int columns, int scale, int gap) {
    check_frames(frames);
    columns = std::max(1, std::min<int>(columns, static_cast<int>(frames.size())));
    scale = std::max(1, scale);
    gap = std::max(0, gap);
    const bool colour = std::any_of(frames.begin(), frames.end(), [](const Frame& f) { return f.channels == 3; });
    const int rows = static_cast<int>((frames.size() + columns - 1) / columns);
    const int cell_w = frames.front().width * scale, cell_h = frames.front().height * scale;
    cv::Mat canvas(rows * cell_h + (rows - 1) * gap, columns * cell_w + (columns - 1) * gap,
                   colour ? CV_8UC3 : CV_8UC1, cv::Scalar::all(kBackground));
    for (size_t i = 0; i < frames.size(); ++i) {
        const int r = static_cast<int>(i) / columns, c = static_cast<int>(i) % columns;
        to_mat(frames[i], scale, colour).copyTo(canvas(cv::Rect(c * (cell_w + gap), r * (cell_h + gap), cell_w, cell_h)));
    }
    if (colour) cv::cvtColor(canvas, canvas, cv::COLOR_BGR2RGB);
    Frame tiled;
    tiled.width = canvas.cols;
    tiled.height = canvas.rows;
    tiled.channels = colour ? 3 : 1;
    tiled.pixels.assign(canvas.data, canvas.data + canvas.total() * canvas.elemSize());
    return tiled;
}

void write_png(const std::string& path, const Frame& frame) {
    check_frames({frame});
    std::vector<uint8_t> bytes;
    if (!cv::imencode(".png", to_mat(frame, 1, frame.channels == 3), bytes)) throw Error("cannot encode " + path);
    write_file_atomically(path, std::string(bytes.begin(), bytes.end()));
}

void write_gif(const std::string& path, const std::vector<Frame>& frames, int delay_ms, int scale) {
    check_frames(frames);
    const bool colour = frames.front().channels == 3;
    // The palette: 256 greys, or a 6 x 7 x 6 colour cube (7 levels of green,
    // which the eye tells apart best).
    std::vector<GifColorType> colours;
    if (!colour) {
        for (int v = 0; v < 256; ++v) colours.push_back({uint8_t(v), uint8_t(v), uint8_t(v)});
    } else {
        for (int r = 0; r < 6; ++r)
            for (int g = 0; g < 7; ++g)
                for (int b = 0; b < 6; ++b)
                    colours.push_back({uint8_t(r * 51), uint8_t(std::lround(g * 42.5)), uint8_t(b * 51)});
        while (colours.size() < 256) colours.push_back({0, 0, 0});
    }
    const std::string temporary = temporary_beside(path);
    int error = 0;
    // Opened here rather than by giflib, which would make the file private (0600).
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) throw Error("cannot write " + path + ": " + std::strerror(errno));
    GifFileType* gif = EGifOpenFileHandle(fd, &error);
    if (!gif) {
        ::close(fd);
        std::remove(temporary.c_str());
        throw Error("cannot write " + path + ": " + GifErrorString(error));
    }
    const auto fail = [&](const std::string& what) {
        EGifCloseFile(gif, &error);
        std::remove(temporary.c_str());
        throw Error("cannot write " + path + ": " + what);
    };
    const int width = frames.front().width * std::max(1, scale), height = frames.front().height * std::max(1, scale);
    ColorMapObject* map = GifMakeMapObject(256, colours.data());
    EGifSetGifVersion(gif, true);
    if (EGifPutScreenDesc(gif, width, height, 8, 0, map) == GIF_ERROR) {
        GifFreeMapObject(map);
        fail(GifErrorString(gif->Error));
    }
    GifFreeMapObject(map);
    // The NETSCAPE2.0 extension: loop forever.
    unsigned char netscape[] = "NETSCAPE2.0";
    unsigned char loop[] = {1, 0, 0};
    if (EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(gif, 11, netscape) == GIF_ERROR || EGifPutExtensionBlock(gif, 3, loop) == GIF_ERROR ||
        EGifPutExtensionTrailer(gif) == GIF_ERROR)
        fail(GifErrorString(gif->Error));
    const int delay = std::max(1, (delay_ms + 5) / 10);
    std::vector<GifPixelType> line(static_cast<size_t>(width));
    for (const Frame& frame : frames) {
        GraphicsControlBlock control{};
        control.DelayTime = delay;
        control.TransparentColor = NO_TRANSPARENT_COLOR;
        GifByteType extension[4];
        const size_t length = EGifGCBToExtension(&control, extension);
        if (EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(length), extension) == GIF_ERROR ||
            EGifPutImageDesc(gif, 0, 0, width, height, false, nullptr) == GIF_ERROR)
            fail(GifErrorString(gif->Error));
        const cv::Mat image = to_mat(frame, std::max(1, scale), colour);  // grey, or BGR
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                if (!colour) {
                    line[static_cast<size_t>(x)] = image.at<uint8_t>(y, x);
                } else {
                    const cv::Vec3b p = image.at<cv::Vec3b>(y, x);
                    const int r = (p[2] * 5 + 127) / 255, g = (p[1] * 6 + 127) / 255, b = (p[0] * 5 + 127) / 255;
                    line[static_cast<size_t>(x)] = static_cast<GifPixelType>((r * 7 + g) * 6 + b);
                }
            }
            if (EGifPutLine(gif, line.data(), width) == GIF_ERROR) fail(GifErrorString(gif->Error));
        }
    }
    if (EGifCloseFile(gif, &error) == GIF_ERROR) {
        std::remove(temporary.c_str());
        throw Error("cannot write " + path + ": " + GifErrorString(error));
    }
    move_into_place(temporary, path);
}

void write_mp4(const std::string& path, const std::vector<Frame>& frames, double fps, int scale) {
    check_frames(frames);
    scale = std::max(1, scale);
    const int width = (frames.front().width * scale + 1) / 2 * 2, height = (frames.front().height * scale + 1) / 2 * 2;
    const std::string temporary = temporary_beside(path);
    cv::VideoWriter writer(temporary, cv::VideoWriter::fourcc('m', 'p', '4', 'v'), fps, cv::Size(width, height), true);
    if (!writer.isOpened()) {
        std::remove(temporary.c_str());
        throw Error("cannot write " + path + ": OpenCV has no MPEG-4 encoder here");
    }
    for (const Frame& frame : frames) {
        cv::Mat image = to_mat(frame, scale, true);
        if (image.cols != width || image.rows != height) {
            cv::Mat padded(height, width, CV_8UC3, cv::Scalar::all(0));
            image.copyTo(padded(cv::Rect(0, 0, image.cols, image.rows)));
            image = padded;
        }
        writer.write(image);
    }
    writer.release();
    move_into_place(temporary, path);
}

int64_t gif_frame_count(const std::string& path) {
    int error = 0;
    GifFileType* gif = DGifOpenFileName(path.c_str(), &error);
    if (!gif) throw Error("cannot read " + path + ": " + GifErrorString(error));
    const bool ok = DGifSlurp(gif) == GIF_OK;
    const int64_t count = ok ? gif->ImageCount : -1;
    DGifCloseFile(gif, &error);
    if (!ok) throw Error("cannot read " + path + ": not a complete GIF");
    return count;
}

int64_t video_frame_count(const std::string& path) {
    cv::VideoCapture video(path);
    if (!video.isOpened()) throw Error("cannot read " + path + " as a video");
    int64_t count = 0;
    cv::Mat frame;
    while (video.read(frame)) ++count;  // counted, not the container's estimate
    return count;
}

std::vector<Frame> back_and_forth(const std::vector<Frame>& frames) {
    std::vector<Frame> loop = frames;
    for (size_t i = frames.size() >= 2 ? frames.size() - 2 : 0; i >= 1 && i < frames.size(); --i) loop.push_back(frames[i]);
    return loop;
}

}  // namespace latentlab
