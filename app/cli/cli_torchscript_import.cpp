// latentlab-cli import --torchscript: a run folder from a VAE trained
// anywhere, saved as TorchScript with encode and decode methods.

#include "app/cli/cli_commands.h"

#include "app/cli/cli_support.h"
#include "app/runs/run_folder.h"

#include "model/base/error.h"
#include "model/store/torchscript_file.h"
#include "model/train/torchscript_import.h"
#include "model/train/trainer.h"

#include <algorithm>
#include <cstdio>

namespace latentlab {

namespace {

// The images of the dry run: a few test images, as the module will see them.
constexpr int64_t kDryRunImages = 8;

}  // namespace

int runImportTorchScript(const CliRequest& request) {
    return reportingErrors([&] {
        const std::string path = request.torchscript.toStdString();
        const ScriptedLikelihood likelihood = parse_scripted_likelihood(request.likelihood.toStdString());
        RunConfig config;
        config.data.spec = request.data.toStdString();
        config.data.size = request.config.data.size;
        config.data.channels = request.config.data.channels;
        const auto data = loadCliDataset(config.data);
        if (data.test.size() == 0) throw Error("the data set has no test images for the dry run");
        // The CLI asks nothing: the file is the one named on its command line.
        torch::jit::Module module = load_torchscript(read_torchscript_file(path), path);
        const auto rows = torch::arange(std::min<int64_t>(kDryRunImages, data.test.size()));
        Vae model = scripted_vae(module, likelihood, to_float_batch(*data.test.source(), rows));

        config.data.size = data.height;
        config.data.channels = data.channels;
        config.model = model->config();
        config.train.epochs = 1;
        config.train.device = "cpu";
        validate(config);
        Trainer trainer(config, model);
        printModel(trainer);
        const EpochStats stats = trainer.record_imported_weights(data);
        const std::string out = makeFolder(request.outDir);
        RunFolder(QString::fromStdString(out)).save(trainer, trainer.epoch(), {});
        std::printf("imported %s: %lld latent dimensions, %s decoder; train -ELBO %.2f, test -ELBO %.2f "
                    "(-recon %.2f + KL %.2f) nats per image\n",
                    path.c_str(), static_cast<long long>(config.model.latent), to_string(config.model.likelihood).c_str(),
                    -stats.train.elbo, -stats.test.loss.elbo, -stats.test.loss.recon, stats.test.loss.kl);
        std::printf("wrote %s (the module is inside its checkpoint.pt; resume --epochs N fine-tunes it, whole "
                    "batches on one thread)\n",
                    out.c_str());
        return 0;
    });
}

}  // namespace latentlab
