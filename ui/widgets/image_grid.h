#pragma once

#include <QImage>
#include <QString>
#include <QVector>
#include <QWidget>

namespace latentlab {

// Small images in a grid filling its pane, enlarged by repeating pixels so
// they stay sharp: by a whole factor when that fills at least 80% of the
// room along the tighter side, else by the largest fractional factor that
// fits (nearest neighbour, so a pixel is one or two screen pixels wider than
// its neighbour, never blurred). The column count is chosen for the largest
// factor. Shows a placeholder until it has images.
class ImageGrid : public QWidget {
    Q_OBJECT

public:
    explicit ImageGrid(QWidget* parent = nullptr);

    void setImages(const QVector<QImage>& images);
    // Bands of the same length shown row above row, column by column aligned
    // (e.g. originals above their reconstructions); each chunk of rows is
    // set apart from the next by a wider gap.
    void setBands(const QVector<QVector<QImage>>& bands);
    void clear();
    void setPlaceholderText(const QString& text);

    // Every image, band after band.
    QVector<QImage> images() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int length() const;      // of the longest band
    QSize cellSize() const;  // of one image before enlarging
    // The grid of `columns` columns with each image drawn at `cell`.
    QSize gridSize(int columns, const QSize& cell) const;
    // The largest factor at which `columns` columns fit in `area`.
    double largestScale(int columns, const QSize& area) const;
    // The column count and the size each image is drawn at within `area`.
    void fit(const QSize& area, int* columns, QSize* cell) const;

    QVector<QVector<QImage>> bands_;
    QString placeholder_;
};

}  // namespace latentlab
