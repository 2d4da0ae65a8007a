#include "ui/large_image.h"

#include <QPainter>
#include <QPalette>

#include <algorithm>
#include <cmath>

namespace latentlab {

LargeImage::LargeImage(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void LargeImage::setImage(const QImage& image) {
    image_ = image;
    update();
}

void LargeImage::setPlaceholderText(const QString& text) {
    placeholder_ = text;
    update();
}

void LargeImage::setPreferredSide(int side) {
    preferredSide_ = side;
    updateGeometry();
}

QSize LargeImage::sizeHint() const { return {preferredSide_, preferredSide_}; }

QSize LargeImage::minimumSizeHint() const { return {64, 64}; }

void LargeImage::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    if (image_.isNull()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(6, 6, -6, -6), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
        return;
    }
    const double fit = std::min(double(width()) / image_.width(), double(height()) / image_.height());
    // A whole factor keeps every pixel the same size; below 1 there is no
    // such factor and the image shrinks as it must.
    const double scale = fit >= 1.0 ? std::floor(fit) : fit;
    const QSize shown(std::max(1, int(image_.width() * scale)), std::max(1, int(image_.height() * scale)));
    const QRect target(QPoint((width() - shown.width()) / 2, (height() - shown.height()) / 2), shown);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(target, image_);
}

}  // namespace latentlab
