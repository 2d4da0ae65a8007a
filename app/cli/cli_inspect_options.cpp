#include "app/cli/cli_inspect_options.h"

#include "app/cli/cli_option_reader.h"

namespace latentlab {

namespace {

// What every inspection command shares: the checkpoint, the data and where
// the output goes.
void addCommon(QCommandLineParser& parser, bool data, const char* out, const char* outValue) {
    addOption(parser, "checkpoint", "The checkpoint.pt of the run. Required.", "FILE");
    if (data)
        addOption(parser, "data",
                  "'fashion-mnist' or an image folder, resized to the model's image size. Default: the run's own "
                  "data set.", "PATH");
    addOption(parser, "out", out, outValue);
    addOption(parser, "seed", "Seed of the sampling noise. Default: 1.", "N");
}

// `data` as given to addCommon: asking the parser for an option it does not
// have prints a warning.
void readCommon(const QCommandLineParser& parser, OptionReader& read, CliRequest& request, bool data = true) {
    request.checkpoint = parser.value("checkpoint");
    if (request.checkpoint.isEmpty()) read.fail("--checkpoint FILE is required");
    if (data) request.data = parser.value("data");
    request.out = parser.value("out");
    if (request.out.isEmpty()) read.fail("--out is required");
    read.readInt("seed", &request.seed, 0, int64_t{1} << 62);
}

void requireSuffix(OptionReader& read, const QString& out, const QStringList& suffixes) {
    const QString suffix = out.section('.', -1).toLower();
    if (!out.isEmpty() && !suffixes.contains(suffix)) read.fail("--out must end in ." + suffixes.join(" or ."));
}

}  // namespace

void addEncodeOptions(QCommandLineParser& parser) {
    addCommon(parser, true,
              "A file: codes.csv (split, index, file, class, z0, z1, ...) or codes.npy (float32 N x D, with "
              "codes.rows.csv naming each row). Required.", "FILE");
    parser.addOption(QCommandLineOption("sample", "One draw of q(z|x) per image instead of its mean."));
}

void readEncodeOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    readCommon(parser, read, request);
    request.sample = parser.isSet("sample");
    requireSuffix(read, request.out, {"csv", "npy"});
    request.error = read.error();
}

void addScoreOptions(QCommandLineParser& parser) {
    addCommon(parser, true,
              "A file: scores.csv, one row per image (training split, then test) with its file or index, "
              "ELBO, recon, KL, MSE and posterior mean. Required.", "FILE");
    addOption(parser, "iw-samples", "Also estimate log p(x) with K importance samples per image. Default: 0 = no.",
              "K");
}

void readScoreOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    readCommon(parser, read, request);
    read.readInt("iw-samples", &request.iwSamples, 0, 1000000);
    requireSuffix(read, request.out, {"csv"});
    request.error = read.error();
}

void addSampleOptions(QCommandLineParser& parser) {
    addCommon(parser, false, "A folder for sample-0000.png, ... Required.", "DIR");
    addOption(parser, "count", "Images to draw from the prior. Default: 16.", "N");
    parser.addOption(QCommandLineOption("draw", "Draw each image from p(x|z) instead of showing its mean."));
}

void readSampleOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    readCommon(parser, read, request, false);
    request.count = 16;
    read.readInt("count", &request.count, 1, 100000);
    request.sample = parser.isSet("draw");
    request.error = read.error();
}

void addReconstructOptions(QCommandLineParser& parser) {
    addCommon(parser, true, "A folder for one PNG per image: the image, its reconstruction and the error map. Required.", "DIR");
    addOption(parser, "count", "At most this many images (training split first). Default: all.", "N");
}

void readReconstructOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    readCommon(parser, read, request);
    read.readInt("count", &request.count, 0, int64_t{1} << 40);
    request.error = read.error();
}

void addOutliersOptions(QCommandLineParser& parser) {
    addCommon(parser, true,
              "A folder for copies of the least likely images, named rank_score_name, and outliers.csv. Required.", "DIR");
    addOption(parser, "top", "How many images. Default: 50.", "N");
    addOption(parser, "by",
              "Rank by elbo (lowest first), log-px (lowest first; needs --iw-samples), recon (lowest first) or mse "
              "(highest first). Default: elbo.", "SCORE");
    addOption(parser, "iw-samples", "K importance samples for --by log-px. Default: 100 when ranking by it.", "K");
}

void readOutliersOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    readCommon(parser, read, request);
    read.readInt("top", &request.top, 1, int64_t{1} << 40);
    std::string by = "elbo";
    read.readChoice("by", &by, {"elbo", "log-px", "recon", "mse"});
    request.rankBy = QString::fromStdString(by);
    request.iwSamples = request.rankBy == "log-px" ? 100 : 0;
    read.readInt("iw-samples", &request.iwSamples, 1, 1000000);
    request.error = read.error();
}

void addDuplicatesOptions(QCommandLineParser& parser) {
    addCommon(parser, true, "A file: pairs.csv, one row per pair with its group, both images and both distances. Required.", "FILE");
    addOption(parser, "latent-threshold",
              "Posterior means closer than this are candidates. Default: 0.1 x the codes' spread (their root "
              "mean square distance from their mean).", "D");
    addOption(parser, "pixel-threshold",
              QStringLiteral("Candidates are kept when their root mean square pixel difference (pixels in 0..1) is "
                             "below this. Default: %1.")
                  .arg(kDefaultPixelThreshold), "P");
}

void readDuplicatesOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    readCommon(parser, read, request);
    read.readDouble("latent-threshold", &request.latentThreshold, 0.0, 1e9);
    read.readDouble("pixel-threshold", &request.pixelThreshold, 0.0, 1.0);
    requireSuffix(read, request.out, {"csv"});
    request.error = read.error();
}

}  // namespace latentlab
