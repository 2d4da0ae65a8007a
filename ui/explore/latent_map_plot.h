#pragma once

#include "app/inference/inference_requests.h"
#include "ui/explore/map_colouring.h"

#include <QPointF>
#include <QString>
#include <QVector>
#include <QWidget>

#include <memory>

class QCPGraph;
class QCPItemPixmap;
class QCPLegend;
class QCPAbstractLegendItem;
class QCPColorScale;
class QCPLayoutElement;
class QCPLayoutGrid;
class QCustomPlot;
class QMouseEvent;

namespace latentlab {

class MapMarks;

// The test set's codes projected on a plane: a scatter coloured by class or
// a known factor (MapColouring) with a legend (click an entry to hide its
// group) or, for a numeric factor, a colour bar; the decoded manifold of
// a 2-D latent space faint behind the points; a heavy ring on the selected
// point, a light one on the hovered point and a cross where the plane was
// clicked (MapMarks). Wheel zooms, dragging pans, a double click fits
// the points again. Made for 10,000 points: one graph per class, no item
// per point, the hovered point found by one scan per pixel moved.
class LatentMapPlot : public QWidget {
    Q_OBJECT

public:
    // How near (in pixels) the pointer must be to a point to show it.
    static constexpr double kHoverPixels = 6.0;
    // The manifold's pictures over white: faint, so every point reads over them.
    static constexpr double kManifoldOpacity = 0.25;

    explicit LatentMapPlot(QWidget* parent);
    ~LatentMapPlot() override;

    // Draws `map`'s points coloured by `colouring` (by class when it does
    // not have one group per point), and its manifold when it has one and it
    // is shown. A linear projection's axes keep one scale (a unit on x as
    // long as on y), on resize too; t-SNE's and UMAP's each span the points.
    void setMap(const MapResult& map, const QString& xLabel, const QString& yLabel,
                const MapColouring& colouring = MapColouring());
    // Colours the points drawn anew; ignored unless it has one group per point.
    void setColouring(const MapColouring& colouring);
    const MapColouring& colouring() const { return colouring_; }
    // The colour bar of a numeric factor is shown.
    bool isColourBarShown() const;
    // Its tick labels as last drawn, bottom to top: the first and last are
    // its range's ends.
    QStringList colourBarLabels() const;
    void setManifoldShown(bool shown);
    bool isManifoldShown() const { return manifoldShown_; }
    // A ring around point `index` that stays until the next selection (a
    // click on a dot selects it, a click elsewhere none); -1: none.
    void setSelected(int index);
    int selectedPoint() const { return selected_; }
    // The point under the pointer (its lighter ring); -1: none.
    int hoveredPoint() const { return hovered_; }
    const MapMarks& marks() const { return *marks_; }
    // A cross at a point of the plane; hidden by clearMarker().
    void setMarker(const QPointF& plane);
    void clearMarker();

    // The point nearest `pixel` (widget coordinates of plot()) within
    // kHoverPixels among the classes shown; -1 when none is.
    int pointAt(const QPointF& pixel) const;
    QPointF planeAt(const QPointF& pixel) const;
    QPointF pixelAt(const QPointF& plane) const;

    QCustomPlot* plot() const { return plot_; }
    // Where the mouse acts, and the axes' rectangle there in pixels.
    QWidget* canvas() const;
    QRect plotArea() const;
    // One graph per group of the colouring (by class: in class order,
    // unlabelled points last).
    int classCount() const { return static_cast<int>(graphs_.size()); }
    QString className(int index) const;
    QColor classColour(int index) const;
    QVector<QPointF> classPoints(int index) const;
    bool isClassShown(int index) const;
    QString axisLabel(Qt::Orientation orientation) const;
    // The manifold as drawn: its image, and the rectangle of the plane it
    // covers (left and top: the smallest x and y). A null image when none is.
    QImage manifoldImage() const;
    QRectF manifoldRect() const;

    bool exportPng(const QString& path);
    bool exportPdf(const QString& path);

Q_SIGNALS:
    // The point under the pointer changed; -1 when it left the points.
    void hovered(int index);
    // A click (a press and release without a drag) at this point of the plane.
    void clicked(QPointF plane);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rebuildGraphs(const MapColouring& colouring);
    void colour(const MapColouring& colouring);
    void drawManifold(const MapResult& map);
    // The manifold shown or not, and the points' look over it.
    void restyle();
    void showHovered(int index);
    // The points' and the manifold's extent with a margin.
    QRectF fittedArea() const;
    void fitAxes();
    // Linear projections (PCA, two dimensions): a unit as long on x as on y,
    // so distances and angles on the map are the codes' own.
    void keepEqualScale();
    void replot();
    void replotMarks();
    void onMouseMove(QMouseEvent* event);
    void onMousePress(QMouseEvent* event);
    void onMouseRelease(QMouseEvent* event);
    void onLegendClick(QCPLegend* legend, QCPAbstractLegendItem* item, QMouseEvent* event);
    QSize exportSize() const;

    QCustomPlot* plot_;
    QVector<QCPGraph*> graphs_;
    QVector<QCPGraph*> keys_;   // the legend's entries, one per graph
    MapColouring colouring_;  // what graphs_ draw
    QCPLayoutGrid* column_;   // beside the axes: the legend, then the colour bar or a spacer
    QCPLayoutElement* spacer_;
    QCPColorScale* colourBar_;
    std::unique_ptr<MapMarks> marks_;
    QCPItemPixmap* manifold_;
    QVector<QPointF> points_;
    QRectF bounds_;  // of the points and the manifold
    bool manifoldShown_ = false;
    bool hasManifold_ = false;  // the map drawn has a manifold
    bool followData_ = true;  // false once the user zooms or pans
    bool equalScale_ = false;  // the map drawn is a linear projection
    int hovered_ = -1;
    int selected_ = -1;
    QPointF lastScan_{-1e9, -1e9};
    QPointF pressedAt_;
    bool pressed_ = false;
};

}  // namespace latentlab
