#include "app/runs/run_loader.h"

#include <QDir>
#include <algorithm>
#include <exception>
#include <new>

#include "app/runs/run_folder.h"
#include "app/runs/run_previews.h"
#include "model/base/error.h"
#include "model/data/dataset.h"
#include "model/train/model_snapshot.h"

namespace latentlab {

// Runs in RunLoader::thread_. Results carry the request number so that the
// controller can drop those of a request it has abandoned.
class RunLoadWorker : public QObject {
    Q_OBJECT

public:
    void open(quint64 request, const QString& folder);
    void makePreviews(quint64 request, const QString& folder, const LoadedDataset& dataset);

Q_SIGNALS:
    void opened(quint64 request, latentlab::LoadedRun run);
    void previewsReady(quint64 request, QString folder, latentlab::PreviewImages previews);
    void failed(quint64 request, QString message);

private:
    // Runs `work`, turning its exceptions into failed().
    template <typename Work>
    void guarded(quint64 request, const Work& work);

    // The model of the last run opened, so its previews need no second read.
    SnapshotPtr snapshot_;
    QString snapshotFolder_;
};

template <typename Work>
void RunLoadWorker::guarded(quint64 request, const Work& work) {
    QString error;
    try {
        work();
        return;
    } catch (...) {
        error = QString::fromStdString(user_message(std::current_exception(), "opening the run"));
    }
    Q_EMIT failed(request, error);
}

void RunLoadWorker::open(quint64 request, const QString& folder) {
    guarded(request, [&] {
        const RunFolder files(folder);
        if (!files.hasCheckpoint())
            throw Error(QDir::toNativeSeparators(folder).toStdString() +
                        " holds no checkpoint.pt: it is not a run folder");
        // On the CPU: the model without its optimizer, kept for the previews.
        snapshot_ = load_snapshot(files.checkpointPath().toStdString(), "cpu");
        snapshotFolder_ = folder;

        LoadedRun run;
        run.folder = folder;
        run.config = snapshot_->config;
        run.step = snapshot_->step;
        // Loaded on the CPU, so the device setting comes from config.json,
        // as does the length asked for, which a continued run may have raised.
        RunConfig saved;
        const bool haveSaved = files.readConfig(&saved);
        run.config.train.device = haveSaved ? saved.train.device : RunConfig().train.device;
        run.config.train.epochs =
            std::max<qint64>({haveSaved ? saved.train.epochs : 0, run.config.train.epochs, snapshot_->epoch});
        // The views' "epoch 12 of 20" names the length asked for, too.
        auto lengthened = std::make_shared<ModelSnapshot>(*snapshot_);
        lengthened->config.train.epochs = run.config.train.epochs;
        snapshot_ = lengthened;
        run.snapshot = snapshot_;
        for (const EpochStats& epoch : snapshot_->history) run.epochs.append(epoch);
        for (const SettingChange& change : snapshot_->changes) run.changes.append(change);
        QVector<StepStats> steps;
        if (files.readSteps(&steps, &run.stepsProblem)) {
            // Those of an epoch abandoned after the checkpoint do not count.
            for (const StepStats& step : steps)
                if (step.step <= run.step) run.steps.append(step);
        }
        Q_EMIT opened(request, run);
    });
}

void RunLoadWorker::makePreviews(quint64 request, const QString& folder, const LoadedDataset& dataset) {
    guarded(request, [&] {
        if (!snapshot_ || snapshotFolder_ != folder) {
            snapshot_ = load_snapshot(RunFolder(folder).checkpointPath().toStdString(), "cpu");
            snapshotFolder_ = folder;
        }
        Q_EMIT previewsReady(request, folder, latentlab::makePreviews(*snapshot_, dataset.dataset()));
    });
}

RunLoader::RunLoader(QObject* parent) : QObject(parent) {
    qRegisterMetaType<LoadedRun>();
    qRegisterMetaType<LoadedDataset>();
    registerTrainingMetaTypes();

    worker_ = new RunLoadWorker;  // no parent: it moves to thread_
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &RunLoadWorker::opened, this, &RunLoader::onOpened);
    connect(worker_, &RunLoadWorker::previewsReady, this, &RunLoader::onPreviews);
    connect(worker_, &RunLoadWorker::failed, this, &RunLoader::onFailed);
    thread_.setObjectName(QStringLiteral("RunLoader"));
    thread_.start();
}

RunLoader::~RunLoader() {
    // A request in progress is short (one checkpoint and 32 images); let it end.
    thread_.quit();
    thread_.wait();
}

void RunLoader::open(const QString& folder) {
    const quint64 request = ++request_;
    busy_ = true;
    RunLoadWorker* worker = worker_;
    QMetaObject::invokeMethod(
        worker_, [worker, request, folder] { worker->open(request, folder); }, Qt::QueuedConnection);
}

void RunLoader::makePreviews(const QString& folder, const LoadedDataset& dataset) {
    if (dataset.isEmpty()) return;
    const quint64 request = ++request_;
    busy_ = true;
    RunLoadWorker* worker = worker_;
    QMetaObject::invokeMethod(
        worker_, [worker, request, folder, dataset] { worker->makePreviews(request, folder, dataset); },
        Qt::QueuedConnection);
}

void RunLoader::onOpened(quint64 request, LoadedRun run) {
    if (request != request_) return;
    busy_ = false;
    Q_EMIT opened(run);
}

void RunLoader::onPreviews(quint64 request, QString folder, PreviewImages previews) {
    if (request != request_) return;
    busy_ = false;
    Q_EMIT previewsReady(folder, previews);
}

void RunLoader::onFailed(quint64 request, QString message) {
    if (request != request_) return;
    busy_ = false;
    Q_EMIT failed(message);
}

}  // namespace latentlab

#include "run_loader.moc"
