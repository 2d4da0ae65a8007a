#pragma once

#include "ui/explore/explorer_pane.h"

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace latentlab {

class ImageSlot;
class TraversalGrid;

// The Explore tab's Traversal: each latent dimension varied alone, from
// -range to +range prior standard deviations, around the origin or around
// an image's posterior mean; rows by test KL, largest first, collapsed ones
// faded. Exported as a PNG grid.
class TraversalView : public ExplorerPane {
    Q_OBJECT

public:
    TraversalView(InferenceService* service, QWidget* parent);

    TraversalGrid* grid() const { return grid_; }
    ImageSlot* imageSlot() const { return around_; }
    void setRange(double range);
    void setColumns(int columns);
    // Around the image of the slot, or the origin.
    void setAroundImage(bool aroundImage);
    const TraverseResult& result() const { return result_; }

    // The grid as a PNG (rows by columns, no labels); the error message,
    // empty when written.
    QString exportTo(const QString& path) const;

protected:
    void request() override;
    void datasetChanged(const LoadedDataset& dataset) override;

private:
    void onTraversed(const TraverseResult& result);
    void onFailed(RequestKind kind, quint64 id, const QString& message);
    void chooseExport();

    QRadioButton* origin_;
    QRadioButton* image_;
    ImageSlot* around_;
    QDoubleSpinBox* range_;
    QSpinBox* columns_;
    QPushButton* export_;
    TraversalGrid* grid_;
    QLabel* status_;
    TraverseResult result_;
    quint64 lastId_ = 0;
};

}  // namespace latentlab
