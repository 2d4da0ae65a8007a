#include "ui/dataset_view.h"

#include "ui/error_banner.h"

#include "app/dataset_loader.h"
#include "ui/thumbnail_model.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTabBar>
#include <QTableWidget>
#include <QToolButton>
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

QString number(qint64 value) { return QLocale().toString(value); }

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

DatasetView::DatasetView(QWidget* parent)
    : QWidget(parent), loader_(new DatasetLoader(this)), thumbnails_(new ThumbnailModel(this)) {
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
    sideLayout->addWidget(createSummaryBox());
    sideLayout->addWidget(createSkippedBox());
    sideLayout->addStretch(1);
    splitter_->addWidget(side);
    splitter_->addWidget(createThumbnailPane());
    splitter_->setStretchFactor(0, 0);
    splitter_->setStretchFactor(1, 1);
    splitter_->setSizes({320, 900});
    layout->addWidget(splitter_, 1);

    connect(loader_, &DatasetLoader::progress, this, &DatasetView::onProgress);
    connect(loader_, &DatasetLoader::loaded, this, &DatasetView::onLoaded);
    connect(loader_, &DatasetLoader::failed, this, &DatasetView::onFailed);
    connect(loader_, &DatasetLoader::canceled, this, [this] { showLoading(false); });

    showSummary();
    updateSplitTabs();
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
    layout->addRow(tr("Image size:"), sizeBox_);

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
    layout->addRow(hintLabel(tr("Fashion-MNIST is always 28 × 28 grayscale."), box));

    connect(sizeBox_, &QSpinBox::valueChanged, this, &DatasetView::updateReloadButton);
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

QWidget* DatasetView::createSummaryBox() {
    auto* box = new QGroupBox(tr("Summary"), this);
    auto* layout = new QFormLayout(box);

    trainCount_ = new QLabel(box);
    trainCount_->setObjectName(QStringLiteral("trainCount"));
    layout->addRow(tr("Train images:"), trainCount_);
    testCount_ = new QLabel(box);
    testCount_->setObjectName(QStringLiteral("testCount"));
    layout->addRow(tr("Test images:"), testCount_);
    imageShape_ = new QLabel(box);
    imageShape_->setObjectName(QStringLiteral("imageShape"));
    layout->addRow(tr("Image size:"), imageShape_);

    classTable_ = new QTableWidget(0, 3, box);
    classTable_->setObjectName(QStringLiteral("classTable"));
    classTable_->setHorizontalHeaderLabels({tr("Class"), tr("Train"), tr("Test")});
    classTable_->verticalHeader()->hide();
    classTable_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    classTable_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    classTable_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    classTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    classTable_->setSelectionMode(QAbstractItemView::NoSelection);
    classTable_->setFocusPolicy(Qt::NoFocus);
    classTable_->setAlternatingRowColors(true);
    classTable_->setWordWrap(false);
    // As tall as its rows, and scrolling only when the panel is too short.
    classTable_->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    classTable_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    layout->addRow(classTable_);
    return box;
}

QWidget* DatasetView::createSkippedBox() {
    skippedBox_ = new QGroupBox(this);
    skippedBox_->setObjectName(QStringLiteral("skippedBox"));
    auto* layout = new QVBoxLayout(skippedBox_);
    skippedList_ = new QListWidget(skippedBox_);
    skippedList_->setObjectName(QStringLiteral("skippedList"));
    skippedList_->setSelectionMode(QAbstractItemView::NoSelection);
    skippedList_->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    skippedList_->setMaximumHeight(8 * fontMetrics().height());
    layout->addWidget(skippedList_);
    skippedBox_->hide();
    return skippedBox_;
}

QWidget* DatasetView::createThumbnailPane() {
    auto* pane = new QWidget(splitter_);
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);

    // Tabs and hint appear with the first data set.
    thumbnailHeader_ = new QWidget(pane);
    auto* header = new QHBoxLayout(thumbnailHeader_);
    header->setContentsMargins(0, 0, 0, 0);
    splitTabs_ = new QTabBar(thumbnailHeader_);
    splitTabs_->setObjectName(QStringLiteral("splitTabs"));
    splitTabs_->setDrawBase(false);
    splitTabs_->setExpanding(false);
    splitTabs_->setUsesScrollButtons(false);
    splitTabs_->addTab(tr("Train"));
    splitTabs_->addTab(tr("Test"));
    header->addWidget(splitTabs_);
    header->addStretch(1);
    QLabel* hint = hintLabel(tr("Hover over an image for its class and file."), thumbnailHeader_);
    hint->setWordWrap(false);
    header->addWidget(hint);
    layout->addWidget(thumbnailHeader_);

    thumbnailView_ = new QListView(pane);
    thumbnailView_->setObjectName(QStringLiteral("thumbnails"));
    thumbnailView_->setViewMode(QListView::IconMode);
    // IconMode makes items draggable by default; they are not meant to move,
    // and a folder dropped on the grid should reach the main window.
    thumbnailView_->setMovement(QListView::Static);
    thumbnailView_->setDragEnabled(false);
    thumbnailView_->setResizeMode(QListView::Adjust);
    // Uniform sizes and batched layout keep 70,000 items quick to lay out.
    thumbnailView_->setUniformItemSizes(true);
    thumbnailView_->setLayoutMode(QListView::Batched);
    thumbnailView_->setBatchSize(2000);
    thumbnailView_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    thumbnailView_->setSelectionMode(QAbstractItemView::NoSelection);
    thumbnailView_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    thumbnailView_->setModel(thumbnails_);
    layout->addWidget(thumbnailView_, 1);

    connect(splitTabs_, &QTabBar::currentChanged, this, [this](int index) {
        thumbnails_->setSplit(index == 1 ? Split::Test : Split::Train);
        thumbnailView_->scrollToTop();
    });
    return pane;
}

void DatasetView::load(const QString& spec) {
    if (spec.isEmpty() || (loadGuard_ && !loadGuard_(spec))) return;
    pendingSpec_ = spec;
    pendingSize_ = imageSize();
    pendingChannels_ = channels();
    errorBanner_->hide();
    progressLabel_->setText(tr("Loading %1…").arg(displayName(spec)));
    progressBar_->setRange(0, 0);  // busy until the first count arrives
    showLoading(true);
    loader_->load(spec, pendingSize_, pendingChannels_);
}

void DatasetView::cancelLoad() { loader_->cancel(); }

bool DatasetView::isLoading() const { return loader_->isLoading(); }

int DatasetView::imageSize() const { return sizeBox_->value(); }

int DatasetView::channels() const { return colourBox_->currentData().toInt(); }

void DatasetView::setLoadOptions(int imageSize, int channels) {
    sizeBox_->setValue(imageSize);
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
    progressLabel_->setText(
        tr("Loading %1: %2 of %3 files").arg(displayName(pendingSpec_), number(done), number(total)));
}

void DatasetView::onLoaded(const LoadedDataset& dataset) {
    dataset_ = dataset;
    spec_ = pendingSpec_;
    loadedSize_ = pendingSize_;
    loadedChannels_ = pendingChannels_;
    showLoading(false);

    thumbnails_->setDataset(dataset_);
    const QSize thumbnail = thumbnails_->thumbnailSize();
    thumbnailView_->setIconSize(thumbnail);
    thumbnailView_->setGridSize(thumbnail + QSize(6, 6));
    thumbnailView_->scrollToTop();

    showSummary();
    updateSplitTabs();
    updateReloadButton();
    Q_EMIT datasetLoaded(spec_);
}

void DatasetView::onFailed(const QString& message) {
    showLoading(false);
    errorBanner_->showMessage(tr("<b>Could not load %1.</b><br>%2")
                                  .arg(displayName(pendingSpec_).toHtmlEscaped(), message.toHtmlEscaped()));
}

void DatasetView::showLoading(bool loading) { progressRow_->setVisible(loading); }

void DatasetView::showSummary() {
    if (dataset_.isEmpty()) {
        sourceName_->setText(tr("None loaded"));
        trainCount_->setText(QStringLiteral("—"));
        testCount_->setText(QStringLiteral("—"));
        imageShape_->setText(QStringLiteral("—"));
        classTable_->setRowCount(0);
        skippedBox_->hide();
        return;
    }

    sourceName_->setText(displayName(spec_));
    sourcePath_->setText(isFashionMnist(spec_) ? tr("Built in: 70,000 clothing images in 10 classes.")
                                               : wrappablePath(spec_));
    sourceName_->setToolTip(isFashionMnist(spec_) ? QString() : QDir::toNativeSeparators(spec_));

    trainCount_->setText(number(dataset_.count(Split::Train)));
    testCount_->setText(number(dataset_.count(Split::Test)));
    const QString colour = dataset_.channels() == 1 ? tr("grayscale") : tr("RGB");
    imageShape_->setText(tr("%1 × %2 × %3 (%4)")
                             .arg(dataset_.width())
                             .arg(dataset_.height())
                             .arg(dataset_.channels())
                             .arg(colour));

    const QStringList classes = dataset_.classNames();
    const QVector<qint64> trainCounts = dataset_.classCounts(Split::Train);
    const QVector<qint64> testCounts = dataset_.classCounts(Split::Test);
    classTable_->setRowCount(classes.size());
    for (int row = 0; row < classes.size(); ++row) {
        classTable_->setItem(row, 0, new QTableWidgetItem(classes.at(row)));
        const qint64 counts[] = {trainCounts.value(row), testCounts.value(row)};
        for (int column = 1; column <= 2; ++column) {
            auto* item = new QTableWidgetItem(number(counts[column - 1]));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            classTable_->setItem(row, column, item);
        }
    }
    classTable_->setMaximumHeight(classTable_->horizontalHeader()->sizeHint().height() +
                                  classTable_->verticalHeader()->length() + 2 * classTable_->frameWidth());

    const QVector<SkippedFileInfo> skipped = dataset_.skipped();
    skippedList_->clear();
    for (const SkippedFileInfo& file : skipped) {
        auto* item = new QListWidgetItem(tr("%1 — %2").arg(QFileInfo(file.path).fileName(), file.reason));
        item->setToolTip(tr("%1\n%2").arg(QDir::toNativeSeparators(file.path), file.reason));
        skippedList_->addItem(item);
    }
    skippedBox_->setTitle(tr("Skipped files (%1)").arg(number(skipped.size())));
    skippedBox_->setVisible(!skipped.isEmpty());
}

void DatasetView::updateSplitTabs() {
    // Nothing to choose between before the first data set arrives.
    thumbnailHeader_->setVisible(!dataset_.isEmpty());
    const qint64 train = dataset_.count(Split::Train);
    const qint64 test = dataset_.count(Split::Test);
    splitTabs_->setTabText(0, tr("Train (%1)").arg(number(train)));
    splitTabs_->setTabText(1, tr("Test (%1)").arg(number(test)));
    splitTabs_->setTabEnabled(0, train > 0);
    splitTabs_->setTabEnabled(1, test > 0);
    if (splitTabs_->currentIndex() == 1 && test == 0) splitTabs_->setCurrentIndex(0);
    if (splitTabs_->currentIndex() == 0 && train == 0 && test > 0) splitTabs_->setCurrentIndex(1);
}

void DatasetView::updateReloadButton() {
    // A folder of MNIST-format files keeps its own size, whatever was asked
    // for; reloading it with other options would change nothing.
    const bool optionsApplied = !dataset_.isEmpty() && !isFashionMnist(spec_) &&
                                dataset_.width() == loadedSize_ && dataset_.channels() == loadedChannels_;
    reloadButton_->setEnabled(optionsApplied &&
                              (imageSize() != loadedSize_ || channels() != loadedChannels_));
}

}  // namespace latentlab
