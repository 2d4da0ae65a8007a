#include "app/workspace/loaded_dataset.h"

#include <QDir>

#include "app/inference/tensor_image.h"

#include "model/data/dataset.h"

#include <stdexcept>

namespace latentlab {

QString datasetDisplayName(const QString& spec) {
    return spec == QLatin1String("fashion-mnist") ? QStringLiteral("Fashion-MNIST") : QDir::toNativeSeparators(spec);
}

struct LoadedDataset::Impl {
    std::shared_ptr<const Dataset> dataset;
    QStringList classNames;
    QVector<qint64> trainCounts;
    QVector<qint64> testCounts;
    QVector<SkippedFileInfo> skipped;
    QString loadNote;

    const ImageSet& set(Split split) const { return split == Split::Train ? dataset->train : dataset->test; }
};

namespace {

QVector<qint64> countPerClass(const ImageSet& set, int classCount) {
    QVector<qint64> counts(classCount, 0);
    if (set.size() == 0) return counts;
    const torch::Tensor labels = set.labels.to(torch::kCPU, torch::kInt64);
    const auto label = labels.accessor<int64_t, 1>();
    for (int64_t i = 0; i < label.size(0); ++i) {
        // A label outside the class list would be a loader bug; count nothing
        // rather than index past the end.
        if (label[i] >= 0 && label[i] < classCount) ++counts[static_cast<int>(label[i])];
    }
    return counts;
}

bool inRange(const ImageSet& set, qint64 index) { return index >= 0 && index < set.size(); }

}  // namespace

LoadedDataset::LoadedDataset() = default;

LoadedDataset::LoadedDataset(std::shared_ptr<const Dataset> dataset, QString loadNote) {
    if (!dataset) return;
    auto impl = std::make_shared<Impl>();
    impl->loadNote = std::move(loadNote);
    impl->dataset = std::move(dataset);
    const Dataset& data = *impl->dataset;
    for (const std::string& name : data.class_names) impl->classNames << QString::fromStdString(name);
    impl->trainCounts = countPerClass(data.train, impl->classNames.size());
    impl->testCounts = countPerClass(data.test, impl->classNames.size());
    for (const SkippedFile& file : data.skipped)
        impl->skipped.append({QString::fromStdString(file.path), QString::fromStdString(file.reason)});
    d_ = std::move(impl);
}

bool LoadedDataset::isEmpty() const { return !d_; }

QString LoadedDataset::name() const { return d_ ? QString::fromStdString(d_->dataset->name) : QString(); }

qint64 LoadedDataset::count(Split split) const { return d_ ? d_->set(split).size() : 0; }

int LoadedDataset::width() const { return d_ ? static_cast<int>(d_->dataset->width) : 0; }

int LoadedDataset::height() const { return d_ ? static_cast<int>(d_->dataset->height) : 0; }

int LoadedDataset::channels() const { return d_ ? static_cast<int>(d_->dataset->channels) : 0; }

QStringList LoadedDataset::classNames() const { return d_ ? d_->classNames : QStringList(); }

QVector<qint64> LoadedDataset::classCounts(Split split) const {
    if (!d_) return {};
    return split == Split::Train ? d_->trainCounts : d_->testCounts;
}

QVector<SkippedFileInfo> LoadedDataset::skipped() const {
    return d_ ? d_->skipped : QVector<SkippedFileInfo>();
}

QString LoadedDataset::loadNote() const { return d_ ? d_->loadNote : QString(); }

bool LoadedDataset::pixelsMapped() const { return d_ && !d_->dataset->train.in_memory(); }

qint64 LoadedDataset::pixelBytes() const {
    if (!d_) return 0;
    const Dataset& data = *d_->dataset;
    return (data.train.size() + data.test.size()) * data.channels * data.height * data.width;
}

QImage LoadedDataset::image(Split split, qint64 index) const {
    if (!d_ || !inRange(d_->set(split), index)) return {};
    return imageFromPlanes(d_->set(split).image(index));
}

int LoadedDataset::label(Split split, qint64 index) const {
    if (!d_ || !inRange(d_->set(split), index)) return -1;
    const torch::Tensor& labels = d_->set(split).labels;
    if (labels.scalar_type() != torch::kInt64 || !labels.device().is_cpu()) return -1;
    return static_cast<int>(labels.accessor<int64_t, 1>()[index]);
}

QString LoadedDataset::className(Split split, qint64 index) const {
    const int classIndex = label(split, index);
    if (classIndex < 0 || classIndex >= d_->classNames.size()) return {};
    return d_->classNames.at(classIndex);
}

QString LoadedDataset::sourcePath(Split split, qint64 index) const {
    if (!d_ || !inRange(d_->set(split), index)) return {};
    const std::vector<std::string>& paths = d_->set(split).paths;
    if (index >= static_cast<qint64>(paths.size())) return {};
    return QString::fromStdString(paths[static_cast<size_t>(index)]);
}

const Dataset& LoadedDataset::dataset() const {
    if (!d_) throw std::logic_error("LoadedDataset::dataset() called on an empty handle");
    return *d_->dataset;
}

std::shared_ptr<const Dataset> LoadedDataset::sharedDataset() const {
    return d_ ? d_->dataset : std::shared_ptr<const Dataset>();
}

}  // namespace latentlab
