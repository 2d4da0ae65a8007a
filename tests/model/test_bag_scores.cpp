// Bag aggregation and masks, pair grouping and the AUROC against hand
// computations; the CSV reader and the .npy writer read back what was
// written; the error heatmap's colours.

#include "model/base/error.h"
#include "model/inspect/auroc.h"
#include "model/inspect/bag_scores.h"
#include "model/inspect/duplicate_groups.h"
#include "model/inspect/error_heatmap.h"
#include "model/store/csv_reader.h"
#include "model/store/csv_writer.h"
#include "model/store/npy_file.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <cmath>
#include <cstring>

using namespace latentlab;

class TestBagScores : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aggregatesByHand() {
        const std::vector<double> scores{1.0, 5.0, 2.0, 8.0, 4.0, 3.0};
        const Bag bag{"b", {0, 1, 2, 3}};
        QCOMPARE(aggregate_bag(scores, bag, {}, BagAggregate::Mean, 0), 4.0);  // (1+5+2+8)/4
        QCOMPARE(aggregate_bag(scores, bag, {}, BagAggregate::Max, 0), 8.0);
        QCOMPARE(aggregate_bag(scores, bag, {}, BagAggregate::TopKMean, 2), 6.5);  // (8+5)/2
        QCOMPARE(aggregate_bag(scores, bag, {}, BagAggregate::TopKMean, 10), 4.0);  // k > members: all
        // The mask leaves row 3 out: mean (1+5+2)/3, max 5, top-2 (5+2)/2.
        std::vector<bool> mask(6, true);
        mask[3] = false;
        int64_t used = 0;
        QCOMPARE(aggregate_bag(scores, bag, mask, BagAggregate::Mean, 0, &used), 8.0 / 3.0);
        QCOMPARE(used, int64_t{3});
        QCOMPARE(aggregate_bag(scores, bag, mask, BagAggregate::Max, 0), 5.0);
        QCOMPARE(aggregate_bag(scores, bag, mask, BagAggregate::TopKMean, 2), 3.5);
        // Everything masked: no score.
        QVERIFY(std::isnan(aggregate_bag(scores, bag, std::vector<bool>(6, false), BagAggregate::Mean, 0)));
    }

    void ranksBagsHighestFirst() {
        const std::vector<double> scores{1.0, 5.0, 2.0, 8.0, 4.0, 3.0};
        const std::vector<Bag> bags{{"a", {0, 2}}, {"b", {1, 3}}, {"c", {4, 5}}, {"empty", {}}};
        const auto ranked = rank_bags(scores, bags, {}, BagAggregate::Mean, 0);
        QCOMPARE(ranked.size(), size_t{4});
        QCOMPARE(ranked[0].bag, int64_t{1});  // 6.5
        QCOMPARE(ranked[1].bag, int64_t{2});  // 3.5
        QCOMPARE(ranked[2].bag, int64_t{0});  // 1.5
        QCOMPARE(ranked[3].bag, int64_t{3});  // NaN last
        QCOMPARE(ranked[0].score, 6.5);
    }

    void bagsFromFoldersAndClasses() {
        const std::vector<std::string> files{"/d/cats/a.png", "/d/cats/b.png", "/d/dogs/old/c.png", "", "/d/e.png"};
        const auto bags = bags_by_folder(files);
        QCOMPARE(bags.size(), size_t{3});
        QCOMPARE(bags[0].name, std::string("(top)"));
        QCOMPARE(bags[0].members, (std::vector<int64_t>{4}));
        QCOMPARE(bags[1].name, std::string("cats"));
        QCOMPARE(bags[1].members, (std::vector<int64_t>{0, 1}));
        QCOMPARE(bags[2].name, std::string("dogs/old"));
        const auto classes = bags_by_class({1, 0, 1, -1, 1}, {"zero", "one", "two"});
        QCOMPARE(classes.size(), size_t{2});  // "two" has no members
        QCOMPARE(classes[1].name, std::string("one"));
        QCOMPARE(classes[1].members, (std::vector<int64_t>{0, 2, 4}));
    }

    void pairsGroupUnderTheThresholds() {
        const std::vector<DuplicatePair> pairs{
            {1, 2, 0.1, 0.01}, {2, 7, 0.3, 0.02}, {4, 5, 0.2, 0.5}, {8, 9, 0.05, 0.0}, {7, 10, 0.9, 0.0}};
        const auto all = group_pairs(pairs, 0.5, 0.1);
        // 4-5 differ in pixels; 7-10 are too far apart in latent space.
        QCOMPARE(all.pairs.size(), size_t{3});
        QCOMPARE(all.pairs[0].a, int64_t{8});  // closest first
        QCOMPARE(all.groups.size(), size_t{2});
        QCOMPARE(all.groups[0], (std::vector<int64_t>{1, 2, 7}));
        QCOMPARE(all.groups[1], (std::vector<int64_t>{8, 9}));
        // A lower latent threshold splits 7 off.
        const auto tight = group_pairs(pairs, 0.25, 0.1);
        QCOMPARE(tight.groups[0], (std::vector<int64_t>{1, 2}));
        QCOMPARE(group_pairs(pairs, 1.0, 1.0).groups[0], (std::vector<int64_t>{1, 2, 7, 10}));
    }

    void aurocByHand() {
        // Positives {3, 5}, negatives {1, 4, 5}: pairs won 3>1, 5>1, 5>4 and
        // 5=5 counts a half, 3<4 and 3<5 lost: 3.5 of 6.
        QCOMPARE(auroc({3.0, 5.0}, {1.0, 4.0, 5.0}), 3.5 / 6.0);
        QCOMPARE(auroc({10.0, 11.0}, {1.0, 2.0}), 1.0);
        QCOMPARE(auroc({1.0}, {2.0, 3.0}), 0.0);
        QCOMPARE(auroc({2.0, 2.0}, {2.0}), 0.5);
        QVERIFY(std::isnan(auroc({}, {1.0})));
    }

    void csvReadsBackWhatIsWritten() {
        CsvWriter csv({"name", "value"});
        csv << std::string("plain") << 0.1;
        csv.end_row();
        csv << std::string("a, \"quoted\"\nline") << -1e-300;
        csv.end_row();
        csv << std::string("") << std::nan("");
        csv.end_row();
        const auto table = parse_csv(csv.text());
        QCOMPARE(table.columns, (std::vector<std::string>{"name", "value"}));
        QCOMPARE(table.rows.size(), size_t{3});
        QCOMPARE(table.rows[1][0], std::string("a, \"quoted\"\nline"));
        QCOMPARE(csv_number(table.rows[0][1]), 0.1);
        QCOMPARE(csv_number(table.rows[1][1]), -1e-300);
        QVERIFY(std::isnan(csv_number(table.rows[2][1])));
        QCOMPARE(table.rows[2][0], std::string());
        QVERIFY_THROWS_EXCEPTION(Error, parse_csv("a,b\n1\n"));
        QVERIFY_THROWS_EXCEPTION(Error, csv_number("1.5x"));
    }

    void npyHeaderFollowsTheSpec() {
        NpyMatrix m;
        m.rows = 3, m.cols = 2;
        m.values = {1.0f, -2.5f, 3.25f, 0.0f, 1e-20f, 7.0f};
        const std::string bytes = npy_bytes(m);
        QCOMPARE(bytes.substr(0, 6), std::string("\x93NUMPY", 6));
        QCOMPARE(int(bytes[6]), 1);  // version 1.0
        QCOMPARE(int(bytes[7]), 0);
        const size_t header = static_cast<uint8_t>(bytes[8]) | (static_cast<size_t>(static_cast<uint8_t>(bytes[9])) << 8);
        QCOMPARE((10 + header) % 64, size_t{0});  // the data is aligned
        QCOMPARE(bytes[10 + header - 1], '\n');
        const std::string dict = bytes.substr(10, header);
        QVERIFY(dict.rfind("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", 0) == 0);
        QCOMPARE(bytes.size(), 10 + header + 6 * sizeof(float));
        float first = 0.0f;
        std::memcpy(&first, bytes.data() + 10 + header, sizeof first);
        QCOMPARE(first, 1.0f);
        const auto back = parse_npy(bytes);
        QCOMPARE(back.rows, int64_t{3});
        QCOMPARE(back.cols, int64_t{2});
        QCOMPARE(back.values, m.values);
        QVERIFY_THROWS_EXCEPTION(Error, parse_npy("not numpy"));
        m.values.pop_back();
        QVERIFY_THROWS_EXCEPTION(Error, npy_bytes(m));
    }

    void heatmapIsDarkWhereTheReconstructionIsRight() {
        auto original = torch::zeros({1, 2, 2});
        auto recon = torch::zeros({1, 2, 2});
        recon[0][1][1] = 1.0;  // the largest error
        recon[0][0][1] = 0.5;  // a quarter of it (squared)
        const auto errors = pixel_errors(original, recon);
        QCOMPARE(errors[0][1].item<double>(), 0.25);
        const auto map = error_heatmap(original, recon);
        QCOMPARE(map.sizes(), (torch::IntArrayRef{3, 2, 2}));
        // Inferno: black-purple at 0, pale yellow at 1.
        const auto at = [&](int y, int x) { return std::make_tuple(map[0][y][x].item<int>(), map[1][y][x].item<int>(), map[2][y][x].item<int>()); };
        const auto [r0, g0, b0] = at(0, 0);
        const auto [r1, g1, b1] = at(1, 1);
        QVERIFY(r0 + g0 + b0 < 30);
        QVERIFY(r1 > 200 && g1 > 200 && b1 < 200);
        // The quarter error lies between them in brightness.
        const auto [rq, gq, bq] = at(0, 1);
        QVERIFY(rq + gq + bq > r0 + g0 + b0 && rq + gq + bq < r1 + g1 + b1);
        QVERIFY_THROWS_EXCEPTION(Error, error_heatmap(original, torch::zeros({1, 3, 3})));
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestBagScores)
#include "test_bag_scores.moc"
