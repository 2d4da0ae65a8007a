// What a click or a hover on the latent map shows: the decoded code under a
// click (the plane's point, or on a t-SNE or UMAP map the nearest test
// image's code) and the test image under the pointer.

#include "ui/explore/latent_map_view.h"

#include "app/inference/inference_service.h"
#include "ui/explore/latent_map_plot.h"
#include "ui/widgets/pixel_image.h"

#include <QLabel>

#include <algorithm>
#include <limits>

namespace latentlab {

void LatentMapView::decodeAt(const QPointF& plane) {
    if (!isLinear(map_.projection)) {
        // No inverse: the nearest test image's code.
        const int latent = map_.codes.size() / std::max<int>(1, map_.points.size());
        if (map_.points.isEmpty() || latent == 0) return;
        int nearest = 0;
        double best = std::numeric_limits<double>::max();
        for (int i = 0; i < map_.points.size(); ++i) {
            const QPointF d = map_.points[i] - plane;
            const double d2 = d.x() * d.x() + d.y() * d.y();
            if (d2 < best) {
                best = d2;
                nearest = i;
            }
        }
        clickedIndex_ = nearest;
        clickedCode_ = map_.codes.mid(nearest * latent, latent);
        plot_->setMarker(map_.points[nearest]);
        clickedCaption_->setText(tr("test image %1, the nearest dot (%2 has no inverse)")
                                     .arg(nearest)
                                     .arg(axisLabel(true).section(QLatin1Char(' '), 0, 0)));
        decodeCode(clickedCode_);
        return;
    }
    if (map_.center.isEmpty() || map_.axisX.size() != map_.center.size()) return;
    clickedIndex_ = -1;
    QVector<float> code = map_.center;
    for (int i = 0; i < code.size(); ++i)
        code[i] += float(plane.x()) * map_.axisX[i] + float(plane.y()) * map_.axisY[i];
    clickedCode_ = code;
    plot_->setMarker(plane);
    clickedCaption_->setText(tr("(%1, %2)").arg(plane.x(), 0, 'f', 2).arg(plane.y(), 0, 'f', 2));
    decodeCode(code);
}

void LatentMapView::decodeCode(const QVector<float>& code) {
    lastDecodeRequest_ = DecodeRequest{};
    // The model the map comes from: the plane means what it drew.
    lastDecodeRequest_.pinned = map_.from.snapshot;
    lastDecodeRequest_.client = reinterpret_cast<quintptr>(this);
    lastDecodeRequest_.show = show_;
    lastDecodeRequest_.z = code;
    decodeTicket_.sent(service_->decode(lastDecodeRequest_));
}

void LatentMapView::onDecoded(const DecodeResult& result) {
    if (decodeTicket_.overtakenBy(result.id)) decodeTicket_.sent(service_->decode(lastDecodeRequest_));
    if (!decodeTicket_.take(result.id)) return;
    clicked_->setImage(result.image);
    const QString where = clickedCaption_->text().section(QLatin1Char('\n'), 0, 0);
    clickedCaption_->setText(where + QLatin1Char('\n') + tr("decoded by %1").arg(result.from.describe()));
    Q_EMIT pointDecoded();
}

void LatentMapView::onHovered(int index) {
    // Leaving the points keeps the last image: no flicker between two dots.
    if (index < 0 || index >= map_.points.size()) return;
    const int label = map_.labels.value(index, -1);
    const QString name = label >= 0 && label < map_.classNames.size() ? map_.classNames[label]
                         : label >= 0                                 ? tr("class %1").arg(label)
                                                                      : tr("unlabelled");
    hovered_->setImage(service_->dataset().image(Split::Test, index));
    QString factor;
    if (colourBy_ >= 0 && colourBy_ < map_.factorValues.size())
        factor = tr(" · %1 %2").arg(map_.factorNames[colourBy_]).arg(map_.factorValues[colourBy_].value(index), 0, 'g', 4);
    hoveredCaption_->setText(tr("%1%2 · test image %3").arg(name, factor).arg(index));
}

}  // namespace latentlab
