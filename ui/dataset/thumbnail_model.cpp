#include "ui/dataset/thumbnail_model.h"

#include <QImage>
#include <QLocale>

#include <algorithm>
#include <limits>

namespace latentlab {

namespace {

// Thumbnails are about this many pixels per side. Small images are enlarged
// by a whole factor, so that pixels stay square and sharp.
constexpr int kTargetSide = 64;
// About 30 MB of 64x64 pixmaps: several screens of thumbnails.
constexpr int kCacheSize = 2000;

QSize thumbnailSizeFor(int width, int height) {
    const int side = std::max(width, height);
    if (side <= 0) return QSize(kTargetSide, kTargetSide);
    if (side < kTargetSide) {
        const int factor = std::max(1, kTargetSide / side);
        return QSize(width * factor, height * factor);
    }
    return QSize(width, height).scaled(kTargetSide, kTargetSide, Qt::KeepAspectRatio);
}

}  // namespace

ThumbnailModel::ThumbnailModel(QObject* parent)
    : QAbstractListModel(parent), thumbnailSize_(kTargetSide, kTargetSide), cache_(kCacheSize) {}

void ThumbnailModel::setDataset(const LoadedDataset& dataset) {
    beginResetModel();
    dataset_ = dataset;
    thumbnailSize_ = thumbnailSizeFor(dataset.width(), dataset.height());
    showsAll_ = true;
    indices_.clear();
    cache_.clear();
    endResetModel();
}

void ThumbnailModel::setSplit(Split split) {
    if (split == split_ && showsAll_) return;
    beginResetModel();
    split_ = split;
    showsAll_ = true;
    indices_.clear();
    cache_.clear();
    endResetModel();
}

void ThumbnailModel::setIndices(const QVector<qint64>& indices) {
    beginResetModel();
    const qint64 count = dataset_.count(split_);
    indices_.clear();
    for (qint64 index : indices)
        if (index >= 0 && index < count) indices_.append(index);
    showsAll_ = false;
    endResetModel();
}

void ThumbnailModel::showAll() {
    if (showsAll_) return;
    beginResetModel();
    showsAll_ = true;
    indices_.clear();
    endResetModel();
}

qint64 ThumbnailModel::datasetIndex(int row) const {
    if (row < 0 || row >= rowCount()) return -1;
    return showsAll_ ? row : indices_.at(row);
}

int ThumbnailModel::rowCount(const QModelIndex& parent) const {
    // A list model has no children; the count is capped at what a view can index.
    if (parent.isValid()) return 0;
    const qint64 count = showsAll_ ? dataset_.count(split_) : indices_.size();
    return static_cast<int>(std::min<qint64>(count, std::numeric_limits<int>::max()));
}

QVariant ThumbnailModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const qint64 image = datasetIndex(index.row());
    switch (role) {
        case Qt::DecorationRole:
            return thumbnail(image);
        case Qt::ToolTipRole:
            return toolTip(image);
        case Qt::AccessibleTextRole:
            return dataset_.className(split_, image);
        default:
            return {};
    }
}

QPixmap ThumbnailModel::thumbnail(qint64 image) const {
    if (const QPixmap* cached = cache_.object(image)) return *cached;
    const QImage source = dataset_.image(split_, image);
    if (source.isNull()) return {};
    const bool enlarge = thumbnailSize_.width() > source.width();
    const QImage scaled = source.scaled(thumbnailSize_, Qt::KeepAspectRatio,
                                        enlarge ? Qt::FastTransformation : Qt::SmoothTransformation);
    auto* pixmap = new QPixmap(QPixmap::fromImage(scaled));
    const QPixmap result = *pixmap;
    cache_.insert(image, pixmap);  // the cache owns it from here
    return result;
}

QString ThumbnailModel::toolTip(qint64 image) const {
    const QString splitName = split_ == Split::Train ? tr("Train") : tr("Test");
    QString text = tr("%1\n%2 image %3 of %4")
                       .arg(dataset_.className(split_, image), splitName, QLocale().toString(image + 1),
                            QLocale().toString(dataset_.count(split_)));
    const QString path = dataset_.sourcePath(split_, image);
    if (!path.isEmpty()) text += QLatin1Char('\n') + path;
    return text;
}

}  // namespace latentlab
