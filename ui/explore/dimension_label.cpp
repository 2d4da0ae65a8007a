#include "ui/explore/dimension_label.h"

#include <QCoreApplication>

namespace latentlab {

QString dimensionLabel(int dimension, double kl, const QString& factor, double information) {
    const auto tr = [](const char* text) { return QCoreApplication::translate("DimensionLabel", text); };
    QString label = tr("z%1").arg(dimension);
    if (!factor.isEmpty()) label += tr(" · %1 (%2)").arg(factor).arg(information, 0, 'f', 2);
    // Three decimals where two would read 0.00 for a dimension barely used.
    if (kl >= 0.0) label += tr(" · %1 nats").arg(kl, 0, 'f', kl < 0.1 ? 3 : 2);
    return label;
}

}  // namespace latentlab
