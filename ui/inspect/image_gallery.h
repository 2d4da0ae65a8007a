#pragma once

#include "app/inference/inspect_requests.h"
#include "ui/widgets/request_ticket.h"

#include <QHash>
#include <QSet>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QGridLayout;
class QLabel;
class QPushButton;
class QScrollArea;

namespace latentlab {

class InferenceService;
class PixelImage;
class ScoreTable;

// The images of one row: what the model saw, its mean reconstruction and
// where they differ (the error heatmap).
struct TileImages {
    QImage original, reconstruction, heatmap;
};

// A gallery of data set images (rows of a ScoreTable), each tile its image,
// reconstruction and error heatmap over a caption, filled page by page from
// the inference service. A click makes a row current; Ctrl+click adds it to
// the selection.
class ImageGallery : public QWidget {
    Q_OBJECT

public:
    static constexpr int kPage = 40;

    ImageGallery(InferenceService* service, QWidget* parent);

    // The table the rows index (not owned; it must outlive the rows shown).
    void setTable(const ScoreTable* table);
    // Shows `rows` with one caption each; keeps images already fetched.
    void setRows(const QVector<int>& rows, const QStringList& captions);
    const QVector<int>& rows() const { return rows_; }
    void setPlaceholderText(const QString& text);

    int currentRow() const { return current_; }
    void setCurrentRow(int row);
    // Ctrl+clicked rows, in the order shown; the current row when none are.
    QVector<int> selectedRows() const;
    void clearSelection();
    // Tiles on screen, and whether a row's images have arrived.
    int shownCount() const { return tiles_.size(); }
    bool hasImages(int row) const { return images_.contains(row); }
    TileImages images(int row) const { return images_.value(row); }
    // Drops fetched images (a new model).
    void clearImages();

Q_SIGNALS:
    void currentChanged(int row);
    void selectionChanged();
    // A row's images arrived.
    void imagesArrived();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Tile {
        QWidget* frame;
        PixelImage* original;
        PixelImage* reconstruction;
        PixelImage* heatmap;
        QLabel* caption;
        int row;
    };
    void showMore();
    void addTile(int position);
    // Lays the tiles out as many to a row as the width holds.
    void relayout();
    void fill(Tile& tile);
    void restyle(Tile& tile);
    void requestImages();
    void onTiles(const TilesResult& result);
    void onFailed(RequestKind kind, quint64 id, const QString& message);

    InferenceService* service_;
    const ScoreTable* table_ = nullptr;
    QVector<int> rows_;
    QStringList captions_;
    QVector<Tile> tiles_;
    QHash<int, TileImages> images_;
    QSet<int> selected_;
    int current_ = -1;
    int columns_ = 4;
    RequestTicket ticket_;
    QVector<int> requested_;

    QScrollArea* scroll_;
    QWidget* grid_;
    QGridLayout* layout_;
    QLabel* placeholder_;
    QPushButton* more_;
};

}  // namespace latentlab
