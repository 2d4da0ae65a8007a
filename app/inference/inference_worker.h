#pragma once

// The object that answers inference requests, living on InferenceService's
// thread. Free of LibTorch: snapshots are only forward-declared.

#include "app/inference/inference_requests.h"
#include "app/inference/inspect_requests.h"
#include "app/workspace/loaded_dataset.h"
#include "model/explore/latent_ops.h"
#include "model/measure/disentanglement.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace at {
class Tensor;
}

namespace latentlab {

class InferenceWorker;
class NeighbourTable;

// A request waiting for the worker: `answer` computes its result on the
// worker's thread and hands it to the service (request_table.h).
struct PendingRequest {
    quint64 id = 0;
    std::function<void(InferenceWorker&)> answer;
};

// What the service has handed over and the worker has not yet taken: the
// newest request of each kind, the newest snapshot and data set, shared under
// one mutex (Qt's Mandelbrot example: copy under the lock, compute without).
struct PendingRequests {
    std::mutex mutex;
    // The waiting request of each kind, one per client, in the order the
    // worker takes them (RequestKind's).
    std::map<std::pair<RequestKind, quintptr>, PendingRequest> waiting;
    SnapshotHandle snapshot;
    LoadedDataset dataset;
    bool training = false;
    bool scheduled = false;  // a process() call is on its way to the worker
    bool suspended = false;  // requests wait until resumed
    // The id of each client's newest request of each kind: a map whose id is
    // no longer the newest stops between batches.
    std::map<std::pair<RequestKind, quintptr>, quint64> newest;
    std::atomic<bool> shuttingDown{false};

    // Whether `request` of `kind` is still its client's newest; under mutex.
    bool isNewest(RequestKind kind, const RequestBase& request) const {
        const auto found = newest.find({kind, request.client});
        return found != newest.end() && found->second == request.id;
    }
};

class InferenceWorker : public QObject {
    Q_OBJECT

public:
    explicit InferenceWorker(std::shared_ptr<PendingRequests> pending);
    ~InferenceWorker() override;

    // Answers every waiting request, newest state first, then returns.
    void process();

    // Each request's answer; none when a long request was replaced by a
    // newer one or cancelled. Throws latentlab::Error for what cannot be answered.
    std::optional<EncodeResult> answer(const EncodeRequest& request);
    std::optional<DecodeResult> answer(const DecodeRequest& request);
    std::optional<InterpolateResult> answer(const InterpolateRequest& request);
    std::optional<TraverseResult> answer(const TraverseRequest& request);
    std::optional<MapResult> answer(const MapRequest& request);
    // Dataset inspection (inspect_answers.cpp).
    std::optional<ScoreResult> answer(const ScoreRequest& request);
    std::optional<TilesResult> answer(const TilesRequest& request);
    std::optional<NeighboursResult> answer(const NeighboursRequest& request);
    std::optional<DuplicatesResult> answer(const DuplicatesRequest& request);
    std::optional<LabelsResult> answer(const LabelsRequest& request);

Q_SIGNALS:
    // What every kind shares; each kind's result goes to the service's own signal.
    void progress(latentlab::RequestKind kind, quint64 id, qint64 done, qint64 total);
    void failed(latentlab::RequestKind kind, quint64 id, QString message);
    // A t-SNE or UMAP map's picture while it converges (MapResult::converging),
    // emitted as the service's mapped().
    void mapUpdated(latentlab::MapResult result);

private:
    // For long requests: true once `request` is no longer its client's newest
    // or the service shuts down. Also reports progress.
    bool superseded(RequestKind kind, const RequestBase& request, qint64 done, qint64 total);
    // The factor each latent dimension of the request's model follows best,
    // measured once per model and data set; empty without known factors.
    std::vector<DimensionFactor> factorsOfDimensions(const RequestBase& request);
    // A t-SNE or UMAP map of `means`: `result` (labels, factors, PCA's
    // directions) with its points laid out, pictures emitted on the way.
    std::optional<MapResult> layOut(const MapRequest& request, const at::Tensor& means, MapResult result);

    std::shared_ptr<PendingRequests> pending_;
    // Copied at the start of each request.
    SnapshotHandle snapshot_;
    LoadedDataset dataset_;
    // The last factorsOfDimensions answer and what it was measured for.
    std::vector<DimensionFactor> factors_;
    std::weak_ptr<const ModelSnapshot> factorsModel_;
    std::weak_ptr<const Dataset> factorsData_;  // weak: nothing kept alive while idle
    // The test set's posterior means and their principal directions, and the
    // model and data set they are of (weak: nothing kept alive while idle).
    struct TestCodes {
        torch::Tensor means;
        Projection pca;
        std::weak_ptr<const ModelSnapshot> model;
        std::weak_ptr<const Dataset> data;
    };
    TestCodes testCodes_;
    // Every scored image's nearest neighbours, searched once for the codes of
    // the last scores: near duplicates, suspicious labels and one image's
    // neighbours read it.
    std::unique_ptr<NeighbourTable> neighbours_;
};

}  // namespace latentlab
