#include "ui/widgets/pixel_image.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPalette>

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {

constexpr int kFrame = 3;  // the highlight's width, drawn over the image's edge

}  // namespace

PixelImage::PixelImage(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void PixelImage::setImage(const QImage& image) {
    image_ = image;
    scaled_ = QImage();
    update();
}

void PixelImage::setPlaceholderText(const QString& text) {
    placeholder_ = text;
    update();
}

void PixelImage::setHighlighted(bool highlighted) {
    if (highlighted_ == highlighted) return;
    highlighted_ = highlighted;
    update();
}

void PixelImage::setFaded(bool faded) {
    if (faded_ == faded) return;
    faded_ = faded;
    update();
}

QRect PixelImage::imageRect() const {
    if (image_.isNull()) return {};
    const QRect room = rect();
    if (room.isEmpty()) return {};
    // The largest size of the image's shape that fits, in whole pixels.
    const double scale = std::min(static_cast<double>(room.width()) / image_.width(),
                                  static_cast<double>(room.height()) / image_.height());
    const QSize size(std::max(1, static_cast<int>(std::floor(image_.width() * scale))),
                     std::max(1, static_cast<int>(std::floor(image_.height() * scale))));
    return {room.x() + (room.width() - size.width()) / 2, room.y() + (room.height() - size.height()) / 2,
            size.width(), size.height()};
}

QSize PixelImage::sizeHint() const {
    if (image_.isNull()) return {160, 160};
    return image_.size().expandedTo(QSize(40, 40)) * 4;
}

QSize PixelImage::minimumSizeHint() const { return {24, 24}; }

void PixelImage::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QRect target = imageRect();
    if (target.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(4, 4, -4, -4), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
        return;
    }
    // Scaled once per size, not per paint; in device pixels so a high-DPI
    // screen gets whole source pixels too.
    const qreal ratio = devicePixelRatioF();
    const QSize device(static_cast<int>(std::lround(target.width() * ratio)),
                       static_cast<int>(std::lround(target.height() * ratio)));
    if (scaled_.size() != device) {
        scaled_ = image_.scaled(device, Qt::IgnoreAspectRatio, Qt::FastTransformation);
        scaled_.setDevicePixelRatio(ratio);
    }
    if (faded_) painter.setOpacity(0.3);
    painter.drawImage(target.topLeft(), scaled_);
    painter.setOpacity(1.0);
    if (highlighted_) {
        QPen pen(palette().color(QPalette::Highlight), kFrame);
        pen.setJoinStyle(Qt::MiterJoin);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        const qreal inset = kFrame / 2.0;
        painter.drawRect(QRectF(target).adjusted(inset, inset, -inset, -inset));
    }
}

void PixelImage::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) Q_EMIT clicked();
    QWidget::mousePressEvent(event);
}

}  // namespace latentlab
