// TrainingSettingsPanel on its own: every field round-trips a RunConfig,
// the remembered settings are the config's JSON, Reset to defaults, the
// messages of a config that cannot make a model, and the CUDA entry on a
// machine without a GPU.

#include "app/workspace/device_info.h"
#include "model/base/choice_settings.h"
#include "model/base/number_settings.h"
#include "model/base/run_config.h"
#include "ui/training/training_settings_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QtTest>
#include "test_registry.h"

#include <limits>
#include <string>

using latentlab::Architecture;
using latentlab::LikelihoodKind;
using latentlab::ModelKind;
using latentlab::PosteriorKind;
using latentlab::RunConfig;
using latentlab::TrainingSettingsPanel;

namespace {

template <typename T>
T* child(QObject* parent, const char* name) {
    return parent->findChild<T*>(QLatin1String(name));
}

// A config in which every field of the panel differs from the defaults,
// for 64 x 64 images.
RunConfig everyFieldChanged() {
    RunConfig c;
    c.model.kind = ModelKind::Autoencoder;
    c.model.architecture = Architecture::Conv;
    c.model.width = 64;
    c.model.height = 64;
    c.model.likelihood = LikelihoodKind::Laplace;
    c.model.sigma = 0.25;
    c.data.dequantize = true;
    c.model.posterior = PosteriorKind::Single;
    c.model.latent = 12;
    c.model.hidden = {128, 64};
    c.model.conv_channels = {16, 16, 32, 48};
    c.train.beta = 0.5;
    c.train.warmup_epochs = 2.5;
    c.train.capacity = 25.0;
    c.train.capacity_epochs = 5.0;
    c.train.gamma = 500.0;
    c.train.learning_rate = 3e-4;
    c.train.batch_size = 64;
    c.train.epochs = 7;
    c.train.samples = 3;
    c.train.seed = 42;
    c.train.threads = 2;
    c.train.device = "cpu";
    return c;
}

// Configs compare by their JSON: every setting, none forgotten.
QString json(const RunConfig& config) { return QString::fromStdString(latentlab::to_json(config)); }

}  // namespace

class TestSettingsPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void everyFieldRoundTrips();
    void settingsAreTheConfigsJson();
    void damagedOrOutOfRangeSettingsFallBack();
    void resetToDefaults();
    void emptyHiddenMeansTheArchitecturesDefault();
    void validationMessages();
    void boundsAreTheSettingsTables();
    void choicesAreTheSettingsTables();
    void locksLeaveOnlyWhatMayChange();
    void cudaGreyedWhenUnavailable();
    void predictedSigmaHasItsVarianceField();
};

void TestSettingsPanel::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LatentLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_settings_panel"));
}

void TestSettingsPanel::init() { QSettings().clear(); }

void TestSettingsPanel::everyFieldRoundTrips() {
    TrainingSettingsPanel panel;
    panel.setImageShape(64, 64);
    QVERIFY(json(panel.config()) != json(everyFieldChanged()));
    QSignalSpy changed(&panel, &TrainingSettingsPanel::changed);
    QSignalSpy betaEdited(&panel, &TrainingSettingsPanel::betaEdited);
    panel.setConfig(everyFieldChanged());
    QCOMPARE(json(panel.config()), json(everyFieldChanged()));
    // One signal for the whole config, and no mid-run change.
    QCOMPARE(changed.count(), 1);
    QCOMPARE(betaEdited.count(), 0);
    // The shortest text of the number, as people type it.
    QCOMPARE(child<QLineEdit>(&panel, "learningRate")->text(), QStringLiteral("0.0003"));
    QCOMPARE(child<QLineEdit>(&panel, "hidden")->text(), QStringLiteral("128,64"));
    QCOMPARE(child<QComboBox>(&panel, "decoder")->currentText(), QStringLiteral("Laplace, fixed b"));
}

void TestSettingsPanel::settingsAreTheConfigsJson() {
    {
        TrainingSettingsPanel panel;
        panel.setImageShape(64, 64);
        panel.setConfig(everyFieldChanged());
        panel.writeSettings();
    }
    // One key, holding the config as config.json writes it: enums by name.
    const QVariant stored = QSettings().value(QLatin1String(TrainingSettingsPanel::kSettingsKey));
    QCOMPARE(stored.typeId(), QMetaType::QString);
    const QJsonDocument document = QJsonDocument::fromJson(stored.toString().toUtf8());
    QVERIFY(document.isObject());
    QCOMPARE(document.object().value(QStringLiteral("model")).toObject().value(QStringLiteral("decoder")).toString(),
             QStringLiteral("laplace"));
    QCOMPARE(document.object().value(QStringLiteral("model")).toObject().value(QStringLiteral("architecture")).toString(),
             QStringLiteral("conv"));
    QVERIFY(QSettings().allKeys() == QStringList{QLatin1String(TrainingSettingsPanel::kSettingsKey)});

    // A new panel, as in the next session, reads it back.
    TrainingSettingsPanel again;
    again.setImageShape(64, 64);
    QCOMPARE(json(again.config()), json(everyFieldChanged()));
    again.setConfig(RunConfig());
    again.readSettings();
    QCOMPARE(json(again.config()), json(everyFieldChanged()));
}

void TestSettingsPanel::damagedOrOutOfRangeSettingsFallBack() {
    QSettings().setValue(QLatin1String(TrainingSettingsPanel::kSettingsKey), QStringLiteral("{\"model\": "));
    QCOMPARE(json(TrainingSettingsPanel().config()), json(RunConfig()));

    // Beyond the bounds of validate(): the defaults.
    RunConfig tooLarge;
    tooLarge.model.latent = latentlab::limits::kLatentMax + 1;
    QSettings().setValue(QLatin1String(TrainingSettingsPanel::kSettingsKey), json(tooLarge));
    QCOMPARE(json(TrainingSettingsPanel().config()), json(RunConfig()));

    // Valid, but beyond what a field holds (the seed's spin box holds an int):
    // clamped to the field. A numeric setting of the table is not: its field
    // takes every value validate() takes.
    RunConfig wide;
    wide.train.seed = uint64_t{1} << 40;
    wide.train.gamma = 5e6;
    QSettings().setValue(QLatin1String(TrainingSettingsPanel::kSettingsKey), json(wide));
    const RunConfig read = TrainingSettingsPanel().config();
    QCOMPARE(read.train.seed, static_cast<uint64_t>(std::numeric_limits<int>::max()));
    QCOMPARE(read.train.gamma, 5e6);
}

void TestSettingsPanel::resetToDefaults() {
    TrainingSettingsPanel panel;
    panel.setConfig(everyFieldChanged());
    auto* reset = child<QPushButton>(&panel, "resetDefaults");
    QVERIFY(reset);
    QVERIFY(reset->isEnabled());
    reset->click();
    QCOMPARE(json(panel.config()), json(RunConfig()));
    // The default hidden width shows as the placeholder of an empty field.
    QCOMPARE(child<QLineEdit>(&panel, "hidden")->text(), QString());
    QCOMPARE(child<QLineEdit>(&panel, "hidden")->placeholderText(), QStringLiteral("400"));

    // Not while a run goes, nor for an opened run.
    panel.setLock(TrainingSettingsPanel::Lock::Running);
    QVERIFY(!reset->isEnabled());
    panel.setLock(TrainingSettingsPanel::Lock::Continuing);
    QVERIFY(!reset->isEnabled());
    panel.setLock(TrainingSettingsPanel::Lock::None);
    QVERIFY(reset->isEnabled());
}

void TestSettingsPanel::emptyHiddenMeansTheArchitecturesDefault() {
    TrainingSettingsPanel panel;
    panel.setImageShape(64, 64);
    auto* hidden = child<QLineEdit>(&panel, "hidden");
    auto* architecture = child<QComboBox>(&panel, "architecture");
    hidden->clear();
    architecture->setCurrentIndex(architecture->findData(QStringLiteral("conv")));
    // As the CLI's --arch conv: 256 after the convolutions.
    QCOMPARE(panel.config().model.hidden, std::vector<int64_t>{256});
    QCOMPARE(hidden->placeholderText(), QStringLiteral("256"));
    QCOMPARE(child<QLineEdit>(&panel, "convWidths")->placeholderText(), QStringLiteral("32,32,64,64"));
    QVERIFY(panel.isValid());
    architecture->setCurrentIndex(architecture->findData(QStringLiteral("mlp")));
    QCOMPARE(panel.config().model.hidden, std::vector<int64_t>{400});
    QCOMPARE(hidden->placeholderText(), QStringLiteral("400"));
    hidden->setText(QStringLiteral("512, 256"));
    QCOMPARE(panel.config().model.hidden, (std::vector<int64_t>{512, 256}));
}

void TestSettingsPanel::validationMessages() {
    TrainingSettingsPanel panel;
    panel.setImageShape(28, 28);
    auto* problem = child<QLabel>(&panel, "settingsProblem");
    QVERIFY(panel.isValid());
    QVERIFY(problem->isHidden());

    QString reason;
    child<QLineEdit>(&panel, "hidden")->setText(QStringLiteral("16,"));
    QVERIFY(!panel.isValid(&reason));
    QCOMPARE(reason, QStringLiteral("Hidden sizes must be whole numbers separated by commas, e.g. 512,256."));
    QVERIFY(!problem->isHidden());
    QCOMPARE(problem->text(), reason);

    // Read, but out of range: validate()'s message.
    child<QLineEdit>(&panel, "hidden")->setText(QStringLiteral("16,0"));
    QVERIFY(!panel.isValid(&reason));
    QCOMPARE(reason, QStringLiteral("Hidden sizes must be between 1 and 16384."));
    child<QLineEdit>(&panel, "hidden")->setText(QStringLiteral("16"));
    QVERIFY(panel.isValid());

    // Conv on Fashion-MNIST's 28 x 28: what helps, not how a folder is sized.
    auto* architecture = child<QComboBox>(&panel, "architecture");
    architecture->setCurrentIndex(architecture->findData(QStringLiteral("conv")));
    QVERIFY(!panel.isValid(&reason));
    QCOMPARE(reason, QStringLiteral("Convolutional needs square images of side 32, 64 or 128; these are 28 × 28. "
                                    "Choose MLP, or open a folder at 32, 64 or 128."));
    QCOMPARE(problem->text(), reason);

    // At 64 x 64 it is valid, until the conv widths do not match the size.
    panel.setImageShape(64, 64);
    QVERIFY(panel.isValid());
    child<QLineEdit>(&panel, "convWidths")->setText(QStringLiteral("16,16"));
    QVERIFY(!panel.isValid(&reason));
    QCOMPARE(reason, QStringLiteral("Conv widths: side 64 needs 4 widths, one per halving to 4."));
    child<QLineEdit>(&panel, "convWidths")->setText(QStringLiteral("16,x"));
    QVERIFY(!panel.isValid(&reason));
    QCOMPARE(reason, QStringLiteral("Conv widths must be whole numbers separated by commas, or empty."));
    // Conv widths mean nothing to an MLP, however they read.
    architecture->setCurrentIndex(architecture->findData(QStringLiteral("mlp")));
    QVERIFY(panel.isValid());

    child<QLineEdit>(&panel, "learningRate")->setText(QStringLiteral("fast"));
    QVERIFY(!panel.isValid(&reason));
    QVERIFY2(reason.startsWith(QStringLiteral("The learning rate must be a number")), qPrintable(reason));
}

void TestSettingsPanel::boundsAreTheSettingsTables() {
    // Every field of a numeric setting takes exactly the range validate() and
    // the CLI take (model/base/number_settings.h), whatever its widget.
    TrainingSettingsPanel panel;
    int checked = 0;
    for (const latentlab::NumberSetting& s : latentlab::number_settings()) {
        QWidget* field = panel.findChild<QWidget*>(QString::fromStdString(s.key));
        if (!field) continue;  // a setting the panel does not show (image size, weight decay, ...)
        ++checked;
        const QByteArray key = QByteArray::fromStdString(s.key);
        if (auto* box = qobject_cast<QSpinBox*>(field)) {
            QCOMPARE(box->minimum(), static_cast<int>(s.min));
            QCOMPARE(box->maximum(), static_cast<int>(s.max));
        } else if (auto* real = qobject_cast<QDoubleSpinBox*>(field)) {
            QCOMPARE(real->minimum(), s.min);
            QCOMPARE(real->maximum(), s.max);
        } else if (auto* edit = qobject_cast<QLineEdit*>(field)) {
            // A typed number: the bounds are taken, one step past them is refused.
            for (const double bound : {s.min, s.max}) {
                edit->setText(QString::number(bound));
                QVERIFY2(edit->hasAcceptableInput(), key.constData());
            }
            edit->setText(QString::number(s.max * 2));
            QVERIFY2(!edit->hasAcceptableInput(), key.constData());
            edit->setText(QString::number(s.min / 2));
            QVERIFY2(!edit->hasAcceptableInput(), key.constData());
        } else {
            QFAIL(key.constData());
        }
        QVERIFY2(field->toolTip().startsWith(QString::fromStdString(s.help)), key.constData());
    }
    QCOMPARE(checked, 12);
}

void TestSettingsPanel::choicesAreTheSettingsTables() {
    // Every named setting's combo box offers exactly the names the CLI and
    // config.json take (model/base/choice_settings.h), with the table's labels.
    TrainingSettingsPanel panel;
    for (const latentlab::ChoiceSetting& s : latentlab::choice_settings()) {
        const QByteArray key = QByteArray::fromStdString(s.key);
        auto* box = panel.findChild<QComboBox*>(QString::fromStdString(s.key));
        QVERIFY2(box, key.constData());
        QCOMPARE(box->count(), static_cast<int>(s.choices.size()));
        for (int i = 0; i < box->count(); ++i) {
            QCOMPARE(box->itemData(i).toString().toStdString(), s.choices[static_cast<size_t>(i)].name);
            QCOMPARE(box->itemText(i).toStdString(), s.choices[static_cast<size_t>(i)].label);
        }
        if (s.key != "architecture")  // its tooltip says whether the images suit the conv networks
            QVERIFY2(box->toolTip().startsWith(QString::fromStdString(s.help)), key.constData());
    }
}

void TestSettingsPanel::locksLeaveOnlyWhatMayChange() {
    TrainingSettingsPanel panel;
    panel.setLock(TrainingSettingsPanel::Lock::Running);
    QVERIFY(child<QDoubleSpinBox>(&panel, "beta")->isEnabled());
    QVERIFY(child<QLineEdit>(&panel, "learningRate")->isEnabled());
    for (const char* name : {"latent", "epochs", "batchSize", "seed", "threads", "samples"})
        QVERIFY2(!child<QSpinBox>(&panel, name)->isEnabled(), name);
    QVERIFY(!child<QComboBox>(&panel, "device")->isEnabled());
    QVERIFY(!child<QLineEdit>(&panel, "hidden")->isEnabled());

    panel.setLock(TrainingSettingsPanel::Lock::Continuing);
    QVERIFY(child<QSpinBox>(&panel, "epochs")->isEnabled());
    QVERIFY(child<QComboBox>(&panel, "device")->isEnabled());
    QVERIFY(!child<QSpinBox>(&panel, "latent")->isEnabled());

    // What does not apply stays greyed when free: σ of a Bernoulli decoder,
    // β of an autoencoder.
    panel.setLock(TrainingSettingsPanel::Lock::None);
    QVERIFY(!child<QLineEdit>(&panel, "sigma")->isEnabled());
    QVERIFY(!child<QLineEdit>(&panel, "convWidths")->isEnabled());
    auto* kind = child<QComboBox>(&panel, "modelKind");
    kind->setCurrentIndex(kind->findData(QStringLiteral("ae")));
    QVERIFY(!child<QDoubleSpinBox>(&panel, "beta")->isEnabled());
    QVERIFY(child<QSpinBox>(&panel, "latent")->isEnabled());
}

void TestSettingsPanel::cudaGreyedWhenUnavailable() {
    const QString reason = latentlab::cudaUnavailableReason();
    if (reason.isEmpty()) QSKIP("this machine can train on CUDA");
    TrainingSettingsPanel panel;
    auto* device = child<QComboBox>(&panel, "device");
    auto* model = qobject_cast<QStandardItemModel*>(device->model());
    QVERIFY(model);
    QStandardItem* cuda = model->item(device->findData(QStringLiteral("cuda")));
    QVERIFY(cuda);
    QVERIFY(!cuda->isEnabled());
    QCOMPARE(cuda->toolTip(), reason);

    // A run or a remembered setting asking for CUDA gets Auto.
    RunConfig config;
    config.train.device = "cuda";
    panel.setConfig(config);
    QCOMPARE(device->currentData().toString(), QStringLiteral("auto"));
    QCOMPARE(panel.config().train.device, std::string("auto"));
    QSettings().setValue(QLatin1String(TrainingSettingsPanel::kSettingsKey), json(config));
    QCOMPARE(TrainingSettingsPanel().config().train.device, std::string("auto"));
}

// The variance of a predicted σ is a setting of that decoder only.
void TestSettingsPanel::predictedSigmaHasItsVarianceField() {
    TrainingSettingsPanel panel;
    RunConfig config;
    config.model.likelihood = LikelihoodKind::GaussianPredicted;
    config.model.decoder_variance = latentlab::DecoderVariance::Single;
    panel.setConfig(config);
    QCOMPARE(json(panel.config()), json(config));
    auto* variance = child<QComboBox>(&panel, "decoderVariance");
    QVERIFY(variance->isEnabled());
    QCOMPARE(variance->currentData().toString(), QStringLiteral("single"));
    auto* decoder = child<QComboBox>(&panel, "decoder");
    decoder->setCurrentIndex(decoder->findData(QStringLiteral("bernoulli")));
    QVERIFY(!variance->isEnabled());
    QCOMPARE(panel.config().model.likelihood, LikelihoodKind::Bernoulli);
}

LATENTLAB_TEST_MAIN(TestSettingsPanel)
#include "test_settings_panel.moc"
