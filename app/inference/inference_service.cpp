#include "app/inference/inference_service.h"

#include "app/inference/inference_worker.h"
#include "app/inference/request_table.h"
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
    qRegisterMetaType<MapProjection>();
    qRegisterMetaType<ScoreResult>();
    qRegisterMetaType<TilesResult>();
    qRegisterMetaType<NeighboursResult>();
    qRegisterMetaType<DuplicatesResult>();
    qRegisterMetaType<LabelsResult>();

    worker_ = new InferenceWorker(pending_);  // no parent: it moves to thread_
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &InferenceWorker::progress, this, &InferenceService::progress);
    connect(worker_, &InferenceWorker::failed, this, &InferenceService::failed);
    connect(worker_, &InferenceWorker::mapUpdated, this, &InferenceService::mapped);
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
quint64 InferenceService::post(Request request) {
    using Entry = RequestEntry<Request>;
    const quint64 id = ++nextId_;
    request.id = id;
    const std::pair<RequestKind, quintptr> key{Entry::kind, request.client};
    PendingRequest waiting;
    waiting.id = id;
    // Runs on the worker's thread; the answer is emitted on this object's.
    // The service outlives every answer: its destructor waits for the thread.
    waiting.answer = [this, request = std::move(request)](InferenceWorker& worker) {
        auto result = worker.answer(request);
        if (!result) return;  // replaced by a newer request, or cancelled
        InferenceService* service = this;
        QMetaObject::invokeMethod(
            this, [service, result = std::move(*result)] { Q_EMIT(service->*Entry::answered)(result); },
            Qt::QueuedConnection);
    };
    bool schedule = false;
    {
        const std::lock_guard<std::mutex> lock(pending_->mutex);
        pending_->newest[key] = id;
        // Replaces the client's waiting one of this kind.
        pending_->waiting[key] = std::move(waiting);
        schedule = !pending_->suspended && !std::exchange(pending_->scheduled, true);
    }
    if (schedule) {
        InferenceWorker* worker = worker_;
        QMetaObject::invokeMethod(worker_, [worker] { worker->process(); }, Qt::QueuedConnection);
    }
    return id;
}

quint64 InferenceService::encode(EncodeRequest request) { return post(std::move(request)); }
quint64 InferenceService::decode(DecodeRequest request) { return post(std::move(request)); }
quint64 InferenceService::interpolate(InterpolateRequest request) { return post(std::move(request)); }
quint64 InferenceService::traverse(TraverseRequest request) { return post(std::move(request)); }
quint64 InferenceService::map(MapRequest request) { return post(std::move(request)); }
quint64 InferenceService::score(ScoreRequest request) { return post(std::move(request)); }
quint64 InferenceService::tiles(TilesRequest request) { return post(std::move(request)); }
quint64 InferenceService::neighbours(NeighboursRequest request) { return post(std::move(request)); }
quint64 InferenceService::duplicates(DuplicatesRequest request) { return post(std::move(request)); }
quint64 InferenceService::labels(LabelsRequest request) { return post(std::move(request)); }

void InferenceService::cancel(RequestKind kind) {
    const std::lock_guard<std::mutex> lock(pending_->mutex);
    auto& waiting = pending_->waiting;
    for (auto it = waiting.begin(); it != waiting.end();) it = it->first.first == kind ? waiting.erase(it) : std::next(it);
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
