#include "model/measure/run_metrics.h"

#include "model/base/error.h"
#include "model/data/dataset.h"
#include "model/data/image_quality.h"
#include "model/measure/comparability.h"
#include "model/measure/evaluation.h"
#include "model/nn/dequantize.h"
#include "model/nn/evaluation_scope.h"

#include <algorithm>

namespace latentlab {

RunMetrics measure_run(Vae& model, const RunConfig& config, const ImageSource& images,
                       const torch::Device& device, int64_t iw_samples, double train_seconds,
                       const EstimateProgress& progress) {
    if (config.model.kind == ModelKind::Autoencoder)
        throw Error("the autoencoder baseline has no density: compare VAEs");
    RunMetrics metrics;
    metrics.latent = config.model.latent;
    metrics.train_seconds = train_seconds;
    const int64_t batch = evaluation_batch(config);
    const auto evaluation = evaluate(model, images, batch, config.train.samples, config.train.seed, device);
    metrics.images = evaluation.images;
    metrics.test = evaluation.loss;
    if (iw_samples > 0) {
        const auto estimate = estimate_log_likelihood(model, images, iw_samples, config.train.seed, device, progress);
        metrics.iw_samples = iw_samples;
        metrics.log_px = estimate.mean;
        if (comparability(config).bits_per_dim) metrics.bits_per_dim = bits_per_dim_256(estimate.mean, config.model.pixels());
    }
    // The mean reconstruction against the image the model saw, and the
    // posterior means for the active units.
    const EvaluationScope scope(model);
    std::vector<torch::Tensor> means;
    double squared = 0.0, ssim = 0.0;
    const int64_t n = images.size();
    for (int64_t begin = 0; begin < n; begin += batch) {
        const auto x = to_unit_float(images.range(begin, std::min(n, begin + batch)), device);
        const auto q = model->encode(x);
        const auto reconstruction = model->reconstruct(x).cpu();
        const auto original = x.cpu();
        const double count = static_cast<double>(x.size(0));
        squared += mean_squared_error(reconstruction, original) * count;
        ssim += mean_ssim(reconstruction, original) * count;
        means.push_back(q.mean.cpu());
    }
    if (n > 0) {
        metrics.mse = squared / static_cast<double>(n);
        metrics.ssim = ssim / static_cast<double>(n);
        metrics.active_units = active_units(torch::cat(means));
    }
    return metrics;
}

std::vector<std::string> metrics_columns() {
    return {"images", "test_elbo", "test_recon", "test_kl", "iw_samples", "log_px", "bits_per_dim_0_255",
            "mse", "ssim", "active_units", "latent", "train_seconds", "density", "dequantized", "note"};
}

void write_metrics_row(CsvWriter& csv, const RunMetrics& m, const RunConfig& config) {
    const auto flags = comparability(config);
    csv << m.images << m.test.elbo << m.test.recon << m.test.kl << m.iw_samples << m.log_px << m.bits_per_dim
        << m.mse << m.ssim << m.active_units << m.latent << m.train_seconds
        << std::string(flags.density ? "yes" : "no") << std::string(flags.dequantized ? "yes" : "no") << flags.note;
}

RunMetrics read_metrics_row(const CsvTable& table, size_t row) {
    if (row >= table.rows.size()) throw Error("the table has no row " + std::to_string(row + 1));
    const auto number = [&](const std::string& name) {
        const int column = table.column(name);
        if (column < 0) throw Error("the table has no column " + name);
        return csv_number(table.rows[row][static_cast<size_t>(column)]);
    };
    RunMetrics m;
    m.images = static_cast<int64_t>(number("images"));
    m.test.elbo = number("test_elbo");
    m.test.recon = number("test_recon");
    m.test.kl = number("test_kl");
    m.iw_samples = static_cast<int64_t>(number("iw_samples"));
    m.log_px = number("log_px");
    m.bits_per_dim = number("bits_per_dim_0_255");
    m.mse = number("mse");
    m.ssim = number("ssim");
    m.active_units = static_cast<int64_t>(number("active_units"));
    m.latent = static_cast<int64_t>(number("latent"));
    m.train_seconds = number("train_seconds");
    return m;
}

double training_seconds(const std::vector<EpochStats>& history) {
    double total = 0.0;
    for (const auto& epoch : history) total += epoch.seconds;
    return total;
}

}  // namespace latentlab
