#pragma once

#include "app/inference/score_table.h"
#include "model/inspect/duplicate_groups.h"
#include "ui/widgets/request_ticket.h"

#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSlider;

namespace latentlab {

class ImageGallery;
class InferenceService;

// Near duplicates: pairs of images closer than a threshold in latent space,
// confirmed by their pixels, joined into groups. The service finds the
// candidates once, up to 0.2 x the codes' spread; the slider then regroups
// them below its threshold at once.
class DuplicatesView : public QWidget {
    Q_OBJECT

public:
    static constexpr int kSliderSteps = 100;

    DuplicatesView(InferenceService* service, QWidget* parent);

    void setTable(const ScoreTable* table);
    // Finds the candidate pairs (a long request: progress on the tab's bar).
    void find();
    // The slider as a share (0..1) of the candidates' latent threshold.
    void setThresholdShare(double share);
    double latentThreshold() const;
    const DuplicateGroups& groups() const { return groups_; }
    void showGroup(int index);
    QListWidget* groupList() const { return list_; }
    ImageGallery* gallery() const { return gallery_; }

Q_SIGNALS:
    void regrouped();

private:
    void onFound(const DuplicatesResult& result);
    void regroup();
    QString csvText() const;

    InferenceService* service_;
    const ScoreTable* table_ = nullptr;
    RequestTicket ticket_;
    DuplicatesResult result_;
    std::vector<DuplicatePair> pairs_;
    DuplicateGroups groups_;
    QPushButton* findButton_;
    QDoubleSpinBox* pixel_;
    QSlider* slider_;
    QLabel* summary_;
    QListWidget* list_;
    ImageGallery* gallery_;
};

}  // namespace latentlab
