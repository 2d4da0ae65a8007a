#include "ui/inspect/image_gallery.h"

#include "app/inference/inference_service.h"
#include "app/inference/score_table.h"
#include "ui/widgets/pixel_image.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

namespace latentlab {

namespace {

constexpr int kImageSide = 64;  // each of a tile's three images
constexpr int kTileWidth = 3 * kImageSide + 4 + 2 * 4;  // images, their gaps, the margins
constexpr int kSpacing = 6;

}  // namespace

ImageGallery::ImageGallery(InferenceService* service, QWidget* parent)
    : QWidget(parent),
      service_(service),
      scroll_(new QScrollArea(this)),
      grid_(new QWidget(scroll_)),
      layout_(new QGridLayout(grid_)),
      placeholder_(new QLabel(this)),
      more_(new QPushButton(tr("Show more"), grid_)) {
    layout_->setSpacing(kSpacing);
    layout_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    scroll_->setWidget(grid_);
    scroll_->setWidgetResizable(true);
    scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    placeholder_->setAlignment(Qt::AlignCenter);
    placeholder_->setWordWrap(true);
    more_->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(placeholder_);
    layout->addWidget(scroll_, 1);
    connect(more_, &QPushButton::clicked, this, &ImageGallery::showMore);
    connect(service_, &InferenceService::tiled, this, &ImageGallery::onTiles);
    connect(service_, &InferenceService::failed, this, &ImageGallery::onFailed);
    setPlaceholderText(tr("Score the images to see them here."));
}

void ImageGallery::setTable(const ScoreTable* table) {
    table_ = table;
    clearImages();
}

void ImageGallery::clearImages() {
    images_.clear();
    for (auto& tile : tiles_) fill(tile);
}

void ImageGallery::setPlaceholderText(const QString& text) {
    placeholder_->setText(text);
    placeholder_->setVisible(rows_.isEmpty());
}

void ImageGallery::setRows(const QVector<int>& rows, const QStringList& captions) {
    rows_ = rows;
    captions_ = captions;
    for (auto& tile : tiles_) delete tile.frame;
    tiles_.clear();
    selected_.clear();
    placeholder_->setVisible(rows_.isEmpty());
    showMore();
    Q_EMIT selectionChanged();
}

void ImageGallery::showMore() {
    const int end = std::min<int>(rows_.size(), tiles_.size() + kPage);
    for (int i = tiles_.size(); i < end; ++i) addTile(i);
    relayout();
    more_->setVisible(tiles_.size() < rows_.size());
    more_->setText(tr("Show %1 more of %2").arg(std::min<int>(kPage, rows_.size() - tiles_.size())).arg(rows_.size()));
    requestImages();
}

void ImageGallery::addTile(int position) {
    Tile tile;
    tile.row = rows_[position];
    tile.frame = new QWidget(grid_);
    tile.frame->setAutoFillBackground(true);
    auto* box = new QVBoxLayout(tile.frame);
    box->setContentsMargins(4, 4, 4, 4);
    box->setSpacing(2);
    auto* strip = new QHBoxLayout;
    strip->setSpacing(2);
    for (PixelImage** image : {&tile.original, &tile.reconstruction, &tile.heatmap}) {
        *image = new PixelImage(tile.frame);
        (*image)->setFixedSize(kImageSide, kImageSide);
        (*image)->setPlaceholderText(QStringLiteral("…"));
        (*image)->installEventFilter(this);
        strip->addWidget(*image);
    }
    tile.original->setToolTip(tr("The image as the model sees it"));
    tile.reconstruction->setToolTip(tr("Its mean reconstruction"));
    tile.heatmap->setToolTip(tr("Squared error per pixel (inferno: black none, yellow the image's largest)"));
    tile.caption = new QLabel(position < captions_.size() ? captions_[position] : QString(), tile.frame);
    tile.caption->setWordWrap(true);
    tile.caption->setFixedWidth(3 * kImageSide + 4);
    box->addLayout(strip);
    box->addWidget(tile.caption);
    tile.frame->installEventFilter(this);
    tiles_.append(tile);
    fill(tiles_.last());
}

void ImageGallery::relayout() {
    for (const auto& tile : tiles_) layout_->removeWidget(tile.frame);
    layout_->removeWidget(more_);
    for (int i = 0; i < tiles_.size(); ++i) layout_->addWidget(tiles_[i].frame, i / columns_, i % columns_);
    layout_->addWidget(more_, (tiles_.size() + columns_ - 1) / columns_, 0, 1, columns_, Qt::AlignLeft);
}

void ImageGallery::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // The scroll area is laid out after this event: measure from the gallery's own width.
    const int room = width() - scroll_->verticalScrollBar()->sizeHint().width() - 2 * scroll_->frameWidth() -
                     layout_->contentsMargins().left() - layout_->contentsMargins().right();
    const int columns = std::max(1, (room + kSpacing) / (kTileWidth + kSpacing));
    if (columns == columns_) return;
    columns_ = columns;
    relayout();
}

void ImageGallery::fill(Tile& tile) {
    const TileImages images = images_.value(tile.row);
    tile.original->setImage(images.original);
    tile.reconstruction->setImage(images.reconstruction);
    tile.heatmap->setImage(images.heatmap);
    restyle(tile);
}

void ImageGallery::restyle(Tile& tile) {
    QPalette palette = tile.frame->palette();
    const bool current = tile.row == current_, selected = selected_.contains(tile.row);
    palette.setColor(QPalette::Window, current    ? palette.color(QPalette::Highlight)
                                       : selected ? palette.color(QPalette::Highlight).lighter(150)
                                                  : palette.color(QPalette::Base));
    palette.setColor(QPalette::WindowText,
                     current ? palette.color(QPalette::HighlightedText) : palette.color(QPalette::Text));
    tile.frame->setPalette(palette);
}

void ImageGallery::requestImages() {
    if (!table_ || ticket_.isWaiting()) return;
    TilesRequest request;
    request.pinned = table_->result().from.snapshot;
    request.client = reinterpret_cast<quintptr>(this);
    requested_.clear();
    for (const auto& tile : tiles_) {
        if (images_.contains(tile.row) || requested_.contains(tile.row)) continue;
        requested_.append(tile.row);
        request.images.append(table_->result().ref(tile.row));
        if (requested_.size() == kPage) break;
    }
    if (requested_.isEmpty()) return;
    ticket_.sent(service_->tiles(request));
}

void ImageGallery::onTiles(const TilesResult& result) {
    if (!ticket_.take(result.id)) return;
    for (int i = 0; i < requested_.size() && i < result.originals.size(); ++i)
        images_.insert(requested_[i], {result.originals[i], result.reconstructions[i], result.heatmaps[i]});
    for (auto& tile : tiles_)
        if (requested_.contains(tile.row)) fill(tile);
    requested_.clear();
    Q_EMIT imagesArrived();
    requestImages();  // the next page of tiles still empty
}

void ImageGallery::onFailed(RequestKind kind, quint64 id, const QString& message) {
    if (kind != RequestKind::Tiles || !ticket_.take(id)) return;
    requested_.clear();
    placeholder_->setText(message);
    placeholder_->show();
}

void ImageGallery::setCurrentRow(int row) {
    current_ = row;
    for (auto& tile : tiles_) restyle(tile);
    Q_EMIT currentChanged(row);
}

QVector<int> ImageGallery::selectedRows() const {
    QVector<int> rows;
    for (int row : rows_)
        if (selected_.contains(row)) rows.append(row);
    if (rows.isEmpty() && current_ >= 0 && rows_.contains(current_)) rows.append(current_);
    return rows;
}

void ImageGallery::clearSelection() {
    selected_.clear();
    for (auto& tile : tiles_) restyle(tile);
    Q_EMIT selectionChanged();
}

bool ImageGallery::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::MouseButtonPress) {
        for (auto& tile : tiles_) {
            auto* widget = static_cast<QWidget*>(watched);
            if (widget != tile.frame && widget->parentWidget() != tile.frame) continue;
            const auto* mouse = static_cast<QMouseEvent*>(event);
            if (mouse->modifiers() & Qt::ControlModifier) {
                if (!selected_.remove(tile.row)) selected_.insert(tile.row);
                restyle(tile);
                Q_EMIT selectionChanged();
            } else {
                setCurrentRow(tile.row);
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace latentlab
