#pragma once

#include <QString>

namespace latentlab {

// A latent dimension's name as the Explore views write it (traversal rows,
// sliders): "z3 · 0.412 nats", and with known factors the factor it follows
// best and their normalised mutual information: "z3 · x (0.82) · 2.10 nats".
// `kl` < 0: unknown, left out.
QString dimensionLabel(int dimension, double kl, const QString& factor = QString(), double information = 0.0);

}  // namespace latentlab
