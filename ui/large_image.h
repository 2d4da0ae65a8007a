#pragma once

#include <QImage>
#include <QString>
#include <QWidget>

namespace latentlab {

// One small image (a decoded code, a test image) enlarged to fill its box
// with square pixels: nearest-neighbour scaling by the largest whole factor
// that fits, so 28 x 28 pixels stay sharp on a projector. A placeholder text
// until it has an image.
class LargeImage : public QWidget {
    Q_OBJECT

public:
    explicit LargeImage(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    QImage image() const { return image_; }
    void clear() { setImage(QImage()); }
    void setPlaceholderText(const QString& text);
    // The box's preferred side.
    void setPreferredSide(int side);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage image_;
    QString placeholder_;
    int preferredSide_ = 320;
};

}  // namespace latentlab
