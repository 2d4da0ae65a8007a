// The table of numeric settings (model/base/number_settings.h): its defaults
// are valid, and validate() takes each bound and refuses one step past it
// with the table's own message. tests/ui/test_settings_panel.cpp and
// tests/app/test_cli.cpp check that the panel and the CLI use the same bounds.

#include "model/base/error.h"
#include "model/base/number_settings.h"
#include "model/base/run_config.h"

#include <QtTest>
#include "test_registry.h"

#include <set>
#include <string>

using latentlab::NumberSetting;
using latentlab::RunConfig;

namespace {

// A config whose other settings leave each bound to be tried alone: an image
// shape validate() accepts, and sigma's lower bound below it.
RunConfig plainConfig() {
    RunConfig config;
    config.model.min_sigma = 1e-6;
    return config;
}

QString refusal(const RunConfig& config) {
    try {
        latentlab::validate(config);
    } catch (const latentlab::Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestNumberSettings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keysAndFlagsAreUniqueAndDescribed() {
        std::set<std::string> keys, flags;
        for (const NumberSetting& s : latentlab::number_settings()) {
            QVERIFY2(keys.insert(s.key).second, s.key.c_str());
            QVERIFY2(flags.insert(s.flag).second, s.flag.c_str());
            QVERIFY2(!s.label.empty() && !s.help.empty() && !s.value_name.empty(), s.key.c_str());
            QVERIFY2(s.min < s.max, s.key.c_str());
            QCOMPARE(&latentlab::number_setting(s.key), &s);
        }
        QVERIFY_THROWS_EXCEPTION(latentlab::Error, latentlab::number_setting("no-such-setting"));
    }

    void defaultsAreInsideTheirBounds() {
        const RunConfig defaults;
        for (const NumberSetting& s : latentlab::number_settings())
            QVERIFY2(s.contains(s.get(defaults)), s.key.c_str());
        QCOMPARE(refusal(defaults), QString());
    }

    void validateTakesEachBoundAndRefusesPastIt() {
        for (const NumberSetting& s : latentlab::number_settings()) {
            for (const double bound : {s.min, s.max}) {
                RunConfig config = plainConfig();
                s.set(config, bound);
                QCOMPARE(s.get(config), bound);
                // min_sigma must stay at or below sigma for a learned sigma; the
                // default decoder's is fixed, so each is free here.
                QVERIFY2(refusal(config).isEmpty(), qPrintable(QString::fromStdString(s.key) + ": " + refusal(config)));
            }
            const double step = s.integer ? 1.0 : std::max(1e-9, (s.max - s.min) * 1e-3);
            for (const double outside : {s.min - step, s.max + step}) {
                RunConfig config = plainConfig();
                s.set(config, outside);
                if (s.contains(s.get(config))) continue;  // an unsigned member cannot hold min - 1
                QCOMPARE(refusal(config), QString::fromStdString(s.bounds_message()));
            }
        }
    }

    void messagesAndDefaultsReadAsPeopleWriteThem() {
        QCOMPARE(latentlab::format_number(100000), std::string("100000"));
        QCOMPARE(latentlab::format_number(0.001), std::string("0.001"));
        QCOMPARE(latentlab::format_number(1e-6), std::string("1e-06"));
        QCOMPARE(latentlab::number_setting("beta").bounds_message(), std::string("beta must be between 0 and 1000000"));
        QCOMPARE(latentlab::number_setting("latent").default_help(), std::string("Default: 20."));
        QCOMPARE(latentlab::number_setting("capacity").default_help(), std::string("Default: 0 = off."));
    }
};

LATENTLAB_TEST_MAIN(TestNumberSettings)
#include "test_number_settings.moc"
