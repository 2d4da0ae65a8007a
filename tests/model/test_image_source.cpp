#include <QtTest/QtTest>
#include "test_registry.h"

#include "model/base/error.h"
#include "model/data/dataset.h"
#include "model/data/image_source.h"
#include "model/data/shuffled_batches.h"

#include <set>

using namespace latentlab;

namespace {

// n images whose single pixel is their row number.
torch::Tensor numbered_images(int64_t n) {
    return torch::arange(n, torch::kLong).remainder(256).to(torch::kUInt8).reshape({n, 1, 1, 1});
}

std::vector<int64_t> values(const torch::Tensor& t) {
    const auto flat = t.to(torch::kLong).contiguous().view(-1);
    return {flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel()};
}

}  // namespace

// The batch source between the data and its readers (trainer, evaluation,
// scorer, map) and the shuffled order training draws its batches in.
class TestImageSource : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rangesAndGathersAreTheRowsAskedFor() {
        const InMemoryImages source(numbered_images(10));
        QCOMPARE(source.size(), int64_t{10});
        QCOMPARE(values(source.range(3, 6)), (std::vector<int64_t>{3, 4, 5}));
        QCOMPARE(values(source.gather(torch::tensor({7, 0, 7, 2}, torch::kLong))), (std::vector<int64_t>{7, 0, 7, 2}));
        QCOMPARE(source.range(0, 0).size(0), int64_t{0});
        QCOMPARE(source.range(0, 0).sizes().slice(1).vec(), (std::vector<int64_t>{1, 1, 1}));
    }

    void aSplitWithoutImagesIsAnEmptySource() {
        const ImageSet empty;
        QCOMPARE(empty.source()->size(), int64_t{0});
        QVERIFY_THROWS_EXCEPTION(Error, InMemoryImages(torch::zeros({3, 4}, torch::kUInt8)));
    }

    void sameImagesMeansTheSameTensorNotEqualOnes() {
        ImageSet set;
        set.images = numbered_images(5);
        const auto a = set.source(), b = set.source();
        QVERIFY(a->same_images(*b));
        QVERIFY(!a->same_images(InMemoryImages(numbered_images(5))));
        const auto copy = a->copy_to(torch::kCPU);
        QCOMPARE(copy->device(), torch::Device(torch::kCPU));
        QCOMPARE(values(copy->range(0, 5)), values(a->range(0, 5)));
    }

    void anEpochVisitsEveryRowOnceInBatchesOfTheAskedSize() {
        auto generator = at::detail::createCPUGenerator(7);
        const ShuffledBatches batches(10, 4, generator, torch::kCPU);
        QCOMPARE(batches.steps(), int64_t{3});
        std::vector<int64_t> seen;
        for (int64_t i = 0; i < batches.steps(); ++i) {
            const auto rows = values(batches.rows(i));
            QCOMPARE(static_cast<int64_t>(rows.size()), i < 2 ? int64_t{4} : int64_t{2});
            QCOMPARE(rows, values(batches.cpu_rows(i)));
            seen.insert(seen.end(), rows.begin(), rows.end());
        }
        QCOMPARE(std::set<int64_t>(seen.begin(), seen.end()).size(), size_t{10});
        QVERIFY(seen != values(torch::arange(10)));  // shuffled
        QVERIFY_THROWS_EXCEPTION(Error, ShuffledBatches(10, 0, generator, torch::kCPU));
    }

    // Exact resume rests on this: the order is one randperm drawn from the
    // run's generator, so a generator restored from a checkpoint draws the
    // orders the uninterrupted run would have drawn.
    void theOrderIsTheGeneratorsNextPermutation() {
        auto generator = at::detail::createCPUGenerator(11);
        auto twin = at::detail::createCPUGenerator(11);
        const ShuffledBatches first(100, 32, generator, torch::kCPU);
        const auto expected = torch::randperm(100, twin, torch::kLong);
        std::vector<int64_t> order;
        for (int64_t i = 0; i < first.steps(); ++i) {
            const auto rows = values(first.cpu_rows(i));
            order.insert(order.end(), rows.begin(), rows.end());
        }
        QCOMPARE(order, values(expected));
        // Saved and restored between epochs, the stream goes on the same way.
        const auto saved = generator.get_state();
        auto restored = at::detail::createCPUGenerator(0);
        restored.set_state(saved);
        const ShuffledBatches next(100, 32, generator, torch::kCPU), resumed(100, 32, restored, torch::kCPU);
        QCOMPARE(values(next.cpu_rows(0)), values(resumed.cpu_rows(0)));
        QVERIFY(values(next.cpu_rows(0)) != values(first.cpu_rows(0)));
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestImageSource)
#include "test_image_source.moc"
