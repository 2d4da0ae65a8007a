#pragma once

#include "app/inference/score_table.h"

#include <QSet>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

namespace latentlab {

class ImageDetail;
class ImageGallery;
class InferenceService;

// The Inspect tab's gallery of the most unusual images first: sorted by any
// score either way, filtered by class, split and the latent map's selected
// area; a click shows the image at full size beside the gallery.
class OutliersView : public QWidget {
    Q_OBJECT

public:
    OutliersView(InferenceService* service, QWidget* parent);

    void setTable(const ScoreTable* table);
    // Only these test images (the map's rectangle); an empty set with
    // `active` false shows every image again.
    void setMapFilter(const QSet<qint64>& testIndexes, bool active);
    // Shows `rows` only (a bag's instances); an empty title goes back to all images.
    void showOnly(const QVector<int>& rows, const QString& title);

    void setSort(ScoreKind kind, bool ascending);
    void setClassFilter(int label);
    void setSplitFilter(int split);  // -1 both, 0 training, 1 test

    ImageGallery* gallery() const { return gallery_; }
    ImageDetail* detail() const { return detail_; }

Q_SIGNALS:
    // The image clicked (its row), for the latent map's highlight.
    void currentChanged(int row);
    void neighboursWanted(int row);

protected:
    void showEvent(QShowEvent* event) override;

private:
    // The class filter's entries, after "All classes"; the class chosen
    // stays chosen when the new names have it.
    void setClassNames(const QStringList& names);
    void rebuild();
    void showCurrent();

    InferenceService* service_;
    const ScoreTable* table_ = nullptr;
    RowFilter filter_;
    QVector<int> only_;
    bool onlyActive_ = false;
    QComboBox* sortBox_;
    QComboBox* orderBox_;
    QComboBox* classBox_;
    QComboBox* splitBox_;
    QLabel* scope_;
    QPushButton* clearScope_;
    ImageGallery* gallery_;
    ImageDetail* detail_;
};

}  // namespace latentlab
