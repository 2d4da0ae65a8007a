#include "ui/dataset/dataset_summary.h"

#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace latentlab {

namespace {

QString number(qint64 value) { return QLocale().toString(value); }

}  // namespace

DatasetSummary::DatasetSummary(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* box = new QGroupBox(tr("Summary"), this);
    auto* form = new QFormLayout(box);
    trainCount_ = new QLabel(box);
    trainCount_->setObjectName(QStringLiteral("trainCount"));
    form->addRow(tr("Train images:"), trainCount_);
    testCount_ = new QLabel(box);
    testCount_->setObjectName(QStringLiteral("testCount"));
    form->addRow(tr("Test images:"), testCount_);
    imageShape_ = new QLabel(box);
    imageShape_->setObjectName(QStringLiteral("imageShape"));
    form->addRow(tr("Image size:"), imageShape_);
    pixels_ = new QLabel(box);
    pixels_->setObjectName(QStringLiteral("pixels"));
    pixels_->setWordWrap(true);
    form->addRow(tr("Pixels:"), pixels_);
    loadNote_ = new QLabel(box);
    loadNote_->setObjectName(QStringLiteral("loadNote"));
    loadNote_->setWordWrap(true);
    loadNote_->hide();
    form->addRow(loadNote_);

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
    classTable_->setToolTip(tr("Click a class to show only its images; click it again to show all"));
    // As tall as its rows, and scrolling only when the panel is too short.
    classTable_->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    classTable_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    form->addRow(classTable_);
    connect(classTable_, &QTableWidget::cellClicked, this, [this](int row, int) { Q_EMIT classClicked(row); });
    layout->addWidget(box);

    skippedBox_ = new QGroupBox(this);
    skippedBox_->setObjectName(QStringLiteral("skippedBox"));
    auto* skippedLayout = new QVBoxLayout(skippedBox_);
    skippedList_ = new QListWidget(skippedBox_);
    skippedList_->setObjectName(QStringLiteral("skippedList"));
    skippedList_->setSelectionMode(QAbstractItemView::NoSelection);
    skippedList_->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    skippedList_->setMaximumHeight(8 * fontMetrics().height());
    skippedLayout->addWidget(skippedList_);
    skippedBox_->hide();
    layout->addWidget(skippedBox_);

    setDataset(LoadedDataset());
}

void DatasetSummary::setDataset(const LoadedDataset& dataset) {
    if (dataset.isEmpty()) {
        trainCount_->setText(QStringLiteral("—"));
        testCount_->setText(QStringLiteral("—"));
        imageShape_->setText(QStringLiteral("—"));
        pixels_->setText(QStringLiteral("—"));
        loadNote_->hide();
        classTable_->setRowCount(0);
        skippedBox_->hide();
        return;
    }
    trainCount_->setText(number(dataset.count(Split::Train)));
    testCount_->setText(number(dataset.count(Split::Test)));
    const QString colour = dataset.channels() == 1 ? tr("grayscale") : tr("RGB");
    imageShape_->setText(tr("%1 × %2 × %3 (%4)")
                             .arg(dataset.width())
                             .arg(dataset.height())
                             .arg(dataset.channels())
                             .arg(colour));
    const QString size = QLocale().formattedDataSize(dataset.pixelBytes());
    pixels_->setText(dataset.pixelsMapped()
                         ? tr("%1, read from the cache file as they are needed (a folder this large is not held "
                              "in memory; the system keeps what fits in its file cache)")
                               .arg(size)
                         : tr("%1, in memory").arg(size));
    loadNote_->setText(dataset.loadNote());
    loadNote_->setVisible(!dataset.loadNote().isEmpty());

    const QStringList classes = dataset.classNames();
    const QVector<qint64> trainCounts = dataset.classCounts(Split::Train);
    const QVector<qint64> testCounts = dataset.classCounts(Split::Test);
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

    const QVector<SkippedFileInfo> skipped = dataset.skipped();
    skippedList_->clear();
    for (const SkippedFileInfo& file : skipped) {
        auto* item = new QListWidgetItem(tr("%1 — %2").arg(QFileInfo(file.path).fileName(), file.reason));
        item->setToolTip(tr("%1\n%2").arg(QDir::toNativeSeparators(file.path), file.reason));
        skippedList_->addItem(item);
    }
    skippedBox_->setTitle(tr("Skipped files (%1)").arg(number(skipped.size())));
    skippedBox_->setVisible(!skipped.isEmpty());
}

void DatasetSummary::setHighlightedClass(int label) {
    // Bold, as no row is ever selected here.
    for (int row = 0; row < classTable_->rowCount(); ++row) {
        for (int column = 0; column < classTable_->columnCount(); ++column) {
            QTableWidgetItem* item = classTable_->item(row, column);
            if (!item) continue;
            QFont font = item->font();
            font.setBold(row == label);
            item->setFont(font);
        }
    }
}

}  // namespace latentlab
