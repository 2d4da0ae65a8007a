#pragma once

#include "ui/inspect/image_gallery.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace latentlab {

class PixelImage;
class ScoreTable;

// One image of the gallery at full size beside its reconstruction and error
// heatmap, with where it is (the file's path, or its IDX index), its class,
// split and scores; for files, "Open containing folder" and "Copy path".
class ImageDetail : public QWidget {
    Q_OBJECT

public:
    explicit ImageDetail(QWidget* parent);

    // `row` of `table` (-1: nothing), with its images when they have arrived.
    void show(const ScoreTable* table, int row, const TileImages& images);
    int row() const { return row_; }
    QString pathText() const;
    QPushButton* openFolderButton() const { return openFolder_; }
    QPushButton* copyPathButton() const { return copyPath_; }
    QPushButton* neighboursButton() const { return neighbours_; }

Q_SIGNALS:
    // "Neighbours" was pressed for the row shown.
    void neighboursWanted(int row);

protected:
    // The images square, as wide as a third of the pane: their titles stay
    // right above them (a tall pane had put 200 px between).
    void resizeEvent(QResizeEvent* event) override;

private:
    const ScoreTable* table_ = nullptr;
    int row_ = -1;
    PixelImage* original_;
    PixelImage* reconstruction_;
    PixelImage* heatmap_;
    QLabel* path_;
    QLabel* scores_;
    QPushButton* openFolder_;
    QPushButton* copyPath_;
    QPushButton* neighbours_;
};

}  // namespace latentlab
