#include "ui/dataset/dataset_view.h"

#include "app/workspace/dataset_loader.h"
#include "app/workspace/workspace.h"
#include "model/data/folder_image_shape.h"
#include "ui/dataset/dataset_summary.h"
#include "ui/dataset/thumbnail_browser.h"
#include "ui/widgets/error_banner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSignalBlocker>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace latentlab {

namespace {

bool isFashionMnist(const QString& spec) { return spec == DatasetLoader::fashionMnistSpec(); }

QString displayName(const QString& spec) {
    if (isFashionMnist(spec)) return QStringLiteral("Fashion-MNIST");
    const QString name = QFileInfo(QDir::cleanPath(spec)).fileName();
    return name.isEmpty() ? spec : name;
}

// A long path has no spaces to wrap at; a zero-width space after each
// separator lets a word-wrapped label break it there instead of widening.
QString wrappablePath(const QString& path) {
    QString result = QDir::toNativeSeparators(path);
    result.replace(QDir::separator(), QString(QDir::separator()) + QChar(0x200B));
    return result;
}

int clampToInt(qint64 value) {
    return static_cast<int>(std::clamp<qint64>(value, 0, std::numeric_limits<int>::max()));
}

QLabel* hintLabel(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

}  // namespace

DatasetView::DatasetView(Workspace* workspace, QWidget* parent) : QWidget(parent), workspace_(workspace) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    errorBanner_ = new ErrorBanner(this);
    layout->addWidget(errorBanner_);

    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->setChildrenCollapsible(false);
    auto* side = new QWidget(splitter_);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(createSourceBox());
    sideLayout->addWidget(createOptionsBox());
    sideLayout->addWidget(createProgressRow());
    summary_ = new DatasetSummary(side);
    sideLayout->addWidget(summary_);
    sideLayout->addStretch(1);
    splitter_->addWidget(side);
    browser_ = new ThumbnailBrowser(splitter_);
    splitter_->addWidget(browser_);
    splitter_->setStretchFactor(0, 0);
    splitter_->setStretchFactor(1, 1);
    splitter_->setSizes({320, 900});
    layout->addWidget(splitter_, 1);

    DatasetLoader* loader = workspace_->loader();
    connect(loader, &DatasetLoader::progress, this, &DatasetView::onProgress);
    connect(workspace_, &Workspace::datasetChanged, this, &DatasetView::onLoaded);
    connect(loader, &DatasetLoader::failed, this, &DatasetView::onFailed);
    connect(loader, &DatasetLoader::canceled, this, [this] {
        showLoading(false);
        Q_EMIT loadFailed(QString());
    });
    // A second click on the class shown alone shows them all again.
    connect(summary_, &DatasetSummary::classClicked, this,
            [this](int label) { browser_->setClassFilter(browser_->classFilter() == label ? -1 : label); });
    connect(browser_, &ThumbnailBrowser::classFilterChanged, summary_, &DatasetSummary::setHighlightedClass);

    showSource();
    updateReloadButton();
}

QWidget* DatasetView::createSourceBox() {
    auto* box = new QGroupBox(tr("Data set"), this);
    auto* layout = new QVBoxLayout(box);

    sourceName_ = new QLabel(tr("None loaded"), box);
    sourceName_->setObjectName(QStringLiteral("sourceName"));
    sourceName_->setWordWrap(true);
    QFont bold = sourceName_->font();
    bold.setBold(true);
    sourceName_->setFont(bold);
    layout->addWidget(sourceName_);

    sourcePath_ = hintLabel(tr("Open an image folder, or the built-in data set."), box);
    layout->addWidget(sourcePath_);

    auto* buttons = new QHBoxLayout;
    auto* openFolder = new QPushButton(tr("Open Folder…"), box);
    openFolder->setToolTip(tr("Load every image of a folder; each subfolder is a class"));
    connect(openFolder, &QPushButton::clicked, this, &DatasetView::openFolderRequested);
    auto* openFashion = new QPushButton(tr("Fashion-MNIST"), box);
    openFashion->setToolTip(tr("Load the built-in Fashion-MNIST: 70,000 clothing images, 28 × 28 grayscale"));
    connect(openFashion, &QPushButton::clicked, this, [this] { load(DatasetLoader::fashionMnistSpec()); });
    buttons->addWidget(openFolder);
    buttons->addWidget(openFashion);
    layout->addLayout(buttons);
    return box;
}

QWidget* DatasetView::createOptionsBox() {
    auto* box = new QGroupBox(tr("Folder options"), this);
    auto* layout = new QFormLayout(box);

    sizeBox_ = new QSpinBox(box);
    sizeBox_->setObjectName(QStringLiteral("imageSize"));
    sizeBox_->setRange(8, 256);
    sizeBox_->setValue(28);
    sizeBox_->setSuffix(tr(" px"));
    sizeBox_->setToolTip(
        tr("Each image is cropped to a centred square and resized to this many pixels a side"));
    ownSizeBox_ = new QCheckBox(tr("The folder's own"), box);
    ownSizeBox_->setObjectName(QStringLiteral("ownImageSize"));
    ownSizeBox_->setToolTip(tr("The shorter side of the folder's most common image size (at most %1 px); "
                               "the summary says when images are cropped or scaled")
                                .arg(kOwnSizeMax));
    ownSizeBox_->setChecked(true);
    sizeBox_->setEnabled(false);
    connect(ownSizeBox_, &QCheckBox::toggled, sizeBox_, [this](bool own) { sizeBox_->setEnabled(!own); });
    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(sizeBox_);
    sizeRow->addWidget(ownSizeBox_, 1);
    layout->addRow(tr("Image size:"), sizeRow);

    colourBox_ = new QComboBox(box);
    colourBox_->setObjectName(QStringLiteral("colour"));
    colourBox_->addItem(tr("Grayscale"), 1);
    colourBox_->addItem(tr("RGB"), 3);
    layout->addRow(tr("Colour:"), colourBox_);

    reloadButton_ = new QPushButton(tr("Reload Folder"), box);
    reloadButton_->setObjectName(QStringLiteral("reloadFolder"));
    reloadButton_->setToolTip(tr("Decode the folder again with these options"));
    connect(reloadButton_, &QPushButton::clicked, this, [this] { load(spec_); });
    layout->addRow(reloadButton_);
    // Only where it explains why these options do nothing (showLoading).
    fashionMnistHint_ = hintLabel(tr("Fashion-MNIST is always 28 × 28 grayscale."), box);
    fashionMnistHint_->setObjectName(QStringLiteral("fashionMnistHint"));
    fashionMnistHint_->hide();
    layout->addRow(fashionMnistHint_);

    connect(sizeBox_, &QSpinBox::valueChanged, this, &DatasetView::updateReloadButton);
    connect(ownSizeBox_, &QCheckBox::toggled, this, &DatasetView::updateReloadButton);
    connect(colourBox_, &QComboBox::currentIndexChanged, this, &DatasetView::updateReloadButton);
    return box;
}

QWidget* DatasetView::createProgressRow() {
    progressRow_ = new QWidget(this);
    progressRow_->setObjectName(QStringLiteral("progressRow"));
    auto* layout = new QVBoxLayout(progressRow_);
    layout->setContentsMargins(0, 0, 0, 0);
    progressLabel_ = new QLabel(progressRow_);
    progressLabel_->setWordWrap(true);
    layout->addWidget(progressLabel_);

    auto* row = new QHBoxLayout;
    progressBar_ = new QProgressBar(progressRow_);
    progressBar_->setObjectName(QStringLiteral("progressBar"));
    auto* cancel = new QPushButton(tr("Cancel"), progressRow_);
    cancel->setObjectName(QStringLiteral("cancelLoad"));
    connect(cancel, &QPushButton::clicked, this, &DatasetView::cancelLoad);
    row->addWidget(progressBar_, 1);
    row->addWidget(cancel);
    layout->addLayout(row);
    progressRow_->hide();
    return progressRow_;
}

void DatasetView::load(const QString& spec) {
    if (spec.isEmpty() || (loadGuard_ && !loadGuard_(spec))) return;
    pendingSpec_ = spec;
    pendingSize_ = imageSize();
    pendingChannels_ = channels();
    errorBanner_->hide();
    progressLabel_->setText(tr("Loading %1…").arg(displayName(spec)));
    progressBar_->setRange(0, 0);  // busy until the first count arrives
    loadRate_ = LoadRate();
    showLoading(true);
    workspace_->load(spec, pendingSize_, pendingChannels_);
}

void DatasetView::cancelLoad() { workspace_->cancelLoad(); }

bool DatasetView::isLoading() const { return workspace_->isLoading(); }

LoadedDataset DatasetView::dataset() const { return workspace_->dataset(); }

ThumbnailModel* DatasetView::thumbnailModel() const { return browser_->model(); }

int DatasetView::imageSize() const {
    return ownSizeBox_->isChecked() ? static_cast<int>(kFolderOwnSize) : sizeBox_->value();
}

int DatasetView::channels() const { return colourBox_->currentData().toInt(); }

void DatasetView::setLoadOptions(int imageSize, int channels) {
    ownSizeBox_->setChecked(imageSize == kFolderOwnSize);
    if (imageSize != kFolderOwnSize) sizeBox_->setValue(imageSize);
    const int index = colourBox_->findData(channels);
    if (index >= 0) colourBox_->setCurrentIndex(index);
}

QByteArray DatasetView::saveState() const { return splitter_->saveState(); }

void DatasetView::restoreState(const QByteArray& state) { splitter_->restoreState(state); }

void DatasetView::onProgress(qint64 done, qint64 total) {
    // A count of one (a single IDX set) says nothing; the bar stays busy.
    if (total <= 1) return;
    progressBar_->setRange(0, clampToInt(total));
    progressBar_->setValue(clampToInt(done));
    progressLabel_->setText(tr("Loading %1: %2").arg(displayName(pendingSpec_), loadRate_.update(done, total)));
}

void DatasetView::onLoaded() {
    const LoadedDataset& dataset = workspace_->dataset();
    spec_ = pendingSpec_;
    loadedSize_ = pendingSize_;
    loadedChannels_ = pendingChannels_;
    // The size the folder's own turned out to be, shown (greyed) beside the box.
    if (loadedSize_ == kFolderOwnSize && !dataset.isEmpty() && !isFashionMnist(spec_)) {
        const QSignalBlocker quiet(sizeBox_);
        sizeBox_->setValue(dataset.width());
    }
    showLoading(false);
    browser_->setDataset(dataset);
    summary_->setDataset(dataset);
    showSource();
    updateReloadButton();
    Q_EMIT datasetLoaded(spec_);
}

void DatasetView::onFailed(const QString& message) {
    showLoading(false);
    errorBanner_->showMessage(tr("<b>Could not load %1.</b><br>%2")
                                  .arg(displayName(pendingSpec_).toHtmlEscaped(), message.toHtmlEscaped()));
    Q_EMIT loadFailed(message);
}

void DatasetView::showLoading(bool loading) {
    progressRow_->setVisible(loading);
    // The folder options do nothing for Fashion-MNIST: said while it is
    // loaded or shown, never while a folder is.
    fashionMnistHint_->setVisible(isFashionMnist(loading ? pendingSpec_ : spec_));
}

void DatasetView::showSource() {
    if (workspace_->dataset().isEmpty()) {
        sourceName_->setText(tr("None loaded"));
        return;
    }
    sourceName_->setText(displayName(spec_));
    sourcePath_->setText(isFashionMnist(spec_) ? tr("Built in: 70,000 clothing images in 10 classes.")
                                               : wrappablePath(spec_));
    sourceName_->setToolTip(isFashionMnist(spec_) ? QString() : QDir::toNativeSeparators(spec_));
}

void DatasetView::updateReloadButton() {
    // A folder of MNIST-format files keeps its own size, whatever was asked
    // for; reloading it with other options would change nothing.
    const LoadedDataset& dataset = workspace_->dataset();
    const bool optionsApplied = !dataset.isEmpty() && !isFashionMnist(spec_) &&
                                (loadedSize_ == kFolderOwnSize || dataset.width() == loadedSize_) &&
                                dataset.channels() == loadedChannels_;
    // Unticking "the folder's own" while the box shows the size it chose changes nothing either.
    const bool sameSize = ownSizeBox_->isChecked() ? loadedSize_ == kFolderOwnSize
                                                   : sizeBox_->value() == dataset.width();
    reloadButton_->setEnabled(optionsApplied && (!sameSize || channels() != loadedChannels_));
}

}  // namespace latentlab
