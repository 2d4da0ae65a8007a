#include "ui/explore/traversal_grid.h"

#include "ui/explore/dimension_label.h"

#include <QPaintEvent>
#include <QPainter>
#include <QPalette>

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {

constexpr int kGap = 2;        // between images
constexpr int kLabelPad = 12;  // between a row's label and its images

}  // namespace

TraversalGrid::TraversalGrid(QWidget* parent) : QWidget(parent) {
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    // Read from the back of a room.
    QFont larger = font();
    larger.setPointSizeF(larger.pointSizeF() * 1.2);
    setFont(larger);
}

void TraversalGrid::setTraversal(const TraverseResult& traversal) {
    rows_.clear();
    offsets_ = traversal.offsets;
    const int columns = static_cast<int>(offsets_.size());
    for (int r = 0; r < traversal.dimensions.size(); ++r) {
        Row row;
        const double kl = traversal.kl.value(r);
        row.collapsed = kl < kCollapsedKl;
        // With known factors: the one this dimension follows best, and how strongly.
        row.label = dimensionLabel(traversal.dimensions.at(r), kl, traversal.rowFactors.value(r),
                                   traversal.rowInformation.value(r));
        row.images = traversal.images.mid(r * columns, columns);
        rows_.append(row);
    }
    imageSize_ = QSize(1, 1);
    for (const QImage& image : traversal.images)
        if (!image.isNull()) {
            imageSize_ = image.size();
            break;
        }
    measureLabels();
    scaled_.clear();
    scaledCell_ = QSize();
    updateGeometry();
    update();
}

void TraversalGrid::clear() { setTraversal(TraverseResult()); }

void TraversalGrid::setPlaceholderText(const QString& text) {
    placeholder_ = text;
    update();
}

int TraversalGrid::imageCount() const {
    int count = 0;
    for (const Row& row : rows_)
        count += static_cast<int>(std::count_if(row.images.begin(), row.images.end(),
                                                [](const QImage& image) { return !image.isNull(); }));
    return count;
}

QString TraversalGrid::rowLabel(int row) const {
    const Row& r = rows_.at(row);
    return r.collapsed ? r.label + tr(" · collapsed") : r.label;
}

QString TraversalGrid::columnLabel(int column) const {
    const double offset = offsets_.at(column);
    if (std::abs(offset) < 1e-9) return QStringLiteral("0");
    // A real minus sign: a hyphen reads as a dash from the back of a room.
    const QString magnitude = QString::number(std::abs(offset), 'g', 3);
    return (offset < 0 ? QStringLiteral("\u2212") : QStringLiteral("+")) + magnitude + QStringLiteral("σ");
}

QRect TraversalGrid::imageRect(int row, int column) const {
    const QSize cell = cellSize(width());
    return {QPoint(labelWidth() + column * (cell.width() + kGap), headerHeight() + row * (cell.height() + kGap)), cell};
}

void TraversalGrid::measureLabels() {
    // "collapsed" goes on a line of its own, so it does not widen the column.
    int widest = fontMetrics().horizontalAdvance(tr("collapsed"));
    for (const Row& row : rows_) widest = std::max(widest, fontMetrics().horizontalAdvance(row.label));
    labelWidth_ = widest + kLabelPad;
}

int TraversalGrid::headerHeight() const { return fontMetrics().height() + 6; }

QSize TraversalGrid::cellSize(int width) const {
    const int columns = columnCount();
    if (columns == 0) return {};
    const int w = std::max(1, (width - labelWidth() - (columns - 1) * kGap) / columns);
    return {w, std::max(1, static_cast<int>(std::lround(static_cast<double>(w) * imageSize_.height() /
                                                        imageSize_.width())))};
}

int TraversalGrid::heightForWidth(int width) const {
    if (rows_.isEmpty()) return 80;
    const int rows = rowCount();
    return headerHeight() + rows * cellSize(width).height() + (rows - 1) * kGap;
}

QSize TraversalGrid::sizeHint() const { return {800, heightForWidth(800)}; }

QSize TraversalGrid::minimumSizeHint() const { return {200, 80}; }

void TraversalGrid::paintEvent(QPaintEvent* event) {
    QPainter painter(this);
    if (rows_.isEmpty() || columnCount() == 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
        return;
    }
    const QSize cell = cellSize(width());
    const int left = labelWidth();
    const int header = headerHeight();
    // Enlarged once per size, not per paint: scrolling repaints often.
    if (scaledCell_ != cell) {
        scaledCell_ = cell;
        scaled_.clear();
        for (const Row& row : rows_) {
            QVector<QImage> images;
            for (const QImage& image : row.images)
                images.append(image.isNull() ? image : image.scaled(cell, Qt::IgnoreAspectRatio, Qt::FastTransformation));
            scaled_.append(images);
        }
    }

    for (int r = 0; r < rowCount(); ++r) {
        const int y = imageRect(r, 0).top();
        const QRect rowRect(0, y, width(), cell.height());
        if (!rowRect.intersects(event->rect())) continue;
        const Row& row = rows_.at(r);
        painter.setOpacity(1.0);
        painter.setPen(palette().color(row.collapsed ? QPalette::PlaceholderText : QPalette::WindowText));
        const QRect labelRect(0, y, left - kLabelPad, cell.height());
        if (!row.collapsed)
            painter.drawText(labelRect, Qt::AlignRight | Qt::AlignVCenter, row.label);
        else if (cell.height() >= 2 * fontMetrics().height())
            painter.drawText(labelRect, Qt::AlignRight | Qt::AlignVCenter, row.label + QLatin1Char('\n') + tr("collapsed"));
        else  // rows too low for two lines
            painter.drawText(labelRect, Qt::AlignRight | Qt::AlignVCenter,
                             fontMetrics().elidedText(rowLabel(r), Qt::ElideRight, labelRect.width()));
        // A collapsed dimension's images all look alike: faded, so the eye
        // goes to the rows that change.
        painter.setOpacity(row.collapsed ? 0.3 : 1.0);
        for (int c = 0; c < scaled_.at(r).size(); ++c)
            if (!scaled_.at(r).at(c).isNull())
                painter.drawImage(imageRect(r, c).topLeft(), scaled_.at(r).at(c));
    }

    // The headings at the top of the visible part, over the rows scrolled
    // beneath them.
    painter.setOpacity(1.0);
    const int top = visibleRegion().boundingRect().top();
    painter.fillRect(QRect(0, top, width(), header), palette().color(QPalette::Window));
    painter.setPen(palette().color(QPalette::WindowText));
    for (int c = 0; c < columnCount(); ++c)
        painter.drawText(QRect(left + c * (cell.width() + kGap), top, cell.width(), header), Qt::AlignCenter,
                         columnLabel(c));
}

void TraversalGrid::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        measureLabels();
        updateGeometry();
    }
}

void TraversalGrid::moveEvent(QMoveEvent* event) {
    QWidget::moveEvent(event);
    // Scrolling moves the grid; the headings must be drawn where the top now is.
    update();
}

}  // namespace latentlab
