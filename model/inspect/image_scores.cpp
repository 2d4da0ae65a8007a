#include "model/inspect/image_scores.h"

#include "model/base/error.h"
#include "model/explore/latent_explorer.h"
#include "model/measure/log_likelihood.h"
#include "model/nn/gaussian.h"

#include <algorithm>

namespace latentlab {

namespace {

void append(std::vector<double>& to, const torch::Tensor& values) {
    const auto flat = values.to(torch::kCPU, torch::kDouble).contiguous();
    to.insert(to.end(), flat.data_ptr<double>(), flat.data_ptr<double>() + flat.numel());
}

// Floats of decoder output one importance-sampling chunk may hold.
constexpr int64_t kChunkFloats = int64_t{16} << 20;

}  // namespace

std::optional<ImageScores> score_images(const ModelSnapshot& snapshot, const ImageSource& images,
                                        const ScoreOptions& options, const ScoreProgress& progress,
                                        const std::atomic<bool>* cancel) {
    const bool autoencoder = snapshot.config.model.kind == ModelKind::Autoencoder;
    if (options.iw_samples > 0 && autoencoder)
        throw Error("an autoencoder defines no density p(x): there is no log p(x) to estimate");
    const torch::NoGradGuard no_grad;
    auto& model = *snapshot.model;
    auto& likelihood = model.likelihood();
    auto generator = at::detail::createCPUGenerator(options.seed);
    const int64_t n = images.size();
    const int64_t latent = snapshot.config.model.latent;
    const int64_t pixels = snapshot.config.model.pixels();
    const int64_t batch = std::max<int64_t>(1, options.batch);
    ImageScores s;
    s.iw_samples = options.iw_samples;
    std::vector<torch::Tensor> means;
    for (int64_t begin = 0; begin < n; begin += batch) {
        if (cancel && cancel->load()) return std::nullopt;
        const auto end = std::min(n, begin + batch);
        const auto x = model_input(snapshot, images.range(begin, end));
        const auto target = x.flatten(1).unsqueeze(1);  // [B, 1, P]
        auto q = model.encode(x);
        if (q.log_var.size(1) != q.mean.size(1)) q.log_var = q.log_var.expand_as(q.mean);
        const auto mean_output = model.decode(q.mean);  // [B, P]
        torch::Tensor recon, kl;
        if (autoencoder) {
            recon = likelihood.log_prob(target.squeeze(1), mean_output);
            kl = torch::zeros_like(recon);
        } else {
            const auto noise = torch::randn({end - begin, 1, latent}, generator).to(snapshot.device);
            recon = likelihood.log_prob(target, model.decode(reparameterize(q, noise))).squeeze(1);
            kl = kl_to_standard_normal(q).sum(1);
        }
        append(s.recon, recon);
        append(s.kl, kl);
        // In double, from the stored terms: elbo = recon - kl exactly as read.
        for (size_t i = s.elbo.size(); i < s.recon.size(); ++i) s.elbo.push_back(s.recon[i] - s.kl[i]);
        append(s.mse, (likelihood.mean(mean_output) - x.flatten(1)).pow(2).mean(1));
        if (options.iw_samples > 0) {
            const int64_t chunk = std::max<int64_t>(1, kChunkFloats / (pixels * (end - begin)));
            const auto log_joint = [&](const torch::Tensor& z) {
                return likelihood.log_prob(target, model.decode(z)) + log_standard_normal(z);
            };
            append(s.log_px, importance_sampled_log_likelihood(q, log_joint, options.iw_samples, chunk, generator));
        }
        means.push_back(q.mean.to(torch::kCPU, torch::kFloat));
        if (options.on_batch) options.on_batch(s, means.back());
        if (progress) progress(end, n);
    }
    s.means = means.empty() ? torch::empty({0, latent}) : torch::cat(means);
    return s;
}

std::shared_ptr<const ImageSource> all_images(const Dataset& data) {
    return std::make_shared<JoinedImages>(data.train.source(), data.test.source());
}

DatasetScores dataset_rows(const Dataset& data) {
    DatasetScores d;
    d.class_names = data.class_names;
    for (int split = 0; split < 2; ++split) {
        const ImageSet& set = split == 0 ? data.train : data.test;
        const auto labels = set.labels.defined() ? set.labels.to(torch::kLong).contiguous() : torch::Tensor();
        for (int64_t i = 0; i < set.size(); ++i) {
            d.test.push_back(split);
            d.index.push_back(i);
            d.label.push_back(labels.defined() && i < labels.numel() ? labels.data_ptr<int64_t>()[i] : -1);
            d.file.push_back(i < static_cast<int64_t>(set.paths.size()) ? set.paths[static_cast<size_t>(i)] : "");
        }
    }
    return d;
}

std::optional<DatasetScores> score_dataset(const ModelSnapshot& snapshot, const Dataset& data,
                                           const ScoreOptions& options, const ScoreProgress& progress,
                                           const std::atomic<bool>* cancel) {
    DatasetScores d = dataset_rows(data);
    d.epoch = snapshot.epoch;
    d.step = snapshot.step;
    d.data = data.name;
    auto scores = score_images(snapshot, *all_images(data), options, progress, cancel);
    if (!scores) return std::nullopt;
    d.scores = std::move(*scores);
    return d;
}

torch::Tensor image_of(const Dataset& data, const DatasetScores& scores, int64_t row) {
    if (row < 0 || row >= static_cast<int64_t>(scores.index.size())) throw Error("no such image row");
    const ImageSet& set = scores.test[static_cast<size_t>(row)] ? data.test : data.train;
    const int64_t i = scores.index[static_cast<size_t>(row)];
    if (i >= set.size()) throw Error("the scores do not match the data set: reload it and score again");
    return set.image(i);
}

}  // namespace latentlab
