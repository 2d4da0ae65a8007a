#include "app/cli/cli_import_options.h"

#include "app/cli/cli_option_reader.h"

namespace latentlab {

void addImportOptions(QCommandLineParser& parser) {
    addOption(parser, "state-dict",
              "The weights to import: a file latentlab-cli export wrote, or one torch.save wrote from the README's "
              "PyTorch module (dict(model.state_dict()), alone or as {\"state_dict\": ..., \"config\": ...}).",
              "FILE");
    addOption(parser, "config",
              "--state-dict: the run's config.json the weights belong to (architecture, latent size, decoder, data). "
              "Default: the \"config\" entry of the file.",
              "FILE");
    addOption(parser, "torchscript",
              "Instead of --state-dict: a VAE trained anywhere, saved by torch.jit.save with the methods "
              "encode(x) -> (mean, log_var) and decode(z) (README, \"Import from PyTorch\"). It is a program: "
              "import only files you trust.",
              "FILE");
    addOption(parser, "likelihood",
              "--torchscript: what decode returns: bernoulli or cbernoulli (logits), gaussian:SIGMA or laplace:B "
              "(the mean's logit), gaussian-learned (a pair: the mean's logit, log sigma). Required with it.",
              "NAME");
    addOption(parser, "data",
              "The data set to evaluate on (a folder or fashion-mnist). Default: the config's; required with "
              "--torchscript.",
              "DATA");
    addOption(parser, "size", "--torchscript, folders: the side the images are loaded at. Default: 28.", "N");
    addOption(parser, "channels", "--torchscript, folders: 1 (grayscale) or 3 (RGB). Default: 1.", "C");
    addOption(parser, "out", "The run folder to write. Required.", "DIR");
}

void readImportOptions(const QCommandLineParser& parser, CliRequest& request) {
    OptionReader read(parser);
    request.exportFile = parser.value("state-dict");
    request.configFile = parser.value("config");
    request.torchscript = parser.value("torchscript");
    request.likelihood = parser.value("likelihood");
    request.data = parser.value("data");
    request.outDir = parser.value("out");
    read.readInt("size", &request.config.data.size, limits::kImageSizeMin, limits::kImageSizeMax);
    read.readInt("channels", &request.config.data.channels, 1, 3);
    if (request.config.data.channels == 2) read.fail("--channels expects 1 or 3, not '2'");
    if (request.exportFile.isEmpty() == request.torchscript.isEmpty())
        read.fail("import needs --state-dict FILE or --torchscript FILE (one of them)");
    if (!request.torchscript.isEmpty() && request.likelihood.isEmpty())
        read.fail("import --torchscript needs --likelihood (bernoulli, cbernoulli, gaussian:SIGMA, laplace:B or "
                  "gaussian-learned)");
    if (!request.torchscript.isEmpty() && request.data.isEmpty())
        read.fail("import --torchscript needs --data (fashion-mnist or a folder)");
    if (request.outDir.isEmpty()) read.fail("import needs --out DIR");
    request.error = read.error();
}

}  // namespace latentlab
