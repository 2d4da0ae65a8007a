#pragma once

#include <QImage>
#include <QVector>
#include <QWidget>

namespace latentlab {

class PixelImage;

// An interpolation in one row filling the strip's width: the two originals
// at the ends, set apart by a wider gap and a line, and the decoded frames
// between them. Its height follows its width (the images keep their shape).
class Filmstrip : public QWidget {
    Q_OBJECT

public:
    explicit Filmstrip(QWidget* parent);

    void setImages(const QImage& first, const QVector<QImage>& frames, const QImage& last);
    void clear();
    int frameCount() const { return static_cast<int>(frames_.size()); }
    // The decoded frames, without the originals.
    QVector<PixelImage*> frames() const { return frames_; }
    // Highlights one frame (-1: none), e.g. the one a player shows.
    void setCurrent(int frame);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void frameClicked(int frame);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    int cellWidth(int width) const;
    double aspect() const;  // height over width of one image
    void layOut();

    PixelImage* first_;
    PixelImage* last_;
    QVector<PixelImage*> frames_;
};

}  // namespace latentlab
