// Paths, traversal grids and the 2-D projection of a latent space, against
// hand-made codes whose answers are known.

#include "model/explore/latent_ops.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <cmath>

using namespace latentlab;

class TestLatentOps : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void linearPathHasEndpointsAndSteps() {
        const auto a = torch::tensor({1.0f, -2.0f, 0.5f});
        const auto b = torch::tensor({-3.0f, 4.0f, 2.5f});
        const auto path = interpolate_codes(a, b, 7, false);
        QCOMPARE(path.size(0), int64_t{7});
        QVERIFY(torch::allclose(path[0], a));
        QVERIFY(torch::allclose(path[6], b));
        // Evenly spaced: every step is the same vector.
        const auto steps = path.slice(0, 1) - path.slice(0, 0, 6);
        QVERIFY(torch::allclose(steps, (b - a).div(6.0).expand({6, 3}), 1e-5, 1e-6));
    }

    void slerpKeepsTheNormProfile() {
        // Orthogonal codes of norms 2 and 4: the straight line dips to 1.79 in
        // the middle; slerp's norm goes linearly from 2 to 4 on the circle.
        const auto a = torch::tensor({2.0f, 0.0f, 0.0f});
        const auto b = torch::tensor({0.0f, 4.0f, 0.0f});
        const auto path = interpolate_codes(a, b, 5, true);
        const auto norms = path.norm(2, 1);
        for (int64_t i = 0; i < 5; ++i) QVERIFY(std::abs(norms[i].item<double>() - (2.0 + 2.0 * i / 4.0)) < 1e-5);
        QVERIFY(torch::allclose(path[0], a, 1e-5, 1e-6));
        QVERIFY(torch::allclose(path[4], b, 1e-5, 1e-6));
        // The middle code points halfway between the two directions, at norm 3
        // where the straight line passes at sqrt(5).
        const auto middle = path[2] / path[2].norm();
        QVERIFY(std::abs(middle[0].item<double>() - std::sqrt(0.5)) < 1e-5);
        QVERIFY(std::abs(middle[1].item<double>() - std::sqrt(0.5)) < 1e-5);
        const auto line = interpolate_codes(a, b, 5, false).norm(2, 1);
        QVERIFY(std::abs(line[2].item<double>() - std::sqrt(5.0)) < 1e-5);
    }

    void traversalShapeOrderAndOneCoordinate() {
        const std::vector<double> kl{0.1, 3.0, 0.0, 1.5};
        const auto order = dimensions_by_kl(kl);
        QCOMPARE(order, (std::vector<int64_t>{1, 3, 0, 2}));
        const auto offsets = traversal_offsets(3.0, 7);
        QCOMPARE(offsets.size(), size_t{7});
        QCOMPARE(offsets.front(), -3.0);
        QCOMPARE(offsets.back(), 3.0);
        QCOMPARE(offsets[3], 0.0);
        const auto center = torch::tensor({0.5f, -1.0f, 2.0f, 0.0f});
        const auto codes = traversal_codes(center, order, offsets);
        QCOMPARE(codes.size(0), int64_t{4 * 7});
        QCOMPARE(codes.size(1), int64_t{4});
        for (int64_t r = 0; r < 4; ++r) {
            for (int64_t c = 0; c < 7; ++c) {
                const auto code = codes[r * 7 + c];
                for (int64_t d = 0; d < 4; ++d) {
                    const double expected = center[d].item<double>() + (d == order[r] ? offsets[c] : 0.0);
                    QVERIFY(std::abs(code[d].item<double>() - expected) < 1e-6);
                }
            }
        }
    }

    void pcaRecoversKnownAxes() {
        // Codes spread 5 along (1, 1, 0)/sqrt2 and 1 along (0, 0, 1), around (1, 2, 3).
        auto generator = at::detail::createCPUGenerator(3);
        const auto t = torch::randn({4000, 2}, generator, torch::kDouble);
        const auto u = torch::tensor({std::sqrt(0.5), std::sqrt(0.5), 0.0}, torch::kDouble);
        const auto v = torch::tensor({0.0, 0.0, 1.0}, torch::kDouble);
        const auto codes = torch::tensor({1.0, 2.0, 3.0}, torch::kDouble) + 5.0 * t.select(1, 0).unsqueeze(1) * u +
                           1.0 * t.select(1, 1).unsqueeze(1) * v;
        const Projection p = principal_directions(codes.to(torch::kFloat));
        QVERIFY(std::abs(torch::dot(p.directions[0].to(torch::kDouble), u).abs().item<double>() - 1.0) < 1e-3);
        QVERIFY(std::abs(torch::dot(p.directions[1].to(torch::kDouble), v).abs().item<double>() - 1.0) < 1e-3);
        QVERIFY(std::abs(p.spread[0].item<double>() - 5.0) < 0.25);
        QVERIFY(std::abs(p.spread[1].item<double>() - 1.0) < 0.05);
        QVERIFY(p.spread[2].item<double>() < 1e-3);
        QVERIFY(torch::allclose(p.center.to(torch::kDouble), torch::tensor({1.0, 2.0, 3.0}, torch::kDouble), 0, 0.3));
    }

    void alignmentKeepsOrientation() {
        const auto previous = torch::tensor({{1.0f, 0.0f, 0.0f}, {0.0f, 1.0f, 0.0f}});
        // The same plane with the axes swapped and one flipped, slightly turned.
        const auto turned = torch::tensor({{0.05f, -0.99875f, 0.0f}, {0.99875f, 0.05f, 0.0f}});
        const auto aligned = align_axes(turned, previous);
        QVERIFY(aligned[0][0].item<double>() > 0.99);
        QVERIFY(aligned[1][1].item<double>() > 0.99);
        // Points keep their side of the map.
        const auto code = torch::tensor({{2.0f, 1.0f, 0.0f}});
        const auto before = project(code, torch::zeros({3}), previous);
        const auto after = project(code, torch::zeros({3}), aligned);
        QVERIFY(torch::allclose(before, after, 0, 0.15));
    }

    void unprojectInvertsTheProjectionInThePlane() {
        const auto center = torch::tensor({0.5f, 0.5f, 0.5f, 0.5f});
        const auto axes = torch::tensor({{0.6f, 0.8f, 0.0f, 0.0f}, {0.0f, 0.0f, 0.0f, 1.0f}});
        const auto code = unproject(1.5, -2.0, center, axes);
        const auto point = project(code.unsqueeze(0), center, axes);
        QVERIFY(std::abs(point[0][0].item<double>() - 1.5) < 1e-5);
        QVERIFY(std::abs(point[0][1].item<double>() + 2.0) < 1e-5);
        // Off the plane's directions the code stays at the center.
        QVERIFY(std::abs(code[2].item<double>() - 0.5) < 1e-6);
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestLatentOps)
#include "test_latent_ops.moc"
