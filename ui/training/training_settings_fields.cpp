// The table of the settings panel's fields: each described once, in the
// order of the form.

#include "app/workspace/device_info.h"
#include "model/base/choice_settings.h"
#include "model/base/number_settings.h"
#include "ui/training/training_settings_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QStandardItemModel>
#include <QStringList>

#include <limits>

namespace latentlab {

namespace {

bool isVae(const RunConfig& c) { return c.model.kind != ModelKind::Autoencoder; }
bool isConv(const RunConfig& c) { return c.model.architecture == Architecture::Conv; }
bool capacityOn(const RunConfig& c) { return isVae(c) && c.train.capacity > 0.0; }
// σ is a setting of the fixed Gaussian and the fixed Laplace only.
bool fixedScale(const RunConfig& c) {
    return c.model.likelihood == LikelihoodKind::Gaussian || c.model.likelihood == LikelihoodKind::Laplace;
}

bool predictedSigma(const RunConfig& c) { return c.model.likelihood == LikelihoodKind::GaussianPredicted; }

constexpr unsigned kAlways = kEditableNewRun | kEditableRunning | kEditableContinuing;

QDoubleSpinBox* realBox(const SettingsField& field) { return static_cast<QDoubleSpinBox*>(field.widget); }

// The label and tooltip of a numeric setting, from the table the CLI and
// validate() share (model/base/number_settings.h); so are its bounds.
QString labelOf(const NumberSetting& s) { return QString::fromStdString(s.label); }
QString helpOf(const NumberSetting& s) { return QString::fromStdString(s.help); }

}  // namespace

std::vector<SettingsField> TrainingSettingsPanel::makeFields() {
    std::vector<SettingsField> fields;

    // The named settings' entries, labels and tooltips come from the table
    // the CLI and config.json share (model/base/choice_settings.h).
    fields.push_back(choiceField(this, choice_setting("modelKind")));
    // Its tooltip also says whether the images suit the conv networks (updateConvAvailability).
    fields.push_back(choiceField(this, choice_setting("architecture")));
    fields.push_back(choiceField(this, choice_setting("decoder")));

    // Typed, like the learning rate: its range spans eight orders of magnitude.
    const NumberSetting& sigma = number_setting("sigma");
    fields.push_back(numberTextField(this, "sigma", sigma.min, sigma.max, [](auto& c) -> auto& { return c.model.sigma; })
                         .describe(labelOf(sigma), helpOf(sigma))
                         .editableWhen(kEditableNewRun, fixedScale));
    fields.back().unreadable = tr("σ / b must be a number from %1 to %2, e.g. 0.1.")
                                   .arg(QString::fromStdString(format_number(sigma.min)))
                                   .arg(QString::fromStdString(format_number(sigma.max)));

    fields.push_back(choiceField(this, choice_setting("decoderVariance")).editableWhen(kEditableNewRun, predictedSigma));

    fields.push_back(
        choiceField(this, "pixels",
                    {{tr("As stored (k/255)"), "stored", {}},
                     {tr("Dequantized"), "dequantized",
                      tr("Uniform noise of one grey level added to every image, new each epoch.")}},
                    [](const RunConfig& c) { return std::string(c.data.dequantize ? "dequantized" : "stored"); },
                    [](RunConfig& c, const std::string& name) {
                        c.data.dequantize = name == "dequantized";
                        return name == "dequantized" || name == "stored";
                    })
            .describe(tr("Pixels:"), tr("Dequantized pixels carry uniform noise of one grey level, as density-model "
                                        "papers use: a density's log p(x) then stays bounded and its bits per "
                                        "dimension compare with the literature."))
            .editableWhen(kEditableNewRun));

    fields.push_back(choiceField(this, choice_setting("posterior")).editableWhen(kEditableNewRun, isVae));

    const NumberSetting& latent = number_setting("latent");
    fields.push_back(integerField(this, "latent", latent.min, latent.max, [](auto& c) -> auto& { return c.model.latent; })
                         .describe(labelOf(latent), helpOf(latent)));

    fields.push_back(widthsField(this, "hidden", [](auto& c) -> auto& { return c.model.hidden; },
                                 [](const RunConfig& c) { return default_hidden(c.model.architecture); })
                         .describe(tr("Hidden sizes:"),
                                   tr("Widths of the encoder's fully connected layers (after the convolutions for "
                                      "conv), comma-separated; the decoder mirrors them. Empty: %1 for the MLP, %2 "
                                      "for conv.")
                                       .arg(default_hidden(Architecture::Mlp).front())
                                       .arg(default_hidden(Architecture::Conv).front())));
    fields.back().unreadable = tr("Hidden sizes must be whole numbers separated by commas, e.g. 512,256.");

    // Empty: the defaults for the image size, which the placeholder shows.
    fields.push_back(widthsField(this, "convWidths", [](auto& c) -> auto& { return c.model.conv_channels; },
                                 [](const RunConfig&) { return Widths{}; })
                         .describe(tr("Conv widths:"),
                                   tr("Channels of each strided convolution, one per halving of the side down to 4 "
                                      "(3 for 32, 4 for 64, 5 for 128); empty for the defaults."))
                         .editableWhen(kEditableNewRun, isConv));
    fields.back().unreadable = tr("Conv widths must be whole numbers separated by commas, or empty.");
    fields.back().refresh = [edit = static_cast<QLineEdit*>(fields.back().widget)](const RunConfig& c) {
        const bool known = c.model.width == c.model.height && conv_size_supported(c.model.height);
        QStringList widths;
        for (int64_t width : default_conv_channels(c.model.height)) widths << QString::number(width);
        edit->setPlaceholderText(known ? widths.join(QLatin1Char(',')) : tr("default"));
    };

    const NumberSetting& beta = number_setting("beta");
    fields.push_back(realField(this, "beta", beta.min, beta.max, 3, 0.1, [](auto& c) -> auto& { return c.train.beta; })
                         .describe(labelOf(beta), helpOf(beta))
                         // The autoencoder has no KL term to weigh.
                         .editableWhen(kAlways, isVae));
    // Sent to a running model on Enter or on leaving the field, not per keystroke.
    realBox(fields.back())->setKeyboardTracking(false);

    const NumberSetting& warmup = number_setting("warmupEpochs");
    fields.push_back(realField(this, "warmupEpochs", warmup.min, warmup.max, 1, 1.0,
                               [](auto& c) -> auto& { return c.train.warmup_epochs; })
                         .describe(labelOf(warmup), helpOf(warmup))
                         .editableWhen(kEditableNewRun, isVae));
    realBox(fields.back())->setSpecialValueText(tr("Off"));

    const NumberSetting& capacity = number_setting("capacity");
    fields.push_back(realField(this, "capacity", capacity.min, capacity.max, 1, 1.0,
                               [](auto& c) -> auto& { return c.train.capacity; })
                         .describe(labelOf(capacity), helpOf(capacity))
                         .editableWhen(kEditableNewRun, isVae));
    realBox(fields.back())->setSpecialValueText(tr("Off"));
    realBox(fields.back())->setSuffix(tr(" nats"));

    const NumberSetting& capacityEpochs = number_setting("capacityEpochs");
    fields.push_back(realField(this, "capacityEpochs", capacityEpochs.min, capacityEpochs.max, 1, 1.0,
                               [](auto& c) -> auto& { return c.train.capacity_epochs; })
                         .describe(labelOf(capacityEpochs), helpOf(capacityEpochs))
                         .editableWhen(kEditableNewRun, capacityOn));
    realBox(fields.back())->setSpecialValueText(tr("All"));

    const NumberSetting& gamma = number_setting("gamma");
    fields.push_back(realField(this, "gamma", gamma.min, gamma.max, 1, 10.0, [](auto& c) -> auto& { return c.train.gamma; })
                         .describe(labelOf(gamma), helpOf(gamma))
                         .editableWhen(kEditableNewRun, capacityOn));

    const NumberSetting& rate = number_setting("learningRate");
    fields.push_back(numberTextField(this, "learningRate", rate.min, rate.max,
                                     [](auto& c) -> auto& { return c.train.learning_rate; })
                         .describe(labelOf(rate), helpOf(rate) + tr(" Press Enter to apply it to a running run."))
                         .editableWhen(kAlways));
    fields.back().unreadable = tr("The learning rate must be a number from %1 to %2, e.g. 1e-3.")
                                   .arg(QString::fromStdString(format_number(rate.min)))
                                   .arg(QString::fromStdString(format_number(rate.max)));

    const NumberSetting& batch = number_setting("batchSize");
    fields.push_back(integerField(this, "batchSize", batch.min, batch.max, [](auto& c) -> auto& { return c.train.batch_size; })
                         .describe(labelOf(batch), helpOf(batch)));

    const NumberSetting& epochs = number_setting("epochs");
    fields.push_back(integerField(this, "epochs", epochs.min, epochs.max, [](auto& c) -> auto& { return c.train.epochs; })
                         .describe(labelOf(epochs), helpOf(epochs))
                         .editableWhen(kEditableNewRun | kEditableContinuing));

    const NumberSetting& samples = number_setting("samples");
    fields.push_back(integerField(this, "samples", samples.min, samples.max, [](auto& c) -> auto& { return c.train.samples; })
                         .describe(labelOf(samples), helpOf(samples))
                         .editableWhen(kEditableNewRun, isVae));

    fields.push_back(integerField(this, "seed", 0, std::numeric_limits<int>::max(),
                                  [](auto& c) -> auto& { return c.train.seed; })
                         .describe(tr("Seed:"), tr("Seed of the weight initialisation, the shuffling and the samples; "
                                                   "the same seed repeats a run.")));

    const NumberSetting& threads = number_setting("threads");
    fields.push_back(integerField(this, "threads", threads.min, threads.max, [](auto& c) -> auto& { return c.train.threads; })
                         .describe(labelOf(threads), helpOf(threads) + tr(" Auto picks a measured default for this machine.")));
    static_cast<QSpinBox*>(fields.back().widget)->setSpecialValueText(tr("Auto"));

    // A CUDA GPU that is not there cannot be chosen; a remembered one becomes Auto.
    fields.push_back(choiceField(this, choice_setting("device"), "auto").editableWhen(kEditableNewRun | kEditableContinuing));
    const QString noCuda = cudaUnavailableReason();
    auto* device = static_cast<QComboBox*>(fields.back().widget);
    if (auto* model = qobject_cast<QStandardItemModel*>(device->model()); model && !noCuda.isEmpty()) {
        QStandardItem* cuda = model->item(device->findData(QStringLiteral("cuda")));
        cuda->setEnabled(false);
        cuda->setToolTip(noCuda);
    }
    return fields;
}

}  // namespace latentlab
