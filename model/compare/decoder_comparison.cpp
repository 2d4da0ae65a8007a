#include "model/compare/decoder_comparison.h"

#include "model/base/error.h"
#include "model/base/threads.h"
#include "model/data/dataset.h"
#include "model/measure/comparison_pictures.h"
#include "model/train/trainer.h"

#include <algorithm>

namespace latentlab {

namespace {

// FNV-1a over the bytes of every batch's rows and z noise: equal values show
// that two runs saw the same batches.
class BatchHash {
public:
    void add(const torch::Tensor& tensor) {
        const auto bytes = tensor.contiguous();
        const auto* p = static_cast<const uint8_t*>(bytes.data_ptr());
        const size_t n = bytes.numel() * bytes.element_size();
        for (size_t i = 0; i < n; ++i) hash_ = (hash_ ^ p[i]) * 0x100000001B3ULL;
    }
    uint64_t value() const { return hash_; }

private:
    uint64_t hash_ = 0xCBF29CE484222325ULL;
};

}  // namespace

DecoderComparison::DecoderComparison(const RunConfig& base, const Dataset& data, const std::string& decoders,
                                     int64_t iw_samples)
    : base_(base), data_(data), iw_samples_(iw_samples), runs_(base, parse_decoder_choices(decoders, base.model)) {}

std::string DecoderComparison::label(int index) const { return decoder_label(runs_.decoder(index)); }

std::string DecoderComparison::folder_name(int index) const {
    return decoder_folder_name(runs_.decoder(index), index + 1);
}

ComparisonOutcome DecoderComparison::run(RunControl& control, const ComparisonHooks& hooks) {
    // The pictures' inputs, the same for every decoder.
    const int64_t shown = std::min(kShownImages, data_.test.size());
    auto generator = at::detail::createCPUGenerator(base_.train.seed);
    const auto prior_z = torch::randn({shown, base_.model.latent}, generator);
    uint64_t first_hash = 0;

    for (int i = 0; i < size(); ++i) {
        auto trainer = runs_.make_trainer(i);
        BatchHash batches;
        trainer->set_batch_observer([&batches](const torch::Tensor& rows, const torch::Tensor& noise) {
            batches.add(rows);
            batches.add(noise);
        });
        if (hooks.run_started) hooks.run_started(i, *trainer);
        RunDriver driver(*trainer, data_, control);
        const RunOutcome outcome = driver.run(base_.train.epochs, hooks.run_hooks ? hooks.run_hooks(i) : RunHooks{});
        if (outcome.end != RunEnd::Finished) return {i, outcome};
        if (i == 0) first_hash = batches.value();

        ComparedRun run;
        run.index = i;
        run.label = label(i);
        run.folder_name = folder_name(i);
        run.config = trainer->config();
        run.history = trainer->history();
        run.same_batches_as_first = batches.value() == first_hash;
        const auto test_images = trainer->test_images(data_);
        {
            // No training now: LibTorch's pool takes the cores.
            const PoolThreadsScope pool(compute_threads(run.config.train.threads));
            int last_percent = -1;
            const auto progress = [&](int64_t done, int64_t total) {
                const int percent = static_cast<int>(100 * done / std::max<int64_t>(total, 1));
                if (percent != last_percent && hooks.measuring) hooks.measuring(i, percent);
                last_percent = percent;
                return !control.stopRequested();
            };
            run.metrics = measure_run(trainer->model(), run.config, *test_images, trainer->device(), iw_samples_,
                                      training_seconds(run.history), progress);
        }
        run.originals = to_unit_float(test_images->range(0, shown), torch::kCPU);
        const auto pictures = comparison_pictures(trainer->model(), run.originals, prior_z, base_.train.seed);
        run.reconstructions = pictures.reconstructions;
        run.samples = pictures.samples;
        run.prior = pictures.prior;
        if (hooks.run_measured) hooks.run_measured(run);
    }
    return {size(), RunOutcome{}};
}

}  // namespace latentlab
