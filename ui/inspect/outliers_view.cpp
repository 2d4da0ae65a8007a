#include "ui/inspect/outliers_view.h"

#include "app/inference/inference_service.h"
#include "ui/inspect/image_detail.h"
#include "ui/inspect/image_gallery.h"
#include "ui/inspect/inspect_export.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace latentlab {

OutliersView::OutliersView(InferenceService* service, QWidget* parent)
    : QWidget(parent),
      service_(service),
      sortBox_(new QComboBox(this)),
      orderBox_(new QComboBox(this)),
      classBox_(new QComboBox(this)),
      splitBox_(new QComboBox(this)),
      scope_(new QLabel(this)),
      clearScope_(new QPushButton(tr("Show all"), this)),
      gallery_(new ImageGallery(service, this)),
      detail_(new ImageDetail(this)) {
    for (ScoreKind kind : ScoreTable::kinds()) sortBox_->addItem(ScoreTable::name(kind), static_cast<int>(kind));
    orderBox_->addItems({tr("Most unusual first"), tr("Most usual first")});
    splitBox_->addItems({tr("Both splits"), tr("Training"), tr("Test")});
    clearScope_->hide();
    classBox_->setObjectName(QStringLiteral("inspectClassFilter"));
    classBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setClassNames({});
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Sort by"), this));
    bar->addWidget(sortBox_);
    bar->addWidget(orderBox_);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Class"), this));
    bar->addWidget(classBox_);
    bar->addWidget(splitBox_);
    bar->addSpacing(12);
    bar->addWidget(scope_, 1);
    bar->addWidget(clearScope_);
    bar->addWidget(makeExportButton(this, {[this] { return table_; }, [this] { return service_->dataset(); },
                                           [this] { return gallery_->selectedRows(); },
                                           [this] { return gallery_->rows(); }, {}, {}}));
    auto* splitter = new QSplitter(this);
    splitter->addWidget(gallery_);
    splitter->addWidget(detail_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({900, 500});
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    for (QComboBox* box : {sortBox_, orderBox_, classBox_, splitBox_})
        connect(box, &QComboBox::activated, this, &OutliersView::rebuild);
    connect(clearScope_, &QPushButton::clicked, this, [this] {
        filter_.onlyTestIndexes = false;
        onlyActive_ = false;
        rebuild();
    });
    connect(gallery_, &ImageGallery::currentChanged, this, [this](int row) {
        showCurrent();
        Q_EMIT currentChanged(row);
    });
    connect(gallery_, &ImageGallery::imagesArrived, this, &OutliersView::showCurrent);
    connect(detail_, &ImageDetail::neighboursWanted, this, &OutliersView::neighboursWanted);
    // Another run opened: its data set's classes, until its scores come.
    connect(service_, &InferenceService::snapshotChanged, this, [this] {
        if (!table_ || table_->isEmpty()) setClassNames(service_->dataset().classNames());
    });
}

void OutliersView::setTable(const ScoreTable* table) {
    table_ = table;
    gallery_->setTable(table);
    setClassNames(table && !table->isEmpty() ? table->result().classNames : service_->dataset().classNames());
    // -log p(x) only when it was estimated.
    const int logPx = sortBox_->findData(static_cast<int>(ScoreKind::NegLogPx));
    if (logPx >= 0) {
        if (!table || !table->has(ScoreKind::NegLogPx)) {
            if (sortBox_->currentIndex() == logPx) sortBox_->setCurrentIndex(0);
            sortBox_->removeItem(logPx);
        }
    } else if (table && table->has(ScoreKind::NegLogPx)) {
        sortBox_->insertItem(1, ScoreTable::name(ScoreKind::NegLogPx), static_cast<int>(ScoreKind::NegLogPx));
    }
    rebuild();
}

void OutliersView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    // Before scoring, the data set's classes: a class can be chosen at once.
    if (!table_ || table_->isEmpty()) setClassNames(service_->dataset().classNames());
}

void OutliersView::setClassNames(const QStringList& names) {
    QStringList present;
    for (int i = 1; i < classBox_->count(); ++i) present.append(classBox_->itemText(i));
    if (classBox_->count() > 0 && present == names) return;  // the choice stays
    const int chosen = classBox_->currentData().isValid() ? classBox_->currentData().toInt() : -1;
    const QSignalBlocker blocker(classBox_);
    classBox_->clear();
    classBox_->addItem(tr("All classes"), -1);
    for (int c = 0; c < names.size(); ++c) classBox_->addItem(names[c], c);
    classBox_->setCurrentIndex(std::max(0, classBox_->findData(chosen)));
}

void OutliersView::setMapFilter(const QSet<qint64>& testIndexes, bool active) {
    filter_.testIndexes = testIndexes;
    filter_.onlyTestIndexes = active;
    rebuild();
}

void OutliersView::showOnly(const QVector<int>& rows, const QString& title) {
    only_ = rows;
    onlyActive_ = !title.isEmpty();
    scope_->setText(title);
    rebuild();
}

void OutliersView::setSort(ScoreKind kind, bool ascending) {
    sortBox_->setCurrentIndex(std::max(0, sortBox_->findData(static_cast<int>(kind))));
    orderBox_->setCurrentIndex(ascending ? 1 : 0);
    rebuild();
}

void OutliersView::setClassFilter(int label) {
    classBox_->setCurrentIndex(std::max(0, classBox_->findData(label)));
    rebuild();
}

void OutliersView::setSplitFilter(int split) {
    splitBox_->setCurrentIndex(split + 1);
    rebuild();
}

void OutliersView::rebuild() {
    if (!table_ || table_->isEmpty()) {
        gallery_->setRows({}, {});
        scope_->clear();
        clearScope_->hide();
        return;
    }
    const auto kind = static_cast<ScoreKind>(sortBox_->currentData().toInt());
    filter_.label = classBox_->currentData().isValid() ? classBox_->currentData().toInt() : -1;
    filter_.split = splitBox_->currentIndex() - 1;
    QVector<int> rows = table_->sorted(kind, orderBox_->currentIndex() == 1, filter_);
    if (onlyActive_) {
        const QSet<int> keep(only_.begin(), only_.end());
        rows.erase(std::remove_if(rows.begin(), rows.end(), [&](int r) { return !keep.contains(r); }), rows.end());
    }
    QStringList captions;
    for (int row : rows)
        captions.append(QStringLiteral("%1 %2\n%3").arg(ScoreTable::name(kind)).arg(table_->value(kind, row), 0, 'f', kind == ScoreKind::Mse ? 4 : 1).arg(table_->label(row)));
    gallery_->setRows(rows, captions);
    if (!onlyActive_)
        scope_->setText(filter_.onlyTestIndexes ? tr("%1 images in the map's selected area").arg(rows.size())
                                                : tr("%1 images").arg(rows.size()));
    clearScope_->setVisible(filter_.onlyTestIndexes || onlyActive_);
}

void OutliersView::showCurrent() {
    const int row = gallery_->currentRow();
    detail_->show(table_, row, gallery_->images(row));
}

}  // namespace latentlab
