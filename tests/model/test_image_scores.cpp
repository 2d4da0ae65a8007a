// Per-image scores against hand computations from the model's own parts,
// planted outliers after a short training, and scores.csv read back.

#include "model/explore/latent_explorer.h"
#include "model/inspect/image_scores.h"
#include "model/inspect/scores_file.h"
#include "model/train/trainer.h"
#include "tiny_models.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace latentlab;
using namespace latentlab::testing;

namespace {

// Bars, with `noise` uniform-noise images appended to the training split.
Dataset barsWithNoise(int64_t noise) {
    Dataset data = make_bars_dataset(512, 64, 8, 7);
    auto generator = at::detail::createCPUGenerator(99);
    const auto planted = torch::randint(256, {noise, 1, 8, 8}, generator, torch::kLong).to(torch::kUInt8);
    data.train.images = torch::cat({data.train.images, planted}).contiguous();
    data.train.labels = torch::cat({data.train.labels, torch::zeros({noise}, torch::kLong)});
    return data;
}

}  // namespace

class TestImageScores : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void termsMatchTheModelsParts() {
        const auto data = tinyBars();
        const auto snapshot = tinySnapshots(*data, 3, 1).back();
        const auto images = data->test.images.slice(0, 0, 10);
        ScoreOptions options;
        options.batch = 4;  // several batches
        const auto scores = score_images(*snapshot, InMemoryImages(images), options);
        QVERIFY(scores.has_value());
        QCOMPARE(scores->size(), int64_t{10});
        const auto q = encode_images(*snapshot, images);
        const auto x = images.to(torch::kFloat).div(255.0);
        const auto mean_images = decode_codes(*snapshot, q.mean, false);
        for (int64_t i = 0; i < 10; ++i) {
            const auto at = static_cast<size_t>(i);
            // ELBO = recon - KL, exactly as stored.
            QCOMPARE(scores->elbo[at], scores->recon[at] - scores->kl[at]);
            // KL by hand: 0.5 * sum(mu^2 + var - log var - 1).
            const auto mu = q.mean[i].to(torch::kDouble), lv = q.log_var[i].to(torch::kDouble);
            const double kl = 0.5 * (mu.pow(2) + lv.exp() - lv - 1.0).sum().item<double>();
            QVERIFY(std::abs(scores->kl[at] - kl) < 1e-4 * std::max(1.0, kl));
            // MSE of the mean reconstruction by hand.
            const double mse = (mean_images[i] - x[i]).pow(2).mean().item<double>();
            QVERIFY(std::abs(scores->mse[at] - mse) < 1e-6);
            QVERIFY(torch::allclose(scores->means[i], q.mean[i].to(torch::kCPU), 1e-5, 1e-6));
            // A Bernoulli log-likelihood is at most 0.
            QVERIFY(scores->recon[at] <= 0.0);
        }
        // The same seed gives the same noise: the same numbers again.
        const auto again = score_images(*snapshot, InMemoryImages(images), options);
        QCOMPARE(again->elbo, scores->elbo);
    }

    void importanceSamplingBoundsTheElbo() {
        const auto data = tinyBars();
        const auto snapshot = tinySnapshots(*data, 2, 1).back();
        const auto images = data->test.images.slice(0, 0, 32);
        ScoreOptions options;
        options.iw_samples = 200;
        const auto scores = score_images(*snapshot, InMemoryImages(images), options);
        QCOMPARE(scores->log_px.size(), size_t{32});
        QCOMPARE(scores->iw_samples, int64_t{200});
        // On average log p(x) >= ELBO (Jensen); one-sample ELBOs are noisy, so compare means.
        const double elbo = std::accumulate(scores->elbo.begin(), scores->elbo.end(), 0.0) / 32;
        const double logp = std::accumulate(scores->log_px.begin(), scores->log_px.end(), 0.0) / 32;
        QVERIFY2(logp > elbo, qPrintable(QString("log p(x) %1, ELBO %2").arg(logp).arg(elbo)));
    }

    void cancelStopsBetweenBatches() {
        const auto data = tinyBars();
        const auto snapshot = tinySnapshots(*data, 2, 1).back();
        std::atomic<bool> cancel{false};
        int64_t seen = 0;
        ScoreOptions options;
        options.batch = 100;
        const auto progress = [&](int64_t done, int64_t) {
            seen = done;
            cancel.store(true);
        };
        QVERIFY(!score_images(*snapshot, *data->train.source(), options, progress, &cancel).has_value());
        QCOMPARE(seen, int64_t{100});
    }

    void plantedNoiseRanksFirstByReconstructionError() {
        const Dataset data = barsWithNoise(8);
        Trainer trainer(tinyConfig(4));
        for (int e = 0; e < 40; ++e) trainer.train_epoch(data);
        const auto snapshot = snapshot_of(trainer);
        const auto scored = score_dataset(*snapshot, data, ScoreOptions{});
        QVERIFY(scored.has_value());
        QCOMPARE(scored->size(), data.train.size() + data.test.size());
        std::vector<int64_t> order(static_cast<size_t>(scored->size()));
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(),
                  [&](int64_t a, int64_t b) { return scored->scores.mse[size_t(a)] > scored->scores.mse[size_t(b)]; });
        // The 8 planted images are training rows 512..519.
        for (int i = 0; i < 8; ++i) {
            const auto row = static_cast<size_t>(order[static_cast<size_t>(i)]);
            QVERIFY2(scored->test[row] == 0 && scored->index[row] >= 512,
                     qPrintable(QString("rank %1 is split %2 index %3").arg(i).arg(scored->test[row]).arg(scored->index[row])));
        }
        // And they are the least likely by the ELBO too.
        std::sort(order.begin(), order.end(),
                  [&](int64_t a, int64_t b) { return scored->scores.elbo[size_t(a)] < scored->scores.elbo[size_t(b)]; });
        for (int i = 0; i < 8; ++i) QVERIFY(scored->index[static_cast<size_t>(order[static_cast<size_t>(i)])] >= 512);
    }

    void scoresFileReadsBackAndKnowsItsSnapshot() {
        const auto data = tinyBars();
        const auto snapshot = tinySnapshots(*data, 3, 1).back();
        ScoreOptions options;
        options.iw_samples = 5;
        auto scored = score_dataset(*snapshot, *data, options);
        scored->file[3] = "a folder/with, a comma \"quoted\".png";
        auto back = parse_scores_csv(scores_csv(*scored));
        QCOMPARE(back.size(), scored->size());
        QCOMPARE(back.scores.elbo, scored->scores.elbo);
        QCOMPARE(back.scores.recon, scored->scores.recon);
        QCOMPARE(back.scores.kl, scored->scores.kl);
        QCOMPARE(back.scores.log_px, scored->scores.log_px);
        QCOMPARE(back.scores.mse, scored->scores.mse);
        QCOMPARE(back.scores.iw_samples, int64_t{5});
        QVERIFY(torch::equal(back.scores.means, scored->scores.means));
        QCOMPARE(back.file, scored->file);
        QCOMPARE(back.test, scored->test);
        QCOMPARE(back.index, scored->index);
        QCOMPARE(back.label, scored->label);
        QCOMPARE(back.class_names, data->class_names);
        QCOMPARE(back.epoch, snapshot->epoch);
        QCOMPARE(back.step, snapshot->step);
        // A file the data set does not have: not these scores.
        QVERIFY(!scores_match(back, snapshot->epoch, snapshot->step, *data, 0));
        back.file[3].clear();
        const auto restored = parse_scores_csv(scores_csv(back));
        QVERIFY(scores_match(restored, snapshot->epoch, snapshot->step, *data, 5));
        QVERIFY(!scores_match(restored, snapshot->epoch, snapshot->step + 1, *data, 5));
        QVERIFY(!scores_match(restored, snapshot->epoch, snapshot->step, *data, 100));  // fewer samples than asked
    }

    // The CLI writes scores.csv a batch at a time (a stopped scoring keeps
    // its rows): the pieces must add up to the file written whole.
    void scoresWrittenBatchByBatchAreTheWholeFile() {
        const auto data = tinyBars();
        const auto snapshot = tinySnapshots(*data, 3, 1).back();
        DatasetScores where = dataset_rows(*data);
        where.epoch = snapshot->epoch;
        where.step = snapshot->step;
        std::string pieces = scores_csv_header(3, true);
        int64_t written = 0, calls = 0;
        ScoreOptions options;
        options.iw_samples = 4;
        options.batch = 100;
        options.on_batch = [&](const ImageScores& so_far, const torch::Tensor& means) {
            QCOMPARE(means.size(0), so_far.size() - written);
            pieces += scores_csv_rows(where, so_far, means, written, so_far.size());
            written = so_far.size();
            ++calls;
        };
        const auto whole = score_dataset(*snapshot, *data, options);
        QVERIFY(whole.has_value());
        QCOMPARE(calls, (whole->size() + 99) / 100);
        QCOMPARE(pieces, scores_csv(*whole));
    }

    void damagedScoresFileIsAClearError() {
        QVERIFY_THROWS_EXCEPTION(Error, parse_scores_csv("split,index\ntrain,0\n"));
        QVERIFY_THROWS_EXCEPTION(Error, parse_scores_csv(
            "split,index,file,label,class,epoch,step,elbo,recon,kl,mse\nfoo,0,,0,a,1,1,1,1,0,0\n"));
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestImageScores)
#include "test_image_scores.moc"
