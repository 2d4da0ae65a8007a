#pragma once

#include "app/inference/inference_requests.h"

#include <QImage>
#include <QString>
#include <QVector>
#include <QWidget>

namespace latentlab {

// A latent traversal drawn as a grid: a row per dimension, labelled with
// its test KL ("z3 · 2.41 nats"), a column per offset, headed in prior
// standard deviations. Rows of collapsed dimensions are faded and say so.
// The images fill the width, crisp; the height follows (put it in a scroll
// area when there are many rows: the column headings stay on top).
class TraversalGrid : public QWidget {
    Q_OBJECT

public:
    // Below this test KL (nats) a dimension counts as collapsed: the
    // decoder ignores it, its row shows the same image throughout.
    static constexpr double kCollapsedKl = 0.01;

    explicit TraversalGrid(QWidget* parent);

    void setTraversal(const TraverseResult& traversal);
    void clear();
    void setPlaceholderText(const QString& text);

    int rowCount() const { return static_cast<int>(rows_.size()); }
    int columnCount() const { return static_cast<int>(offsets_.size()); }
    // Images drawn (null images, if any, are not).
    int imageCount() const;
    bool isCollapsed(int row) const { return rows_.at(row).collapsed; }
    // "z3 · 2.41 nats", with known factors "z3 · x (0.62) · 2.41 nats" (the factor
    // it follows best and their normalised information); " · collapsed" for a
    // collapsed dimension.
    QString rowLabel(int row) const;
    QString columnLabel(int column) const;
    // Where the image of `row` and `column` is drawn.
    QRect imageRect(int row, int column) const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void moveEvent(QMoveEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Row {
        QString label;  // without the collapsed note
        bool collapsed = false;
        QVector<QImage> images;
    };

    int labelWidth() const { return labelWidth_; }
    void measureLabels();
    int headerHeight() const;
    QSize cellSize(int width) const;

    QVector<Row> rows_;
    QVector<double> offsets_;
    QSize imageSize_;     // of one image before enlarging
    int labelWidth_ = 0;  // of the widest row label, with its padding
    QString placeholder_;
    mutable QVector<QVector<QImage>> scaled_;  // rows' images at scaledCell_
    mutable QSize scaledCell_;
};

}  // namespace latentlab
