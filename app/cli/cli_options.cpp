#include "app/cli/cli_options.h"

#include "app/cli/cli_import_options.h"
#include "app/cli/cli_inspect_options.h"
#include "app/cli/cli_option_reader.h"
#include "app/cli/cli_picture_options.h"
#include "model/base/error.h"
#include "model/base/choice_settings.h"
#include "model/base/number_settings.h"
#include "model/compare/decoder_choice.h"
#include "model/data/folder_image_shape.h"

#include <QCommandLineParser>
#include <QDateTime>

namespace latentlab {

namespace {

const char* kUsage =
    "Usage: latentlab-cli <command> [options]\n"
    "\n"
    "Commands:\n"
    "  train        train a VAE and write history.csv, config.json and checkpoint.pt to --out\n"
    "  eval         evaluate a checkpoint on the test split of its dataset (or of --data);\n"
    "               --iw-samples K adds the importance-sampled log p(x)\n"
    "  resume       continue a run from its checkpoint.pt, exactly where it stopped\n"
    "  export       write a checkpoint's weights for PyTorch (--format state-dict)\n"
    "  import       the inverse of export: a run folder from weights trained in PyTorch,\n"
    "               or from any VAE saved as TorchScript (--torchscript)\n"
    "  interpolate  decode the path between two images: a PNG strip, a GIF or an MP4\n"
    "  traverse     decode each latent dimension from -range to +range: a PNG grid\n"
    "  map          the test set's posterior means in 2-D (PCA, t-SNE or UMAP) as CSV, and --png a picture\n"
    "  compare      train 2 to 7 decoders as matched runs and write table.csv, report.html,\n"
    "               report.pdf and the pictures to --out\n"
    "  encode       posterior means (or --sample one draw) of every image: .csv or .npy\n"
    "  score        every image's ELBO, recon, KL, MSE (and --iw-samples K log p(x)): scores.csv\n"
    "  sample       PNG images decoded from the prior\n"
    "  reconstruct  each image beside its reconstruction, as PNG files\n"
    "  outliers     copies of the least likely images, with their scores in the file names\n"
    "  duplicates   near-duplicate pairs (close in latent space, then in pixels): pairs.csv\n"
    "  version      the versions of LatentLab, Qt and LibTorch, and what does the arithmetic\n"
    "\n"
    "Run 'latentlab-cli <command> --help' for the options of a command.\n";

// An option of the settings table (model/base/number_settings.h): its help
// and its default from there.
void addNumberOption(QCommandLineParser& parser, const std::string& key) {
    const NumberSetting& s = number_setting(key);
    addOption(parser, s.flag.c_str(), QString::fromStdString(s.help + " " + s.default_help()), s.value_name.c_str());
}

// An option of the named settings' table (model/base/choice_settings.h): its
// names, their meaning and its default from there.
void addChoiceOption(QCommandLineParser& parser, const std::string& key, const char* valueName) {
    const ChoiceSetting& s = choice_setting(key);
    addOption(parser, s.flag.c_str(), QString::fromStdString(s.cli_help()), valueName);
}

// Its name, one of the table's.
void readChoice(OptionReader& read, const std::string& key, RunConfig& config) {
    const ChoiceSetting& s = choice_setting(key);
    std::string name;
    read.readChoice(s.flag.c_str(), &name, QString::fromStdString(s.names()).split('|'));
    if (!name.empty()) s.set(config, name);
}

// Its value, checked against the table's bounds.
void readNumber(OptionReader& read, const std::string& key, RunConfig& config) {
    const NumberSetting& s = number_setting(key);
    if (s.integer) {
        int64_t value = static_cast<int64_t>(s.get(config));
        read.readInt(s.flag.c_str(), &value, static_cast<int64_t>(s.min), static_cast<int64_t>(s.max));
        s.set(config, static_cast<double>(value));
    } else {
        double value = s.get(config);
        read.readDouble(s.flag.c_str(), &value, s.min, s.max);
        s.set(config, value);
    }
}

void addTrainOptions(QCommandLineParser& parser, const RunConfig& d) {
    addOption(parser, "data", "'fashion-mnist' (the Debian package) or an image folder. Default: fashion-mnist.", "PATH");
    // Not the settings table's default: a folder loads at its own size unless told.
    addOption(parser, "size",
              QStringLiteral("Folders: side of the square images they are decoded to (%1 to %2), or 'auto': the "
                             "folder's own, the shorter side of its most common image shape (at most %3). "
                             "Default: auto.")
                  .arg(limits::kImageSizeMin)
                  .arg(limits::kImageSizeMax)
                  .arg(kOwnSizeMax),
              "N|auto");
    addOption(parser, "channels", QString("Folders: 1 (grayscale) or 3 (RGB). Default: %1.").arg(d.data.channels), "C");
    addNumberOption(parser, "testFraction");
    parser.addOption(QCommandLineOption(
        "dequantize", "Add uniform noise of one grey level to every train and test image (new each epoch), as "
                      "density-model papers do, so log p(x) and bits/dim compare with the literature."));
    addChoiceOption(parser, "modelKind", "KIND");
    addChoiceOption(parser, "architecture", "ARCH");
    addOption(parser, "conv-widths",
              "conv: channels of each strided convolution, one per halving down to 4x4. "
              "Default: 32,32,64,64 (as in the beta-VAE papers), 32,32,64 for side 32, 32,32,64,64,128 for 128.", "W[,W...]");
    addChoiceOption(parser, "decoder", "NAME");
    addChoiceOption(parser, "decoderVariance", "KIND");
    addNumberOption(parser, "sigma");
    addNumberOption(parser, "minSigma");
    addChoiceOption(parser, "posterior", "KIND");
    addNumberOption(parser, "latent");
    addOption(parser, "hidden",
              "Fully connected widths of the encoder (after the convolutions for conv), comma-separated; "
              "the decoder mirrors them. Default: 400 (mlp), 256 (conv).", "W[,W...]");
    for (const char* key : {"epochs", "batchSize", "learningRate", "weightDecay", "beta", "warmupEpochs", "capacity",
                            "capacityEpochs", "gamma", "samples"})
        addNumberOption(parser, key);
    addOption(parser, "seed", "Seed of the initialisation, shuffling and sampling. Default: 1.", "N");
    addNumberOption(parser, "threads");
    addChoiceOption(parser, "device", "DEVICE");
    addOption(parser, "out", "Folder for history.csv, config.json and checkpoint.pt. Default: runs/<date-time>.",
              "DIR");
}

void readTrainOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    auto& c = request.config;
    if (parser.isSet("data")) c.data.spec = parser.value("data").toStdString();
    if (!parser.isSet("size") || parser.value("size") == QLatin1String("auto")) c.data.size = kFolderOwnSize;
    else readNumber(read, "imageSize", c);
    read.readInt("channels", &c.data.channels, 1, 3);
    if (c.data.channels == 2) read.fail("--channels expects 1 or 3, not '2'");
    readNumber(read, "testFraction", c);
    c.data.dequantize = parser.isSet("dequantize");
    for (const char* key : {"decoder", "modelKind", "architecture", "posterior", "decoderVariance"})
        readChoice(read, key, c);
    read.readWidths("conv-widths", &c.model.conv_channels);
    readNumber(read, "sigma", c);
    readNumber(read, "minSigma", c);
    readNumber(read, "latent", c);
    c.model.hidden = default_hidden(c.model.architecture);
    read.readWidths("hidden", &c.model.hidden);
    for (const char* key : {"epochs", "batchSize", "learningRate", "weightDecay", "beta", "warmupEpochs", "capacity",
                            "capacityEpochs", "gamma", "samples"})
        readNumber(read, key, c);
    int64_t seed = static_cast<int64_t>(c.train.seed);
    read.readInt("seed", &seed, 0, std::numeric_limits<int64_t>::max());
    c.train.seed = static_cast<uint64_t>(seed);
    readNumber(read, "threads", c);
    readChoice(read, "device", c);
    // The one validation of run_config, on the image shape the data will have
    // (Fashion-MNIST is 28x28 grayscale whatever --size says).
    if (read.error().isEmpty()) {
        RunConfig shaped = c;
        const bool fashion = c.data.spec == "fashion-mnist";
        shaped.model.channels = fashion ? 1 : c.data.channels;
        // A folder's own size is known once it is read: until then checked
        // with a size its architecture takes (the trainer checks the real one,
        // and says which sizes a conv model needs).
        const bool own = !fashion && c.data.size == kFolderOwnSize;
        const int64_t stand_in = c.model.architecture == Architecture::Conv ? 32 : 28;
        shaped.model.height = shaped.model.width = fashion ? 28 : own ? stand_in : c.data.size;
        if (c.data.size == kFolderOwnSize) shaped.data.size = fashion ? 28 : stand_in;
        try {
            validate(shaped);
        } catch (const Error& e) {
            read.fail(QString::fromStdString(e.what()));
        }
    }
    request.outDir = parser.isSet("out")
                         ? parser.value("out")
                         : "runs/" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
    request.error = read.error();
}

void addEvalOptions(QCommandLineParser& parser) {
    addOption(parser, "checkpoint", "The checkpoint.pt written by 'train'. Required.", "FILE");
    addOption(parser, "data", "Evaluate on this dataset's test split instead of the checkpoint's.", "PATH");
    addOption(parser, "threads", "Compute threads (see train --help). Default: the checkpoint's setting.", "N");
    addOption(parser, "device", QString::fromStdString("One of " + choice_setting("device").names() + "."), "DEVICE");
    addOption(parser, "iw-samples",
              "Also estimate log p(x) by importance sampling with K samples per image (1000 is the usual "
              "report; the run time grows with K). Default: 0 = only the ELBO.", "K");
    addOption(parser, "iw-images",
              "Estimate log p(x) on the first N test images only (the ELBO is then also printed for them). "
              "Default: all.", "N");
    parser.addOption(QCommandLineOption(
        "metrics", "Also print the row of 'compare''s table for this checkpoint (MSE, SSIM, active units, "
                   "bits/dim with --iw-samples), in the table's number format."));
    addOption(parser, "per-image",
              "Write each test image's ELBO (and log p(x) with --iw-samples) to this CSV; with --iw-images N, "
              "the first N images only.", "FILE");
}

void addResumeOptions(QCommandLineParser& parser) {
    addOption(parser, "checkpoint", "The checkpoint.pt of the run to continue. Required.", "FILE");
    addOption(parser, "epochs", "New total number of epochs. Default: the run's own.", "N");
    addOption(parser, "out", "Folder for the continued run's files. Default: the checkpoint's folder.", "DIR");
    addOption(parser, "threads", "Compute threads (see train --help). Default: the checkpoint's setting.", "N");
    addOption(parser, "device",
              QString::fromStdString("One of " + choice_setting("device").names() + ". Default: the checkpoint's setting."),
              "DEVICE");
}

// --threads and --device of the commands that load a checkpoint: unset, the
// checkpoint's own settings stay.
void readCheckpointOverrides(OptionReader& read, CliRequest& request) {
    int64_t threads = -1;
    read.readInt("threads", &threads, 0, limits::kThreadsMax);
    request.threads = static_cast<int>(threads);
    std::string device;
    read.readChoice("device", &device, QString::fromStdString(choice_setting("device").names()).split('|'));
    request.device = QString::fromStdString(device);
}

void readResumeOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    request.checkpoint = parser.value("checkpoint");
    if (request.checkpoint.isEmpty()) read.fail("resume needs --checkpoint FILE");
    read.readInt("epochs", &request.epochs, 1, 100000);
    request.outDir = parser.value("out");
    readCheckpointOverrides(read, request);
    request.error = read.error();
}

void addExportOptions(QCommandLineParser& parser) {
    addOption(parser, "checkpoint", "The checkpoint.pt to export. Required.", "FILE");
    addOption(parser, "format",
              "state-dict: a name -> tensor dictionary that Python reads with torch.load. Required.", "FORMAT");
    addOption(parser, "out", "The file to write. Required.", "FILE");
}

void readExportOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    request.checkpoint = parser.value("checkpoint");
    request.exportFile = parser.value("out");
    if (request.checkpoint.isEmpty()) read.fail("export needs --checkpoint FILE");
    if (request.exportFile.isEmpty()) read.fail("export needs --out FILE");
    std::string format;
    read.readChoice("format", &format, {"state-dict"});
    if (!parser.isSet("format")) read.fail("export needs --format state-dict");
    request.error = read.error();
}

void readEvalOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    request.checkpoint = parser.value("checkpoint");
    if (request.checkpoint.isEmpty()) read.fail("eval needs --checkpoint FILE");
    request.data = parser.value("data");
    readCheckpointOverrides(read, request);
    read.readInt("iw-samples", &request.iwSamples, 0, 1000000);
    read.readInt("iw-images", &request.iwImages, 0, int64_t{1} << 40);
    request.perImage = parser.value("per-image");
    request.metrics = parser.isSet("metrics");
    request.error = read.error();
}

void addCompareOptions(QCommandLineParser& parser) {
    addTrainOptions(parser, RunConfig{});
    addOption(parser, "decoders",
              "The decoders to compare, 2 to 7, comma-separated, each with its own settings after colons: a "
              "number is its sigma (or b), single/diagonal the variance of gaussian-predicted, min=S the lower "
              "bound, e.g. bernoulli,gaussian:1,gaussian-predicted:single. Every other option applies to all "
              "runs. Required.", "LIST");
    addOption(parser, "iw-samples",
              "K of the importance-sampled log p(x) of each run, on every test image. Default: 100 "
              "(1000 is the usual report; the time grows with K); 0 = not estimated.", "K");
}

void readCompareOptions(const QCommandLineParser& parser, CliRequest& request) {
    readTrainOptions(parser, request);
    if (!request.error.isEmpty()) return;
    OptionReader read(parser);
    request.decoders = parser.value("decoders");
    if (request.decoders.isEmpty()) read.fail("compare needs --decoders LIST (for example bernoulli,gaussian-learned)");
    request.iwSamples = 100;
    read.readInt("iw-samples", &request.iwSamples, 0, 1000000);
    if (request.config.model.kind == ModelKind::Autoencoder)
        read.fail("compare trains VAEs: the autoencoder baseline has no density to compare");
    if (read.error().isEmpty()) {
        try {
            parse_decoder_choices(request.decoders.toStdString(), request.config.model);
        } catch (const Error& e) {
            read.fail(QString("--decoders: ") + e.what());
        }
    }
    if (!parser.isSet("out")) request.outDir = "runs/compare-" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
    request.error = read.error();
}

}  // namespace

CliRequest parseCliArguments(const QStringList& arguments) {
    CliRequest request;
    const QString command = arguments.size() > 1 ? arguments.at(1) : QString();
    if (command.isEmpty() || command == "help" || command == "--help" || command == "-h") {
        request.helpText = kUsage;
        return request;
    }
    if (command == "version" || command == "--version") {
        request.command = CliCommand::Version;
        return request;
    }
    struct Command {
        const char* name;
        CliCommand command;
        const char* description;
        void (*add)(QCommandLineParser&);
        void (*read)(const QCommandLineParser&, CliRequest&);
    };
    static const Command kCommands[] = {
        {"train", CliCommand::Train, "Train a VAE.",
         [](QCommandLineParser& parser) { addTrainOptions(parser, RunConfig{}); }, readTrainOptions},
        {"eval", CliCommand::Eval, "Evaluate a checkpoint.", addEvalOptions, readEvalOptions},
        {"resume", CliCommand::Resume, "Continue a run from its checkpoint.", addResumeOptions, readResumeOptions},
        {"export", CliCommand::Export, "Export a checkpoint's weights.", addExportOptions, readExportOptions},
        {"import", CliCommand::Import, "Make a run folder from weights trained in PyTorch or a TorchScript VAE.",
         addImportOptions,
         readImportOptions},
        {"interpolate", CliCommand::Interpolate, "Decode the path between two images.", addInterpolateOptions,
         readInterpolateOptions},
        {"traverse", CliCommand::Traverse, "Decode each latent dimension across its range.", addTraverseOptions,
         readTraverseOptions},
        {"map", CliCommand::Map, "The test set's posterior means in 2-D.", addMapOptions, readMapOptions},
        {"compare", CliCommand::Compare, "Train decoders as matched runs and compare them.", addCompareOptions,
         readCompareOptions},
        {"encode", CliCommand::Encode, "Posterior means of every image.", addEncodeOptions, readEncodeOptions},
        {"score", CliCommand::Score, "Scores of every image.", addScoreOptions, readScoreOptions},
        {"sample", CliCommand::Sample, "Images from the prior.", addSampleOptions, readSampleOptions},
        {"reconstruct", CliCommand::Reconstruct, "Images beside their reconstructions.", addReconstructOptions,
         readReconstructOptions},
        {"outliers", CliCommand::Outliers, "The least likely images.", addOutliersOptions, readOutliersOptions},
        {"duplicates", CliCommand::Duplicates, "Near-duplicate images.", addDuplicatesOptions,
         readDuplicatesOptions},
    };
    const Command* chosen = nullptr;
    for (const auto& candidate : kCommands)
        if (command == candidate.name) chosen = &candidate;
    if (!chosen) {
        request.error =
            QString("unknown command '%1' (expected train, eval, resume, export, import, interpolate, traverse, map, "
                    "compare, encode, score, sample, reconstruct, outliers, duplicates or version; see --help)").arg(command);
        return request;
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(chosen->description);
    parser.addHelpOption();
    chosen->add(parser);

    QStringList rest = arguments;
    rest.removeAt(1);
    if (!parser.parse(rest)) {
        request.error = parser.errorText();
        return request;
    }
    if (parser.isSet("help")) {
        request.helpText = parser.helpText().replace("[options]", command + " [options]");
        return request;
    }
    if (!parser.positionalArguments().isEmpty()) {
        request.error = QString("unexpected argument '%1'").arg(parser.positionalArguments().first());
        return request;
    }
    request.command = chosen->command;
    chosen->read(parser, request);
    return request;
}

}  // namespace latentlab
