// Exact neighbours against brute force, planted near duplicates, and a
// planted mislabelled image in the suspicious-label ranking.

#include "model/inspect/image_scores.h"
#include "model/inspect/latent_neighbours.h"
#include "model/inspect/near_duplicates.h"
#include "model/inspect/neighbour_table.h"
#include "model/inspect/suspicious_labels.h"
#include "model/train/trainer.h"
#include "tiny_models.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <algorithm>
#include <cmath>

using namespace latentlab;
using namespace latentlab::testing;

class TestLatentNeighbours : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void neighboursMatchBruteForce() {
        auto generator = at::detail::createCPUGenerator(5);
        const auto codes = torch::randn({700, 3}, generator);  // more than one block of queries
        const auto found = nearest_neighbours(codes, codes, 4, true);
        QCOMPARE(found.index.size(0), int64_t{700});
        QCOMPARE(found.index.size(1), int64_t{4});
        for (int64_t i : {0, 1, 511, 512, 699}) {
            std::vector<std::pair<double, int64_t>> all;
            for (int64_t j = 0; j < 700; ++j)
                if (j != i) all.push_back({(codes[i] - codes[j]).to(torch::kDouble).norm().item<double>(), j});
            std::sort(all.begin(), all.end());
            for (int64_t r = 0; r < 4; ++r) {
                QCOMPARE(found.index[i][r].item<int64_t>(), all[static_cast<size_t>(r)].second);
                QVERIFY(std::abs(found.distance[i][r].item<double>() - all[static_cast<size_t>(r)].first) < 1e-4);
            }
        }
        // More codes than one tile (1024) and queries than one report (2048):
        // the tiles' best lists merge into the same answer as brute force.
        const auto many = torch::randn({2500, 3}, generator);
        const auto found_many = nearest_neighbours(many, many, 3, true);
        for (int64_t i : {0, 1023, 1024, 2047, 2048, 2499}) {
            const auto d = (many - many[i]).pow(2).sum(1).index_put_({i}, INFINITY);
            const auto expected = std::get<1>(d.topk(3, 0, false, true));
            QVERIFY(torch::equal(found_many.index[i], expected));
        }
        // Queries that are not the codes: a query equal to code 7 finds it at distance ~0.
        const auto one = nearest_neighbours(codes, codes.slice(0, 7, 8), 2, false);
        QCOMPARE(one.index[0][0].item<int64_t>(), int64_t{7});
        QVERIFY(one.distance[0][0].item<double>() < 1e-3);
        // k is capped at the codes there are.
        QCOMPARE(nearest_neighbours(codes.slice(0, 0, 3), codes.slice(0, 0, 3), 10, true).index.size(1), int64_t{2});
    }

    // Near duplicates, suspicious labels and one image's neighbours share one
    // search of the same codes (issue #27: each searched 70,000 codes again).
    void oneSearchServesEveryView() {
        auto generator = at::detail::createCPUGenerator(9);
        const auto codes = torch::randn({300, 5}, generator);
        NeighbourTable table;
        const auto eight = table.of_all(codes, 8);
        QCOMPARE(table.searches(), int64_t{1});
        QCOMPARE(eight.k(), int64_t{8});
        const auto ten = table.of_all(codes.clone(), 10);  // equal codes, another tensor
        QCOMPARE(table.searches(), int64_t{1});
        const auto direct = nearest_neighbours(codes, codes, 10, true);
        QVERIFY(torch::equal(ten.index, direct.index));
        QVERIFY(torch::allclose(ten.distance, direct.distance));
        QVERIFY(torch::equal(eight.index, direct.index.slice(1, 0, 8)));
        const auto row = table.of_row(codes, 42, 5);
        QVERIFY(torch::equal(row.index[0], direct.index[42].slice(0, 0, 5)));
        // More neighbours than kept, or other codes: searched again.
        table.of_all(codes, kInspectNeighbours + 4);
        QCOMPARE(table.searches(), int64_t{2});
        const auto other = codes + 1e-3;
        QVERIFY(!table.holds(other, 4));
        QVERIFY(!table.of_row(other, 0, 4).index.defined());
        // A cancelled search leaves the table as it was.
        const std::atomic<bool> cancel{true};
        QVERIFY(!table.of_all(other, 4, {}, &cancel).index.defined());
        QVERIFY(table.holds(codes, 4));
        QCOMPARE(table.searches(), int64_t{2});
    }

    void plantedDuplicatesAreFoundAndGrouped() {
        // Bars: many images are exact copies by nature (same orientation and
        // position), so build distinct images and plant the copies.
        auto generator = at::detail::createCPUGenerator(3);
        auto images = torch::randint(256, {60, 1, 8, 8}, generator, torch::kLong).to(torch::kUInt8);
        images[10] = images[3];                                    // an exact copy
        images[20] = images[3];                                    // a second copy: a group of three
        auto near = images[5].to(torch::kInt) + 6;                 // a near copy, 6 levels brighter
        images[40] = near.clamp(0, 255).to(torch::kUInt8);
        // Codes: the images themselves flattened stand in for an encoder.
        const auto codes = images.flatten(1).to(torch::kFloat).div(255.0);
        const auto neighbours = nearest_neighbours(codes, codes, 5, true);
        DuplicateOptions options;
        options.latent_threshold = 0.5;  // distinct noise images are ~2.3 apart
        options.pixel_threshold = 0.05;
        const auto found = find_near_duplicates(neighbours, InMemoryImages(images), options);
        QCOMPARE(found.groups.size(), size_t{2});
        QCOMPARE(found.groups[0], (std::vector<int64_t>{3, 10, 20}));
        QCOMPARE(found.groups[1], (std::vector<int64_t>{5, 40}));
        QCOMPARE(found.pairs.size(), size_t{4});  // 3-10, 3-20, 10-20, 5-40
        for (const auto& pair : found.pairs) {
            QVERIFY(pair.a < pair.b);
            if (pair.a == 5) {
                QVERIFY(std::abs(pair.pixel - 6.0 / 255.0) < 1e-3);  // RMS of a uniform +6
            } else {
                QVERIFY(pair.pixel < 1e-9);
                QCOMPARE(pair.latent, 0.0);  // identical codes measured exactly
            }
        }
        // A pixel threshold below the near copy's difference leaves it out.
        options.pixel_threshold = 0.01;
        QCOMPARE(find_near_duplicates(neighbours, InMemoryImages(images), options).groups.size(), size_t{1});
        // A latent threshold of 0 pairs nothing.
        options.latent_threshold = 0.0;
        QVERIFY(find_near_duplicates(neighbours, InMemoryImages(images), options).pairs.empty());
    }

    void spreadByHand() {
        // Codes (0, 0), (2, 0), (1, 3), (1, -3): mean (1, 0), squared distances 1, 1, 9, 9.
        const auto codes = torch::tensor({0.0f, 0.0f, 2.0f, 0.0f, 1.0f, 3.0f, 1.0f, -3.0f}).view({4, 2});
        QVERIFY(std::abs(latent_spread(codes) - std::sqrt(5.0)) < 1e-12);
    }

    void latentCandidatesNeedMatchingPixels() {
        // Codes that coincide for images that differ: not duplicates.
        auto images = torch::zeros({3, 1, 4, 4}, torch::kUInt8);
        images[1].fill_(255);
        const auto codes = torch::zeros({3, 2});
        const auto neighbours = nearest_neighbours(codes, codes, 2, true);
        DuplicateOptions options;
        options.latent_threshold = 1.0;
        const auto found = find_near_duplicates(neighbours, InMemoryImages(images), options);
        QCOMPARE(found.pairs.size(), size_t{1});  // only 0 and 2 are both black
        QCOMPARE(found.pairs[0].a, int64_t{0});
        QCOMPARE(found.pairs[0].b, int64_t{2});
    }

    void suspicionByHand() {
        // Four points on a line, labels 0 0 1 0; k = 2.
        const auto codes = torch::tensor({0.0f, 1.0f, 2.0f, 3.0f}).unsqueeze(1);
        const auto neighbours = nearest_neighbours(codes, codes, 2, true);
        const auto ranked = suspicious_labels({0, 0, 1, 0}, neighbours);
        QCOMPARE(ranked.size(), size_t{4});
        // Row 2 (label 1): neighbours 1 and 3, both 0: disagreement 1, vote 0.
        QCOMPARE(ranked[0].row, int64_t{2});
        QCOMPARE(ranked[0].disagreement, 1.0);
        QCOMPARE(ranked[0].vote, int64_t{0});
        // Rows 1 and 3 see row 2 among their two: 0.5 each; row 0 sees 1 and 2: 0.5.
        for (size_t i = 1; i < 4; ++i) QCOMPARE(ranked[i].disagreement, 0.5);
        // Unlabelled rows are left out.
        QCOMPARE(suspicious_labels({0, -1, 1, 0}, neighbours).size(), size_t{3});
    }

    void plantedMislabelRanksHigh() {
        Dataset data = make_bars_dataset(512, 64, 8, 7);
        Trainer trainer(tinyConfig(4));
        for (int e = 0; e < 5; ++e) trainer.train_epoch(data);
        const auto snapshot = snapshot_of(trainer);
        // Move test image 0 into the other class's "folder".
        const int64_t row = data.train.size();  // test image 0 in training-then-test order
        data.test.labels = data.test.labels.clone();
        data.test.labels[0] = 1 - data.test.labels[0].item<int64_t>();
        const auto scored = score_dataset(*snapshot, data, ScoreOptions{});
        const auto neighbours = nearest_neighbours(scored->scores.means, scored->scores.means, 10, true);
        const auto ranked = suspicious_labels(scored->label, neighbours);
        size_t rank = ranked.size();
        for (size_t i = 0; i < ranked.size(); ++i)
            if (ranked[i].row == row) rank = i;
        QVERIFY2(rank < 10, qPrintable(QString("the mislabelled image ranks %1 of %2").arg(rank).arg(ranked.size())));
        QCOMPARE(ranked[rank].disagreement, 1.0);
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestLatentNeighbours)
#include "test_latent_neighbours.moc"
