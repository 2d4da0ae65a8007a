// The inference worker's answers to the Inspect tab: scores (cached in the
// run folder), tiles, neighbours, near duplicates and suspicious labels.

#include "app/inference/inference_inputs.h"
#include "app/inference/inference_service.h"
#include "app/inference/inference_worker.h"
#include "app/inference/tensor_image.h"
#include "app/runs/run_folder.h"
#include "model/base/error.h"
#include "model/data/dataset.h"
#include "model/explore/latent_explorer.h"
#include "model/inspect/error_heatmap.h"
#include "model/inspect/image_scores.h"
#include "model/inspect/near_duplicates.h"
#include "model/inspect/neighbour_table.h"
#include "model/inspect/scores_file.h"
#include "model/inspect/suspicious_labels.h"
#include "model/store/atomic_file.h"

#include <QFile>

namespace latentlab {

namespace {

QVector<double> toQVector(const std::vector<double>& values) { return QVector<double>(values.begin(), values.end()); }

ScoreResult resultOf(const DatasetScores& d) {
    ScoreResult r;
    r.epoch = d.epoch;
    r.step = d.step;
    r.iwSamples = static_cast<int>(d.scores.iw_samples);
    r.elbo = toQVector(d.scores.elbo);
    r.recon = toQVector(d.scores.recon);
    r.kl = toQVector(d.scores.kl);
    r.logPx = toQVector(d.scores.log_px);
    r.mse = toQVector(d.scores.mse);
    const auto means = d.scores.means.to(torch::kFloat).contiguous();
    r.latent = means.dim() == 2 ? static_cast<int>(means.size(1)) : 0;
    r.means = QVector<float>(means.data_ptr<float>(), means.data_ptr<float>() + means.numel());
    for (int64_t i = 0; i < d.size(); ++i) {
        const auto at = static_cast<size_t>(i);
        r.test.append(d.test[at]);
        r.index.append(d.index[at]);
        r.label.append(static_cast<int>(d.label[at]));
        r.files.append(QString::fromStdString(d.file[at]));
    }
    for (const auto& name : d.class_names) r.classNames.append(QString::fromStdString(name));
    return r;
}

// The codes of a request as a tensor [N, D], without copying them.
torch::Tensor codesOf(const CodesRequest& request) {
    if (request.latent <= 0 || request.codes.size() % request.latent != 0)
        throw Error("the codes do not fit the latent size: score the images again");
    return torch::from_blob(const_cast<float*>(request.codes.constData()),
                            {request.codes.size() / request.latent, request.latent}, torch::kFloat);
}

}  // namespace

bool InferenceWorker::superseded(RequestKind kind, const RequestBase& request, qint64 done, qint64 total) {
    Q_EMIT progress(kind, request.id, done, total);
    const std::lock_guard<std::mutex> lock(pending_->mutex);
    return !pending_->isNewest(kind, request) || pending_->shuttingDown.load();
}

std::optional<ScoreResult> InferenceWorker::answer(const ScoreRequest& request) {
    const ModelSnapshot& snapshot = modelFor(request, snapshot_);
    if (dataset_.isEmpty()) throw Error("scoring needs the run's data set: load it first");
    const Dataset& data = dataset_.dataset();
    // Cached only for the run's own data set, in its folder.
    const bool cacheable = !snapshot.run_folder.empty() && data.name == snapshot.config.data.spec;
    const QString cachePath = cacheable ? RunFolder(QString::fromStdString(snapshot.run_folder)).scoresPath() : QString();
    ScoreResult result;
    if (cacheable && !request.recompute && QFile::exists(cachePath)) {
        QFile file(cachePath);
        try {
            if (file.open(QIODevice::ReadOnly)) {
                const DatasetScores cached = parse_scores_csv(file.readAll().toStdString());
                if (scores_match(cached, snapshot.epoch, snapshot.step, data, request.iwSamples)) {
                    result = resultOf(cached);
                    result.fromCache = true;
                    result.cacheFile = cachePath;
                }
            }
        } catch (const Error&) {
            // A damaged cache is scored again and overwritten.
        }
    }
    if (!result.fromCache && request.cachedOnly) {
        result.notScored = true;
    } else if (!result.fromCache) {
        std::atomic<bool> cancel{false};
        const auto progress = [&](int64_t done, int64_t total) {
            if (superseded(RequestKind::Score, request, done, total)) cancel.store(true);
        };
        ScoreOptions options;
        options.iw_samples = request.iwSamples;
        const auto scores = score_dataset(snapshot, data, options, progress, &cancel);
        // Cancelled or replaced, also during the last batch: nothing is kept or saved.
        if (!scores || cancel.load()) return std::nullopt;
        result = resultOf(*scores);
        if (cacheable) {
            try {
                write_file_atomically(cachePath.toStdString(), scores_csv(*scores));
                result.cacheFile = cachePath;
            } catch (...) {
                result.cacheProblem = QString::fromStdString(user_message(std::current_exception(), "saving the scores"));
            }
        }
    }
    result.id = request.id;
    result.from = InferenceService::describe(request.pinned ? request.pinned : snapshot_);
    // The data set's own names: a cached file names only the classes it has rows of.
    result.classNames.clear();
    for (const auto& name : data.class_names) result.classNames.append(QString::fromStdString(name));
    return result;
}

std::optional<TilesResult> InferenceWorker::answer(const TilesRequest& request) {
    const ModelSnapshot& snapshot = modelFor(request, snapshot_);
    std::vector<torch::Tensor> images;
    for (const auto& ref : request.images) images.push_back(imageTensor(ref, dataset_, snapshot));
    TilesResult result;
    result.id = request.id;
    result.from = InferenceService::describe(request.pinned ? request.pinned : snapshot_);
    result.images = request.images;
    if (!images.empty()) {
        const auto batch = torch::cat(images);
        const auto recon = decode_codes(snapshot, encode_images(snapshot, batch).mean, false);
        for (int64_t i = 0; i < batch.size(0); ++i) {
            result.originals.append(imageFromPlanes(batch[i].contiguous()));
            result.reconstructions.append(imageFromPlanes(to_bytes(recon[i]).contiguous()));
            result.heatmaps.append(imageFromPlanes(error_heatmap(batch[i], recon[i])));
        }
    }
    return result;
}

std::optional<NeighboursResult> InferenceWorker::answer(const NeighboursRequest& request) {
    const auto codes = codesOf(request);
    if (request.row < 0 || request.row >= codes.size(0)) throw Error("there is no such image to find neighbours of");
    // From the table near duplicates or labels searched, when it holds these
    // codes; else one row against all (every code but the row itself).
    Neighbours found = neighbours_->of_row(codes, request.row, request.k);
    if (!found.index.defined())
        found = nearest_neighbours(codes, codes.slice(0, request.row, request.row + 1), request.k + 1, false);
    NeighboursResult result;
    result.id = request.id;
    result.from = InferenceService::describe(request.pinned ? request.pinned : snapshot_);
    result.row = request.row;
    for (int64_t j = 0; j < found.index.size(1); ++j) {
        const int64_t row = found.index[0][j].item<int64_t>();
        if (row == request.row || result.rows.size() == request.k) continue;
        result.rows.append(row);
        result.distances.append(found.distance[0][j].item<double>());
    }
    return result;
}

std::optional<DuplicatesResult> InferenceWorker::answer(const DuplicatesRequest& request) {
    if (dataset_.isEmpty()) throw Error("near duplicates need the run's data set: load it first");
    const auto codes = codesOf(request);
    const auto images = all_images(dataset_.dataset());
    if (images->size() != codes.size(0)) throw Error("the scores are of another data set: score the images again");
    std::atomic<bool> cancel{false};
    DuplicateOptions options;
    const auto progress = [&](int64_t done, int64_t total) {
        if (superseded(RequestKind::Duplicates, request, done, total)) cancel.store(true);
    };
    const auto neighbours = neighbours_->of_all(codes, options.candidates, progress, &cancel);
    if (!neighbours.index.defined()) return std::nullopt;
    DuplicatesResult result;
    result.spread = latent_spread(codes);
    options.latent_threshold = request.latentThreshold > 0.0 ? request.latentThreshold : 0.2 * result.spread;
    options.pixel_threshold = request.pixelThreshold;
    const DuplicateGroups found = find_near_duplicates(neighbours, *images, options);
    result.id = request.id;
    result.from = InferenceService::describe(request.pinned ? request.pinned : snapshot_);
    result.latentThreshold = options.latent_threshold;
    result.pixelThreshold = options.pixel_threshold;
    for (const auto& pair : found.pairs) {
        result.a.append(pair.a);
        result.b.append(pair.b);
        result.latent.append(pair.latent);
        result.pixel.append(pair.pixel);
    }
    return result;
}

std::optional<LabelsResult> InferenceWorker::answer(const LabelsRequest& request) {
    const auto codes = codesOf(request);
    if (request.labels.size() != codes.size(0)) throw Error("the labels do not match the codes");
    std::atomic<bool> cancel{false};
    const auto progress = [&](int64_t done, int64_t total) {
        if (superseded(RequestKind::Labels, request, done, total)) cancel.store(true);
    };
    const auto neighbours = neighbours_->of_all(codes, request.k, progress, &cancel);
    if (!neighbours.index.defined()) return std::nullopt;
    const std::vector<int64_t> labels(request.labels.begin(), request.labels.end());
    LabelsResult result;
    result.id = request.id;
    result.from = InferenceService::describe(request.pinned ? request.pinned : snapshot_);
    for (const auto& s : suspicious_labels(labels, neighbours)) {
        result.rows.append(s.row);
        result.label.append(static_cast<int>(s.label));
        result.vote.append(static_cast<int>(s.vote));
        result.disagreement.append(s.disagreement);
    }
    return result;
}

}  // namespace latentlab
