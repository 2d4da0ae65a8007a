#include "app/inference/inference_service.h"

#include "app/inference/inference_worker.h"
#include "model/train/model_snapshot.h"

#include <QFileInfo>

namespace latentlab {

QString SnapshotInfo::describe() const {
    if (!isValid()) return QObject::tr("no model yet");
    const QString run = QFileInfo(runFolder).fileName();
    QString text = QObject::tr("epoch %1 of %2").arg(epoch).arg(epochs);
    if (betweenEpochs) text += QObject::tr(" (+ steps of epoch %1)").arg(epoch + 1);
    if (!run.isEmpty()) text += QObject::tr(", run %1").arg(run);
    return text;
}

SnapshotInfo InferenceService::describe(const SnapshotHandle& snapshot) {
    SnapshotInfo info;
    if (!snapshot) return info;
    info.snapshot = snapshot;
    info.runFolder = QString::fromStdString(snapshot->run_folder);
    info.epoch = snapshot->epoch;
    info.epochs = snapshot->config.train.epochs;
    info.step = snapshot->step;
    info.betweenEpochs = snapshot->between_epochs;
    const VaeConfig& model = snapshot->config.model;
    info.latent = static_cast<int>(model.latent);
    info.channels = static_cast<int>(model.channels);
    info.height = static_cast<int>(model.height);
    info.width = static_cast<int>(model.width);
    info.likelihood = QString::fromStdString(to_string(model.likelihood));
    if (!snapshot->history.empty())
        for (double kl : snapshot->history.back().test.kl_per_dim) info.klPerDim.append(kl);
    return info;
}

InferenceService::InferenceService(QObject* parent)
    : QObject(parent), pending_(std::make_shared<PendingRequests>()) {
    qRegisterMetaType<SnapshotInfo>();
    qRegisterMetaType<EncodeResult>();
    qRegisterMetaType<DecodeResult>();
    qRegisterMetaType<InterpolateResult>();
    qRegisterMetaType<TraverseResult>();
    qRegisterMetaType<MapResult>();
    qRegisterMetaType<RequestKind>();
    qRegisterMetaType<ScoreResult>();
    qRegisterMetaType<TilesResult>();
    qRegisterMetaType<NeighboursResult>();
    qRegisterMetaType<DuplicatesResult>();
    qRegisterMetaType<LabelsResult>();

    worker_ = new InferenceWorker(pending_);  // no parent: it moves to thread_
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &InferenceWorker::encoded, this, &InferenceService::encoded);
    connect(worker_, &InferenceWorker::decoded, this, &InferenceService::decoded);
    connect(worker_, &InferenceWorker::interpolated, this, &InferenceService::interpolated);
    connect(worker_, &InferenceWorker::traversed, this, &InferenceService::traversed);
    connect(worker_, &InferenceWorker::mapped, this, &InferenceService::mapped);
    connect(worker_, &InferenceWorker::scored, this, &InferenceService::scored);
    connect(worker_, &InferenceWorker::tiled, this, &InferenceService::tiled);
    connect(worker_, &InferenceWorker::neighboursFound, this, &InferenceService::neighboursFound);
    connect(worker_, &InferenceWorker::duplicatesFound, this, &InferenceService::duplicatesFound);
    connect(worker_, &InferenceWorker::labelsRanked, this, &InferenceService::labelsRanked);
    connect(worker_, &InferenceWorker::progress, this, &InferenceService::progress);
    connect(worker_, &InferenceWorker::failed, this, &InferenceService::failed);
    thread_.setObjectName(QStringLiteral("InferenceService"));
    thread_.start();
}

InferenceService::~InferenceService() {
    pending_->shuttingDown.store(true);
    thread_.quit();
    thread_.wait();
}

void InferenceService::setSnapshot(const SnapshotHandle& snapshot) {
    {
        const std::lock_guard<std::mutex> lock(pending_->mutex);
        pending_->snapshot = snapshot;
    }
    current_ = describe(snapshot);
    Q_EMIT snapshotChanged(current_);
}

void InferenceService::setDataset(const LoadedDataset& dataset) {
    dataset_ = dataset;
    const std::lock_guard<std::mutex> lock(pending_->mutex);
    pending_->dataset = dataset;
}

void InferenceService::setTrainingActive(bool active) {
    const std::lock_guard<std::mutex> lock(pending_->mutex);
    pending_->training = active;
}

template <typename Request>
quint64 InferenceService::post(RequestKind kind, std::map<quintptr, Request> PendingRequests::*slot, Request request) {
    const quint64 id = ++nextId_;
    request.id = id;
    bool schedule = false;
    {
        const std::lock_guard<std::mutex> lock(pending_->mutex);
        pending_->newest[{kind, request.client}] = id;
        // Replaces the client's waiting one of this kind.
        ((*pending_).*slot)[request.client] = std::move(request);
        schedule = !pending_->suspended && !std::exchange(pending_->scheduled, true);
    }
    if (schedule) {
        InferenceWorker* worker = worker_;
        QMetaObject::invokeMethod(worker_, [worker] { worker->process(); }, Qt::QueuedConnection);
    }
    return id;
}

quint64 InferenceService::encode(EncodeRequest request) {
    return post(RequestKind::Encode, &PendingRequests::encode, std::move(request));
}
quint64 InferenceService::decode(DecodeRequest request) {
    return post(RequestKind::Decode, &PendingRequests::decode, std::move(request));
}
quint64 InferenceService::interpolate(InterpolateRequest request) {
    return post(RequestKind::Interpolate, &PendingRequests::interpolate, std::move(request));
}
quint64 InferenceService::traverse(TraverseRequest request) {
    return post(RequestKind::Traverse, &PendingRequests::traverse, std::move(request));
}
quint64 InferenceService::map(MapRequest request) {
    return post(RequestKind::Map, &PendingRequests::map, std::move(request));
}

quint64 InferenceService::score(ScoreRequest request) {
    return post(RequestKind::Score, &PendingRequests::score, std::move(request));
}
quint64 InferenceService::tiles(TilesRequest request) {
    return post(RequestKind::Tiles, &PendingRequests::tiles, std::move(request));
}
quint64 InferenceService::neighbours(NeighboursRequest request) {
    return post(RequestKind::Neighbours, &PendingRequests::neighbours, std::move(request));
}
quint64 InferenceService::duplicates(DuplicatesRequest request) {
    return post(RequestKind::Duplicates, &PendingRequests::duplicates, std::move(request));
}
quint64 InferenceService::labels(LabelsRequest request) {
    return post(RequestKind::Labels, &PendingRequests::labels, std::move(request));
}

void InferenceService::cancel(RequestKind kind) {
    const std::lock_guard<std::mutex> lock(pending_->mutex);
    switch (kind) {
        case RequestKind::Encode: pending_->encode.clear(); break;
        case RequestKind::Decode: pending_->decode.clear(); break;
        case RequestKind::Interpolate: pending_->interpolate.clear(); break;
        case RequestKind::Traverse: pending_->traverse.clear(); break;
        case RequestKind::Map: pending_->map.clear(); break;
        case RequestKind::Score: pending_->score.clear(); break;
        case RequestKind::Tiles: pending_->tiles.clear(); break;
        case RequestKind::Neighbours: pending_->neighbours.clear(); break;
        case RequestKind::Duplicates: pending_->duplicates.clear(); break;
        case RequestKind::Labels: pending_->labels.clear(); break;
        case RequestKind::Count: return;
    }
    // A map in progress is no longer its client's newest: it stops between batches.
    for (auto& [key, id] : pending_->newest)
        if (key.first == kind) id = 0;
}

void InferenceService::askForFresherWeights() { Q_EMIT fresherWeightsWanted(); }

void InferenceService::suspend() {
    const std::lock_guard<std::mutex> lock(pending_->mutex);
    pending_->suspended = true;
}

void InferenceService::resume() {
    {
        const std::lock_guard<std::mutex> lock(pending_->mutex);
        pending_->suspended = false;
        if (std::exchange(pending_->scheduled, true)) return;
    }
    InferenceWorker* worker = worker_;
    QMetaObject::invokeMethod(worker_, [worker] { worker->process(); }, Qt::QueuedConnection);
}

}  // namespace latentlab
