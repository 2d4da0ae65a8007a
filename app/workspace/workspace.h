#pragma once

// What the window works on, below its widgets: the data set loaded, the one
// training thread, the run the Training tab shows (RunSession) and the decoder
// comparisons (ComparisonController). Widget-free, so tests drive it without a
// window; the views show what it holds and send it the user's intent.
// Included by ui/, so free of LibTorch.

#include "app/workspace/comparison_signals.h"
#include "app/workspace/loaded_dataset.h"

#include <QObject>
#include <QString>

namespace latentlab {

class ComparisonController;
class DatasetLoader;
class RunSession;
class TrainingThread;

class Workspace : public QObject {
    Q_OBJECT

public:
    explicit Workspace(QObject* parent = nullptr);
    // Stops whatever trains and waits for it.
    ~Workspace() override;

    // Loads `spec` (a folder or DatasetLoader::fashionMnistSpec(); `size` and
    // `channels` apply to folders) off the GUI thread; datasetChanged()
    // follows. A failed or canceled load keeps the data set loaded before.
    void load(const QString& spec, int size, int channels);
    void cancelLoad();
    bool isLoading() const;
    // The loader, for its progress, failed and canceled signals.
    DatasetLoader* loader() const { return loader_; }
    const LoadedDataset& dataset() const { return dataset_; }
    // The spec of the data set loaded; empty before the first load.
    QString datasetSpec() const { return spec_; }

    // The run of the Training tab, trained on the training thread.
    RunSession* session() const { return session_; }
    // Decoder comparisons, on the same thread.
    ComparisonController* comparisons() const { return comparisons_; }
    // Starts a comparison on the loaded data set. False, with the reason,
    // while a run or another comparison trains, or with no data set.
    bool startComparison(const ComparisonRequest& request, QString* problem = nullptr);

    // True while a run or a comparison trains.
    bool isTraining() const;
    // Why no other training may start now, as the window says it; empty
    // when one may.
    QString trainingBusyReason() const;

Q_SIGNALS:
    // A data set has loaded and is now the one everything trains on.
    void datasetChanged(QString spec);
    // A run or a comparison started, or ended.
    void trainingChanged();

private:
    TrainingThread* thread_;
    DatasetLoader* loader_;
    RunSession* session_;
    ComparisonController* comparisons_;
    LoadedDataset dataset_;
    QString spec_;
    QString pendingSpec_;  // of the load going on
};

}  // namespace latentlab
