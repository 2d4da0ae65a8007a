#pragma once

// The numbers of one row of a decoder comparison, measured on a run's test
// images: what `latentlab-cli compare` writes to its table and
// `latentlab-cli eval --metrics` prints for the run's checkpoint.

#include "model/base/run_config.h"
#include "model/base/training_stats.h"
#include "model/measure/log_likelihood.h"
#include "model/nn/vae.h"
#include "model/store/csv_reader.h"
#include "model/store/csv_writer.h"

#include <torch/torch.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace latentlab {

struct RunMetrics {
    int64_t images = 0;
    LossTerms test;            // nats per image, z sampled (the evaluation's seeded noise)
    int64_t iw_samples = 0;    // K; 0: log p(x) not estimated
    double log_px = std::numeric_limits<double>::quiet_NaN();  // nats per image
    // On the [0, 256) scale of dequantized grey levels (dequantize.h); NaN unless a density on them.
    double bits_per_dim = std::numeric_limits<double>::quiet_NaN();
    double mse = 0.0;          // of the mean reconstruction (z = posterior mean), per pixel in [0, 1]
    double ssim = 0.0;         // of the mean reconstruction, mean over images
    int64_t active_units = 0;  // of `latent`
    int64_t latent = 0;
    double train_seconds = 0.0;  // the epochs' training time, evaluation excluded
};

// `images`: the test images as the run's evaluation sees them (uint8, or the
// dequantized float copy). Throws latentlab::Error for the autoencoder
// baseline (it has no density) or a cancelled estimate.
RunMetrics measure_run(Vae& model, const RunConfig& config, const ImageSource& images,
                       const torch::Device& device, int64_t iw_samples, double train_seconds,
                       const EstimateProgress& progress = {});

// The columns of a row and the row itself, in one number format: the table
// of a comparison and `eval --metrics` write them with these two.
std::vector<std::string> metrics_columns();
void write_metrics_row(CsvWriter& csv, const RunMetrics& metrics, const RunConfig& config);
// Row `row` of a table with those columns, read back (a saved comparison's
// table.csv). Throws latentlab::Error naming a missing or malformed field.
RunMetrics read_metrics_row(const CsvTable& table, size_t row);

// The training time of a history: the sum of its epochs' seconds.
double training_seconds(const std::vector<EpochStats>& history);

}  // namespace latentlab
