#pragma once

#include "app/inference/score_table.h"
#include "model/inspect/bag_scores.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace latentlab {

class ImageGallery;
class InferenceService;

// The multiple-instance view: every subfolder (or every class) is a bag,
// scored by aggregating its images' scores (mean, max or top-k mean) with a
// mask that leaves chosen images out; bags ranked, and a bag opens its
// images below, most unusual first.
class BagsView : public QWidget {
    Q_OBJECT

public:
    BagsView(InferenceService* service, QWidget* parent);

    void setTable(const ScoreTable* table);
    void setGrouping(bool byFolder);
    void setAggregate(BagAggregate how, int k);
    void setScore(ScoreKind kind);
    void openBag(int rank);
    // Leaves the gallery's selected images out of every bag; includeAll() undoes it.
    void leaveSelectedOut();
    void includeAll();

    const std::vector<Bag>& bags() const { return bags_; }
    const std::vector<BagScore>& ranking() const { return ranking_; }
    const std::vector<bool>& mask() const { return mask_; }
    QTableWidget* table() const { return list_; }
    ImageGallery* gallery() const { return gallery_; }

private:
    void rebuildBags();
    void rank();
    QString csvText() const;

    const ScoreTable* table_ = nullptr;
    std::vector<Bag> bags_;
    std::vector<BagScore> ranking_;
    std::vector<bool> mask_;
    int open_ = -1;  // the bag shown below, an index into bags_
    QComboBox* grouping_;
    QComboBox* aggregate_;
    QSpinBox* k_;
    QComboBox* score_;
    QPushButton* leaveOut_;
    QPushButton* includeAll_;
    QLabel* summary_;
    QTableWidget* list_;
    ImageGallery* gallery_;
};

}  // namespace latentlab
