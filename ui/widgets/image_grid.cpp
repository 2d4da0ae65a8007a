#include "ui/widgets/image_grid.h"

#include <QPainter>
#include <QPalette>

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {

constexpr int kGap = 1;       // between images
constexpr int kGroupGap = 6;  // between chunks of bands
constexpr int kPreferredScale = 3;
// A whole factor is used when it fills this much of the largest fit.
constexpr double kWholeFill = 0.8;

}  // namespace

ImageGrid::ImageGrid(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ImageGrid::setImages(const QVector<QImage>& images) { setBands({images}); }

void ImageGrid::setBands(const QVector<QVector<QImage>>& bands) {
    bands_ = bands;
    updateGeometry();
    update();
}

void ImageGrid::clear() { setBands({}); }

void ImageGrid::setPlaceholderText(const QString& text) {
    placeholder_ = text;
    update();
}

QVector<QImage> ImageGrid::images() const {
    QVector<QImage> all;
    for (const QVector<QImage>& band : bands_) all += band;
    return all;
}

int ImageGrid::length() const {
    int longest = 0;
    for (const QVector<QImage>& band : bands_) longest = std::max(longest, static_cast<int>(band.size()));
    return longest;
}

QSize ImageGrid::cellSize() const {
    QSize size(1, 1);
    for (const QVector<QImage>& band : bands_)
        for (const QImage& image : band) size = size.expandedTo(image.size());
    return size;
}

QSize ImageGrid::gridSize(int columns, const QSize& cell) const {
    const int chunks = (length() + columns - 1) / columns;
    const int bands = static_cast<int>(bands_.size());
    const int rows = chunks * bands;
    const int groupGaps = bands > 1 ? chunks - 1 : 0;
    return {columns * cell.width() + (columns - 1) * kGap,
            rows * cell.height() + (rows - 1) * kGap + groupGaps * (kGroupGap - kGap)};
}

double ImageGrid::largestScale(int columns, const QSize& area) const {
    // The gaps do not grow with the images: take them off first.
    const QSize gaps = gridSize(columns, QSize(0, 0));
    const QSize cells = gridSize(columns, cellSize()) - gaps;
    return std::min(static_cast<double>(area.width() - gaps.width()) / cells.width(),
                    static_cast<double>(area.height() - gaps.height()) / cells.height());
}

void ImageGrid::fit(const QSize& area, int* columns, QSize* cell) const {
    const int n = std::max(1, length());
    *columns = 1;
    double best = 0.0;
    int bestEmpty = n;
    for (int c = 1; c <= n; ++c) {
        const double s = largestScale(c, area);
        // Larger pixels first (within 1%); then fewer empty cells in the last row.
        const int empty = (c - n % c) % c;
        if (s > best * 1.01 || (s > best * 0.99 && empty < bestEmpty)) {
            best = std::max(best, s);
            *columns = c;
            bestEmpty = empty;
        }
    }
    const double whole = std::floor(best);
    const double scale = whole >= 1.0 && whole >= kWholeFill * best ? whole : best;
    const QSize image = cellSize();
    *cell = QSize(std::max(1, static_cast<int>(std::floor(image.width() * scale))),
                  std::max(1, static_cast<int>(std::floor(image.height() * scale))));
}

QSize ImageGrid::sizeHint() const {
    if (bands_.isEmpty()) return {240, 120};
    const int columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(std::max(1, length())))));
    return gridSize(columns, cellSize() * kPreferredScale);
}

QSize ImageGrid::minimumSizeHint() const { return {120, 60}; }

void ImageGrid::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    if (length() == 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
        return;
    }

    int columns = 1;
    QSize cell;
    fit(size(), &columns, &cell);
    const QSize grid = gridSize(columns, cell);
    const QPoint origin((width() - grid.width()) / 2, (height() - grid.height()) / 2);

    // Nearest-neighbour enlargement keeps the pixels sharp.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    int y = origin.y();
    for (int start = 0; start < length(); start += columns) {
        if (start > 0) y += bands_.size() > 1 ? kGroupGap : kGap;
        for (int b = 0; b < bands_.size(); ++b) {
            if (b > 0) y += kGap;
            const QVector<QImage>& band = bands_.at(b);
            for (int column = 0; column < columns && start + column < band.size(); ++column) {
                const QImage& image = band.at(start + column);
                if (image.isNull()) continue;
                const QRect target(QPoint(origin.x() + column * (cell.width() + kGap), y), cell);
                painter.drawImage(target, image.scaled(cell, Qt::IgnoreAspectRatio, Qt::FastTransformation));
            }
            y += cell.height();
        }
    }
}

}  // namespace latentlab
