#include "ui/widgets/image_slot.h"

#include "ui/widgets/pixel_image.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace latentlab {

namespace {

// The first local file among the dragged URLs; empty when none.
QString droppedFile(const QMimeData* mime) {
    if (!mime || !mime->hasUrls()) return {};
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile()) return url.toLocalFile();
    return {};
}

}  // namespace

ImageSlot::ImageSlot(const QString& title, QWidget* parent) : QWidget(parent) {
    setAcceptDrops(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    title_ = new QLabel(title, this);
    title_->setAlignment(Qt::AlignCenter);
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    layout->addWidget(title_);

    preview_ = new PixelImage(this);
    preview_->setPlaceholderText(tr("Load the run's data set, or drop an image file here"));
    preview_->setToolTip(tr("Drop an image file here to use it instead of a test image"));
    layout->addWidget(preview_, 1);

    auto* row = new QHBoxLayout;
    auto* label = new QLabel(tr("Test image"), this);
    index_ = new QSpinBox(this);
    index_->setRange(0, 0);
    index_->setToolTip(tr("Index of the test image to encode"));
    label->setBuddy(index_);
    random_ = new QPushButton(tr("Random"), this);
    random_->setToolTip(tr("A test image chosen at random"));
    row->addWidget(label);
    row->addWidget(index_, 1);
    layout->addLayout(row);
    layout->addWidget(random_);
    source_ = new QLabel(this);
    source_->setAlignment(Qt::AlignCenter);
    source_->setWordWrap(true);
    layout->addWidget(source_);

    // Touching the index leaves a dropped file.
    connect(index_, &QSpinBox::valueChanged, this, [this] {
        file_.clear();
        showImage();
        Q_EMIT changed();
    });
    connect(random_, &QPushButton::clicked, this, &ImageSlot::chooseRandom);
    showImage();
}

void ImageSlot::setDataset(const LoadedDataset& dataset) {
    const bool same = dataset.name() == dataset_.name() && dataset.count(Split::Test) == dataset_.count(Split::Test);
    dataset_ = dataset;
    const qint64 count = dataset.count(Split::Test);
    const QSignalBlocker blocker(index_);
    index_->setRange(0, static_cast<int>(std::max<qint64>(0, count - 1)));
    index_->setEnabled(count > 0);
    random_->setEnabled(count > 0);
    if (!same) showImage();
}

ImageRef ImageSlot::image() const {
    ImageRef ref;
    ref.split = Split::Test;
    ref.file = file_;
    ref.index = file_.isEmpty() ? index_->value() : -1;
    return ref;
}

void ImageSlot::setIndex(qint64 index) {
    // A new value emits changed() through valueChanged; the same one after a
    // dropped file must too.
    if (index_->value() == index && !file_.isEmpty()) {
        file_.clear();
        showImage();
        Q_EMIT changed();
        return;
    }
    index_->setValue(static_cast<int>(index));
}

void ImageSlot::setFile(const QString& path) {
    if (path.isEmpty()) {
        setIndex(index_->value());
        return;
    }
    file_ = path;
    showImage();
    Q_EMIT changed();
}

void ImageSlot::chooseRandom() {
    const qint64 count = dataset_.count(Split::Test);
    if (count > 1) setIndex(QRandomGenerator::global()->bounded(count));
}

void ImageSlot::showImage() {
    if (!file_.isEmpty()) {
        const QImage image(file_);
        preview_->setImage(image);
        preview_->setPlaceholderText(tr("Cannot read %1 as an image").arg(QFileInfo(file_).fileName()));
        source_->setText(tr("File %1").arg(QFileInfo(file_).fileName()));
        source_->setToolTip(file_);
        return;
    }
    preview_->setPlaceholderText(tr("Load the run's data set, or drop an image file here"));
    preview_->setImage(dataset_.image(Split::Test, index_->value()));
    source_->setText(dataset_.isEmpty() ? QString() : dataset_.className(Split::Test, index_->value()));
    source_->setToolTip(QString());
}

void ImageSlot::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedFile(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void ImageSlot::dropEvent(QDropEvent* event) {
    const QString file = droppedFile(event->mimeData());
    if (file.isEmpty()) return;
    event->acceptProposedAction();
    setFile(file);
}

}  // namespace latentlab
