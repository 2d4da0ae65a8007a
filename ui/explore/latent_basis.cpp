#include "ui/explore/latent_basis.h"

#include <algorithm>

namespace latentlab {

namespace {

// A direction along which the test codes do not vary still moves the code a little.
constexpr double kSmallestSpread = 1e-3;

double dot(const QVector<float>& a, const QVector<float>& b) {
    double sum = 0.0;
    for (int i = 0; i < std::min(a.size(), b.size()); ++i) sum += double(a[i]) * b[i];
    return sum;
}

}  // namespace

LatentBasis LatentBasis::dimensions(const QVector<int>& order) {
    LatentBasis basis;
    basis.order_ = order;
    return basis;
}

LatentBasis LatentBasis::directions(const QVector<QVector<float>>& directions, const QVector<double>& spread,
                                    const QVector<float>& mean) {
    LatentBasis basis;
    basis.directions_ = directions;
    basis.spread_ = spread;
    basis.mean_ = mean;
    basis.spread_.resize(directions.size());
    basis.mean_.resize(directions.isEmpty() ? 0 : directions.first().size());
    return basis;
}

int LatentBasis::count() const { return static_cast<int>(isDirections() ? directions_.size() : order_.size()); }

int LatentBasis::latent() const { return static_cast<int>(isDirections() ? mean_.size() : order_.size()); }

double LatentBasis::spread(int axis) const { return isDirections() ? std::max(spread_[axis], kSmallestSpread) : 1.0; }

QVector<float> LatentBasis::origin() const { return isDirections() ? mean_ : QVector<float>(latent(), 0.0f); }

double LatentBasis::coordinate(const QVector<float>& code, int axis) const {
    if (!isDirections()) return code.value(order_[axis]);
    return (dot(code, directions_[axis]) - dot(mean_, directions_[axis])) / spread(axis);
}

void LatentBasis::moveTo(QVector<float>& code, int axis, double sds) const {
    if (!isDirections()) {
        code[order_[axis]] = float(sds);
        return;
    }
    // Orthonormal directions: a step along one is no step along the others.
    const double change = (sds - coordinate(code, axis)) * spread(axis);
    for (int i = 0; i < code.size(); ++i) code[i] += float(change * directions_[axis][i]);
}

void LatentBasis::alignWith(const LatentBasis& previous) {
    for (int k = 0; k < directions_.size() && k < previous.directions_.size(); ++k)
        if (dot(directions_[k], previous.directions_[k]) < 0.0)
            for (float& v : directions_[k]) v = -v;
}

}  // namespace latentlab
