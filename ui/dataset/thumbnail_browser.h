#pragma once

#include "app/workspace/loaded_dataset.h"

#include <QVector>
#include <QWidget>

class QLabel;
class QListView;
class QTabBar;

namespace latentlab {

class ThumbnailModel;

// A scrollable grid of a data set's thumbnails, with a tab for each split
// and the class and file of each image as its tooltip. It shows every image
// of the split, the images of one class, or an order or subset that another
// view gives it (e.g. the worst reconstructed first); a label above the grid
// says when it is not all of them.
class ThumbnailBrowser : public QWidget {
    Q_OBJECT

public:
    explicit ThumbnailBrowser(QWidget* parent = nullptr);

    // Shows every image of the split on the current tab; the class filter
    // and any indices are dropped.
    void setDataset(const LoadedDataset& dataset);
    ThumbnailModel* model() const { return model_; }

    Split split() const;
    void setSplit(Split split);

    // Only the images of class `label` (an index into classNames()), in the
    // current split and in the other when its tab is chosen; -1 shows all.
    void setClassFilter(int label);
    int classFilter() const { return classFilter_; }

    // These images of the current split, in this order, with `description`
    // above them ("The 100 worst reconstructed"). Another split, a class
    // filter or showAll() goes back to all of them.
    void setIndices(const QVector<qint64>& indices, const QString& description);
    void showAll();

Q_SIGNALS:
    void classFilterChanged(int label);

private:
    void applyFilter();
    void updateTabs();
    void showFilterText(const QString& text);

    ThumbnailModel* model_;
    LoadedDataset dataset_;
    int classFilter_ = -1;
    QWidget* header_;
    QTabBar* splitTabs_;
    QLabel* filterLabel_;
    QListView* view_;
};

}  // namespace latentlab
