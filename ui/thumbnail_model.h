#pragma once

#include "app/loaded_dataset.h"

#include <QAbstractListModel>
#include <QCache>
#include <QPixmap>
#include <QSize>

namespace latentlab {

// The images of one split of a LoadedDataset as a list of thumbnails. A
// thumbnail is converted and scaled the first time a view asks for it, and a
// bounded number of them is kept, so a 70,000-image set costs little memory.
class ThumbnailModel : public QAbstractListModel {
    Q_OBJECT

public:
    explicit ThumbnailModel(QObject* parent = nullptr);

    void setDataset(const LoadedDataset& dataset);
    void setSplit(Split split);
    Split split() const { return split_; }

    // Side of the square every thumbnail fits in, chosen from the image size.
    QSize thumbnailSize() const { return thumbnailSize_; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    QPixmap thumbnail(int row) const;
    QString toolTip(int row) const;

    LoadedDataset dataset_;
    Split split_ = Split::Train;
    QSize thumbnailSize_;
    // Filled from data(), which is const; holds at most kCacheSize pixmaps.
    mutable QCache<int, QPixmap> cache_;
};

}  // namespace latentlab
