#pragma once

// Loads a data set on a worker thread. Included by ui/, so free of LibTorch.

#include "app/workspace/loaded_dataset.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

namespace latentlab {

class DatasetLoadWorker;

// Controller of the loading thread (Qt's worker-object pattern). One load is
// current at a time: a new load() or cancel() abandons the running one, whose
// result is then never emitted.
class DatasetLoader : public QObject {
    Q_OBJECT

public:
    explicit DatasetLoader(QObject* parent = nullptr);
    ~DatasetLoader() override;

    // `spec` is a folder or "fashion-mnist"; `size` (pixels per side) and
    // `channels` (1 or 3) apply to folders only.
    void load(const QString& spec, int size, int channels);
    void cancel();
    bool isLoading() const { return loading_; }

    // The spec that names the built-in Fashion-MNIST rather than a folder.
    static QString fashionMnistSpec() { return QStringLiteral("fashion-mnist"); }

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    void loaded(latentlab::LoadedDataset dataset);
    void failed(QString message);
    // Emitted by cancel() itself, at once, when a load was running.
    void canceled();

private:
    void onWorkerProgress(quint64 request, qint64 done, qint64 total);
    void onWorkerLoaded(quint64 request, latentlab::LoadedDataset dataset);
    void onWorkerFailed(quint64 request, QString message);

    QThread thread_;
    DatasetLoadWorker* worker_ = nullptr;  // lives in thread_, freed by thread_.finished
    // Each request gets its own flag, so abandoning one never stops the next.
    std::shared_ptr<std::atomic<bool>> cancel_;
    quint64 request_ = 0;
    bool loading_ = false;
};

}  // namespace latentlab
