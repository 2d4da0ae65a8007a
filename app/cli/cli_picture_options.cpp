#include "app/cli/cli_picture_options.h"

#include "app/cli/cli_option_reader.h"

namespace latentlab {

namespace {

// Options every picture command shares.
void addPictureOptions(QCommandLineParser& parser) {
    addOption(parser, "checkpoint", "The checkpoint.pt of the run. Required.", "FILE");
    addOption(parser, "data", "Take images from this data set instead of the run's own.", "PATH");
    parser.addOption(QCommandLineOption("sample", "Decode a sample of p(x|z) instead of its mean image."));
    addOption(parser, "scale", "Enlarge each image this many times. Default: to at least 128 pixels.", "N");
}

void readPictureOptions(const QCommandLineParser& parser, OptionReader& read, CliRequest& request) {
    request.checkpoint = parser.value("checkpoint");
    if (request.checkpoint.isEmpty()) read.fail("--checkpoint FILE is required");
    request.data = parser.value("data");
    request.sample = parser.isSet("sample");
    read.readInt("scale", &request.scale, 1, 64);
    request.out = parser.value("out");
    if (request.out.isEmpty()) read.fail("--out FILE is required");
}

}  // namespace

void addInterpolateOptions(QCommandLineParser& parser) {
    addPictureOptions(parser);
    addOption(parser, "from-index", "Start at this test image (index into the run's test set).", "N");
    addOption(parser, "to-index", "End at this test image.", "N");
    addOption(parser, "from", "Start at this image file instead.", "FILE");
    addOption(parser, "to", "End at this image file instead.", "FILE");
    addOption(parser, "steps", "Images along the path, both ends included. Default: 10.", "N");
    parser.addOption(QCommandLineOption("slerp", "Spherical interpolation instead of a straight line."));
    addOption(parser, "out", "strip.png, anim.gif (back and forth, looping) or movie.mp4. Required.", "FILE");
}

void readInterpolateOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    readPictureOptions(parser, read, request);
    read.readInt("from-index", &request.fromIndex, 0, int64_t{1} << 40);
    read.readInt("to-index", &request.toIndex, 0, int64_t{1} << 40);
    request.fromFile = parser.value("from");
    request.toFile = parser.value("to");
    if ((request.fromIndex < 0) == request.fromFile.isEmpty()) read.fail("give one of --from-index N and --from FILE");
    if ((request.toIndex < 0) == request.toFile.isEmpty()) read.fail("give one of --to-index N and --to FILE");
    read.readInt("steps", &request.steps, 2, 500);
    request.slerp = parser.isSet("slerp");
    const QString suffix = request.out.section('.', -1).toLower();
    if (!request.out.isEmpty() && suffix != "png" && suffix != "gif" && suffix != "mp4")
        read.fail("--out must end in .png, .gif or .mp4");
    request.error = read.error();
}

void addTraverseOptions(QCommandLineParser& parser) {
    addPictureOptions(parser);
    addOption(parser, "range", "Columns from -range to +range prior standard deviations. Default: 3.", "R");
    addOption(parser, "steps", "Columns. Default: 9.", "N");
    addOption(parser, "around", "Vary around this image file's posterior mean instead of the origin.", "FILE");
    addOption(parser, "around-index", "Vary around this test image's posterior mean.", "N");
    addOption(parser, "out", "grid.png: one row per latent dimension, largest test KL first. Required.", "FILE");
}

void readTraverseOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    readPictureOptions(parser, read, request);
    read.readDouble("range", &request.range, 0.01, 100.0);
    request.steps = 9;
    read.readInt("steps", &request.steps, 2, 101);
    request.aroundFile = parser.value("around");
    read.readInt("around-index", &request.aroundIndex, 0, int64_t{1} << 40);
    if (!request.aroundFile.isEmpty() && request.aroundIndex >= 0) read.fail("give --around or --around-index, not both");
    if (!request.out.isEmpty() && !request.out.endsWith(".png", Qt::CaseInsensitive)) read.fail("--out must end in .png");
    request.error = read.error();
}

void addMapOptions(QCommandLineParser& parser) {
    addPictureOptions(parser);
    addOption(parser, "out", "map.csv: index, x, y, class and file of every test image. Required.", "FILE");
    addOption(parser, "png", "Also draw the map, coloured by class, into this PNG.", "FILE");
    addOption(parser, "projection",
              "pca (the two largest principal directions), tsne or umap (neighbour-preserving layouts of "
              "the exact 15- or 90-nearest-neighbour graph). Default: pca.",
              "NAME");
    addOption(parser, "seed", "t-SNE and UMAP: the same codes and seed give the same map. Default: 1.", "N");
}

void readMapOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    readPictureOptions(parser, read, request);
    request.mapPng = parser.value("png");
    read.readChoice("projection", &request.projection, {"pca", "tsne", "umap"});
    read.readInt("seed", &request.seed, 0, int64_t{1} << 40);
    request.error = read.error();
}

}  // namespace latentlab
