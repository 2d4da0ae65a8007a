#include "app/report/curves_picture.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

namespace {

const QColor kColours[] = {QColor(31, 119, 180), QColor(214, 39, 40), QColor(44, 160, 44), QColor(148, 103, 189),
                           QColor(255, 127, 14), QColor(140, 86, 75), QColor(23, 190, 207)};

}  // namespace

QVector<double> normalisedToOwnRange(const QVector<double>& values) {
    if (values.isEmpty()) return {};
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    QVector<double> out;
    for (double v : values) out.append(*high > *low ? (v - *low) / (*high - *low) : 0.5);
    return out;
}

bool normalisingHidesDifferences(const QVector<CurveOfRun>& runs) {
    if (runs.size() < 2) return false;
    const QVector<double> first = normalisedToOwnRange(runs.front().values);
    for (const CurveOfRun& run : runs) {
        const QVector<double> scaled = normalisedToOwnRange(run.values);
        if (scaled.size() != first.size()) return false;
        for (int i = 0; i < scaled.size(); ++i)
            if (std::abs(scaled[i] - first[i]) > 1e-9) return false;
    }
    return true;
}

QImage curvesPicture(const QVector<CurveOfRun>& runs, const QString& what, int width, int height) {
    const bool nats = normalisingHidesDifferences(runs);
    double low = 0.0, high = 1.0;
    if (nats) {
        low = std::numeric_limits<double>::infinity(), high = -low;
        for (const CurveOfRun& run : runs)
            for (double v : run.values) low = std::min(low, v), high = std::max(high, v);
        if (!(high > low)) low -= 0.5, high += 0.5;
    }
    const QString yTitle = nats ? what + QStringLiteral(", in nats (each run normalised to its own range would be "
                                                        "the same line)")
                                : what + QStringLiteral(", each run normalised to its own range (0: its lowest, 1: "
                                                        "its highest)");
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRect plot(60, 20, width - 80, height - 70);
    painter.setPen(Qt::black);
    painter.drawRect(plot);
    int epochs = 1;
    for (const auto& run : runs) epochs = std::max(epochs, static_cast<int>(run.values.size()));
    const auto x = [&](int epoch) {  // 1-based
        return plot.left() + (epochs > 1 ? (epoch - 1) * plot.width() / double(epochs - 1) : plot.width() / 2.0);
    };
    const auto y = [&](double v) { return plot.bottom() - (v - low) / (high - low) * plot.height(); };
    for (int epoch = 1; epoch <= epochs; ++epoch)
        painter.drawText(QRectF(x(epoch) - 20, plot.bottom() + 4, 40, 16), Qt::AlignCenter, QString::number(epoch));
    for (double v : {low, (low + high) / 2.0, high})
        painter.drawText(QRectF(plot.left() - 58, y(v) - 8, 52, 16), Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(v, 'g', nats ? 5 : 2));
    painter.drawText(QRectF(plot.left(), plot.bottom() + 20, plot.width(), 16), Qt::AlignCenter, "epoch");
    painter.drawText(QRectF(4, 2, width - 8, 16), Qt::AlignLeft, yTitle);
    for (int i = 0; i < runs.size(); ++i) {
        const QColor colour = kColours[i % 7];
        const auto values = nats ? runs[i].values : normalisedToOwnRange(runs[i].values);
        QPainterPath path;
        for (int e = 0; e < values.size(); ++e) {
            const QPointF point(x(e + 1), y(values[e]));
            if (e == 0) path.moveTo(point); else path.lineTo(point);
            painter.setBrush(colour);
            painter.setPen(colour);
            painter.drawEllipse(point, 2.5, 2.5);
        }
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(colour, 2));
        painter.drawPath(path);
        const QRectF legend(plot.left() + 10, plot.top() + 8 + 16 * i, plot.width() - 20, 16);
        painter.fillRect(QRectF(legend.left(), legend.center().y() - 2, 14, 4), colour);
        painter.setPen(Qt::black);
        painter.drawText(legend.adjusted(20, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, runs[i].label);
    }
    return image;
}

}  // namespace latentlab
