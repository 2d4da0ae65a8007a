#pragma once

// Writing pictures people take away: a PNG (a filmstrip or a grid), an
// animated GIF and an MP4 of frames (the map's picture: scatter_plot.h).
// Free of LibTorch and Qt, so the CLI and the window both use it (the
// window converts its QImages to Frames).

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

// An 8-bit image: rows of width * channels bytes, no padding; 1 channel is
// grey, 3 are R, G, B.
struct Frame {
    int width = 0;
    int height = 0;
    int channels = 1;
    std::vector<uint8_t> pixels;
};

// Frames laid out `columns` to a row, each enlarged `scale` times by
// repeating pixels (small images stay crisp), `gap` pixels apart on a dark
// grey background. Frames of one size and channel count; grey frames join
// RGB ones as grey RGB.
Frame tile_frames(const std::vector<Frame>& frames, int columns, int scale, int gap);

// Each writer writes the whole file or nothing and throws latentlab::Error
// naming the file.
void write_png(const std::string& path, const Frame& frame);
// Loops forever, `delay_ms` per frame (rounded to 10 ms, GIF's unit), every
// frame enlarged `scale` times. Grey frames keep all 256 levels; RGB frames
// are mapped to a fixed palette of 6 x 7 x 6 colours.
void write_gif(const std::string& path, const std::vector<Frame>& frames, int delay_ms, int scale);
// MPEG-4 video (OpenCV's VideoWriter) at `fps`, frames enlarged `scale` times
// (and to an even size, as the codec needs).
void write_mp4(const std::string& path, const std::vector<Frame>& frames, double fps, int scale);

// Frames in the file, read back with giflib and OpenCV (for tests and checks).
int64_t gif_frame_count(const std::string& path);
int64_t video_frame_count(const std::string& path);

// The frames played forward then backward without repeating the ends:
// a, b, c -> a, b, c, b (as a loop, it swings back and forth).
std::vector<Frame> back_and_forth(const std::vector<Frame>& frames);

}  // namespace latentlab
