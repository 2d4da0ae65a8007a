#pragma once

// Answers every view's questions about a model (encode, decode, interpolate,
// traverse, map) on its own thread, from immutable snapshots, never the model
// being trained. Included by ui/, so free of LibTorch.

#include "app/inference/inference_requests.h"
#include "app/inference/inspect_requests.h"
#include "app/workspace/loaded_dataset.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace latentlab {

class InferenceWorker;
struct PendingRequests;

// Controller of the inference thread (Qt's worker-object pattern). Requests
// are queued per kind and client (RequestBase::client): a client's newest of
// a kind replaces its one still waiting, so a dragged slider costs one decode
// per answer, not a queue of stale ones, and never starves another view.
// Answers carry the request's id and the snapshot they came from.
class InferenceService : public QObject {
    Q_OBJECT

public:
    explicit InferenceService(QObject* parent = nullptr);
    // Abandons queued requests and waits for the one in progress.
    ~InferenceService() override;

    // The newest model, published by a training run or an opened run; views
    // that do not pin a snapshot get their answers from it.
    void setSnapshot(const SnapshotHandle& snapshot);
    SnapshotInfo snapshot() const { return current_; }
    // The images requests refer to (ImageRef's split and index) and the map
    // draws: the run's data set.
    void setDataset(const LoadedDataset& dataset);
    const LoadedDataset& dataset() const { return dataset_; }
    // While a run trains the service keeps to one thread, so a run on the CPU
    // slows by little; otherwise it uses every core.
    void setTrainingActive(bool active);

    // Each returns the request's id; the answer (or failed()) follows.
    quint64 encode(EncodeRequest request);
    quint64 decode(DecodeRequest request);
    quint64 interpolate(InterpolateRequest request);
    quint64 traverse(TraverseRequest request);
    quint64 map(MapRequest request);
    // Dataset inspection (the Inspect tab).
    quint64 score(ScoreRequest request);
    quint64 tiles(TilesRequest request);
    quint64 neighbours(NeighboursRequest request);
    quint64 duplicates(DuplicatesRequest request);
    quint64 labels(LabelsRequest request);
    // Drops a waiting request of this kind and stops a long one (map, scores,
    // duplicates, labels) in progress.
    void cancel(RequestKind kind);
    // While suspended, requests wait (the newest of each kind); resume()
    // answers them. Tests use it to queue several requests.
    void suspend();
    void resume();

    // A view wants weights fresher than the last epoch's: the training run,
    // if any, publishes a copy between two steps (at most every 2 s).
    void askForFresherWeights();

    // What describes a snapshot; an invalid info for none. Thread-safe.
    static SnapshotInfo describe(const SnapshotHandle& snapshot);

Q_SIGNALS:
    void snapshotChanged(latentlab::SnapshotInfo snapshot);
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
    // Long requests (the map) report their progress in images.
    void progress(latentlab::RequestKind kind, quint64 id, qint64 done, qint64 total);
    void failed(latentlab::RequestKind kind, quint64 id, QString message);
    // Forwarded to the training run by its session.
    void fresherWeightsWanted();

private:
    // Queues `request` under its kind (request_table.h); the worker's answer
    // comes back as that kind's signal.
    template <typename Request>
    quint64 post(Request request);

    QThread thread_;
    InferenceWorker* worker_ = nullptr;  // lives in thread_
    std::shared_ptr<PendingRequests> pending_;
    SnapshotInfo current_;
    LoadedDataset dataset_;
    quint64 nextId_ = 0;
};

}  // namespace latentlab
