#include "ui/thumbnail_model.h"

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
    cache_.clear();
    endResetModel();
}

void ThumbnailModel::setSplit(Split split) {
    if (split == split_) return;
    beginResetModel();
    split_ = split;
    cache_.clear();
    endResetModel();
}

int ThumbnailModel::rowCount(const QModelIndex& parent) const {
    // A list model has no children; the count is capped at what a view can index.
    if (parent.isValid()) return 0;
    return static_cast<int>(std::min<qint64>(dataset_.count(split_), std::numeric_limits<int>::max()));
}

QVariant ThumbnailModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    switch (role) {
        case Qt::DecorationRole:
            return thumbnail(index.row());
        case Qt::ToolTipRole:
            return toolTip(index.row());
        case Qt::AccessibleTextRole:
            return dataset_.className(split_, index.row());
        default:
            return {};
    }
}

QPixmap ThumbnailModel::thumbnail(int row) const {
    if (const QPixmap* cached = cache_.object(row)) return *cached;
    const QImage image = dataset_.image(split_, row);
    if (image.isNull()) return {};
    const bool enlarge = thumbnailSize_.width() > image.width();
    const QImage scaled = image.scaled(thumbnailSize_, Qt::KeepAspectRatio,
                                       enlarge ? Qt::FastTransformation : Qt::SmoothTransformation);
    auto* pixmap = new QPixmap(QPixmap::fromImage(scaled));
    const QPixmap result = *pixmap;
    cache_.insert(row, pixmap);  // the cache owns it from here
    return result;
}

QString ThumbnailModel::toolTip(int row) const {
    const QString splitName = split_ == Split::Train ? tr("Train") : tr("Test");
    QString text = tr("%1\n%2 image %3 of %4")
                       .arg(dataset_.className(split_, row), splitName, QLocale().toString(row + 1),
                            QLocale().toString(dataset_.count(split_)));
    const QString path = dataset_.sourcePath(split_, row);
    if (!path.isEmpty()) text += QLatin1Char('\n') + path;
    return text;
}

}  // namespace latentlab
