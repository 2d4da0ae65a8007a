#pragma once

// Opens a saved run on a worker thread. Included by ui/, so free of LibTorch.

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>
#include <QVector>

#include "app/inference/inference_requests.h"
#include "app/workspace/loaded_dataset.h"
#include "app/workspace/training_signals.h"
#include "model/base/run_config.h"

namespace latentlab {

class RunLoadWorker;

// What a run folder holds, as the training view shows it.
struct LoadedRun {
    QString folder;
    RunConfig config;  // of the checkpoint; train.epochs from config.json, the length asked for
    qint64 step = 0;   // steps trained
    QVector<EpochStats> epochs;
    QVector<StepStats> steps;  // from steps.csv; empty when it is missing
    QVector<SettingChange> changes;
    QString stepsProblem;  // why steps.csv could not be read; empty when it was
    QString deviceNotice;  // e.g. CUDA asked for but not available
    SnapshotHandle snapshot;  // the saved model, for the views
};

// Controller of the run-loading thread (Qt's worker-object pattern). One
// request is current at a time: a new one abandons the previous one, whose
// result is then never emitted.
class RunLoader : public QObject {
    Q_OBJECT

public:
    explicit RunLoader(QObject* parent = nullptr);
    ~RunLoader() override;

    // Reads the checkpoint, config.json and steps.csv of `folder`.
    void open(const QString& folder);
    // Reloads the model of `folder` and computes its previews on `dataset`
    // (the run's test images).
    void makePreviews(const QString& folder, const LoadedDataset& dataset);
    bool isBusy() const { return busy_; }

Q_SIGNALS:
    void opened(latentlab::LoadedRun run);
    void previewsReady(QString folder, latentlab::PreviewImages previews);
    void failed(QString message);

private:
    void onOpened(quint64 request, latentlab::LoadedRun run);
    void onPreviews(quint64 request, QString folder, latentlab::PreviewImages previews);
    void onFailed(quint64 request, QString message);

    QThread thread_;
    RunLoadWorker* worker_ = nullptr;  // lives in thread_, freed by thread_.finished
    quint64 request_ = 0;
    bool busy_ = false;
};

}  // namespace latentlab

Q_DECLARE_METATYPE(latentlab::LoadedRun)
