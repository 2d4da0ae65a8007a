#include "ui/explore/explorer_pane.h"

#include "app/inference/inference_service.h"

namespace latentlab {

ExplorerPane::ExplorerPane(InferenceService* service, QWidget* parent) : QWidget(parent), service_(service) {
    connect(service_, &InferenceService::snapshotChanged, this, [this] {
        checkDataset();
        if (!options_.pinned) refresh();
    });
}

void ExplorerPane::setOptions(const ExplorerOptions& options) {
    options_ = options;
    refresh();
}

bool ExplorerPane::hasModel() const { return options_.pinned || service_->snapshot().isValid(); }

QString ExplorerPane::noModelText() const {
    return tr("No model yet: train a run for an epoch or open a saved run.");
}

void ExplorerPane::refresh() {
    if (!isVisible()) {
        stale_ = true;
        return;
    }
    stale_ = false;
    checkDataset();
    request();
}

void ExplorerPane::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    // The data set can arrive without a new snapshot (an opened run's).
    const bool datasetNew = !datasetSeen_ || dataset_.lock() != service_->dataset().sharedDataset();
    if (stale_ || datasetNew) refresh();
}

void ExplorerPane::checkDataset() {
    const LoadedDataset& dataset = service_->dataset();
    if (datasetSeen_ && dataset.sharedDataset() == dataset_.lock()) return;
    datasetSeen_ = true;
    dataset_ = dataset.sharedDataset();
    datasetChanged(dataset);
}

}  // namespace latentlab
