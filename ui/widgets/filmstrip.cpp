#include "ui/widgets/filmstrip.h"

#include "ui/widgets/pixel_image.h"

#include <QPainter>
#include <QPalette>

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {

constexpr int kGap = 2;      // between frames
constexpr int kEndGap = 18;  // between an original and the frames

}  // namespace

Filmstrip::Filmstrip(QWidget* parent) : QWidget(parent), first_(new PixelImage(this)), last_(new PixelImage(this)) {
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    first_->setToolTip(tr("The first image, as the model sees it"));
    last_->setToolTip(tr("The last image, as the model sees it"));
    clear();
}

void Filmstrip::setImages(const QImage& first, const QVector<QImage>& frames, const QImage& last) {
    while (frames_.size() > frames.size()) delete frames_.takeLast();
    while (frames_.size() < frames.size()) {
        auto* frame = new PixelImage(this);
        const int index = static_cast<int>(frames_.size());
        connect(frame, &PixelImage::clicked, this, [this, index] { Q_EMIT frameClicked(index); });
        frame->show();
        frames_.append(frame);
    }
    for (int i = 0; i < frames.size(); ++i) {
        frames_[i]->setImage(frames.at(i));
        frames_[i]->setToolTip(tr("Frame %1 of %2").arg(i + 1).arg(frames.size()));
    }
    first_->setImage(first);
    last_->setImage(last);
    first_->setVisible(!frames.isEmpty());
    last_->setVisible(!frames.isEmpty());
    updateGeometry();
    layOut();
    update();
}

void Filmstrip::clear() { setImages(QImage(), {}, QImage()); }

void Filmstrip::setCurrent(int frame) {
    for (int i = 0; i < frames_.size(); ++i) frames_[i]->setHighlighted(i == frame);
}

int Filmstrip::cellWidth(int width) const {
    const int n = static_cast<int>(frames_.size());
    if (n == 0) return 0;
    return std::max(1, (width - 2 * kEndGap - (n - 1) * kGap) / (n + 2));
}

double Filmstrip::aspect() const {
    for (const PixelImage* frame : frames_)
        if (!frame->image().isNull()) return static_cast<double>(frame->image().height()) / frame->image().width();
    return 1.0;
}

int Filmstrip::heightForWidth(int width) const {
    if (frames_.isEmpty()) return 40;
    return static_cast<int>(std::ceil(cellWidth(width) * aspect()));
}

QSize Filmstrip::sizeHint() const { return {600, heightForWidth(600)}; }

QSize Filmstrip::minimumSizeHint() const { return {200, frames_.isEmpty() ? 40 : 16}; }

void Filmstrip::resizeEvent(QResizeEvent*) { layOut(); }

void Filmstrip::layOut() {
    const int cell = cellWidth(width());
    if (cell == 0) return;
    // The strip may be given more height than its width needs; the images
    // keep their shape, centred.
    const int h = std::min(height(), heightForWidth(width()));
    const int y = (height() - h) / 2;
    first_->setGeometry(0, y, cell, h);
    int x = cell + kEndGap;
    for (PixelImage* frame : frames_) {
        frame->setGeometry(x, y, cell, h);
        x += cell + kGap;
    }
    last_->setGeometry(x - kGap + kEndGap, y, cell, h);
}

void Filmstrip::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    if (frames_.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("The frames between the two images appear here."));
        return;
    }
    // A line in each wide gap sets the originals apart from the decoded frames.
    painter.setPen(QPen(palette().color(QPalette::Mid), 2));
    for (const PixelImage* end : {first_, last_}) {
        const int x = end == first_ ? end->geometry().right() + kEndGap / 2 : end->geometry().left() - kEndGap / 2;
        painter.drawLine(x, end->geometry().top(), x, end->geometry().bottom());
    }
}

}  // namespace latentlab
