#pragma once

#include <QImage>
#include <QString>
#include <QVector>
#include <QWidget>

namespace latentlab {

// Small images in a grid, enlarged by the largest whole factor that fits so
// every pixel stays a sharp square; the column count is chosen for the
// largest factor. Shows a placeholder until it has images.
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
    QSize gridSize(int columns, int scale) const;
    // The column count giving the largest enlargement within `area`.
    void fit(const QSize& area, int* columns, int* scale) const;

    QVector<QVector<QImage>> bands_;
    QString placeholder_;
};

}  // namespace latentlab
