// The sliders' rows: one per latent dimension or principal direction, each
// named (with known factors, by the factor its dimension follows), kept
// while their count holds, placed from the code without decoding.

#include "ui/explore/sliders_view.h"

#include "app/inference/inference_service.h"
#include "ui/explore/dimension_label.h"

#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace latentlab {

namespace {

constexpr int kMaxPosition = SlidersView::kStepsPerSd * SlidersView::kSdRange;

int position(double sds) {
    return std::clamp(int(std::lround(sds * SlidersView::kStepsPerSd)), -kMaxPosition, kMaxPosition);
}

}  // namespace

void SlidersView::rebuildRows() {
    if (std::any_of(sliders_.begin(), sliders_.end(), [](QSlider* s) { return s->isSliderDown(); })) {
        // Never pull a slider from under the pointer: wait for its release.
        rebuildOnRelease_ = true;
        return;
    }
    rebuildOnRelease_ = false;
    const SnapshotInfo info = model();
    QVector<int> dims(latent_);
    std::iota(dims.begin(), dims.end(), 0);
    if (info.klPerDim.size() == latent_)
        std::stable_sort(dims.begin(), dims.end(), [&](int a, int b) { return info.klPerDim[a] > info.klPerDim[b]; });
    dimensions_ = LatentBasis::dimensions(dims);
    const bool directions = basis_ == Basis::Directions;
    const int count = axes().count();

    // Rows are kept while their count holds: a slider being watched stays put.
    while (sliders_.size() > count) {
        delete sliders_.takeLast();
        delete names_.takeLast();
        delete values_.takeLast();
    }
    while (sliders_.size() < count) {
        const int row = int(sliders_.size());
        auto* name = new QLabel(rowsWidget_);
        auto* slider = new QSlider(Qt::Horizontal, rowsWidget_);
        auto* value = new QLabel(rowsWidget_);
        slider->setRange(-kMaxPosition, kMaxPosition);
        slider->setSingleStep(kStepsPerSd / 10);
        slider->setPageStep(kStepsPerSd / 2);
        slider->setTickPosition(QSlider::TicksBelow);
        slider->setTickInterval(kStepsPerSd);
        slider->setMinimumWidth(160);
        value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        value->setMinimumWidth(value->fontMetrics().horizontalAdvance(QStringLiteral("−3.00 sd ")));
        rows_->addWidget(name, row, 0);
        rows_->addWidget(slider, row, 1);
        rows_->addWidget(value, row, 2);
        connect(slider, &QSlider::valueChanged, this, [this, row](int v) { onSliderMoved(row, v); });
        // Queued: the rebuild may delete the slider that is signalling.
        connect(slider, &QSlider::sliderReleased, this, [this] {
            if (rebuildOnRelease_) QMetaObject::invokeMethod(this, [this] { rebuildRows(); }, Qt::QueuedConnection);
        });
        sliders_.append(slider);
        names_.append(name);
        values_.append(value);
    }
    for (int row = 0; row < rows_->rowCount(); ++row) rows_->setRowStretch(row, 0);
    rows_->setRowStretch(count, 1);
    for (int row = 0; row < count; ++row) {
        if (directions) {
            names_[row]->setText(tr("direction %1 · sd %2").arg(row + 1).arg(directions_.spread(row), 0, 'f', 2));
            sliders_[row]->setToolTip(tr("Along principal direction %1 of the test set's codes, ±%2 of its standard "
                                         "deviations around their mean")
                                          .arg(row + 1)
                                          .arg(kSdRange));
        } else {
            const int d = dims[row];
            // With known factors, the one each dimension follows, as the traversal names it.
            const bool named = factorsFor_ == info.snapshot && factorNames_.contains(d);
            names_[row]->setText(dimensionLabel(d, info.klPerDim.size() == latent_ ? info.klPerDim[d] : -1.0,
                                                named ? factorNames_.value(d) : QString(), factorInformation_.value(d)));
            sliders_[row]->setToolTip(tr("Latent dimension %1, ±%2 prior standard deviations").arg(d).arg(kSdRange));
        }
    }
    placeSliders();
}

void SlidersView::placeSliders() {
    for (int row = 0; row < sliders_.size(); ++row) {
        const QSignalBlocker blocker(sliders_[row]);
        sliders_[row]->setValue(position(axes().coordinate(code_, row)));
        updateValueLabel(row);
    }
}

void SlidersView::updateValueLabel(int row) {
    const double sds = double(sliders_[row]->value()) / kStepsPerSd;
    values_[row]->setText(basis_ == Basis::Directions ? tr("%1 sd").arg(sds, 0, 'f', 2) : QString::number(sds, 'f', 2));
}

void SlidersView::requestFactors() {
    // A two-column traversal: cheap to decode, and it carries the factor each
    // dimension follows (measured once per model and data set by the service).
    lastTraverseRequest_ = TraverseRequest{};
    lastTraverseRequest_.pinned = pinned_;
    lastTraverseRequest_.client = reinterpret_cast<quintptr>(this);
    lastTraverseRequest_.columns = 2;
    traverseTicket_.sent(service_->traverse(lastTraverseRequest_));
}

void SlidersView::onTraversed(const TraverseResult& result) {
    if (traverseTicket_.overtakenBy(result.id)) traverseTicket_.sent(service_->traverse(lastTraverseRequest_));
    if (!traverseTicket_.take(result.id) || result.from.snapshot != model().snapshot) return;
    factorNames_.clear();
    factorInformation_.clear();
    for (int r = 0; r < result.rowFactors.size() && r < result.dimensions.size(); ++r) {
        if (result.rowFactors[r].isEmpty()) continue;
        factorNames_.insert(result.dimensions[r], result.rowFactors[r]);
        factorInformation_.insert(result.dimensions[r], result.rowInformation.value(r));
    }
    factorsFor_ = result.from.snapshot;
    if (!factorNames_.isEmpty()) rebuildRows();
}

}  // namespace latentlab
