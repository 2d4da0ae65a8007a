#pragma once

#include "app/inference/score_table.h"
#include "ui/widgets/request_ticket.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;

namespace latentlab {

class ImageGallery;
class InferenceService;

// Suspicious labels: images whose nearest neighbours in latent space mostly
// carry another class than their own (folder's), most disagreeing first.
class LabelsView : public QWidget {
    Q_OBJECT

public:
    LabelsView(InferenceService* service, QWidget* parent);

    void setTable(const ScoreTable* table);
    void rank();
    const LabelsResult& result() const { return result_; }
    ImageGallery* gallery() const { return gallery_; }

Q_SIGNALS:
    void ranked();

private:
    void onRanked(const LabelsResult& result);
    QString csvText() const;

    InferenceService* service_;
    const ScoreTable* table_ = nullptr;
    RequestTicket ticket_;
    LabelsResult result_;
    QPushButton* rankButton_;
    QSpinBox* k_;
    QLabel* summary_;
    ImageGallery* gallery_;
};

}  // namespace latentlab
