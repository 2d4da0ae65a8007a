#pragma once

#include <QImage>
#include <QString>
#include <QWidget>

namespace latentlab {

// One image filling the space it is given, its aspect ratio kept, enlarged
// by repeating pixels (Qt::FastTransformation): a 28 x 28 image stays crisp
// on a projector. A placeholder text while there is no image.
class PixelImage : public QWidget {
    Q_OBJECT

public:
    explicit PixelImage(QWidget* parent);

    void setImage(const QImage& image);
    QImage image() const { return image_; }
    void clear() { setImage(QImage()); }
    void setPlaceholderText(const QString& text);
    // A frame over the image's edge, e.g. for the frame a player shows.
    void setHighlighted(bool highlighted);
    bool isHighlighted() const { return highlighted_; }
    // Faded, for an image that says little (a collapsed dimension).
    void setFaded(bool faded);

    // Where the image is drawn, centred in the widget; empty without one.
    QRect imageRect() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void clicked();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QImage image_;
    QImage scaled_;  // image_ at imageRect()'s size in device pixels, made when the size changes
    QString placeholder_;
    bool highlighted_ = false;
    bool faded_ = false;
};

}  // namespace latentlab
