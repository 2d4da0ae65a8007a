#pragma once

// How likely a model finds each image of a data set: the ELBO and its two
// terms, optionally the importance-sampled log p(x), the squared error of the
// mean reconstruction and the posterior mean. What the Inspect tab and the
// CLI's score, outliers and duplicates commands rank images by.

#include "model/data/dataset.h"
#include "model/train/model_snapshot.h"

#include <torch/torch.h>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace latentlab {

// Scores of N images, in nats per image (log-likelihoods as they are: low is unlikely).
struct ImageScores {
    std::vector<double> elbo;    // recon - kl
    std::vector<double> recon;   // E_q[log p(x|z)], one sample of z
    std::vector<double> kl;      // KL(q(z|x) || N(0, I)), closed form
    std::vector<double> log_px;  // importance-sampled log p(x); empty when not asked for
    std::vector<double> mse;     // mean over pixels of (x - E[x|z = E[z|x]])^2, pixels in [0, 1]
    torch::Tensor means;         // posterior means [N, D], float, CPU
    int64_t iw_samples = 0;      // K of log_px; 0 when absent

    int64_t size() const { return static_cast<int64_t>(elbo.size()); }
};

struct ImageScores;

struct ScoreOptions {
    int64_t iw_samples = 0;  // K > 0 adds log p(x)
    uint64_t seed = 1;       // of the noise: the same weights give the same numbers
    int64_t batch = 1000;
    // Called after each batch with the scores so far (their `means` not yet
    // filled) and the batch's posterior means [b, D]: a caller writes rows as
    // they come, so a scoring that stops keeps what it finished.
    std::function<void(const ImageScores& so_far, const torch::Tensor& batch_means)> on_batch;
};

// `progress(done, total)` after each batch.
using ScoreProgress = std::function<void(int64_t done, int64_t total)>;

// Scores of uint8 images [N, C, H, W], batch by batch, under no_grad. Returns
// nothing when `cancel` becomes true. Throws latentlab::Error for images of
// the wrong shape, or K > 0 for the autoencoder (it has no density).
std::optional<ImageScores> score_images(const ModelSnapshot& snapshot, const ImageSource& images,
                                        const ScoreOptions& options, const ScoreProgress& progress = {},
                                        const std::atomic<bool>* cancel = nullptr);

// Every image of a data set, training split then test split, each row saying
// where its image is: what scores.csv holds.
struct DatasetScores {
    int64_t epoch = 0, step = 0;  // of the snapshot the scores came from
    std::string data;             // the data set's spec
    std::vector<int> test;        // 1 for a test image, 0 for a training image
    std::vector<int64_t> index;   // within its split
    std::vector<int64_t> label;   // -1 when unknown
    std::vector<std::string> file;  // empty for IDX data
    std::vector<std::string> class_names;
    ImageScores scores;

    int64_t size() const { return scores.size(); }
};

// The where-columns (split, index, label, file) of every image, in score_dataset's
// row order, with no scores yet.
DatasetScores dataset_rows(const Dataset& data);

// Nothing when cancelled.
std::optional<DatasetScores> score_dataset(const ModelSnapshot& snapshot, const Dataset& data,
                                           const ScoreOptions& options, const ScoreProgress& progress = {},
                                           const std::atomic<bool>* cancel = nullptr);

// The uint8 image [C, H, W] a row of DatasetScores refers to.
torch::Tensor image_of(const Dataset& data, const DatasetScores& scores, int64_t row);

// Every image of a data set, training split then test split, as DatasetScores orders rows.
std::shared_ptr<const ImageSource> all_images(const Dataset& data);

}  // namespace latentlab
