#pragma once

#include "app/inference/score_table.h"
#include "ui/widgets/request_ticket.h"

#include <QWidget>

class QLabel;
class QSpinBox;

namespace latentlab {

class ImageDetail;
class ImageGallery;
class InferenceService;

// For a chosen image, its k nearest images by the distance of their
// posterior means (exact search), nearest first; clicking a neighbour
// chooses it in turn.
class NeighboursView : public QWidget {
    Q_OBJECT

public:
    NeighboursView(InferenceService* service, QWidget* parent);

    void setTable(const ScoreTable* table);
    void showFor(int row);
    int chosenRow() const { return chosen_; }
    const NeighboursResult& result() const { return result_; }
    ImageGallery* gallery() const { return gallery_; }
    QString csvText() const;

Q_SIGNALS:
    void found();

private:
    void request();
    void onFound(const NeighboursResult& result);

    InferenceService* service_;
    const ScoreTable* table_ = nullptr;
    int chosen_ = -1;
    NeighboursResult result_;
    RequestTicket ticket_;
    QSpinBox* k_;
    QLabel* title_;
    ImageGallery* gallery_;
    ImageDetail* detail_;
};

}  // namespace latentlab
