#pragma once

#include "app/inference/inference_requests.h"
#include "app/workspace/loaded_dataset.h"

#include <QWidget>

namespace latentlab {

class InferenceService;

// What the Explore tab's top bar decides for every view under it.
struct ExplorerOptions {
    SnapshotHandle pinned;  // empty: follow the newest snapshot
    DecodedImage show = DecodedImage::Mean;

    // `client`: the asking view, whose newest request of a kind replaces
    // only its own waiting one.
    void applyTo(RequestBase& request, const QObject* client) const {
        request.pinned = pinned;
        request.show = show;
        request.client = reinterpret_cast<quintptr>(client);
    }
};

// A view of the Explore tab: it asks the inference service and redraws from
// the answers. Asks again when the bar's options change or, following the
// newest snapshot, when a new one arrives; while hidden it only notes that
// it must ask when shown, so a training run is not slowed by views nobody
// sees.
class ExplorerPane : public QWidget {
    Q_OBJECT

public:
    ExplorerPane(InferenceService* service, QWidget* parent);

    void setOptions(const ExplorerOptions& options);
    const ExplorerOptions& options() const { return options_; }

protected:
    InferenceService* service() const { return service_; }
    // True when a request has a model to go to (pinned or the newest).
    bool hasModel() const;
    // What the view shows without a model.
    QString noModelText() const;
    // Asks now when shown, else when next shown.
    void refresh();
    // Sends the view's request (its options applied); called by refresh().
    virtual void request() = 0;
    // The service's data set changed (e.g. a run's data set was loaded).
    virtual void datasetChanged(const LoadedDataset& dataset) = 0;

    void showEvent(QShowEvent* event) override;

private:
    void checkDataset();

    InferenceService* service_;
    ExplorerOptions options_;
    std::weak_ptr<const void> dataset_;  // the last data set seen, not kept alive
    bool datasetSeen_ = false;
    bool stale_ = true;
};

}  // namespace latentlab
