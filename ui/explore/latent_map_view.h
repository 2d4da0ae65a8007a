#pragma once

#include "app/inference/inference_requests.h"
#include "ui/widgets/request_ticket.h"

#include <QVector>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QToolButton;

namespace latentlab {

class InferenceService;
class PixelImage;
class LatentMapPlot;
class MapColourChoice;

// The test set's posterior means on a plane, by PCA, two chosen dimensions,
// t-SNE or UMAP, coloured by class or a known factor: hover a point to see
// its image, click to decode that point of the plane (t-SNE and UMAP have no
// inverse: the nearest test image's code), and for a 2-D latent space see
// the decoded manifold behind the points. While it follows the newest model
// it re-projects after every epoch, keeping its axes' orientation (PCA) or
// starting from the last layout (t-SNE, UMAP, whose points move as they converge).
class LatentMapView : public QWidget {
    Q_OBJECT

public:
    static constexpr int kManifoldSide = 16;

    LatentMapView(InferenceService* service, QWidget* parent);

    LatentMapPlot* plot() const { return plot_; }
    // The map drawn (empty until the first arrives).
    const MapResult& map() const { return map_; }
    MapProjection projection() const { return projection_; }
    // The image decoded from the clicked point, and its code.
    QImage clickedImage() const;
    QVector<float> clickedCode() const { return clickedCode_; }
    QImage hoveredImage() const;

    // The map's points as CSV: index,x,y,class, and file when the data set
    // has files.
    QString csvText() const;
    bool exportCsv(const QString& path, QString* error = nullptr) const;
    bool exportPng(const QString& path);
    bool exportPdf(const QString& path);

public Q_SLOTS:
    // The snapshot to map; an empty handle follows the newest.
    void setPinned(const latentlab::SnapshotHandle& snapshot);
    void setShow(latentlab::DecodedImage show);
    // PCA, t-SNE, UMAP, or the two dimensions dimX and dimY.
    void setProjection(latentlab::MapProjection projection, int dimX = 0, int dimY = 1);
    void setManifoldShown(bool shown);
    // Colours the points by known factor `factor` of the map (its
    // factorNames), or by class for -1.
    void setColourBy(int factor);
    int colourBy() const { return colourBy_; }
    // Decodes center + x axisX + y axisY of the map shown; on a t-SNE or
    // UMAP map, the code of the test image nearest to `plane`.
    void decodeAt(const QPointF& plane);

Q_SIGNALS:
    // A new map is drawn (a t-SNE or UMAP map: its converged layout).
    void mapShown();
    // A t-SNE or UMAP layout's picture on its way is drawn.
    void layoutMoved();
    // The image decoded from the clicked point is shown.
    void pointDecoded();

protected:
    void showEvent(QShowEvent* event) override;

private:
    SnapshotInfo model() const;  // the pinned snapshot or the newest
    void onSnapshotChanged();
    void requestMap();
    void updateControls(const SnapshotInfo& info);
    void decodeCode(const QVector<float>& code);
    void onMapped(const MapResult& result);
    // Draws `result` as map_; the points of the clicked image or code keep their mark.
    void drawMap(const MapResult& result);
    void updateManifoldChoice();
    void onDecoded(const DecodeResult& result);
    void onProgress(RequestKind kind, quint64 id, qint64 done, qint64 total);
    void onFailed(RequestKind kind, quint64 id, const QString& message);
    void onHovered(int index);
    void askExport(const QString& format);
    QString axisLabel(bool x) const;

    InferenceService* service_;
    SnapshotHandle pinned_;
    DecodedImage show_ = DecodedImage::Mean;
    MapProjection projection_ = MapProjection::Pca;
    int dimX_ = 0, dimY_ = 1;
    bool dimsChosen_ = false;  // else the two most active dimensions
    int latent_ = 0;
    QString runFolder_;  // whose dimensions the axis boxes list, most active first
    int colourBy_ = -1;  // a factor of map_, or -1: by class
    bool stale_ = true;  // a new snapshot or setting came while hidden

    MapResult map_;
    MapRequest shownRequest_;  // what map_ answers
    QVector<float> clickedCode_;
    int clickedIndex_ = -1;  // the test image clicked on a t-SNE or UMAP map
    RequestTicket mapTicket_, decodeTicket_;
    MapRequest lastMapRequest_;
    DecodeRequest lastDecodeRequest_;

    QComboBox* projectionBox_;
    QComboBox* dimXBox_;
    QComboBox* dimYBox_;
    MapColourChoice* colourBox_;
    QCheckBox* manifoldBox_;
    QToolButton* exportButton_;
    QProgressBar* progress_;
    QLabel* source_;
    QLabel* status_;
    LatentMapPlot* plot_;
    PixelImage* clicked_;
    QLabel* clickedCaption_;
    PixelImage* hovered_;
    QLabel* hoveredCaption_;
};

}  // namespace latentlab
