// t-SNE: the perplexity calibration hits its entropy, blobs stay apart, the
// same seed gives the same picture on any number of threads, a converged
// layout refined moves little, and a cancelled layout stops.

#include "gaussian_blobs.h"
#include "model/inspect/latent_neighbours.h"
#include "model/map/layout_quality.h"
#include "model/map/map_layout.h"
#include "model/map/tsne_layout.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <ATen/Parallel.h>

#include <cmath>

using namespace latentlab;
using namespace latentlab::testing;

class TestTsneLayout : public QObject {
    Q_OBJECT

    static Neighbours graphOf(const torch::Tensor& points, double perplexity) {
        return nearest_neighbours(points, points, tsne_neighbours(perplexity), true);
    }

    static TsneSettings quick(double perplexity) {
        TsneSettings settings;
        settings.perplexity = perplexity;
        settings.seed = 7;
        return settings;
    }

private Q_SLOTS:
    // Each row's entropy in bits is log2(perplexity), however far apart
    // its neighbours are (distances from 0.01 to 100).
    void calibrationHitsTheTargetEntropy() {
        auto generator = at::detail::createCPUGenerator(3);
        for (double perplexity : {5.0, 30.0}) {
            const int64_t k = tsne_neighbours(perplexity);
            auto distance = std::get<0>(torch::rand({200, k}, generator).sort(1));
            distance = distance * torch::logspace(-2, 2, 200, 10.0, torch::kDouble).unsqueeze(1).to(torch::kFloat);
            const auto affinities = perplexity_affinities(distance, perplexity);
            const auto p = affinities.p;
            QVERIFY(torch::allclose(p.sum(1), torch::ones({200}, torch::kDouble), 1e-9, 1e-9));
            const auto bits = -(p * p.clamp_min(1e-300).log2()).sum(1);
            const double worst = (bits - std::log2(perplexity)).abs().max().item<double>();
            QVERIFY2(worst < 1e-4, qPrintable(QString("entropy misses log2(perplexity) by %1 bits").arg(worst)));
            // Nearer neighbours are more similar.
            QVERIFY((p.slice(1, 0, k - 1) >= p.slice(1, 1, k)).all().item<bool>());
        }
    }

    // Five blobs 10 standard deviations apart in 10-D: the nearest-centroid
    // classifier on the layout gets every point right.
    void blobsStaySeparated() {
        const Blobs blobs = gaussian_blobs(5, 120, 10, 10.0, 11);
        const auto layout = tsne_layout(graphOf(blobs.points, 30.0), quick(30.0), {pca_positions(blobs.points)});
        QCOMPARE(layout.size(0), int64_t{600});
        const double accuracy = nearest_centroid_accuracy(layout, blobs.labels);
        QVERIFY2(accuracy >= 0.99, qPrintable(QString("nearest-centroid accuracy %1").arg(accuracy)));
        const double trust = trustworthiness(blobs.points, layout, 10);
        qInfo("t-SNE of 5 blobs: accuracy %.4f, trustworthiness(10) %.4f", accuracy, trust);
        QVERIFY(trust > 0.9);
    }

    // Barnes-Hut with theta 0.5 against the exact gradient (theta 0): the same picture.
    void barnesHutAgreesWithTheExactGradient() {
        const Blobs blobs = gaussian_blobs(3, 100, 6, 8.0, 5);
        const auto graph = graphOf(blobs.points, 20.0);
        TsneSettings exact = quick(20.0);
        exact.theta = 0.0;
        const auto a = tsne_layout(graph, quick(20.0), {pca_positions(blobs.points)});
        const auto b = tsne_layout(graph, exact, {pca_positions(blobs.points)});
        QCOMPARE(nearest_centroid_accuracy(a, blobs.labels), 1.0);
        QCOMPARE(nearest_centroid_accuracy(b, blobs.labels), 1.0);
        const double ta = trustworthiness(blobs.points, a, 10), tb = trustworthiness(blobs.points, b, 10);
        qInfo("trustworthiness(10): Barnes-Hut %.4f, exact %.4f", ta, tb);
        QVERIFY(std::abs(ta - tb) < 0.02);
    }

    // The same graph and seed: the same layout, bit for bit, on one thread or two.
    void sameSeedSameLayout() {
        const Blobs blobs = gaussian_blobs(4, 150, 8, 6.0, 2);
        const auto graph = graphOf(blobs.points, 30.0);
        const int threads = at::get_num_threads();
        at::set_num_threads(1);
        const auto one = tsne_layout(graph, quick(30.0));
        at::set_num_threads(2);
        const auto two = tsne_layout(graph, quick(30.0));
        at::set_num_threads(threads);
        QVERIFY(torch::equal(one, two));
        TsneSettings other = quick(30.0);
        other.seed = 8;
        QVERIFY(!torch::equal(one, tsne_layout(graph, other)));
    }

    // A converged layout refined on the same points (an epoch later, little
    // changed) keeps its picture.
    void warmStartKeepsTheLayout() {
        const Blobs blobs = gaussian_blobs(5, 100, 10, 6.0, 9);
        const auto graph = graphOf(blobs.points, 30.0);
        const auto first = tsne_layout(graph, quick(30.0), {pca_positions(blobs.points)});
        auto generator = at::detail::createCPUGenerator(4);
        const auto moved = blobs.points + 0.05 * torch::randn(blobs.points.sizes(), generator);
        const auto again = tsne_layout(graphOf(moved, 30.0), quick(30.0), {first, true});
        const double motion = relative_motion(first, again);
        // From scratch the same points land elsewhere (another seed).
        TsneSettings other = quick(30.0);
        other.seed = 99;
        const double fresh = relative_motion(first, tsne_layout(graphOf(moved, 30.0), other));
        qInfo("relative motion: warm start %.4f, from scratch %.4f", motion, fresh);
        QVERIFY2(motion < 0.1, qPrintable(QString("moved %1").arg(motion)));
        QVERIFY(motion < fresh / 5);
    }

    // Progress comes every report_every iterations with the positions so far;
    // a cancel flag set during it stops the layout with no result.
    void progressAndCancel() {
        const Blobs blobs = gaussian_blobs(3, 80, 5, 6.0, 1);
        const auto graph = graphOf(blobs.points, 20.0);
        std::vector<int64_t> reports;
        TsneSettings settings = quick(20.0);
        const auto done = tsne_layout(graph, settings, {}, [&](int64_t at, int64_t total, const torch::Tensor& xy) {
            QCOMPARE(total, settings.iterations);
            QCOMPARE(xy.size(0), int64_t{240});
            reports.push_back(at);
        });
        QVERIFY(done.defined());
        QCOMPARE(static_cast<int64_t>(reports.size()), settings.iterations / settings.report_every);
        QCOMPARE(reports.front(), settings.report_every);
        QCOMPARE(reports.back(), settings.iterations);

        std::atomic<bool> cancel{false};
        int heard = 0;
        const auto stopped = tsne_layout(graph, settings, {}, [&](int64_t, int64_t, const torch::Tensor&) {
            ++heard;
            cancel.store(true);
        }, &cancel);
        QVERIFY(!stopped.defined());
        QCOMPARE(heard, 1);
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestTsneLayout)
#include "test_tsne_layout.moc"
