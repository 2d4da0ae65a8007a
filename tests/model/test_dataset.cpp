#include <QtTest/QtTest>
#include "test_registry.h"
#include <set>
#include <string>

#include "model/base/error.h"
#include "model/data/dataset.h"

using namespace latentlab;

namespace {

// n images whose single pixel is their row number, labels row % 3.
ImageSet numbered_set(int64_t n) {
    ImageSet set;
    set.images = torch::arange(n, torch::kLong).remainder(256).to(torch::kUInt8).reshape({n, 1, 1, 1});
    set.labels = torch::arange(n, torch::kLong).remainder(3);
    for (int64_t i = 0; i < n; ++i) {
        set.paths.push_back("img" + std::to_string(i));
    }
    return set;
}

std::vector<int64_t> ids(const ImageSet& set) {
    std::vector<int64_t> out;
    for (const auto& path : set.paths) {
        out.push_back(std::stoll(path.substr(3)));
    }
    return out;
}

}  // namespace

class TestDataset : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void split_is_deterministic_for_a_seed();
    void split_differs_between_seeds();
    void split_is_disjoint_and_covers_all();
    void split_respects_fraction();
    void split_keeps_rows_together();
    void split_leaves_global_rng_alone();
    void split_of_tiny_sets();
    void split_refuses_bad_fraction();
    void float_batch_in_unit_range();
};

void TestDataset::split_is_deterministic_for_a_seed() {
    const ImageSet all = numbered_set(1000);
    const auto [train_a, test_a] = split_train_test(all, 0.2, 42);
    const auto [train_b, test_b] = split_train_test(all, 0.2, 42);
    QCOMPARE(ids(test_a), ids(test_b));
    QCOMPARE(ids(train_a), ids(train_b));
    QVERIFY(torch::equal(test_a.images, test_b.images));
}

void TestDataset::split_differs_between_seeds() {
    const ImageSet all = numbered_set(1000);
    const auto test_1 = split_train_test(all, 0.2, 1).second;
    const auto test_2 = split_train_test(all, 0.2, 2).second;
    QVERIFY(ids(test_1) != ids(test_2));
    // Not merely shifted: the two test sets share about a fifth of their rows.
    std::vector<int64_t> common;
    const auto a = ids(test_1);
    const auto b = ids(test_2);
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
    QVERIFY(common.size() > 10 && common.size() < 90);
}

void TestDataset::split_is_disjoint_and_covers_all() {
    const ImageSet all = numbered_set(997);
    const auto [train, test] = split_train_test(all, 0.3, 5);
    std::set<int64_t> seen;
    for (const int64_t id : ids(train)) {
        QVERIFY(seen.insert(id).second);
    }
    for (const int64_t id : ids(test)) {
        QVERIFY2(seen.insert(id).second, "a row is in both splits");
    }
    QCOMPARE(seen.size(), size_t{997});
    QCOMPARE(*seen.begin(), int64_t{0});
    QCOMPARE(*seen.rbegin(), int64_t{996});
}

void TestDataset::split_respects_fraction() {
    const ImageSet all = numbered_set(1000);
    for (const double fraction : {0.0, 0.1, 0.25, 0.5}) {
        const auto [train, test] = split_train_test(all, fraction, 3);
        QCOMPARE(test.size(), static_cast<int64_t>(std::llround(fraction * 1000)));
        QCOMPARE(train.size() + test.size(), int64_t{1000});
    }
}

void TestDataset::split_keeps_rows_together() {
    // Image, label and path of a row stay together, in their original order.
    const ImageSet all = numbered_set(300);
    const auto [train, test] = split_train_test(all, 0.5, 9);
    for (const ImageSet* set : {&train, &test}) {
        const auto rows = ids(*set);
        QVERIFY(std::is_sorted(rows.begin(), rows.end()));
        QVERIFY(set->images.is_contiguous());
        QCOMPARE(set->images.scalar_type(), torch::kUInt8);
        for (size_t i = 0; i < rows.size(); ++i) {
            QCOMPARE(set->images[static_cast<int64_t>(i)].item<int64_t>(), rows[i] % 256);
            QCOMPARE(set->labels[static_cast<int64_t>(i)].item<int64_t>(), rows[i] % 3);
        }
    }
}

void TestDataset::split_leaves_global_rng_alone() {
    torch::manual_seed(123);
    const torch::Tensor expected = torch::rand({4});
    torch::manual_seed(123);
    split_train_test(numbered_set(100), 0.2, 77);
    QVERIFY(torch::equal(torch::rand({4}), expected));
}

void TestDataset::split_of_tiny_sets() {
    // Two images and any test fraction: one on each side, never an empty train split.
    const auto [train, test] = split_train_test(numbered_set(2), 0.01, 1);
    QCOMPARE(train.size(), int64_t{1});
    QCOMPARE(test.size(), int64_t{1});
    const auto [train_one, test_one] = split_train_test(numbered_set(1), 0.5, 1);
    QCOMPARE(train_one.size(), int64_t{1});
    QCOMPARE(test_one.size(), int64_t{0});
    QCOMPARE(test_one.images.dim(), int64_t{4});
}

void TestDataset::split_refuses_bad_fraction() {
    QVERIFY_THROWS_EXCEPTION(Error, split_train_test(numbered_set(10), 1.0, 1));
    QVERIFY_THROWS_EXCEPTION(Error, split_train_test(numbered_set(10), -0.1, 1));
}

void TestDataset::float_batch_in_unit_range() {
    ImageSet set;
    set.images = torch::tensor({0, 51, 255, 128, 7, 9}, torch::kUInt8).reshape({3, 1, 1, 2});
    const torch::Tensor batch = to_float_batch(*set.source(), torch::tensor({2, 0}, torch::kLong));
    QCOMPARE(batch.scalar_type(), torch::kFloat);
    QCOMPARE(batch.sizes().vec(), (std::vector<int64_t>{2, 1, 1, 2}));
    QCOMPARE(batch[0][0][0][0].item<float>(), 7.0f / 255.0f);
    QCOMPARE(batch[1][0][0][0].item<float>(), 0.0f);
    QCOMPARE(batch[1][0][0][1].item<float>(), 0.2f);
    const torch::Tensor all = to_float_batch(*set.source(), torch::arange(3));
    QCOMPARE(all.max().item<float>(), 1.0f);
    QCOMPARE(all.min().item<float>(), 0.0f);
}

LATENTLAB_TEST_APPLESS_MAIN(TestDataset)
#include "test_dataset.moc"
