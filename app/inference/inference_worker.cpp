#include "app/inference/inference_worker.h"

#include "app/inference/inference_inputs.h"
#include "app/inference/inference_service.h"
#include "app/inference/tensor_image.h"
#include "model/base/error.h"
#include "model/base/threads.h"
#include "model/data/dataset.h"
#include "model/explore/latent_explorer.h"
#include "model/inspect/neighbour_table.h"
#include "model/map/map_layout.h"
#include "model/measure/factor_scores.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {

QImage toImage(const torch::Tensor& unit) { return imageFromPlanes(to_bytes(unit).contiguous()); }

QVector<QImage> toImages(const torch::Tensor& batch) {
    QVector<QImage> images;
    images.reserve(static_cast<int>(batch.size(0)));
    for (int64_t i = 0; i < batch.size(0); ++i) images.append(toImage(batch[i]));
    return images;
}

QVector<float> toVector(const torch::Tensor& values) {
    const auto flat = values.to(torch::kCPU, torch::kFloat).contiguous().view(-1);
    return QVector<float>(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
}

torch::Tensor fromVector(const QVector<float>& values) {
    return torch::tensor(std::vector<float>(values.begin(), values.end()), torch::kFloat);
}

}  // namespace

torch::Tensor imageTensor(const ImageRef& ref, const LoadedDataset& dataset, const ModelSnapshot& snapshot) {
    if (!ref.file.isEmpty()) return read_image_file(snapshot, ref.file.toStdString());
    if (dataset.isEmpty()) throw Error("no data set is loaded to pick the image from");
    const ImageSet& set = ref.split == Split::Train ? dataset.dataset().train : dataset.dataset().test;
    if (ref.index < 0 || ref.index >= set.size())
        throw Error("there is no image " + std::to_string(ref.index) + " in the data set's " +
                    (ref.split == Split::Train ? "training" : "test") + " split");
    return set.image(ref.index).unsqueeze(0);
}

InferenceWorker::InferenceWorker(std::shared_ptr<PendingRequests> pending)
    : pending_(std::move(pending)), neighbours_(std::make_unique<NeighbourTable>()) {}

InferenceWorker::~InferenceWorker() = default;

void InferenceWorker::process() {
    at::init_num_threads();
    for (;;) {
        if (pending_->shuttingDown.load()) return;
        RequestKind kind = RequestKind::Count;
        PendingRequest request;
        bool training = false;
        {
            const std::lock_guard<std::mutex> lock(pending_->mutex);
            snapshot_ = pending_->snapshot;
            dataset_ = pending_->dataset;
            training = pending_->training;
            // The first in RequestKind's order: slider moves first, they are
            // the ones people watch.
            if (pending_->suspended || pending_->waiting.empty()) {
                pending_->scheduled = false;
                // Nothing kept alive while idle: an old data set or model can go.
                snapshot_.reset();
                dataset_ = LoadedDataset();
                return;
            }
            const auto first = pending_->waiting.begin();
            kind = first->first.first;
            request = std::move(first->second);
            pending_->waiting.erase(first);
        }
        // This thread only keeps to one core while a run trains (the run's
        // threads have their own setting).
        set_calling_thread_compute_threads(training ? 1 : default_compute_threads());
        try {
            request.answer(*this);
        } catch (...) {
            Q_EMIT failed(kind, request.id,
                          QString::fromStdString(user_message(std::current_exception(), "exploring the model")));
        }
    }
}

std::vector<DimensionFactor> InferenceWorker::factorsOfDimensions(const RequestBase& request) {
    if (dataset_.isEmpty()) return {};
    const Dataset& data = dataset_.dataset();
    if (!data.train.factors.defined() || data.factor_names.empty()) return {};
    const SnapshotHandle& handle = request.pinned ? request.pinned : snapshot_;
    // One measurement per model and data set: a traversal redrawn with another
    // range or centre asks again, and encoding the sample is the slow part.
    if (factorsModel_.lock() != handle || factorsData_.lock() != dataset_.sharedDataset()) {
        const ModelSnapshot& snapshot = modelFor(request, snapshot_);
        factors_ = dimension_factors(snapshot.model, data.train, data.factor_names, snapshot.device);
        factorsModel_ = handle;
        factorsData_ = dataset_.sharedDataset();
    }
    return factors_;
}

const ModelSnapshot& modelFor(const RequestBase& request, const SnapshotHandle& newest) {
    const SnapshotHandle& chosen = request.pinned ? request.pinned : newest;
    if (!chosen) throw Error("There is no model yet: train a run for an epoch, or open a saved run.");
    return *chosen;
}

std::optional<EncodeResult> InferenceWorker::answer(const EncodeRequest& request) {
    const ModelSnapshot& snapshot = modelFor(request, snapshot_);
    const auto image = imageTensor(request.image, dataset_, snapshot);
    const auto q = encode_images(snapshot, image);
    EncodeResult result;
    result.id = request.id;
    result.from = InferenceService::describe(request.pinned ? request.pinned : snapshot_);
    result.image = request.image;
    result.original = toImage(image[0].to(torch::kFloat).div(255.0));
    result.reconstruction = toImage(decode_codes(snapshot, q.mean, request.show == DecodedImage::Sample)[0]);
    result.mean = toVector(q.mean[0]);
    result.logVar = toVector(q.log_var[0]);
    return result;
}

std::optional<DecodeResult> InferenceWorker::answer(const DecodeRequest& request) {
    const ModelSnapshot& snapshot = modelFor(request, snapshot_);
    if (request.z.size() != snapshot.config.model.latent)
        throw Error("the code has " + std::to_string(request.z.size()) + " numbers; the model's latent space has " +
                    std::to_string(snapshot.config.model.latent) + " dimensions");
    DecodeResult result;
    result.id = request.id;
    result.from = InferenceService::describe(request.pinned ? request.pinned : snapshot_);
    result.z = request.z;
    result.image = toImage(decode_codes(snapshot, fromVector(request.z).unsqueeze(0), request.show == DecodedImage::Sample)[0]);
    return result;
}

std::optional<InterpolateResult> InferenceWorker::answer(const InterpolateRequest& request) {
    const ModelSnapshot& snapshot = modelFor(request, snapshot_);
    const auto first = imageTensor(request.from, dataset_, snapshot);
    const auto last = imageTensor(request.to, dataset_, snapshot);
    const auto means = encode_images(snapshot, torch::cat({first, last})).mean.to(torch::kCPU);
    const auto codes = interpolate_codes(means[0], means[1], request.steps, request.spherical);
    InterpolateResult result;
    result.id = request.id;
    result.from = InferenceService::describe(request.pinned ? request.pinned : snapshot_);
    result.first = toImage(first[0].to(torch::kFloat).div(255.0));
    result.last = toImage(last[0].to(torch::kFloat).div(255.0));
    result.frames = toImages(decode_codes(snapshot, codes, request.show == DecodedImage::Sample));
    const auto norms = codes.norm(2, 1).to(torch::kDouble);
    for (int64_t i = 0; i < norms.size(0); ++i) result.norms.append(norms[i].item<double>());
    return result;
}

std::optional<TraverseResult> InferenceWorker::answer(const TraverseRequest& request) {
    const ModelSnapshot& snapshot = modelFor(request, snapshot_);
    torch::Tensor center = torch::zeros({snapshot.config.model.latent});
    if (request.around.isValid())
        center = encode_images(snapshot, imageTensor(request.around, dataset_, snapshot)).mean[0].to(torch::kCPU);
    const Traversal t = traverse(snapshot, center, request.range, request.columns, request.show == DecodedImage::Sample);
    TraverseResult result;
    result.id = request.id;
    result.from = InferenceService::describe(request.pinned ? request.pinned : snapshot_);
    for (int64_t d : t.dimensions) result.dimensions.append(static_cast<int>(d));
    result.kl = QVector<double>(t.kl.begin(), t.kl.end());
    result.offsets = QVector<double>(t.offsets.begin(), t.offsets.end());
    result.images = toImages(t.images);
    result.center = toVector(t.center);
    const std::vector<DimensionFactor> followed = factorsOfDimensions(request);
    if (!followed.empty()) {
        const auto& names = dataset_.dataset().factor_names;
        for (int d : result.dimensions) {
            const DimensionFactor best = followed.at(static_cast<size_t>(d));
            result.rowFactors.append(best.factor >= 0 ? QString::fromStdString(names.at(static_cast<size_t>(best.factor)))
                                                      : QString());
            result.rowInformation.append(best.information);
        }
    }
    return result;
}

std::optional<MapResult> InferenceWorker::answer(const MapRequest& request) {
    const ModelSnapshot& snapshot = modelFor(request, snapshot_);
    if (dataset_.isEmpty()) throw Error("the map needs the run's data set: load it first");
    const ImageSet& test = dataset_.dataset().test;
    const SnapshotHandle& handle = request.pinned ? request.pinned : snapshot_;
    // Encoded once per model and data set: the map and the sliders' principal
    // directions both ask for the same snapshot's test codes.
    if (!testCodes_.means.defined() || testCodes_.model.lock() != handle ||
        testCodes_.data.lock() != dataset_.sharedDataset()) {
        std::atomic<bool> cancel{false};
        const auto progress = [&](int64_t done, int64_t total) {
            if (superseded(RequestKind::Map, request, done, total)) cancel.store(true);
        };
        const auto encoded = encode_means(snapshot, *test.source(), progress, &cancel);
        if (!encoded.defined()) return std::nullopt;  // a newer map replaced this one
        testCodes_ = TestCodes{encoded, principal_directions(encoded), handle, dataset_.sharedDataset()};
    }
    const torch::Tensor means = testCodes_.means;
    const Projection pca = testCodes_.pca;

    MapResult result;
    result.id = request.id;
    result.from = InferenceService::describe(handle);
    result.projection = request.projection;
    const int64_t latent = means.size(1);
    const bool linear = isLinear(request.projection);
    const bool byPca = request.projection == MapProjection::Pca || latent < 2;
    torch::Tensor axes;
    if (byPca) {
        axes = map_axes(pca);
        if (request.previousAxisX.size() == latent && request.previousAxisY.size() == latent)
            axes = align_axes(axes, torch::stack({fromVector(request.previousAxisX), fromVector(request.previousAxisY)}));
    } else if (linear) {
        if (request.dimX < 0 || request.dimX >= latent || request.dimY < 0 || request.dimY >= latent)
            throw Error("the map's dimensions are out of range");
        axes = torch::zeros({2, latent});
        axes[0][request.dimX] = 1.0;
        axes[1][request.dimY] = 1.0;
    }
    // Chosen dimensions project around the origin, so a point reads as the code's own values.
    const torch::Tensor center = request.projection == MapProjection::Dimensions && latent >= 2 ? torch::zeros({latent}) : pca.center;
    const auto setPoints = [&result](const torch::Tensor& xy) {
        const auto plane = xy.to(torch::kDouble).contiguous();
        const double* p = plane.data_ptr<double>();
        result.points.resize(static_cast<int>(plane.size(0)));
        for (int64_t i = 0; i < plane.size(0); ++i) result.points[static_cast<int>(i)] = QPointF(p[2 * i], p[2 * i + 1]);
    };
    torch::Tensor plane;
    if (linear) {
        plane = project(means, center, axes).to(torch::kDouble).contiguous();
        setPoints(plane);
    } else {
        // Every point until the layout's first picture: PCA's plane.
        setPoints(pca_positions(means));
        result.codes = toVector(means);
    }
    const auto labels = test.labels.defined() ? test.labels.to(torch::kLong) : torch::Tensor();
    for (int64_t i = 0; i < result.points.size(); ++i)
        result.labels.append(labels.defined() && i < labels.numel() ? static_cast<int>(labels[i].item<int64_t>()) : -1);
    result.classNames = dataset_.classNames();
    if (test.factors.defined() && test.factors.size(0) == result.points.size()) {
        const auto values = test.factors.to(torch::kFloat).t().contiguous();
        for (int64_t f = 0; f < values.size(0); ++f) {
            result.factorNames.append(QString::fromStdString(dataset_.dataset().factor_names[static_cast<size_t>(f)]));
            result.factorValues.append(toVector(values[f]));
        }
    }
    if (linear) {
        result.center = toVector(center);
        result.axisX = toVector(axes[0]);
        result.axisY = toVector(axes[1]);
    }
    for (int64_t k = 0; k < latent; ++k) {
        result.directions.append(toVector(pca.directions[k]));
        result.spread.append(pca.spread[k].item<double>());
    }
    if (!linear) return layOut(request, means, std::move(result));
    if (request.manifold && latent == 2 && request.manifoldSide >= 2 && !result.points.isEmpty()) {
        const auto low = plane.amin(0), high = plane.amax(0);
        const QRectF area(QPointF(low[0].item<double>(), low[1].item<double>()),
                          QPointF(high[0].item<double>(), high[1].item<double>()));
        const int side = request.manifoldSide;
        std::vector<torch::Tensor> codes;
        // Row by row from the top (largest y), as the plot shows them.
        for (int r = 0; r < side; ++r)
            for (int c = 0; c < side; ++c)
                codes.push_back(unproject(area.left() + area.width() * (c + 0.5) / side,
                                          area.bottom() - area.height() * (r + 0.5) / side, center, axes));
        result.manifold = toImages(decode_codes(snapshot, torch::stack(codes), request.show == DecodedImage::Sample));
        result.manifoldArea = area;
        result.manifoldSide = side;
    }
    return result;
}

std::optional<MapResult> InferenceWorker::layOut(const MapRequest& request, const at::Tensor& means, MapResult result) {
    const MapLayout layout = request.projection == MapProjection::Tsne ? MapLayout::Tsne : MapLayout::Umap;
    LayoutStart start;
    if (request.previousLayout.size() == result.points.size()) {
        // The previous epoch's finished layout of the same test images.
        auto xy = torch::empty({static_cast<int64_t>(result.points.size()), 2}, torch::kFloat);
        float* p = xy.data_ptr<float>();
        for (const QPointF& point : request.previousLayout) {
            *p++ = static_cast<float>(point.x());
            *p++ = static_cast<float>(point.y());
        }
        start = {xy, true};
    }
    std::atomic<bool> cancel{false};
    const qint64 images = result.points.size();
    const auto progress = [&](int64_t done, int64_t total, const torch::Tensor& xy) {
        if (superseded(RequestKind::Map, request, images + done, images + total)) {
            cancel.store(true);
            return;
        }
        if (done >= total) return;  // the last picture is the answer itself
        MapResult picture = result;
        picture.converging = true;
        picture.iteration = static_cast<int>(done);
        picture.iterations = static_cast<int>(total);
        const float* p = xy.data_ptr<float>();
        for (int i = 0; i < picture.points.size(); ++i) picture.points[i] = QPointF(p[2 * i], p[2 * i + 1]);
        Q_EMIT mapUpdated(picture);
    };
    // The neighbour search reads every code: its own bounded pause, then the pictures.
    const auto xy = layout_codes(means, layout, request.seed, start, progress, &cancel);
    if (!xy.defined()) return std::nullopt;  // replaced or cancelled
    const float* p = xy.data_ptr<float>();
    for (int i = 0; i < result.points.size(); ++i) result.points[i] = QPointF(p[2 * i], p[2 * i + 1]);
    result.converging = false;
    return result;
}

}  // namespace latentlab
