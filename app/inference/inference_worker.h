#pragma once

// The object that answers inference requests, living on InferenceService's
// thread. Free of LibTorch: snapshots are only forward-declared.

#include "app/inference/inference_requests.h"
#include "app/inference/inspect_requests.h"
#include "app/workspace/loaded_dataset.h"
#include "model/measure/disentanglement.h"

#include <QObject>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

namespace latentlab {

// What the service has handed over and the worker has not yet taken: the
// newest request of each kind, the newest snapshot and data set, shared under
// one mutex (Qt's Mandelbrot example: copy under the lock, compute without).
struct PendingRequests {
    std::mutex mutex;
    // The waiting request of each kind, one per client.
    std::map<quintptr, EncodeRequest> encode;
    std::map<quintptr, DecodeRequest> decode;
    std::map<quintptr, InterpolateRequest> interpolate;
    std::map<quintptr, TraverseRequest> traverse;
    std::map<quintptr, MapRequest> map;
    std::map<quintptr, ScoreRequest> score;
    std::map<quintptr, TilesRequest> tiles;
    std::map<quintptr, NeighboursRequest> neighbours;
    std::map<quintptr, DuplicatesRequest> duplicates;
    std::map<quintptr, LabelsRequest> labels;
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

Q_SIGNALS:
    void encoded(latentlab::EncodeResult result);
    void decoded(latentlab::DecodeResult result);
    void interpolated(latentlab::InterpolateResult result);
    void traversed(latentlab::TraverseResult result);
    void mapped(latentlab::MapResult result);
    void scored(latentlab::ScoreResult result);
    void tiled(latentlab::TilesResult result);
    void neighboursFound(latentlab::NeighboursResult result);
    void duplicatesFound(latentlab::DuplicatesResult result);
    void labelsRanked(latentlab::LabelsResult result);
    void progress(latentlab::RequestKind kind, quint64 id, qint64 done, qint64 total);
    void failed(latentlab::RequestKind kind, quint64 id, QString message);

private:
    void answer(const EncodeRequest& request);
    void answer(const DecodeRequest& request);
    void answer(const InterpolateRequest& request);
    void answer(const TraverseRequest& request);
    void answer(const MapRequest& request);
    // Dataset inspection (inspect_answers.cpp).
    void answer(const ScoreRequest& request);
    void answer(const TilesRequest& request);
    void answer(const NeighboursRequest& request);
    void answer(const DuplicatesRequest& request);
    void answer(const LabelsRequest& request);
    // For long requests: true once `request` is no longer its client's newest
    // or the service shuts down. Also reports progress.
    bool superseded(RequestKind kind, const RequestBase& request, qint64 done, qint64 total);
    // The factor each latent dimension of the request's model follows best,
    // measured once per model and data set; empty without known factors.
    std::vector<DimensionFactor> factorsOfDimensions(const RequestBase& request);

    std::shared_ptr<PendingRequests> pending_;
    // Copied at the start of each request.
    SnapshotHandle snapshot_;
    LoadedDataset dataset_;
    // The last factorsOfDimensions answer and what it was measured for.
    std::vector<DimensionFactor> factors_;
    std::weak_ptr<const ModelSnapshot> factorsModel_;
    std::weak_ptr<const Dataset> factorsData_;  // weak: nothing kept alive while idle
};

}  // namespace latentlab
