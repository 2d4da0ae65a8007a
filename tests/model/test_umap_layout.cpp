// UMAP: the local scales hit their target, the fuzzy union is symmetric,
// blobs stay apart, the same seed gives the same picture, a converged layout
// refined moves little, and a cancelled layout stops.

#include "gaussian_blobs.h"
#include "model/inspect/latent_neighbours.h"
#include "model/map/layout_quality.h"
#include "model/map/map_layout.h"
#include "model/map/umap_layout.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <cmath>
#include <map>

using namespace latentlab;
using namespace latentlab::testing;

class TestUmapLayout : public QObject {
    Q_OBJECT

    static Neighbours graphOf(const torch::Tensor& points) { return nearest_neighbours(points, points, 15, true); }

    static UmapSettings quick() {
        UmapSettings settings;
        settings.seed = 7;
        return settings;
    }

private Q_SLOTS:
    // Each point's memberships exp(-(d - rho) / sigma) sum to log2(k), and
    // its nearest neighbour's is 1.
    void localScalesHitLog2K() {
        auto generator = at::detail::createCPUGenerator(3);
        auto distance = std::get<0>(torch::rand({300, 15}, generator).sort(1)) + 0.1;
        distance = distance * torch::logspace(-2, 2, 300, 10.0, torch::kDouble).unsqueeze(1).to(torch::kFloat);
        const auto scales = local_scales(distance);
        const auto d = distance.to(torch::kDouble);
        const auto membership = torch::exp(-(d - scales.rho.unsqueeze(1)).clamp_min(0.0) / scales.sigma.unsqueeze(1));
        const double worst = (membership.sum(1) - std::log2(15.0)).abs().max().item<double>();
        QVERIFY2(worst < 1e-4, qPrintable(QString("memberships miss log2(k) by %1").arg(worst)));
        QVERIFY(torch::allclose(scales.rho, d.select(1, 0)));
    }

    // The fuzzy union: weights in (0, 1], w(i, j) == w(j, i), a + b - ab of the two directions.
    void fuzzyUnionIsSymmetric() {
        const Blobs blobs = gaussian_blobs(3, 60, 4, 5.0, 4);
        const SparseGraph graph = fuzzy_graph(graphOf(blobs.points));
        QCOMPARE(graph.points(), int64_t{180});
        std::map<std::pair<int64_t, int64_t>, double> weight;
        for (int64_t i = 0; i < graph.points(); ++i)
            for (int64_t e = graph.start[static_cast<size_t>(i)]; e < graph.start[static_cast<size_t>(i) + 1]; ++e)
                weight[{i, graph.column[static_cast<size_t>(e)]}] = graph.weight[static_cast<size_t>(e)];
        for (const auto& [edge, w] : weight) {
            QVERIFY(edge.first != edge.second);
            QVERIFY(w > 0.0 && w <= 1.0 + 1e-12);
            const auto back = weight.find({edge.second, edge.first});
            QVERIFY(back != weight.end());
            QCOMPARE(back->second, w);
        }
        // Every point keeps its nearest neighbour at full membership.
        const auto nearest = graphOf(blobs.points).index.select(1, 0);
        for (int64_t i = 0; i < 180; i += 17) {
            const std::pair<int64_t, int64_t> edge{i, nearest[i].item<int64_t>()};
            QCOMPARE(weight[edge], 1.0);
        }
    }

    void blobsStaySeparated() {
        const Blobs blobs = gaussian_blobs(5, 120, 10, 10.0, 11);
        const auto layout = umap_layout(graphOf(blobs.points), quick(), {pca_positions(blobs.points)});
        const double accuracy = nearest_centroid_accuracy(layout, blobs.labels);
        const double trust = trustworthiness(blobs.points, layout, 10);
        qInfo("UMAP of 5 blobs: accuracy %.4f, trustworthiness(10) %.4f", accuracy, trust);
        QVERIFY2(accuracy >= 0.99, qPrintable(QString("nearest-centroid accuracy %1").arg(accuracy)));
        QVERIFY(trust > 0.9);
    }

    void sameSeedSameLayout() {
        const Blobs blobs = gaussian_blobs(4, 150, 8, 6.0, 2);
        const auto graph = graphOf(blobs.points);
        const auto start = pca_positions(blobs.points);
        const auto one = umap_layout(graph, quick(), {start});
        QVERIFY(torch::equal(one, umap_layout(graph, quick(), {start})));
        UmapSettings other = quick();
        other.seed = 8;
        QVERIFY(!torch::equal(one, umap_layout(graph, other, {start})));
    }

    void warmStartKeepsTheLayout() {
        const Blobs blobs = gaussian_blobs(5, 100, 10, 6.0, 9);
        const auto first = umap_layout(graphOf(blobs.points), quick(), {pca_positions(blobs.points)});
        auto generator = at::detail::createCPUGenerator(4);
        const auto moved = blobs.points + 0.05 * torch::randn(blobs.points.sizes(), generator);
        const auto again = umap_layout(graphOf(moved), quick(), {first, true});
        const double motion = relative_motion(first, again);
        UmapSettings other = quick();
        other.seed = 99;
        const double fresh = relative_motion(first, umap_layout(graphOf(moved), other));
        qInfo("relative motion: warm start %.4f, from scratch %.4f", motion, fresh);
        QVERIFY2(motion < 0.1, qPrintable(QString("moved %1").arg(motion)));
        QVERIFY(motion < fresh / 5);
        QVERIFY(nearest_centroid_accuracy(again, blobs.labels) >= 0.99);
    }

    void progressAndCancel() {
        const Blobs blobs = gaussian_blobs(3, 80, 5, 6.0, 1);
        const auto graph = graphOf(blobs.points);
        UmapSettings settings = quick();
        settings.epochs = 200;
        std::vector<int64_t> reports;
        QVERIFY(umap_layout(graph, settings, {}, [&](int64_t at, int64_t total, const torch::Tensor& xy) {
                    QCOMPARE(total, int64_t{200});
                    QCOMPARE(xy.size(0), int64_t{240});
                    reports.push_back(at);
                }).defined());
        QCOMPARE(reports.size(), size_t{20});
        QCOMPARE(reports.back(), int64_t{200});

        std::atomic<bool> cancel{false};
        int heard = 0;
        const auto stopped = umap_layout(graph, settings, {}, [&](int64_t, int64_t, const torch::Tensor&) {
            ++heard;
            cancel.store(true);
        }, &cancel);
        QVERIFY(!stopped.defined());
        QCOMPARE(heard, 1);
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestUmapLayout)
#include "test_umap_layout.moc"
