#include "ui/explore/latent_map_view.h"
#include "ui/widgets/frame_export.h"

#include "app/inference/inference_service.h"
#include "model/base/error.h"
#include "model/store/atomic_file.h"
#include "ui/explore/latent_map_csv.h"
#include "ui/explore/latent_map_plot.h"
#include "ui/explore/map_colour_choice.h"
#include "ui/widgets/pixel_image.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QSignalBlocker>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace latentlab {

namespace {

double dot(const QVector<float>& a, const QVector<float>& b) {
    double sum = 0.0;
    for (int i = 0; i < std::min(a.size(), b.size()); ++i) sum += double(a[i]) * b[i];
    return sum;
}

QLabel* heading(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    QFont bold = label->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    label->setFont(bold);
    return label;
}

}  // namespace

LatentMapView::LatentMapView(InferenceService* service, QWidget* parent)
    : QWidget(parent), service_(service), projectionBox_(new QComboBox(this)), dimXBox_(new QComboBox(this)),
      dimYBox_(new QComboBox(this)), colourBox_(new MapColourChoice(this)), manifoldBox_(new QCheckBox(tr("Manifold"), this)),
      exportButton_(new QToolButton(this)), progress_(new QProgressBar(this)), source_(new QLabel(this)),
      status_(new QLabel(this)), plot_(new LatentMapPlot(this)), clicked_(new PixelImage(this)),
      clickedCaption_(new QLabel(this)), hovered_(new PixelImage(this)), hoveredCaption_(new QLabel(this)) {
    projectionBox_->setObjectName(QStringLiteral("mapProjection"));
    projectionBox_->addItem(tr("PCA"), int(MapProjection::Pca));
    projectionBox_->addItem(tr("t-SNE"), int(MapProjection::Tsne));
    projectionBox_->addItem(tr("UMAP"), int(MapProjection::Umap));
    projectionBox_->addItem(tr("two dimensions"), int(MapProjection::Dimensions));
    projectionBox_->setToolTip(tr("PCA: the plane of the two largest principal directions of the test set's codes.\n"
                                  "t-SNE, UMAP: layouts that keep each code's nearest neighbours near it, so the "
                                  "clusters show; distances between clusters and their sizes mean little, and "
                                  "the points move while the layout converges.\n"
                                  "Two dimensions: two latent dimensions chosen beside."));
    dimXBox_->setObjectName(QStringLiteral("mapDimX"));
    dimYBox_->setObjectName(QStringLiteral("mapDimY"));
    dimXBox_->setToolTip(tr("The latent dimension along x, most active first"));
    dimYBox_->setToolTip(tr("The latent dimension along y, most active first"));
    dimXBox_->setEnabled(false);
    dimYBox_->setEnabled(false);
    manifoldBox_->setEnabled(false);
    manifoldBox_->setToolTip(tr("Behind the points, the images decoded on a grid of the plane (2-D latent spaces)"));
    exportButton_->setText(tr("Export"));
    exportButton_->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(exportButton_);
    for (const QString& format : {QStringLiteral("png"), QStringLiteral("pdf"), QStringLiteral("csv")})
        menu->addAction(tr("%1…").arg(format.toUpper()), this, [this, format] { askExport(format); });
    exportButton_->setMenu(menu);
    progress_->setMaximumWidth(220);
    progress_->setFormat(tr("encoding %p%"));
    progress_->hide();
    status_->setWordWrap(true);
    status_->hide();

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Projection:"), this));
    controls->addWidget(projectionBox_);
    controls->addWidget(new QLabel(tr("x"), this));
    controls->addWidget(dimXBox_);
    controls->addWidget(new QLabel(tr("y"), this));
    controls->addWidget(dimYBox_);
    controls->addSpacing(8);
    controls->addWidget(new QLabel(tr("Colour by:"), this));
    controls->addWidget(colourBox_);
    controls->addSpacing(8);
    controls->addWidget(manifoldBox_);
    controls->addStretch(1);
    controls->addWidget(progress_);
    controls->addWidget(exportButton_);

    clicked_->setPlaceholderText(tr("Click anywhere on the map to decode that point."));
    // Small enough for a 1024 x 768 screen beside the lesson pane; they grow with the window.
    clicked_->setMinimumSize(200, 200);
    hovered_->setPlaceholderText(tr("Point at a dot to see its test image."));
    hovered_->setMinimumSize(120, 120);
    QFont large = font();
    large.setPointSizeF(large.pointSizeF() * 1.2);
    for (QLabel* caption : {clickedCaption_, hoveredCaption_, source_}) {
        caption->setAlignment(Qt::AlignCenter);
        caption->setWordWrap(true);
        caption->setFont(large);
    }
    source_->setAlignment(Qt::AlignLeft);
    auto* side = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(heading(tr("Clicked point"), side));
    sideLayout->addWidget(clicked_, 3);
    sideLayout->addWidget(clickedCaption_);
    sideLayout->addSpacing(12);
    sideLayout->addWidget(heading(tr("Under the pointer"), side));
    sideLayout->addWidget(hovered_, 2);
    sideLayout->addWidget(hoveredCaption_);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(plot_);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({1000, 360});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(source_);
    layout->addWidget(status_);
    layout->addWidget(splitter, 1);

    const auto chosenDims = [this] {
        setProjection(MapProjection(projectionBox_->currentData().toInt()), dimXBox_->currentData().toInt(),
                      dimYBox_->currentData().toInt());
    };
    connect(projectionBox_, &QComboBox::currentIndexChanged, this, chosenDims);
    connect(dimXBox_, &QComboBox::currentIndexChanged, this, chosenDims);
    connect(dimYBox_, &QComboBox::currentIndexChanged, this, chosenDims);
    connect(manifoldBox_, &QCheckBox::toggled, this, &LatentMapView::setManifoldShown);
    connect(colourBox_, &MapColourChoice::factorChosen, this, &LatentMapView::setColourBy);
    connect(plot_, &LatentMapPlot::clicked, this, &LatentMapView::decodeAt);
    connect(plot_, &LatentMapPlot::hovered, this, &LatentMapView::onHovered);
    connect(service_, &InferenceService::snapshotChanged, this, &LatentMapView::onSnapshotChanged);
    connect(service_, &InferenceService::mapped, this, &LatentMapView::onMapped);
    connect(service_, &InferenceService::decoded, this, &LatentMapView::onDecoded);
    connect(service_, &InferenceService::progress, this, &LatentMapView::onProgress);
    connect(service_, &InferenceService::failed, this, &LatentMapView::onFailed);
}

QImage LatentMapView::clickedImage() const { return clicked_->image(); }

QImage LatentMapView::hoveredImage() const { return hovered_->image(); }

SnapshotInfo LatentMapView::model() const {
    return pinned_ ? InferenceService::describe(pinned_) : service_->snapshot();
}

void LatentMapView::setPinned(const SnapshotHandle& snapshot) {
    pinned_ = snapshot;
    if (map_.from.snapshot != model().snapshot) requestMap();
}

void LatentMapView::setShow(DecodedImage show) {
    if (show == show_) return;
    show_ = show;
    if (shownRequest_.manifold) requestMap();  // its images change
    if (!clickedCode_.isEmpty()) decodeCode(clickedCode_);
}

void LatentMapView::setProjection(MapProjection projection, int dimX, int dimY) {
    const bool dims = projection == MapProjection::Dimensions;
    projection_ = projection;
    dimX_ = dimX;
    dimY_ = dimY;
    dimsChosen_ = dimsChosen_ || dims;
    {
        const QSignalBlocker a(projectionBox_), b(dimXBox_), c(dimYBox_);
        projectionBox_->setCurrentIndex(std::max(0, projectionBox_->findData(int(projection))));
        dimXBox_->setCurrentIndex(std::max(0, dimXBox_->findData(dimX)));
        dimYBox_->setCurrentIndex(std::max(0, dimYBox_->findData(dimY)));
    }
    dimXBox_->setEnabled(dims);
    dimYBox_->setEnabled(dims);
    updateManifoldChoice();
    requestMap();
}

void LatentMapView::updateManifoldChoice() {
    const bool linear = isLinear(projection_);
    manifoldBox_->setEnabled(latent_ == 2 && linear);
    manifoldBox_->setToolTip(
        linear ? tr("Behind the points, the images decoded on a grid of the plane (2-D latent spaces)")
               : tr("t-SNE and UMAP have no inverse: a point of their plane is no code, so there is no manifold "
                    "to decode. A click decodes the code of the nearest test image."));
    clicked_->setPlaceholderText(linear ? tr("Click anywhere on the map to decode that point.")
                                        : tr("Click near a dot to decode that test image's code (t-SNE and UMAP "
                                             "have no inverse: the plane between the dots decodes to nothing)."));
}

void LatentMapView::setManifoldShown(bool shown) {
    {
        const QSignalBlocker blocker(manifoldBox_);
        manifoldBox_->setChecked(shown);
    }
    plot_->setManifoldShown(shown);
    if (shown && map_.manifold.isEmpty() && latent_ == 2) requestMap();
}

void LatentMapView::onSnapshotChanged() {
    if (!pinned_) requestMap();
}

void LatentMapView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (stale_) requestMap();
}

void LatentMapView::requestMap() {
    // Hidden (another tab is shown): the map is computed when it is shown.
    if (!isVisible()) {
        stale_ = true;
        return;
    }
    stale_ = false;
    const SnapshotInfo info = model();
    if (!info.isValid()) {
        status_->setText(tr("No model yet: train a run for an epoch, or open a saved run."));
        status_->show();
        return;
    }
    updateControls(info);
    MapRequest request;
    request.pinned = pinned_;
    request.show = show_;
    request.client = reinterpret_cast<quintptr>(this);
    request.projection = projection_;
    request.dimX = std::clamp(dimX_, 0, std::max(0, info.latent - 1));
    request.dimY = std::clamp(dimY_, 0, std::max(0, info.latent - 1));
    // The new axes keep the old ones' order and signs: points move, they do not flip.
    if (projection_ == MapProjection::Pca && shownRequest_.projection == MapProjection::Pca &&
        map_.axisX.size() == info.latent) {
        request.previousAxisX = map_.axisX;
        request.previousAxisY = map_.axisY;
    }
    // t-SNE, UMAP: the last finished layout of the same run's test set is the
    // start, so the next epoch's map moves a little rather than anew.
    if (!isLinear(projection_) && map_.projection == projection_ && !map_.converging &&
        map_.from.runFolder == info.runFolder && map_.from.latent == info.latent &&
        map_.points.size() == service_->dataset().count(Split::Test))
        request.previousLayout = map_.points;
    request.manifold = manifoldBox_->isChecked() && info.latent == 2 && isLinear(projection_);
    request.manifoldSide = kManifoldSide;
    lastMapRequest_ = request;
    mapTicket_.sent(service_->map(request));
    progress_->setFormat(tr("encoding %p%"));
    progress_->setRange(0, 0);
    progress_->show();
}

void LatentMapView::updateControls(const SnapshotInfo& info) {
    manifoldBox_->setEnabled(info.latent == 2 && isLinear(projection_));
    const auto label = [&info, this](int d) {
        return info.klPerDim.size() == latent_ ? tr("z%1 · %2 nats").arg(d).arg(info.klPerDim[d], 0, 'f', 2)
                                               : tr("z%1").arg(d);
    };
    if (info.latent == latent_ && info.runFolder == runFolder_) {
        // The same run: the order stays (the chosen dimension does not move
        // under the pointer), the KL values are the snapshot's.
        for (QComboBox* box : {dimXBox_, dimYBox_})
            for (int i = 0; i < box->count(); ++i) box->setItemText(i, label(box->itemData(i).toInt()));
        return;
    }
    latent_ = info.latent;
    runFolder_ = info.runFolder;
    // The most active dimensions first, and the first two chosen.
    QVector<int> dims(latent_);
    std::iota(dims.begin(), dims.end(), 0);
    if (info.klPerDim.size() == latent_)
        std::stable_sort(dims.begin(), dims.end(), [&](int a, int b) { return info.klPerDim[a] > info.klPerDim[b]; });
    const QSignalBlocker a(dimXBox_), b(dimYBox_);
    dimXBox_->clear();
    dimYBox_->clear();
    for (int d : dims) {
        dimXBox_->addItem(label(d), d);
        dimYBox_->addItem(label(d), d);
    }
    if (!dimsChosen_ || dimX_ >= latent_ || dimY_ >= latent_) {
        dimX_ = dims.value(0);
        dimY_ = dims.value(std::min(1, latent_ - 1));
    }
    dimXBox_->setCurrentIndex(std::max(0, dimXBox_->findData(dimX_)));
    dimYBox_->setCurrentIndex(std::max(0, dimYBox_->findData(dimY_)));
}

QString LatentMapView::axisLabel(bool x) const {
    if (shownRequest_.projection == MapProjection::Tsne) return x ? tr("t-SNE 1") : tr("t-SNE 2");
    if (shownRequest_.projection == MapProjection::Umap) return x ? tr("UMAP 1") : tr("UMAP 2");
    if (shownRequest_.projection == MapProjection::Dimensions)
        return tr("z%1").arg(x ? shownRequest_.dimX : shownRequest_.dimY);
    // Aligned with the previous map, an axis may be the second direction.
    const QVector<float>& axis = x ? map_.axisX : map_.axisY;
    int best = 0;
    for (int k = 1; k < map_.directions.size(); ++k)
        if (std::abs(dot(axis, map_.directions[k])) > std::abs(dot(axis, map_.directions[best]))) best = k;
    return tr("principal direction %1").arg(best + 1);
}

void LatentMapView::onMapped(const MapResult& result) {
    if (mapTicket_.overtakenBy(result.id)) mapTicket_.sent(service_->map(lastMapRequest_));
    if (result.converging) {
        // A layout's picture on its way: drawn, and the ticket still waits for the last.
        if (result.id != mapTicket_.id()) return;
        progress_->setFormat(tr("laying out %p%"));
        drawMap(result);
        Q_EMIT layoutMoved();
        return;
    }
    if (!mapTicket_.take(result.id)) return;
    progress_->hide();
    status_->hide();
    drawMap(result);
    Q_EMIT mapShown();
}

void LatentMapView::drawMap(const MapResult& result) {
    // Another run's map: the image under the pointer was one of the old run's test images.
    if (result.from.runFolder != map_.from.runFolder || result.from.latent != map_.from.latent ||
        result.points.size() != map_.points.size()) {
        hovered_->clear();
        hoveredCaption_->clear();
    }
    const bool sameImages = result.points.size() == map_.points.size();
    map_ = result;
    shownRequest_ = lastMapRequest_;
    updateControls(result.from);
    colourBox_->setFactors(result.factorNames);
    colourBy_ = colourBox_->factor();
    plot_->setMap(result, axisLabel(true), axisLabel(false), MapColouring::byFactor(result, colourBy_));
    source_->setText(tr("%1 test images, encoded by %2").arg(result.points.size()).arg(result.from.describe()));
    const bool newModel = lastDecodeRequest_.pinned != result.from.snapshot;
    if (!isLinear(result.projection) && clickedIndex_ >= 0 && clickedIndex_ < result.points.size() && sameImages) {
        // The clicked test image keeps its mark; the new model decodes its new code.
        plot_->setMarker(result.points[clickedIndex_]);
        const int latent = result.codes.size() / std::max<int>(1, result.points.size());
        if (newModel && !result.converging) decodeCode(result.codes.mid(clickedIndex_ * latent, latent));
    } else if (isLinear(result.projection) && clickedCode_.size() == result.center.size() && !clickedCode_.isEmpty()) {
        // The clicked code keeps its place in the latent space: its mark
        // moves with the points, and the new model decodes it.
        clickedIndex_ = -1;
        QVector<float> offset = clickedCode_;
        for (int i = 0; i < offset.size(); ++i) offset[i] -= result.center[i];
        plot_->setMarker(QPointF(dot(offset, result.axisX), dot(offset, result.axisY)));
        if (newModel) decodeCode(clickedCode_);
    } else if (!result.converging) {
        clickedIndex_ = -1;
        clickedCode_.clear();
        plot_->clearMarker();
        clicked_->clear();
        clickedCaption_->clear();
    }
}

void LatentMapView::setColourBy(int factor) {
    colourBy_ = factor >= 0 && factor < map_.factorNames.size() ? factor : -1;
    colourBox_->setFactor(colourBy_);
    plot_->setColouring(MapColouring::byFactor(map_, colourBy_));
}

void LatentMapView::onProgress(RequestKind kind, quint64 id, qint64 done, qint64 total) {
    if (kind != RequestKind::Map || id != mapTicket_.id() || total <= 0) return;
    progress_->setRange(0, 1000);
    progress_->setValue(int(1000 * done / total));
}

void LatentMapView::onFailed(RequestKind kind, quint64 id, const QString& message) {
    RequestTicket* ticket = kind == RequestKind::Map ? &mapTicket_ : kind == RequestKind::Decode ? &decodeTicket_ : nullptr;
    if (!ticket) return;
    if (ticket->overtakenBy(id)) {
        if (kind == RequestKind::Map) ticket->sent(service_->map(lastMapRequest_));
        else ticket->sent(service_->decode(lastDecodeRequest_));
    }
    if (!ticket->take(id)) return;
    if (kind == RequestKind::Map) progress_->hide();
    status_->setText(message);
    status_->show();
}

}  // namespace latentlab
