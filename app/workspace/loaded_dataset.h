#pragma once

// A loaded data set as the widgets see it. This header is included by ui/, so
// it must stay free of LibTorch: the Dataset is only forward-declared.

#include <QImage>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>

namespace latentlab {

struct Dataset;

enum class Split { Train, Test };

struct SkippedFileInfo {
    QString path;
    QString reason;
};

// A cheap-to-copy, read-only handle on a shared Dataset. The summary (counts,
// class names, skipped files) is computed once when the handle is made, on the
// loading thread; images are converted to QImage only when asked for.
// A data set's spec (a folder or "fashion-mnist") as people read it:
// "Fashion-MNIST", or the folder's path with the platform's separators.
QString datasetDisplayName(const QString& spec);

class LoadedDataset {
public:
    LoadedDataset();  // an empty handle: no images, isEmpty() is true
    // `loadNote`: what the load has to say beside the data (a damaged cache
    // file decoded again, a stopped load continued); shown with the summary.
    explicit LoadedDataset(std::shared_ptr<const Dataset> dataset, QString loadNote = {});

    bool isEmpty() const;
    QString name() const;  // its spec
    QString displayName() const { return datasetDisplayName(name()); }

    qint64 count(Split split) const;
    int width() const;
    int height() const;
    int channels() const;

    QStringList classNames() const;
    QVector<qint64> classCounts(Split split) const;  // one entry per class name
    QVector<SkippedFileInfo> skipped() const;
    // Whether the pixels are read from the mapped folder cache file as they
    // are needed (a large folder) rather than held in memory, and their size.
    bool pixelsMapped() const;
    QString loadNote() const;
    qint64 pixelBytes() const;

    // A deep copy of one image: Format_Grayscale8 for one channel,
    // Format_RGB888 for three. A null QImage for an index out of range.
    QImage image(Split split, qint64 index) const;
    int label(Split split, qint64 index) const;  // -1 for an index out of range
    QString className(Split split, qint64 index) const;
    QString sourcePath(Split split, qint64 index) const;  // empty for IDX data

    // For app/ .cpp files that include model/data/dataset.h, such as the training
    // thread; the handle must not be empty.
    const Dataset& dataset() const;
    std::shared_ptr<const Dataset> sharedDataset() const;

private:
    struct Impl;
    std::shared_ptr<const Impl> d_;
};

}  // namespace latentlab

Q_DECLARE_METATYPE(latentlab::LoadedDataset)
