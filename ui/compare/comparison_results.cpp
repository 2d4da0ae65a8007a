#include "ui/compare/comparison_results.h"

#include <QHeaderView>
#include <QPushButton>

#include <algorithm>

namespace latentlab {

ComparisonResults::ComparisonResults(QWidget* parent) : QTableWidget(parent) {
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setAlternatingRowColors(true);
    setWordWrap(false);  // one line per row: the note is in full in its tooltip
    verticalHeader()->setVisible(false);
    horizontalHeader()->setDefaultAlignment(Qt::Alignment(Qt::AlignCenter | Qt::TextWordWrap));
    // Headers wrap at spaces (fitColumns): room for three lines.
    horizontalHeader()->setMinimumHeight(3 * horizontalHeader()->fontMetrics().lineSpacing() + 8);
    connect(this, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        if (row >= 0 && row < runFolders_.size() && row < filled_) Q_EMIT openRunRequested(runFolders_[row]);
    });
}

void ComparisonResults::reset(const QStringList& columns, const QStringList& decoders, const QStringList& runFolders) {
    setRowCount(0);  // deletes the rows' buttons too
    clear();
    runFolders_ = runFolders;
    columns_ = static_cast<int>(columns.size());
    filled_ = 0;
    setColumnCount(columns_ + 1);
    setHorizontalHeaderLabels(columns + QStringList{tr("views")});
    setRowCount(static_cast<int>(decoders.size()));
    for (int r = 0; r < decoders.size(); ++r) {
        setItem(r, 0, new QTableWidgetItem(decoders[r]));
        for (int c = 1; c < columns_; ++c) setItem(r, c, new QTableWidgetItem(tr("…")));
    }
    horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    fitColumns();
}

void ComparisonResults::resizeEvent(QResizeEvent* event) {
    QTableWidget::resizeEvent(event);
    fitColumns();
}

void ComparisonResults::fitColumns() {
    if (columns_ == 0) return;
    const QFontMetrics header(horizontalHeader()->font());
    constexpr int kPadding = 20;
    int used = 0;
    for (int c = 0; c < columns_ - 1; ++c) {
        int widest = 0;
        const QTableWidgetItem* title = horizontalHeaderItem(c);
        for (const QString& word : (title ? title->text() : QString()).split(QLatin1Char(' '), Qt::SkipEmptyParts))
            widest = std::max(widest, header.horizontalAdvance(word));
        const int width = std::max(sizeHintForColumn(c), widest + kPadding);
        setColumnWidth(c, width);
        used += width;
    }
    const int button = QPushButton(tr("Open in Explore")).sizeHint().width() + 8;
    setColumnWidth(columns_, std::max(button, sizeHintForColumn(columns_)));
    used += columnWidth(columns_);
    // The note: what is left, but never so little that it cannot be read.
    setColumnWidth(columns_ - 1, std::max(240, viewport()->width() - used));
}

void ComparisonResults::setRow(int index, const QStringList& cells, bool density, bool sameBatchesAsFirst) {
    if (index < 0 || index >= rowCount()) return;
    // Rows not comparable with the densities' are tinted.
    const QColor tint = !sameBatchesAsFirst ? QColor(255, 205, 205) : !density ? QColor(255, 236, 200) : QColor();
    for (int c = 0; c < columns_ && c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        if (c > 0 && c < columns_ - 1) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (tint.isValid()) item->setBackground(tint);
        if (c == columns_ - 1) item->setToolTip(cells[c]);
        setItem(index, c, item);
    }
    if (!sameBatchesAsFirst)
        item(index, 0)->setToolTip(tr("This run did not see the same batches as run 1: its numbers do not match"));
    auto* open = new QPushButton(tr("Open in Explore"), this);
    open->setToolTip(tr("Open this decoder's run folder: the Explore tab's traversal and interpolation show it"));
    const QString folder = runFolders_.value(index);
    connect(open, &QPushButton::clicked, this, [this, folder] { Q_EMIT openRunRequested(folder); });
    setCellWidget(index, columns_, open);
    filled_ = std::max(filled_, index + 1);
    fitColumns();
}

void ComparisonResults::markUnmeasured(const QString& why) {
    for (int r = filled_; r < rowCount(); ++r)
        for (int c = 1; c < columns_; ++c) {
            auto* cell = new QTableWidgetItem(c == columns_ - 1 ? why : tr("—"));
            cell->setToolTip(why);
            setItem(r, c, cell);
        }
    fitColumns();
}

QStringList ComparisonResults::rowCells(int index) const {
    QStringList cells;
    for (int c = 0; c < columns_; ++c) cells << (item(index, c) ? item(index, c)->text() : QString());
    return cells;
}

}  // namespace latentlab
