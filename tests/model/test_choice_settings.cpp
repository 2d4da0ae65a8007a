// The table of named settings (model/base/choice_settings.h) and config.json
// made from both settings tables: every name of a setting is one its setter
// takes and its getter gives back, the decoder's names are every likelihood,
// a config survives config.json, a config.json of the first format (without
// the keys added since) still loads, and what is missing or unknown is
// refused with the key it concerns.

#include "model/base/choice_settings.h"
#include "model/base/error.h"
#include "model/base/number_settings.h"
#include "model/base/run_config.h"

#include <QtTest>
#include "test_registry.h"

#include <nlohmann/json.hpp>

#include <set>
#include <string>

using namespace latentlab;

namespace {

QString refusal(const std::string& json) {
    try {
        run_config_from_json(json);
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestChoiceSettings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyNameIsTakenAndGivenBack() {
        for (const ChoiceSetting& setting : choice_settings()) {
            QVERIFY2(setting.contains(setting.get(RunConfig{})), setting.key.c_str());  // the default is a choice
            for (const Choice& choice : setting.choices) {
                RunConfig config;
                QVERIFY2(setting.set(config, choice.name), (setting.key + " " + choice.name).c_str());
                QCOMPARE(setting.get(config), choice.name);
                QVERIFY(!choice.label.empty());
            }
            RunConfig config;
            const std::string before = setting.get(config);
            QVERIFY(!setting.set(config, "no-such-name"));
            QCOMPARE(setting.get(config), before);
            QVERIFY(setting.unknown_message("x").find("--" + setting.flag + " expects " + setting.names()) == 0);
        }
    }

    void theDecodersAreEveryLikelihood() {
        std::set<std::string> names;
        for (const Choice& choice : choice_setting("decoder").choices) names.insert(choice.name);
        const auto likelihoods = likelihood_names();
        QCOMPARE(names, std::set<std::string>(likelihoods.begin(), likelihoods.end()));
    }

    void theCliHelpListsEachNameAndTheDefault() {
        const std::string help = choice_setting("posterior").cli_help();
        QVERIFY(help.find("diagonal (Diagonal), single (Single variance).") != std::string::npos);
        QVERIFY(help.find("Default: diagonal.") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(Error, choice_setting("colour"));
    }

    void aConfigSurvivesConfigJson() {
        RunConfig config;
        config.model.kind = ModelKind::Autoencoder;
        config.model.likelihood = LikelihoodKind::LaplaceLearned;
        config.model.posterior = PosteriorKind::Single;
        config.model.latent = 7;
        config.model.sigma = 0.25;
        config.train.beta = 3.5;
        config.train.gamma = 12.0;
        config.train.device = "cpu";
        config.train.seed = 99;
        config.data.test_fraction = 0.2;
        const RunConfig back = run_config_from_json(to_json(config));
        QCOMPARE(to_json(back), to_json(config));
        for (const NumberSetting& s : number_settings()) QCOMPARE(s.get(back), s.get(config));
        for (const ChoiceSetting& s : choice_settings()) QCOMPARE(s.get(back), s.get(config));
        QCOMPARE(back.train.seed, uint64_t{99});
        // Whole numbers stay whole numbers in the file.
        QVERIFY(to_json(config).find("\"latent\": 7,") != std::string::npos);
    }

    void theFirstFormatStillLoads() {
        auto j = nlohmann::json::parse(to_json(RunConfig{}));
        for (const char* key : {"kind", "architecture", "posterior", "decoder_variance", "conv_channels"})
            j["model"].erase(key);
        for (const char* key : {"warmup_epochs", "capacity", "capacity_epochs", "gamma"}) j["train"].erase(key);
        j["train"]["beta"] = 2.0;
        const RunConfig old = run_config_from_json(j.dump());
        QCOMPARE(old.model.kind, ModelKind::Vae);
        QCOMPARE(old.model.architecture, Architecture::Mlp);
        QCOMPARE(old.model.posterior, PosteriorKind::Diagonal);
        QCOMPARE(old.train.gamma, 1000.0);
        QCOMPARE(old.train.capacity, 0.0);
        QCOMPARE(old.train.beta, 2.0);
    }

    void whatIsMissingOrUnknownIsNamed() {
        auto j = nlohmann::json::parse(to_json(RunConfig{}));
        auto missing = j;
        missing["train"].erase("learning_rate");
        QVERIFY(refusal(missing.dump()).contains("it has no train.learning_rate"));
        auto noDecoder = j;
        noDecoder["model"].erase("decoder");
        QVERIFY(refusal(noDecoder.dump()).contains("it has no model.decoder"));
        auto unknown = j;
        unknown["model"]["decoder"] = "poisson";
        QVERIFY(refusal(unknown.dump()).contains("unknown model.decoder 'poisson'"));
        auto fractional = j;
        fractional["model"]["latent"] = 2.5;
        QVERIFY(refusal(fractional.dump()).contains("model.latent must be a whole number"));
        auto outOfBounds = j;
        outOfBounds["train"]["beta"] = -1.0;
        QVERIFY(refusal(outOfBounds.dump()).contains(number_setting("beta").bounds_message().c_str()));
        auto badDevice = j;
        badDevice["train"]["device"] = "tpu";
        QVERIFY(refusal(badDevice.dump()).contains("unknown train.device 'tpu'"));
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestChoiceSettings)
#include "test_choice_settings.moc"
