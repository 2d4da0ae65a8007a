#include "app/workspace/dataset_loader.h"

#include "model/base/error.h"
#include "model/data/folder_scan.h"
#include "model/data/image_folder.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QStringList>

#include <exception>
#include <new>

namespace latentlab {

// Runs in DatasetLoader::thread_. Results carry the request number so that the
// controller can drop those of a load it has abandoned.
class DatasetLoadWorker : public QObject {
    Q_OBJECT

public:
    void load(quint64 request, const QString& spec, int size, int channels,
              const std::shared_ptr<std::atomic<bool>>& cancel);

Q_SIGNALS:
    void progress(quint64 request, qint64 done, qint64 total);
    void loaded(quint64 request, latentlab::LoadedDataset dataset);
    void failed(quint64 request, QString message);
};

void DatasetLoadWorker::load(quint64 request, const QString& spec, int size, int channels,
                             const std::shared_ptr<std::atomic<bool>>& cancel) {
    // A request abandoned while it waited in the queue is not started at all.
    if (cancel->load()) return;

    ImageFolderOptions options;
    options.size = size;
    options.channels = channels;
    options.max_files = folder_files_limit();

    // The loader may report every file; the progress bar needs a few updates a
    // second, not 70,000 queued signals.
    QElapsedTimer sinceReport;
    sinceReport.start();
    bool reported = false;
    const LoadProgress report = [&](int64_t done, int64_t total) {
        if (reported && done < total && sinceReport.elapsed() < 50) return;
        reported = true;
        sinceReport.restart();
        Q_EMIT progress(request, done, total);
    };

    QString error;
    try {
        FolderLoadInfo info;
        auto dataset =
            std::make_shared<const Dataset>(open_dataset(spec.toStdString(), options, report, cancel.get(), &info));
        QStringList notes;
        if (const std::string note = resize_note(info.shape, info.size); !note.empty())
            notes << QString::fromStdString(note);
        if (!info.cache_damage.empty())
            notes << tr("Its cache file was damaged (%1), so the folder was decoded again.")
                         .arg(QString::fromStdString(info.cache_damage));
        if (info.resumed > 0)
            notes << tr("This load continued one that had stopped: %1 images had been decoded already.")
                         .arg(QLocale().toString(static_cast<qint64>(info.resumed)));
        // The summary is computed here, off the GUI thread.
        LoadedDataset handle(std::move(dataset), notes.join(QLatin1Char(' ')));
        if (!cancel->load()) Q_EMIT loaded(request, handle);
        return;
    } catch (...) {
        error = QString::fromStdString(user_message(std::current_exception(), "loading " + spec.toStdString()));
    }
    // A cancelled load ends in an exception too; that is not a failure to show.
    if (!cancel->load()) Q_EMIT failed(request, error);
}

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent) {
    qRegisterMetaType<LoadedDataset>();

    worker_ = new DatasetLoadWorker;  // no parent: it moves to thread_
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &DatasetLoadWorker::progress, this, &DatasetLoader::onWorkerProgress);
    connect(worker_, &DatasetLoadWorker::loaded, this, &DatasetLoader::onWorkerLoaded);
    connect(worker_, &DatasetLoadWorker::failed, this, &DatasetLoader::onWorkerFailed);
    thread_.setObjectName(QStringLiteral("DatasetLoader"));
    thread_.start();
}

DatasetLoader::~DatasetLoader() {
    // Stop a running load at its next check, then let the event loop end.
    if (cancel_) cancel_->store(true);
    thread_.quit();
    thread_.wait();
}

void DatasetLoader::load(const QString& spec, int size, int channels) {
    if (cancel_) cancel_->store(true);
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    const quint64 request = ++request_;
    loading_ = true;

    DatasetLoadWorker* worker = worker_;
    const std::shared_ptr<std::atomic<bool>> flag = cancel_;
    QMetaObject::invokeMethod(
        worker_,
        [worker, request, spec, size, channels, flag] { worker->load(request, spec, size, channels, flag); },
        Qt::QueuedConnection);
}

void DatasetLoader::cancel() {
    if (!loading_) return;
    cancel_->store(true);
    ++request_;  // whatever the abandoned load still emits is now ignored
    loading_ = false;
    Q_EMIT canceled();
}

void DatasetLoader::onWorkerProgress(quint64 request, qint64 done, qint64 total) {
    if (request == request_) Q_EMIT progress(done, total);
}

void DatasetLoader::onWorkerLoaded(quint64 request, LoadedDataset dataset) {
    if (request != request_) return;
    loading_ = false;
    Q_EMIT loaded(dataset);
}

void DatasetLoader::onWorkerFailed(quint64 request, QString message) {
    if (request != request_) return;
    loading_ = false;
    Q_EMIT failed(message);
}

}  // namespace latentlab

#include "dataset_loader.moc"
