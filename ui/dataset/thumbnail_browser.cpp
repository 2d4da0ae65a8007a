#include "ui/dataset/thumbnail_browser.h"

#include "ui/dataset/thumbnail_model.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QSignalBlocker>
#include <QTabBar>
#include <QVBoxLayout>

namespace latentlab {

ThumbnailBrowser::ThumbnailBrowser(QWidget* parent)
    : QWidget(parent),
      model_(new ThumbnailModel(this)),
      header_(new QWidget(this)),
      splitTabs_(new QTabBar(header_)),
      filterLabel_(new QLabel(this)),
      view_(new QListView(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    // Tabs and hint appear with the first data set.
    auto* header = new QHBoxLayout(header_);
    header->setContentsMargins(0, 0, 0, 0);
    splitTabs_->setObjectName(QStringLiteral("splitTabs"));
    splitTabs_->setDrawBase(false);
    splitTabs_->setExpanding(false);
    splitTabs_->setUsesScrollButtons(false);
    splitTabs_->addTab(tr("Train"));
    splitTabs_->addTab(tr("Test"));
    header->addWidget(splitTabs_);
    header->addStretch(1);
    auto* hint = new QLabel(tr("Hover over an image for its class and file."), header_);
    hint->setForegroundRole(QPalette::PlaceholderText);
    header->addWidget(hint);
    layout->addWidget(header_);

    filterLabel_->setObjectName(QStringLiteral("thumbnailFilter"));
    filterLabel_->setWordWrap(true);
    filterLabel_->hide();
    layout->addWidget(filterLabel_);

    view_->setObjectName(QStringLiteral("thumbnails"));
    view_->setViewMode(QListView::IconMode);
    // IconMode makes items draggable by default; they are not meant to move,
    // and a folder dropped on the grid should reach the main window.
    view_->setMovement(QListView::Static);
    view_->setDragEnabled(false);
    view_->setResizeMode(QListView::Adjust);
    // Uniform sizes and batched layout keep 70,000 items quick to lay out.
    view_->setUniformItemSizes(true);
    view_->setLayoutMode(QListView::Batched);
    view_->setBatchSize(2000);
    view_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    view_->setSelectionMode(QAbstractItemView::NoSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setModel(model_);
    layout->addWidget(view_, 1);

    connect(splitTabs_, &QTabBar::currentChanged, this, [this](int index) {
        model_->setSplit(index == 1 ? Split::Test : Split::Train);
        applyFilter();
        view_->scrollToTop();
    });
    updateTabs();
}

void ThumbnailBrowser::setDataset(const LoadedDataset& dataset) {
    dataset_ = dataset;
    model_->setDataset(dataset);
    const QSize thumbnail = model_->thumbnailSize();
    view_->setIconSize(thumbnail);
    view_->setGridSize(thumbnail + QSize(6, 6));
    updateTabs();
    model_->setSplit(split());
    const bool filtered = classFilter_ >= 0;
    classFilter_ = -1;
    showFilterText(QString());
    view_->scrollToTop();
    if (filtered) Q_EMIT classFilterChanged(-1);
}

Split ThumbnailBrowser::split() const { return splitTabs_->currentIndex() == 1 ? Split::Test : Split::Train; }

void ThumbnailBrowser::setSplit(Split split) { splitTabs_->setCurrentIndex(split == Split::Test ? 1 : 0); }

void ThumbnailBrowser::setClassFilter(int label) {
    if (label < 0 || label >= dataset_.classNames().size()) label = -1;
    const bool changed = label != classFilter_;
    classFilter_ = label;
    applyFilter();
    view_->scrollToTop();
    if (changed) Q_EMIT classFilterChanged(label);
}

void ThumbnailBrowser::applyFilter() {
    if (classFilter_ < 0) {
        model_->showAll();
        showFilterText(QString());
        return;
    }
    QVector<qint64> indices;
    const Split shown = split();
    const qint64 count = dataset_.count(shown);
    for (qint64 i = 0; i < count; ++i)
        if (dataset_.label(shown, i) == classFilter_) indices.append(i);
    model_->setIndices(indices);
    showFilterText(tr("Showing '%1' only (%2 images) — click again to show all")
                       .arg(dataset_.classNames().at(classFilter_), QLocale().toString(indices.size())));
}

void ThumbnailBrowser::setIndices(const QVector<qint64>& indices, const QString& description) {
    const bool filtered = classFilter_ >= 0;
    classFilter_ = -1;
    model_->setIndices(indices);
    showFilterText(description);
    view_->scrollToTop();
    if (filtered) Q_EMIT classFilterChanged(-1);
}

void ThumbnailBrowser::showAll() { setClassFilter(-1); }

void ThumbnailBrowser::showFilterText(const QString& text) {
    filterLabel_->setText(text);
    filterLabel_->setVisible(!text.isEmpty());
}

void ThumbnailBrowser::updateTabs() {
    // Nothing to choose between before the first data set arrives.
    header_->setVisible(!dataset_.isEmpty());
    const qint64 train = dataset_.count(Split::Train);
    const qint64 test = dataset_.count(Split::Test);
    splitTabs_->setTabText(0, tr("Train (%1)").arg(QLocale().toString(train)));
    splitTabs_->setTabText(1, tr("Test (%1)").arg(QLocale().toString(test)));
    splitTabs_->setTabEnabled(0, train > 0);
    splitTabs_->setTabEnabled(1, test > 0);
    // The model follows in setDataset(); a tab change alone would apply a filter early.
    const QSignalBlocker blocker(splitTabs_);
    if (splitTabs_->currentIndex() == 1 && test == 0) splitTabs_->setCurrentIndex(0);
    if (splitTabs_->currentIndex() == 0 && train == 0 && test > 0) splitTabs_->setCurrentIndex(1);
}

}  // namespace latentlab
