// Matched runs: the same batches in the same order, the same noise of z, the
// same initial tensors of every shared layer; only the likelihood differs.

#include "model/base/error.h"
#include "model/compare/matched_runs.h"
#include "synthetic_data.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <set>

using namespace latentlab;

namespace {

RunConfig baseConfig() {
    RunConfig config;
    config.model.channels = 1, config.model.height = 8, config.model.width = 8;
    config.model.hidden = {16};
    config.model.latent = 3;
    config.train.batch_size = 16;
    config.train.seed = 9;
    config.train.threads = 1;
    config.train.device = "cpu";
    return config;
}

// What one run's training saw: every batch's rows and z's noise.
struct Seen {
    std::vector<torch::Tensor> rows, noise;
};

}  // namespace

class TestMatchedRuns : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decoderListsParse() {
        const auto base = baseConfig().model;
        const auto choices =
            parse_decoder_choices("bernoulli,gaussian:0.5,gaussian-predicted:single:min=0.02,laplace-learned", base);
        QCOMPARE(choices.size(), size_t{4});
        QCOMPARE(choices[0].likelihood, LikelihoodKind::Bernoulli);
        QCOMPARE(choices[1].likelihood, LikelihoodKind::Gaussian);
        QCOMPARE(choices[1].sigma, 0.5);
        QCOMPARE(choices[2].variance, DecoderVariance::Single);
        QCOMPARE(choices[2].min_sigma, 0.02);
        QCOMPARE(choices[2].sigma, base.sigma);
        QCOMPARE(choices[3].min_sigma, base.min_sigma);
        QCOMPARE(decoder_folder_name(choices[1], 2), std::string("2-gaussian-sigma0.5"));
        QCOMPARE(decoder_folder_name(choices[2], 3), std::string("3-gaussian-predicted-single"));
        // Two of the same Gaussian at different sigmas are two decoders.
        QCOMPARE(parse_decoder_choices("gaussian:1,gaussian:0.1", base).size(), size_t{2});
    }

    void badDecoderListsAreRefused_data() {
        QTest::addColumn<QString>("list");
        QTest::addColumn<QString>("message");
        QTest::newRow("one") << "bernoulli" << "2 to 7";
        QTest::newRow("eight") << "bernoulli,cbernoulli,gaussian,gaussian-learned,gaussian-predicted,laplace,"
                                  "laplace-learned,gaussian:1" << "2 to 7";
        QTest::newRow("unknown") << "bernoulli,gauss" << "unknown decoder 'gauss'";
        QTest::newRow("twice") << "bernoulli,bernoulli" << "twice";
        QTest::newRow("bad sigma") << "bernoulli,gaussian:abc" << "not a sigma";
        QTest::newRow("no sigma") << "bernoulli:0.3,gaussian" << "no setting";
        QTest::newRow("below bound") << "bernoulli,gaussian-learned:0.001" << "below its lower bound";
        QTest::newRow("empty") << "bernoulli," << "unknown decoder ''";
    }
    void badDecoderListsAreRefused() {
        QFETCH(QString, list);
        QFETCH(QString, message);
        try {
            parse_decoder_choices(list.toStdString(), baseConfig().model);
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    void configsDifferInTheLikelihoodOnly() {
        const auto base = baseConfig();
        const auto choices = parse_decoder_choices("gaussian:0.3,gaussian-predicted:single,cbernoulli", base.model);
        for (const auto& choice : choices) {
            auto config = matched_config(base, choice);
            QCOMPARE(config.model.likelihood, choice.likelihood);
            QCOMPARE(config.model.sigma, choice.sigma);
            config.model.likelihood = base.model.likelihood;
            config.model.sigma = base.model.sigma;
            config.model.min_sigma = base.model.min_sigma;
            config.model.decoder_variance = base.model.decoder_variance;
            QCOMPARE(to_json(config), to_json(base));
        }
    }

    void sharedWeightsAreCopiedNotJustSeeded() {
        auto config = baseConfig().model;
        config.likelihood = LikelihoodKind::Bernoulli;
        auto first = build_vae(config, 1);
        auto other = config;
        other.likelihood = LikelihoodKind::GaussianPredicted;
        auto second = build_vae(other, 2);  // another seed: every tensor differs at first
        QVERIFY(!torch::equal(first->named_parameters()["encoder.body.0.weight"],
                              second->named_parameters()["encoder.body.0.weight"]));
        const auto copied = copy_shared_weights(*first, *second);
        const std::set<std::string> names(copied.begin(), copied.end());
        for (const auto& item : second->named_parameters()) {
            const bool own = item.key().rfind("decoder.variance.", 0) == 0;
            QCOMPARE(names.count(item.key()) == 1, !own);
            if (!own) QVERIFY(torch::equal(item.value(), first->named_parameters()[item.key()]));
            QVERIFY(item.value().requires_grad());
        }
    }

    void matchedRunsSeeTheSameBatchesAndStartTheSame() {
        const auto data = testing::make_bars_dataset(80, 16, 8, 3);
        auto base = baseConfig();
        MatchedRuns runs(base, parse_decoder_choices("bernoulli,gaussian-learned,gaussian-predicted,cbernoulli",
                                                     base.model));
        std::vector<Seen> seen(runs.size());
        std::vector<std::map<std::string, torch::Tensor>> initial(runs.size());
        std::vector<double> losses;
        for (int i = 0; i < runs.size(); ++i) {
            auto trainer = runs.make_trainer(i);
            QCOMPARE(trainer->config().model.likelihood, runs.decoder(i).likelihood);
            for (const auto& item : trainer->model()->named_parameters()) initial[i][item.key()] = item.value().clone();
            trainer->set_batch_observer([&seen, i](const torch::Tensor& rows, const torch::Tensor& noise) {
                seen[i].rows.push_back(rows.clone());
                seen[i].noise.push_back(noise.clone());
            });
            trainer->train_epoch(data);
            trainer->train_epoch(data);
            losses.push_back(trainer->history().back().train.elbo);
        }
        QCOMPARE(seen[0].rows.size(), size_t{10});  // 2 epochs of 5 batches
        for (int i = 1; i < runs.size(); ++i) {
            QCOMPARE(seen[i].rows.size(), seen[0].rows.size());
            for (size_t b = 0; b < seen[0].rows.size(); ++b) {
                QVERIFY(torch::equal(seen[i].rows[b], seen[0].rows[b]));
                QVERIFY(torch::equal(seen[i].noise[b], seen[0].noise[b]));
            }
            int shared = 0;
            for (const auto& [name, tensor] : initial[i]) {
                const auto other = initial[0].find(name);
                if (other == initial[0].end() || other->second.sizes() != tensor.sizes()) {
                    // Only the likelihood's own parameters: a learned scale or the variance head.
                    QVERIFY2(name.rfind("likelihood.", 0) == 0 || name.rfind("decoder.variance.", 0) == 0, name.c_str());
                    continue;
                }
                QVERIFY2(torch::equal(tensor, other->second), name.c_str());
                ++shared;
            }
            // Weight and bias of the encoder's body, mean and log_var heads and the decoder's two layers.
            QCOMPARE(shared, 10);
            QVERIFY(losses[i] != losses[0]);
        }
        // The batches of the two epochs differ (a new shuffle each epoch).
        QVERIFY(!torch::equal(seen[0].rows[0], seen[0].rows[5]));
    }

    void dequantizationKeepsBatchesAndNoise() {
        const auto data = testing::make_bars_dataset(48, 8, 8, 4);
        auto base = baseConfig();
        Seen plain, noisy;
        for (bool dequantize : {false, true}) {
            auto config = base;
            config.data.dequantize = dequantize;
            Trainer trainer(config);
            auto& into = dequantize ? noisy : plain;
            trainer.set_batch_observer([&into](const torch::Tensor& rows, const torch::Tensor& noise) {
                into.rows.push_back(rows.clone());
                into.noise.push_back(noise.clone());
            });
            trainer.train_epoch(data);
        }
        QCOMPARE(noisy.rows.size(), plain.rows.size());
        for (size_t b = 0; b < plain.rows.size(); ++b) {
            QVERIFY(torch::equal(noisy.rows[b], plain.rows[b]));
            QVERIFY(torch::equal(noisy.noise[b], plain.noise[b]));
        }
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestMatchedRuns)
#include "test_matched_runs.moc"
