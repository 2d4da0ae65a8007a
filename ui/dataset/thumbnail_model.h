#pragma once

#include "app/workspace/loaded_dataset.h"

#include <QAbstractListModel>
#include <QCache>
#include <QPixmap>
#include <QSize>
#include <QVector>

namespace latentlab {

// The images of one split of a LoadedDataset as a list of thumbnails: all of
// them in order, or a subset in an order of the caller's (setIndices). A
// thumbnail is converted and scaled the first time a view asks for it, and a
// bounded number of them is kept, so a 70,000-image set costs little memory.
class ThumbnailModel : public QAbstractListModel {
    Q_OBJECT

public:
    explicit ThumbnailModel(QObject* parent = nullptr);

    // Both show every image of the split again.
    void setDataset(const LoadedDataset& dataset);
    void setSplit(Split split);
    Split split() const { return split_; }

    // Shows only these images of the split, in this order (indices out of
    // range are left out); showAll() goes back to every image.
    void setIndices(const QVector<qint64>& indices);
    void showAll();
    bool showsAll() const { return showsAll_; }
    // The image of the split that `row` shows; -1 for a row out of range.
    qint64 datasetIndex(int row) const;

    // Side of the square every thumbnail fits in, chosen from the image size.
    QSize thumbnailSize() const { return thumbnailSize_; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    QPixmap thumbnail(qint64 image) const;
    QString toolTip(qint64 image) const;

    LoadedDataset dataset_;
    Split split_ = Split::Train;
    bool showsAll_ = true;
    QVector<qint64> indices_;  // when !showsAll_
    QSize thumbnailSize_;
    // By image of the split, so a new order reuses them. Filled from data(),
    // which is const; holds at most kCacheSize pixmaps.
    mutable QCache<qint64, QPixmap> cache_;
};

}  // namespace latentlab
