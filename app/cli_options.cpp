#include "app/cli_options.h"

#include <QCommandLineParser>
#include <QDateTime>

namespace latentlab {

namespace {

const char* kUsage =
    "Usage: latentlab-cli <command> [options]\n"
    "\n"
    "Commands:\n"
    "  train   train a VAE and write history.csv, config.json and checkpoint.pt to --out\n"
    "  eval    evaluate a checkpoint on the test split of its dataset (or of --data)\n"
    "\n"
    "Run 'latentlab-cli <command> --help' for the options of a command.\n";

// Reads typed option values, remembering the first problem.
class OptionReader {
public:
    explicit OptionReader(const QCommandLineParser& parser) : parser_(parser) {}

    void readInt(const char* name, int64_t* out, int64_t min, int64_t max) {
        if (!parser_.isSet(name)) return;
        bool ok = false;
        const auto value = parser_.value(name).toLongLong(&ok);
        if (!ok || value < min || value > max)
            fail(QString("--%1 expects a whole number from %2 to %3, not '%4'")
                     .arg(name).arg(min).arg(max).arg(parser_.value(name)));
        else
            *out = value;
    }

    void readDouble(const char* name, double* out, double min, double max) {
        if (!parser_.isSet(name)) return;
        bool ok = false;
        const auto value = parser_.value(name).toDouble(&ok);
        if (!ok || !(value >= min && value <= max))
            fail(QString("--%1 expects a number from %2 to %3, not '%4'")
                     .arg(name).arg(min).arg(max).arg(parser_.value(name)));
        else
            *out = value;
    }

    void readChoice(const char* name, std::string* out, const QStringList& choices) {
        if (!parser_.isSet(name)) return;
        const auto value = parser_.value(name);
        if (!choices.contains(value))
            fail(QString("--%1 expects one of %2, not '%3'").arg(name, choices.join('|'), value));
        else
            *out = value.toStdString();
    }

    void readWidths(const char* name, std::vector<int64_t>* out) {
        if (!parser_.isSet(name)) return;
        std::vector<int64_t> widths;
        for (const auto& part : parser_.value(name).split(',')) {
            bool ok = false;
            const auto width = part.trimmed().toLongLong(&ok);
            if (!ok || width < 1 || width > 65536) {
                fail(QString("--%1 expects comma-separated layer widths such as 512,256, not '%2'")
                         .arg(name, parser_.value(name)));
                return;
            }
            widths.push_back(width);
        }
        *out = widths;
    }

    void fail(const QString& message) {
        if (error_.isEmpty()) error_ = message;
    }
    const QString& error() const { return error_; }

private:
    const QCommandLineParser& parser_;
    QString error_;
};

void addOption(QCommandLineParser& parser, const char* name, const QString& description, const char* value) {
    parser.addOption(QCommandLineOption(name, description, value));
}

void addTrainOptions(QCommandLineParser& parser, const RunConfig& d) {
    addOption(parser, "data", "'fashion-mnist' (the Debian package) or an image folder. Default: fashion-mnist.", "PATH");
    addOption(parser, "size", QString("Folders: side of the square images. Default: %1.").arg(d.data.size), "N");
    addOption(parser, "channels", QString("Folders: 1 (grayscale) or 3 (RGB). Default: %1.").arg(d.data.channels), "C");
    addOption(parser, "test-fraction",
              QString("Folders without train/ and test/: share of images held out for testing. Default: %1.")
                  .arg(d.data.test_fraction), "F");
    addOption(parser, "decoder",
              "Likelihood p(x|z): bernoulli (logits), gaussian (fixed sigma) or gaussian-learned "
              "(per-pixel sigma). Default: bernoulli.", "NAME");
    addOption(parser, "sigma",
              QString("Fixed sigma of the gaussian decoder; initial sigma of gaussian-learned. Default: %1.")
                  .arg(d.model.sigma), "S");
    addOption(parser, "min-sigma",
              QString("Lower bound of the learned sigma. Default: %1.").arg(d.model.min_sigma), "S");
    addOption(parser, "latent", QString("Latent dimensions. Default: %1.").arg(d.model.latent), "D");
    addOption(parser, "hidden", "Encoder hidden widths, comma-separated; the decoder mirrors them. Default: 400.",
              "W[,W...]");
    addOption(parser, "epochs", QString("Passes over the training split. Default: %1.").arg(d.train.epochs), "N");
    addOption(parser, "batch", QString("Images per step. Default: %1.").arg(d.train.batch_size), "N");
    addOption(parser, "lr", QString("Adam learning rate. Default: %1.").arg(d.train.learning_rate), "RATE");
    addOption(parser, "weight-decay", "Adam weight decay. Default: 0.", "W");
    addOption(parser, "beta", "Weight of the KL term in the training objective (beta-VAE). Default: 1.", "B");
    addOption(parser, "samples", "Monte Carlo samples of z per image. Default: 1.", "S");
    addOption(parser, "seed", "Seed of the initialisation, shuffling and sampling. Default: 1.", "N");
    addOption(parser, "threads", "Threads for matrix products (OpenBLAS); LibTorch's own pool keeps one, which measured "
              "fastest. Default: 0 = every core.",
              "N");
    addOption(parser, "device", "auto, cpu or cuda. Default: auto (CUDA when available).", "DEVICE");
    addOption(parser, "out", "Folder for history.csv, config.json and checkpoint.pt. Default: runs/<date-time>.",
              "DIR");
}

void readTrainOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    auto& c = request.config;
    if (parser.isSet("data")) c.data.spec = parser.value("data").toStdString();
    read.readInt("size", &c.data.size, 4, 1024);
    read.readInt("channels", &c.data.channels, 1, 3);
    if (c.data.channels == 2) read.fail("--channels expects 1 or 3, not '2'");
    read.readDouble("test-fraction", &c.data.test_fraction, 0.001, 0.999);
    if (parser.isSet("decoder")) {
        const auto name = parser.value("decoder");
        if (!parse_decoder_kind(name.toStdString(), &c.model.decoder))
            read.fail(QString("--decoder expects bernoulli|gaussian|gaussian-learned, not '%1'").arg(name));
    }
    read.readDouble("sigma", &c.model.sigma, 1e-4, 100.0);
    read.readDouble("min-sigma", &c.model.min_sigma, 1e-6, 100.0);
    read.readInt("latent", &c.model.latent, 1, 4096);
    read.readWidths("hidden", &c.model.hidden);
    read.readInt("epochs", &c.train.epochs, 1, 100000);
    read.readInt("batch", &c.train.batch_size, 1, 1 << 20);
    read.readDouble("lr", &c.train.learning_rate, 1e-12, 10.0);
    read.readDouble("weight-decay", &c.train.weight_decay, 0.0, 10.0);
    read.readDouble("beta", &c.train.beta, 0.0, 1e6);
    read.readInt("samples", &c.train.samples, 1, 1000);
    int64_t seed = static_cast<int64_t>(c.train.seed);
    read.readInt("seed", &seed, 0, std::numeric_limits<int64_t>::max());
    c.train.seed = static_cast<uint64_t>(seed);
    int64_t threads = c.train.threads;
    read.readInt("threads", &threads, 0, 256);
    c.train.threads = static_cast<int>(threads);
    read.readChoice("device", &c.train.device, {"auto", "cpu", "cuda"});
    if (c.model.sigma < c.model.min_sigma && c.model.decoder == DecoderKind::GaussianLearned)
        read.fail("--sigma must not be below --min-sigma for gaussian-learned");
    request.outDir = parser.isSet("out")
                         ? parser.value("out")
                         : "runs/" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
    request.error = read.error();
}

void addEvalOptions(QCommandLineParser& parser) {
    addOption(parser, "checkpoint", "The checkpoint.pt written by 'train'. Required.", "FILE");
    addOption(parser, "data", "Evaluate on this dataset's test split instead of the checkpoint's.", "PATH");
    addOption(parser, "threads", "Threads for matrix products (OpenBLAS). Default: the checkpoint's setting.", "N");
    addOption(parser, "device", "auto, cpu or cuda.", "DEVICE");
}

void readEvalOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    request.checkpoint = parser.value("checkpoint");
    if (request.checkpoint.isEmpty()) read.fail("eval needs --checkpoint FILE");
    request.data = parser.value("data");
    int64_t threads = -1;
    read.readInt("threads", &threads, 0, 256);
    request.threads = static_cast<int>(threads);
    std::string device;
    read.readChoice("device", &device, {"auto", "cpu", "cuda"});
    request.device = QString::fromStdString(device);
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
    if (command != "train" && command != "eval") {
        request.error = QString("unknown command '%1' (expected train or eval; see --help)").arg(command);
        return request;
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(command == "train" ? "Train a VAE." : "Evaluate a checkpoint.");
    parser.addHelpOption();
    if (command == "train")
        addTrainOptions(parser, request.config);
    else
        addEvalOptions(parser);

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
    if (command == "train") {
        request.command = CliCommand::Train;
        readTrainOptions(parser, request);
    } else {
        request.command = CliCommand::Eval;
        readEvalOptions(parser, request);
    }
    return request;
}

}  // namespace latentlab
