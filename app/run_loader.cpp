#include "app/run_loader.h"

#include <QDir>
#include <algorithm>
#include <exception>
#include <new>

#include "app/run_folder.h"
#include "app/run_previews.h"
#include "model/dataset.h"
#include "model/error.h"
#include "model/trainer.h"

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
};

template <typename Work>
void RunLoadWorker::guarded(quint64 request, const Work& work) {
    QString error;
    try {
        work();
        return;
    } catch (const Error& e) {
        error = QString::fromStdString(e.what());
    } catch (const c10::Error& e) {
        error = tr("Unexpected error while opening the run: %1")
                    .arg(QString::fromStdString(e.what_without_backtrace()));
    } catch (const std::bad_alloc&) {
        error = tr("Not enough memory to open the run.");
    } catch (const std::exception& e) {
        error = tr("Unexpected error while opening the run: %1").arg(QString::fromStdString(e.what()));
    }
    Q_EMIT failed(request, error);
}

void RunLoadWorker::open(quint64 request, const QString& folder) {
    guarded(request, [&] {
        const RunFolder files(folder);
        if (!files.hasCheckpoint())
            throw Error(QDir::toNativeSeparators(folder).toStdString() +
                        " holds no checkpoint.pt: it is not a run folder");
        // On the CPU: only the history and the settings are read here.
        const std::unique_ptr<Trainer> trainer = Trainer::load(files.checkpointPath().toStdString(), "cpu");

        LoadedRun run;
        run.folder = folder;
        run.config = trainer->config();
        run.step = trainer->step();
        // Loaded on the CPU, so the device setting comes from config.json,
        // as does the length asked for, which a continued run may have raised.
        RunConfig saved;
        const bool haveSaved = files.readConfig(&saved);
        run.config.train.device = haveSaved ? saved.train.device : RunConfig().train.device;
        run.config.train.epochs =
            std::max<qint64>({haveSaved ? saved.train.epochs : 0, run.config.train.epochs, trainer->epoch()});
        for (const EpochStats& epoch : trainer->history())
            run.epochs.append(toEpochReport(epoch, run.config.train.epochs));
        for (const SettingChange& change : trainer->setting_changes())
            run.changes.append({change.step, QString::fromStdString(change.name), change.value});
        QVector<StepReport> steps;
        if (files.readSteps(&steps, &run.stepsProblem)) {
            // Those of an epoch abandoned after the checkpoint do not count.
            for (const StepReport& step : steps)
                if (step.step <= run.step) run.steps.append(step);
        }
        Q_EMIT opened(request, run);
    });
}

void RunLoadWorker::makePreviews(quint64 request, const QString& folder, const LoadedDataset& dataset) {
    guarded(request, [&] {
        const RunFolder files(folder);
        const std::unique_ptr<Trainer> trainer = Trainer::load(files.checkpointPath().toStdString(), "cpu");
        Q_EMIT previewsReady(request, folder, latentlab::makePreviews(*trainer, dataset.dataset()));
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
