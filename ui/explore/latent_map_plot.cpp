#include "ui/explore/latent_map_plot.h"

#include "ui/explore/map_marks.h"
#include "ui/widgets/ends_labelled_ticker.h"
#include "ui/widgets/frame_export.h"
#include "ui/widgets/interface_scale.h"

#include <qcustomplot.h>

#include <QPainter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

namespace {

constexpr double kPointSize = 7.0;  // read from the back of a classroom
// Over the manifold the points shrink and let the images through; the
// images are faint (kManifoldOpacity), so the points keep their full colour.
constexpr double kPointSizeOverManifold = 5.0;
constexpr double kKeySize = 12.0;      // the legend's discs
constexpr double kPadding = 0.05;      // around the points, as a share of their extent

// A disc drawn once into a pixmap: 10,000 pixmap copies draw several times
// faster than 10,000 antialiased ellipses, and look the same.
QCPScatterStyle disc(const QColor& colour, double size, bool overManifold = false) {
    if (overManifold) size = kPointSizeOverManifold;
    const int side = static_cast<int>(std::ceil(size)) + 2;
    QPixmap pixmap(side, side);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawEllipse(QRectF((side - size) / 2.0, (side - size) / 2.0, size, size));
    painter.end();
    return QCPScatterStyle(pixmap);
}

}  // namespace

LatentMapPlot::LatentMapPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    setMinimumSize(300, 240);

    // Axes and legend to be read from the back of a room.
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) {
        axis->setLabelFont(big);
        axis->setTickLabelFont(big);
    }
    // The legend beside the points rather than over them.
    plot_->legend->setVisible(true);
    plot_->legend->setFont(big);
    plot_->legend->setBorderPen(Qt::NoPen);
    plot_->axisRect()->insetLayout()->take(plot_->legend);
    plot_->axisRect()->insetLayout()->simplify();
    // Its column: the legend at the top, empty space below it.
    column_ = new QCPLayoutGrid;
    plot_->plotLayout()->addElement(0, 1, column_);
    plot_->plotLayout()->setColumnStretchFactor(1, 0.001);
    column_->addElement(0, 0, plot_->legend);
    spacer_ = new QCPLayoutElement(plot_);
    column_->addElement(1, 0, spacer_);
    column_->setRowStretchFactor(0, 0.001);
    plot_->legend->setMargins(QMargins(4, 12, 8, 4));
    // For a numeric factor: a colour bar in the spacer's place.
    colourBar_ = new QCPColorScale(plot_);
    colourBar_->setType(QCPAxis::atRight);
    colourBar_->setBarWidth(16);
    colourBar_->axis()->setLabelFont(big);
    colourBar_->axis()->setTickLabelFont(big);
    // Both ends labelled: the bar reads from the factor's lowest value to its highest.
    colourBar_->axis()->setTicker(QSharedPointer<EndsLabelledTicker>::create());
    QCPColorGradient gradient;
    gradient.clearColorStops();
    for (int i = 0; i <= 8; ++i) gradient.setColorStopAt(i / 8.0, viridis(i / 8.0));
    colourBar_->setGradient(gradient);
    colourBar_->setVisible(false);  // outside the layout until a numeric factor colours the points

    // The manifold behind the points, the marks above them.
    plot_->addLayer(QStringLiteral("manifold"), plot_->layer(QStringLiteral("main")), QCustomPlot::limBelow);
    plot_->addLayer(QStringLiteral("marks"), plot_->layer(QStringLiteral("main")), QCustomPlot::limAbove);
    // A buffer of its own: moving a mark redraws it alone, not 10,000 points.
    plot_->layer(QStringLiteral("marks"))->setMode(QCPLayer::lmBuffered);
    manifold_ = new QCPItemPixmap(plot_);
    manifold_->setLayer(QStringLiteral("manifold"));
    manifold_->setScaled(true, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    manifold_->setVisible(false);
    manifold_->setSelectable(false);
    marks_ = std::make_unique<MapMarks>(plot_);

    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    connect(plot_, &QCustomPlot::mouseMove, this, &LatentMapPlot::onMouseMove);
    connect(plot_, &QCustomPlot::mousePress, this, &LatentMapPlot::onMousePress);
    connect(plot_, &QCustomPlot::mouseRelease, this, &LatentMapPlot::onMouseRelease);
    connect(plot_, &QCustomPlot::mouseWheel, this, [this] { followData_ = false; });
    connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this] {
        followData_ = true;
        fitAxes();
        replot();
    });
    connect(plot_, &QCustomPlot::legendClick, this, &LatentMapPlot::onLegendClick);
    // Once the layout knows the axes' pixels (on every resize too).
    connect(plot_, &QCustomPlot::afterLayout, this, &LatentMapPlot::keepEqualScale);
    plot_->installEventFilter(this);
    plot_->setMouseTracking(true);  // hover without a button pressed
    InterfaceScale::follow(plot_);
}

LatentMapPlot::~LatentMapPlot() = default;

void LatentMapPlot::setMap(const MapResult& map, const QString& xLabel, const QString& yLabel,
                           const MapColouring& colouring) {
    if (map.points.size() != points_.size()) selected_ = -1;  // other images: the selection meant another one
    points_ = map.points;
    equalScale_ = isLinear(map.projection);
    plot_->xAxis->setLabel(xLabel);
    plot_->yAxis->setLabel(yLabel);
    colour(colouring.groups.size() == map.points.size() ? colouring : MapColouring::byClass(map));

    bounds_ = QRectF();
    if (!points_.isEmpty()) {
        QPointF low = points_.first(), high = low;
        for (const QPointF& p : points_) {
            low = QPointF(std::min(low.x(), p.x()), std::min(low.y(), p.y()));
            high = QPointF(std::max(high.x(), p.x()), std::max(high.y(), p.y()));
        }
        bounds_ = QRectF(low, high);
    }
    drawManifold(map);
    // The marked points keep their marks where they moved to.
    setSelected(selected_);
    showHovered(hovered_);
    lastScan_ = QPointF(-1e9, -1e9);  // the points moved under the pointer
    if (followData_) fitAxes();
    replot();
}

void LatentMapPlot::setColouring(const MapColouring& colouring) {
    if (colouring.groups.size() != points_.size()) return;
    colour(colouring);
    restyle();
    lastScan_ = QPointF(-1e9, -1e9);
    replot();
}

void LatentMapPlot::colour(const MapColouring& colouring) {
    rebuildGraphs(colouring);
    colouring_ = colouring;
    QVector<QVector<double>> keys(graphs_.size()), values(graphs_.size());
    for (int i = 0; i < points_.size(); ++i) {
        const int g = colouring_.groups.value(i, -1);
        if (g < 0 || g >= graphs_.size()) continue;
        keys[g].append(points_[i].x());
        values[g].append(points_[i].y());
    }
    for (int g = 0; g < graphs_.size(); ++g) graphs_[g]->setData(keys[g], values[g]);
    // A numeric factor: the colour bar instead of the legend's entries.
    QCPLayoutElement* shown = colouring_.continuous ? static_cast<QCPLayoutElement*>(colourBar_) : spacer_;
    if (column_->element(1, 0) != shown) {
        column_->take(column_->element(1, 0));
        column_->addElement(1, 0, shown);
    }
    colourBar_->setVisible(colouring_.continuous);
    colourBar_->setDataRange(QCPRange(colouring_.low, colouring_.high));
    colourBar_->axis()->setLabel(colouring_.title);
}

void LatentMapPlot::rebuildGraphs(const MapColouring& colouring) {
    // The same groups: each keeps whether it is shown.
    if (colouring.names == colouring_.names && colouring.colours == colouring_.colours &&
        colouring.continuous == colouring_.continuous && !graphs_.isEmpty())
        return;
    for (QCPGraph* graph : graphs_ + keys_) plot_->removeGraph(graph);
    graphs_.clear();
    keys_.clear();
    for (int g = 0; g < colouring.names.size(); ++g) {
        QCPGraph* graph = plot_->addGraph();
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(disc(colouring.colours.value(g), kPointSize, manifoldShown_ && hasManifold_));
        graph->setAdaptiveSampling(true);
        graph->setName(colouring.names[g]);
        graph->removeFromLegend();
        graphs_.append(graph);
        if (colouring.continuous) continue;
        // The legend's entry: a graph without data drawing a larger disc
        // than the points, so the colours read from the back of a room.
        QCPGraph* key = plot_->addGraph();
        key->setLineStyle(QCPGraph::lsNone);
        key->setScatterStyle(disc(colouring.colours.value(g), kKeySize));
        key->setName(colouring.names[g]);
        keys_.append(key);
    }
}

void LatentMapPlot::drawManifold(const MapResult& map) {
    const int side = map.manifoldSide;
    const bool has = side > 0 && map.manifold.size() == side * side && !map.manifold.first().isNull();
    if (has) {
        const QSize cell = map.manifold.first().size();
        QImage sheet(cell * side, QImage::Format_RGB32);
        sheet.fill(Qt::black);
        QPainter painter(&sheet);
        // Row by row from the top of the plane, as the service decodes them.
        for (int r = 0; r < side; ++r)
            for (int c = 0; c < side; ++c) painter.drawImage(c * cell.width(), r * cell.height(), map.manifold[r * side + c]);
        // Faint pictures: at full contrast, grey and pink points vanish in them.
        painter.fillRect(sheet.rect(), QColor(255, 255, 255, qRound(255 * (1.0 - kManifoldOpacity))));
        painter.end();
        manifold_->setPixmap(QPixmap::fromImage(sheet));
        const QRectF area = map.manifoldArea;
        manifold_->topLeft->setCoords(area.left(), area.bottom());
        manifold_->bottomRight->setCoords(area.right(), area.top());
        bounds_ = bounds_.united(area);
    }
    hasManifold_ = has;
    restyle();
}

void LatentMapPlot::setManifoldShown(bool shown) {
    manifoldShown_ = shown;
    restyle();
    replot();
}

void LatentMapPlot::restyle() {
    const bool drawn = manifoldShown_ && hasManifold_;
    manifold_->setVisible(drawn);
    for (int g = 0; g < graphs_.size(); ++g)
        graphs_[g]->setScatterStyle(disc(colouring_.colours.value(g), kPointSize, drawn));
}

QRectF LatentMapPlot::fittedArea() const {
    const double padX = std::max(bounds_.width() * kPadding, 1e-3);
    const double padY = std::max(bounds_.height() * kPadding, 1e-3);
    return bounds_.adjusted(-padX, -padY, padX, padY);
}

void LatentMapPlot::fitAxes() {
    if (points_.isEmpty()) return;
    const QRectF area = fittedArea();
    plot_->xAxis->setRange(area.left(), area.right());
    plot_->yAxis->setRange(area.top(), area.bottom());
    keepEqualScale();
}

void LatentMapPlot::keepEqualScale() {
    const QRect pixels = plot_->axisRect()->rect();
    if (!equalScale_ || points_.isEmpty() || pixels.width() < 2 || pixels.height() < 2) return;
    if (!followData_) {
        // Zoomed or panned by hand: x as the user left it, y to its scale.
        plot_->yAxis->setScaleRatio(plot_->xAxis, 1.0);
        return;
    }
    // Fitted: the same units per pixel on both, every point inside, the
    // axis with room to spare widened about its centre.
    const QRectF area = fittedArea();
    const double perPixel = std::max(area.width() / pixels.width(), area.height() / pixels.height());
    plot_->xAxis->setRange(area.center().x(), perPixel * pixels.width(), Qt::AlignCenter);
    plot_->yAxis->setRange(area.center().y(), perPixel * pixels.height(), Qt::AlignCenter);
}

void LatentMapPlot::replot() { plot_->replot(QCustomPlot::rpQueuedReplot); }

// Falls back to a whole replot where the layers' buffers are not ready.
void LatentMapPlot::replotMarks() { plot_->layer(QStringLiteral("marks"))->replot(); }

QWidget* LatentMapPlot::canvas() const { return plot_; }

QRect LatentMapPlot::plotArea() const { return plot_->axisRect()->rect(); }

QString LatentMapPlot::className(int index) const { return index < graphs_.size() ? graphs_[index]->name() : QString(); }

QColor LatentMapPlot::classColour(int index) const {
    if (index >= graphs_.size()) return QColor();
    // The colour the points are drawn in: the middle pixel of their disc.
    const QImage disc = graphs_[index]->scatterStyle().pixmap().toImage();
    return disc.isNull() ? QColor() : disc.pixelColor(disc.width() / 2, disc.height() / 2);
}

QVector<QPointF> LatentMapPlot::classPoints(int index) const {
    QVector<QPointF> points;
    if (index >= graphs_.size()) return points;
    for (auto it = graphs_[index]->data()->constBegin(); it != graphs_[index]->data()->constEnd(); ++it)
        points.append(QPointF(it->key, it->value));
    return points;
}

bool LatentMapPlot::isClassShown(int index) const { return index < graphs_.size() && graphs_[index]->visible(); }

QString LatentMapPlot::axisLabel(Qt::Orientation orientation) const {
    return (orientation == Qt::Horizontal ? plot_->xAxis : plot_->yAxis)->label();
}

QImage LatentMapPlot::manifoldImage() const {
    return manifold_->visible() ? manifold_->pixmap().toImage() : QImage();
}

QRectF LatentMapPlot::manifoldRect() const {
    return QRectF(manifold_->topLeft->coords(), manifold_->bottomRight->coords()).normalized();
}

QSize LatentMapPlot::exportSize() const { return plot_->size().expandedTo(QSize(900, 700)); }

bool LatentMapPlot::isColourBarShown() const { return colourBar_->visible(); }

QStringList LatentMapPlot::colourBarLabels() const {
    const QVector<QString> labels = colourBar_->axis()->tickVectorLabels();
    return QStringList(labels.begin(), labels.end());
}

bool LatentMapPlot::exportPng(const QString& path) {
    const QSize size = exportSize();
    return plot_->savePng(path, size.width(), size.height(), kExportResolution);
}

bool LatentMapPlot::exportPdf(const QString& path) {
    const QSize size = exportSize();
    return plot_->savePdf(path, size.width(), size.height());
}

}  // namespace latentlab
