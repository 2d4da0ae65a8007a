#include "ui/explore/sliders_view.h"

#include "app/inference/inference_service.h"
#include "ui/widgets/pixel_image.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <random>

namespace latentlab {

namespace {

constexpr int kStartOrigin = 0, kStartImage = 1;

}  // namespace

SlidersView::SlidersView(InferenceService* service, QWidget* parent)
    : QWidget(parent), service_(service), basisBox_(new QComboBox(this)), startBox_(new QComboBox(this)),
      indexBox_(new QSpinBox(this)), randomButton_(new QPushButton(tr("Random"), this)),
      resetButton_(new QPushButton(tr("Reset"), this)), rowsWidget_(new QWidget(this)),
      rows_(new QGridLayout(rowsWidget_)), image_(new PixelImage(this)), caption_(new QLabel(this)),
      status_(new QLabel(this)) {
    basisBox_->addItems({tr("dimensions"), tr("principal directions")});
    basisBox_->setToolTip(tr("One slider per latent dimension, most active first, or one per principal direction "
                             "of the test set's codes, largest spread first"));
    startBox_->addItems({tr("origin"), tr("test image")});
    startBox_->setToolTip(tr("Where Reset goes back to: the origin (the test set's mean code for principal "
                             "directions) or a test image's code"));
    indexBox_->setPrefix(tr("#"));
    indexBox_->setEnabled(false);
    randomButton_->setToolTip(tr("A code drawn from the prior (along the principal directions: with their spread)"));
    resetButton_->setToolTip(tr("Back to the starting code"));

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Basis:"), this));
    controls->addWidget(basisBox_);
    controls->addSpacing(16);
    controls->addWidget(new QLabel(tr("Start from:"), this));
    controls->addWidget(startBox_);
    controls->addWidget(indexBox_);
    controls->addSpacing(16);
    controls->addWidget(randomButton_);
    controls->addWidget(resetButton_);
    controls->addStretch(1);

    // Names and values to be read from the back of a room.
    QFont large = rowsWidget_->font();
    large.setPointSizeF(large.pointSizeF() * 1.25);
    rowsWidget_->setFont(large);
    caption_->setFont(large);
    rows_->setColumnStretch(1, 1);
    rows_->setVerticalSpacing(10);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(rowsWidget_);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(320);

    image_->setPlaceholderText(tr("The decoded image appears here once a model is trained or opened."));
    caption_->setAlignment(Qt::AlignCenter);
    caption_->setWordWrap(true);
    auto* imageColumn = new QWidget(this);
    auto* imageLayout = new QVBoxLayout(imageColumn);
    imageLayout->setContentsMargins(0, 0, 0, 0);
    imageLayout->addWidget(image_, 1);
    imageLayout->addWidget(caption_);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(scroll);
    splitter->addWidget(imageColumn);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({600, 700});

    status_->setWordWrap(true);
    status_->hide();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(status_);
    layout->addWidget(splitter, 1);

    connect(basisBox_, &QComboBox::currentIndexChanged, this,
            [this](int index) { setBasis(index == 0 ? Basis::Dimensions : Basis::Directions); });
    connect(startBox_, &QComboBox::currentIndexChanged, this,
            [this](int index) { startFrom(index == kStartImage ? indexBox_->value() : -1); });
    connect(indexBox_, &QSpinBox::valueChanged, this, [this](int index) { startFrom(index); });
    connect(randomButton_, &QPushButton::clicked, this, &SlidersView::randomize);
    connect(resetButton_, &QPushButton::clicked, this, &SlidersView::reset);
    connect(service_, &InferenceService::snapshotChanged, this, &SlidersView::onSnapshotChanged);
    connect(service_, &InferenceService::encoded, this, &SlidersView::onEncoded);
    connect(service_, &InferenceService::decoded, this, &SlidersView::onDecoded);
    connect(service_, &InferenceService::mapped, this, &SlidersView::onMapped);
    connect(service_, &InferenceService::traversed, this, &SlidersView::onTraversed);
    connect(service_, &InferenceService::failed, this, &SlidersView::onFailed);
}

const LatentBasis& SlidersView::axes() const { return basis_ == Basis::Directions ? directions_ : dimensions_; }

QString SlidersView::sliderLabel(int row) const { return row < names_.size() ? names_[row]->text() : QString(); }

QImage SlidersView::image() const { return image_->image(); }

SnapshotInfo SlidersView::model() const {
    return pinned_ ? InferenceService::describe(pinned_) : service_->snapshot();
}

void SlidersView::setPinned(const SnapshotHandle& snapshot) {
    pinned_ = snapshot;
    stale_ = true;
    if (isVisible()) refresh();
}

void SlidersView::setShow(DecodedImage show) {
    show_ = show;
    decode();
}

void SlidersView::onSnapshotChanged() {
    if (pinned_) return;  // the pinned model stays as it was
    stale_ = true;
    if (isVisible()) refresh();
}

void SlidersView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (stale_) refresh();
}

void SlidersView::refresh() {
    stale_ = false;
    const SnapshotInfo info = model();
    const qint64 tests = service_->dataset().count(Split::Test);
    indexBox_->setRange(0, std::max<qint64>(0, tests - 1));
    if (!info.isValid()) {
        status_->setText(tr("No model yet: train a run for an epoch, or open a saved run."));
        status_->show();
        return;
    }
    status_->hide();
    const bool newModel = info.snapshot != builtFor_;
    builtFor_ = info.snapshot;
    if (info.latent != latent_) {
        latent_ = info.latent;
        directions_ = LatentBasis();
        directionsFor_.reset();
        code_ = start_ = QVector<float>(latent_, 0.0f);
    }
    if (basis_ == Basis::Directions && directionsFor_ != info.snapshot) requestDirections();
    if (newModel) requestFactors();
    rebuildRows();
    // Reset goes back to the image's code under this model; the sliders stay.
    if (newModel && startIndex_ >= 0) {
        const bool moving = moveToStart_ && encodeTicket_.isWaiting();
        lastEncodeRequest_ = EncodeRequest{};
        lastEncodeRequest_.pinned = pinned_;
        lastEncodeRequest_.client = reinterpret_cast<quintptr>(this);
        lastEncodeRequest_.image.index = startIndex_;
        encodeTicket_.sent(service_->encode(lastEncodeRequest_));
        moveToStart_ = moving;
    }
    decode();
}

void SlidersView::onSliderMoved(int row, int value) {
    if (code_.size() != latent_ || row >= axes().count()) return;
    axes().moveTo(code_, row, double(value) / kStepsPerSd);
    updateValueLabel(row);
    decode();
}

void SlidersView::setCode(const QVector<float>& code) {
    code_ = code;
    placeSliders();
    decode();
}

void SlidersView::setBasis(Basis basis) {
    {
        const QSignalBlocker blocker(basisBox_);
        basisBox_->setCurrentIndex(basis == Basis::Dimensions ? 0 : 1);
    }
    startBox_->setItemText(kStartOrigin, basis == Basis::Dimensions ? tr("origin") : tr("test mean"));
    if (basis == basis_) return;
    basis_ = basis;
    if (startIndex_ < 0) start_ = axes().isEmpty() ? QVector<float>(latent_, 0.0f) : axes().origin();
    code_ = start_;
    if (basis_ == Basis::Directions && directionsFor_ != model().snapshot && model().isValid()) requestDirections();
    rebuildRows();
    decode();
}

void SlidersView::requestDirections() {
    lastMapRequest_ = MapRequest{};
    lastMapRequest_.pinned = pinned_;
    lastMapRequest_.client = reinterpret_cast<quintptr>(this);
    mapTicket_.sent(service_->map(lastMapRequest_));
    status_->setText(tr("Finding the principal directions of the test set's codes…"));
    status_->show();
}

void SlidersView::startFrom(qint64 index) {
    {
        const QSignalBlocker startBlocker(startBox_), indexBlocker(indexBox_);
        startBox_->setCurrentIndex(index >= 0 ? kStartImage : kStartOrigin);
        if (index >= 0) indexBox_->setValue(int(index));
    }
    indexBox_->setEnabled(index >= 0);
    startIndex_ = index;
    if (index < 0) {
        encodeTicket_.clear();
        start_ = axes().isEmpty() ? QVector<float>(latent_, 0.0f) : axes().origin();
        setCode(start_);
        return;
    }
    lastEncodeRequest_ = EncodeRequest{};
    lastEncodeRequest_.pinned = pinned_;
    lastEncodeRequest_.client = reinterpret_cast<quintptr>(this);
    lastEncodeRequest_.image.index = index;
    encodeTicket_.sent(service_->encode(lastEncodeRequest_));
    moveToStart_ = true;
}

void SlidersView::randomize() {
    if (axes().isEmpty() || code_.size() != latent_) return;
    std::mt19937 random(QRandomGenerator::global()->generate());
    std::normal_distribution<double> normal;
    // Drawn within the sliders' range, so the sliders show the code drawn.
    const auto draw = [&] { return std::clamp(normal(random), -double(kSdRange), double(kSdRange)); };
    QVector<float> code = axes().origin();
    for (int axis = 0; axis < axes().count(); ++axis) axes().moveTo(code, axis, draw());
    setCode(code);
}

void SlidersView::reset() { setCode(start_); }

void SlidersView::decode() {
    if (latent_ == 0 || code_.size() != latent_ || !model().isValid()) return;
    lastDecodeRequest_ = DecodeRequest{};
    lastDecodeRequest_.pinned = pinned_;
    lastDecodeRequest_.client = reinterpret_cast<quintptr>(this);
    lastDecodeRequest_.show = show_;
    lastDecodeRequest_.z = code_;
    decodeTicket_.sent(service_->decode(lastDecodeRequest_));
}

void SlidersView::onEncoded(const EncodeResult& result) {
    if (encodeTicket_.overtakenBy(result.id)) encodeTicket_.sent(service_->encode(lastEncodeRequest_));
    if (!encodeTicket_.take(result.id) || result.mean.size() != latent_) return;
    start_ = result.mean;
    if (moveToStart_) setCode(start_);
}

void SlidersView::onDecoded(const DecodeResult& result) {
    if (decodeTicket_.overtakenBy(result.id)) decodeTicket_.sent(service_->decode(lastDecodeRequest_));
    if (!decodeTicket_.take(result.id)) return;
    lastDecoded_ = result;
    image_->setImage(result.image);
    caption_->setText(tr("Decoded by %1").arg(result.from.describe()));
    Q_EMIT imageShown();
}

void SlidersView::onMapped(const MapResult& result) {
    if (mapTicket_.overtakenBy(result.id)) mapTicket_.sent(service_->map(lastMapRequest_));
    if (!mapTicket_.take(result.id) || result.from.snapshot != model().snapshot) return;
    status_->hide();
    LatentBasis directions = LatentBasis::directions(result.directions, result.spread, result.center);
    directions.alignWith(directions_);
    const bool first = directions_.isEmpty();
    directions_ = directions;
    directionsFor_ = result.from.snapshot;
    if (basis_ != Basis::Directions) return;
    if (startIndex_ < 0) start_ = directions_.origin();
    if (first) code_ = start_;
    rebuildRows();
    decode();
}

void SlidersView::onFailed(RequestKind kind, quint64 id, const QString& message) {
    RequestTicket* ticket = kind == RequestKind::Encode   ? &encodeTicket_
                            : kind == RequestKind::Decode ? &decodeTicket_
                            : kind == RequestKind::Map    ? &mapTicket_
                            : kind == RequestKind::Traverse ? &traverseTicket_
                                                          : nullptr;
    if (!ticket) return;
    if (ticket->overtakenBy(id)) {
        if (kind == RequestKind::Encode) ticket->sent(service_->encode(lastEncodeRequest_));
        if (kind == RequestKind::Decode) ticket->sent(service_->decode(lastDecodeRequest_));
        if (kind == RequestKind::Map) ticket->sent(service_->map(lastMapRequest_));
        if (kind == RequestKind::Traverse) ticket->sent(service_->traverse(lastTraverseRequest_));
    }
    if (!ticket->take(id)) return;
    if (kind == RequestKind::Traverse) return;  // the rows keep their plain names
    status_->setText(message);
    status_->show();
}

}  // namespace latentlab
