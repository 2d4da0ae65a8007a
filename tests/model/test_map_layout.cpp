// The map's layouts as the app asks for them, and trustworthiness against
// its definition computed by hand.

#include "gaussian_blobs.h"
#include "model/map/layout_quality.h"
#include "model/map/map_layout.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <algorithm>
#include <vector>

using namespace latentlab;
using namespace latentlab::testing;

namespace {

// Venna & Kaski's sum written out: for each point, each of its k nearest in
// the layout that is not among its k nearest codes costs its rank there minus k.
double trustworthinessByHand(const torch::Tensor& high, const torch::Tensor& low, int64_t k) {
    const int64_t n = high.size(0);
    const auto h = torch::cdist(high.to(torch::kDouble), high.to(torch::kDouble));
    const auto l = torch::cdist(low.to(torch::kDouble), low.to(torch::kDouble));
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) {
        std::vector<std::pair<double, int64_t>> byHigh, byLow;
        for (int64_t j = 0; j < n; ++j)
            if (j != i) {
                byHigh.push_back({h[i][j].item<double>(), j});
                byLow.push_back({l[i][j].item<double>(), j});
            }
        std::sort(byHigh.begin(), byHigh.end());
        std::sort(byLow.begin(), byLow.end());
        std::vector<int64_t> rank(static_cast<size_t>(n), 0);
        for (size_t r = 0; r < byHigh.size(); ++r) rank[static_cast<size_t>(byHigh[r].second)] = static_cast<int64_t>(r) + 1;
        for (int64_t r = 0; r < k; ++r) sum += std::max<int64_t>(0, rank[static_cast<size_t>(byLow[static_cast<size_t>(r)].second)] - k);
    }
    return 1.0 - 2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0)) * sum;
}

}  // namespace

class TestMapLayout : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trustworthinessFollowsItsDefinition() {
        auto generator = at::detail::createCPUGenerator(6);
        const auto high = torch::randn({80, 6}, generator);
        const auto low = torch::randn({80, 2}, generator);
        for (int64_t k : {1, 5, 12})
            QVERIFY(std::abs(trustworthiness(high, low, k) - trustworthinessByHand(high, low, k)) < 1e-9);
        // A layout that is the data: 1. A random one: about 0.5.
        const auto plane = torch::randn({300, 2}, generator);
        QCOMPARE(trustworthiness(plane, plane.clone(), 10), 1.0);
        const double random = trustworthiness(torch::randn({300, 10}, generator), plane, 10);
        QVERIFY2(random > 0.4 && random < 0.6, qPrintable(QString::number(random)));
    }

    // Points on a 2-D sheet rolled up in 3-D (a Swiss roll): PCA folds the
    // turns onto each other, t-SNE and UMAP keep neighbours as neighbours.
    void neighbourLayoutsBeatPcaOnARolledSheet() {
        auto generator = at::detail::createCPUGenerator(12);
        const int64_t n = 1500;
        const auto t = 1.5 * M_PI * (1.0 + 2.0 * torch::rand({n}, generator, torch::kDouble));
        const auto height = 20.0 * torch::rand({n}, generator, torch::kDouble);
        const auto roll = torch::stack({t * torch::cos(t), height, t * torch::sin(t)}, 1).to(torch::kFloat);
        const double pca = trustworthiness(roll, layout_codes(roll, MapLayout::Pca, 1), 10);
        const double tsne = trustworthiness(roll, layout_codes(roll, MapLayout::Tsne, 1), 10);
        const double umap = trustworthiness(roll, layout_codes(roll, MapLayout::Umap, 1), 10);
        qInfo("Swiss roll, trustworthiness(10): PCA %.4f, t-SNE %.4f, UMAP %.4f", pca, tsne, umap);
        QVERIFY(tsne > 0.99);
        QVERIFY(umap > 0.97);
        QVERIFY(tsne > pca && umap > pca);
    }

    void layoutsAreSeededAndNamed() {
        const Blobs blobs = gaussian_blobs(3, 40, 5, 6.0, 3);
        for (MapLayout layout : {MapLayout::Pca, MapLayout::Tsne, MapLayout::Umap}) {
            QCOMPARE(map_layout_from_string(to_string(layout)), std::optional<MapLayout>(layout));
            const auto a = layout_codes(blobs.points, layout, 5);
            QCOMPARE(a.sizes(), (torch::IntArrayRef{120, 2}));
            QVERIFY(torch::equal(a, layout_codes(blobs.points, layout, 5)));
        }
        QVERIFY(!map_layout_from_string("isomap"));
        // Fewer points than 3 x perplexity: the perplexity shrinks to fit.
        QCOMPARE(layout_codes(blobs.points.slice(0, 0, 12), MapLayout::Tsne, 1).size(0), int64_t{12});
        QCOMPARE(layout_codes(blobs.points.slice(0, 0, 5), MapLayout::Umap, 1).size(0), int64_t{5});
        // A cancelled layout: nothing.
        std::atomic<bool> cancel{true};
        QVERIFY(!layout_codes(blobs.points, MapLayout::Umap, 1, {}, {}, &cancel).defined());
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestMapLayout)
#include "test_map_layout.moc"
