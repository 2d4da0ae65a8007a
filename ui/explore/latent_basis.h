#pragma once

#include <QVector>

namespace latentlab {

// The axes sliders move a latent code along: the latent dimensions in a
// chosen order (prior standard deviation 1, around the origin), or the
// principal directions of the test set's codes (orthonormal, each with its
// spread, around the test mean). Moving along one axis leaves the code's
// coordinates on the others as they were.
class LatentBasis {
public:
    LatentBasis() = default;
    static LatentBasis dimensions(const QVector<int>& order);
    static LatentBasis directions(const QVector<QVector<float>>& directions, const QVector<double>& spread,
                                  const QVector<float>& mean);

    bool isEmpty() const { return count() == 0; }
    bool isDirections() const { return !directions_.isEmpty(); }
    int count() const;
    int latent() const;
    // Dimensions: the dimension of each axis.
    QVector<int> order() const { return order_; }
    // What one unit along `axis` measures: its standard deviation.
    double spread(int axis) const;
    // The code at 0 on every axis.
    QVector<float> origin() const;

    // Where `code` lies along `axis`, in standard deviations.
    double coordinate(const QVector<float>& code, int axis) const;
    // Moves `code` along `axis` to `sds` standard deviations.
    void moveTo(QVector<float>& code, int axis, double sds) const;

    // Flips each direction that points away from the same one of
    // `previous`, so an axis keeps its meaning from one model to the next.
    void alignWith(const LatentBasis& previous);

private:
    QVector<int> order_;
    QVector<QVector<float>> directions_;
    QVector<double> spread_;
    QVector<float> mean_;
};

}  // namespace latentlab
