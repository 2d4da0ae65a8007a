#include "ui/training_settings_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStringList>

#include <cmath>
#include <limits>
#include <vector>

namespace latentlab {

namespace {

constexpr qint64 kMaxHiddenWidth = 16384;
constexpr qint64 kMaxConvWidth = 4096;
constexpr double kMinLearningRate = 1e-8;
constexpr double kMaxLearningRate = 10.0;

const char* const kModelKindKey = "training/modelKind";
const char* const kArchitectureKey = "training/architecture";
const char* const kDecoderKey = "training/decoder";
const char* const kSigmaKey = "training/sigma";
const char* const kPosteriorKey = "training/posterior";
const char* const kLatentKey = "training/latent";
const char* const kHiddenKey = "training/hidden";
const char* const kConvWidthsKey = "training/convWidths";
const char* const kBetaKey = "training/beta";
const char* const kWarmupKey = "training/warmupEpochs";
const char* const kCapacityKey = "training/capacity";
const char* const kCapacityEpochsKey = "training/capacityEpochs";
const char* const kGammaKey = "training/gamma";
const char* const kLearningRateKey = "training/learningRate";
const char* const kBatchSizeKey = "training/batchSize";
const char* const kEpochsKey = "training/epochs";
const char* const kSamplesKey = "training/samples";
const char* const kSeedKey = "training/seed";
const char* const kThreadsKey = "training/threads";
const char* const kDeviceKey = "training/device";

// "512, 256" -> {512, 256}; empty for anything else.
std::vector<int64_t> parseWidths(const QString& text, qint64 maximum) {
    std::vector<int64_t> widths;
    for (const QString& part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const qint64 width = part.trimmed().toLongLong(&ok);
        if (!ok || width < 1 || width > maximum) return {};
        widths.push_back(width);
    }
    return widths;
}

QString widthsText(const std::vector<int64_t>& widths) {
    QStringList parts;
    for (int64_t width : widths) parts << QString::number(width);
    return parts.join(QStringLiteral(","));
}

// The label and one-sentence description of each likelihood.
struct DecoderText {
    LikelihoodKind kind;
    const char* label;
    const char* tip;
};
const DecoderText kDecoderTexts[] = {
    {LikelihoodKind::Bernoulli, QT_TRANSLATE_NOOP("TrainingSettingsPanel", "Bernoulli"),
     QT_TRANSLATE_NOOP("TrainingSettingsPanel",
                       "Pixels as probabilities (cross-entropy); suits near-binary images.")},
    {LikelihoodKind::Gaussian, QT_TRANSLATE_NOOP("TrainingSettingsPanel", "Gaussian, fixed σ"),
     QT_TRANSLATE_NOOP("TrainingSettingsPanel", "Normal noise of the σ below around the decoded mean.")},
    {LikelihoodKind::GaussianLearned, QT_TRANSLATE_NOOP("TrainingSettingsPanel", "Gaussian, learned σ"),
     QT_TRANSLATE_NOOP("TrainingSettingsPanel", "Normal noise with one learned σ per pixel, bounded below.")},
    {LikelihoodKind::Laplace, QT_TRANSLATE_NOOP("TrainingSettingsPanel", "Laplace, fixed b"),
     QT_TRANSLATE_NOOP("TrainingSettingsPanel", "Laplace noise of the scale b below (an L1 loss).")},
    {LikelihoodKind::LaplaceLearned, QT_TRANSLATE_NOOP("TrainingSettingsPanel", "Laplace, learned b"),
     QT_TRANSLATE_NOOP("TrainingSettingsPanel", "Laplace noise with one learned scale per pixel, bounded below.")},
    {LikelihoodKind::ContinuousBernoulli, QT_TRANSLATE_NOOP("TrainingSettingsPanel", "Continuous Bernoulli"),
     QT_TRANSLATE_NOOP("TrainingSettingsPanel", "The Bernoulli made a proper density on [0, 1] grey levels.")},
};

QDoubleSpinBox* makeDoubleBox(QWidget* parent, const char* name, double low, double high, int decimals,
                              double step) {
    auto* box = new QDoubleSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(low, high);
    box->setDecimals(decimals);
    box->setSingleStep(step);
    return box;
}

void selectData(QComboBox* box, const QVariant& data) {
    const int index = box->findData(data);
    if (index >= 0) box->setCurrentIndex(index);
}

}  // namespace

TrainingSettingsPanel::TrainingSettingsPanel(QWidget* parent)
    : QWidget(parent),
      modelKind_(new QComboBox(this)),
      architecture_(new QComboBox(this)),
      decoder_(new QComboBox(this)),
      sigma_(makeDoubleBox(this, "sigma", 0.001, 10.0, 3, 0.01)),
      posterior_(new QComboBox(this)),
      latent_(new QSpinBox(this)),
      hidden_(new QLineEdit(this)),
      convWidths_(new QLineEdit(this)),
      beta_(makeDoubleBox(this, "beta", 0.0, 100.0, 3, 0.1)),
      warmup_(makeDoubleBox(this, "warmupEpochs", 0.0, 10000.0, 1, 1.0)),
      capacity_(makeDoubleBox(this, "capacity", 0.0, 10000.0, 1, 1.0)),
      capacityEpochs_(makeDoubleBox(this, "capacityEpochs", 0.0, 10000.0, 1, 1.0)),
      gamma_(makeDoubleBox(this, "gamma", 0.0, 1e6, 1, 10.0)),
      learningRate_(new QLineEdit(this)),
      batchSize_(new QSpinBox(this)),
      epochs_(new QSpinBox(this)),
      samples_(new QSpinBox(this)),
      seed_(new QSpinBox(this)),
      threads_(new QSpinBox(this)),
      device_(new QComboBox(this)),
      problem_(new QLabel(this)) {
    const RunConfig defaults;
    auto* layout = new QFormLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    modelKind_->setObjectName(QStringLiteral("modelKind"));
    modelKind_->addItem(tr("VAE"), static_cast<int>(ModelKind::Vae));
    modelKind_->addItem(tr("Autoencoder"), static_cast<int>(ModelKind::Autoencoder));
    modelKind_->setToolTip(tr("A VAE, or the plain autoencoder baseline (no sampling, no KL, so no ELBO)."));
    layout->addRow(tr("Model:"), modelKind_);

    architecture_->setObjectName(QStringLiteral("architecture"));
    architecture_->addItem(tr("MLP"), static_cast<int>(Architecture::Mlp));
    architecture_->addItem(tr("Convolutional"), static_cast<int>(Architecture::Conv));
    layout->addRow(tr("Architecture:"), architecture_);

    decoder_->setObjectName(QStringLiteral("decoder"));
    for (const std::string& name : likelihood_names()) {
        LikelihoodKind kind = LikelihoodKind::Bernoulli;
        if (!parse_likelihood_kind(name, &kind)) continue;
        QString label = QString::fromStdString(name);
        QString tip;
        for (const DecoderText& text : kDecoderTexts) {
            if (text.kind != kind) continue;
            label = tr(text.label);
            tip = tr(text.tip);
        }
        decoder_->addItem(label, static_cast<int>(kind));
        decoder_->setItemData(decoder_->count() - 1, tip, Qt::ToolTipRole);
    }
    decoder_->setToolTip(tr("The likelihood p(x|z) the decoder outputs: Bernoulli suits near-binary "
                            "pixels, Gaussian and Laplace suit grey levels and colour."));
    layout->addRow(tr("Decoder:"), decoder_);

    sigma_->setValue(defaults.model.sigma);
    sigma_->setToolTip(tr("Pixel noise σ (Gaussian) or scale b (Laplace) of a fixed decoder; a large one "
                          "lets the KL term win and the latents collapse."));
    layout->addRow(tr("σ / b:"), sigma_);

    posterior_->setObjectName(QStringLiteral("posterior"));
    posterior_->addItem(tr("Diagonal"), static_cast<int>(PosteriorKind::Diagonal));
    posterior_->addItem(tr("Single variance"), static_cast<int>(PosteriorKind::Single));
    posterior_->setToolTip(tr("The covariance of q(z|x): one variance per latent dimension, or one shared "
                              "by all."));
    layout->addRow(tr("Posterior:"), posterior_);

    latent_->setObjectName(QStringLiteral("latent"));
    latent_->setRange(1, 1024);
    latent_->setValue(static_cast<int>(defaults.model.latent));
    latent_->setToolTip(tr("Number of dimensions of the latent code z."));
    layout->addRow(tr("Latent size:"), latent_);

    hidden_->setObjectName(QStringLiteral("hidden"));
    hidden_->setText(widthsText(defaults.model.hidden));
    hidden_->setPlaceholderText(QStringLiteral("512,256"));
    hidden_->setToolTip(tr("Widths of the encoder's fully connected layers (after the convolutions for "
                           "conv), comma-separated; the decoder mirrors them."));
    layout->addRow(tr("Hidden sizes:"), hidden_);

    convWidths_->setObjectName(QStringLiteral("convWidths"));
    convWidths_->setPlaceholderText(tr("default"));
    convWidths_->setToolTip(tr("Channels of each strided convolution, one per halving of the side down to 4 "
                               "(3 for 32, 4 for 64, 5 for 128); empty for the defaults."));
    layout->addRow(tr("Conv widths:"), convWidths_);

    beta_->setValue(defaults.train.beta);
    // Sent to a running model on Enter or on leaving the field, not per keystroke.
    beta_->setKeyboardTracking(false);
    beta_->setToolTip(tr("Weight of the KL term in the training loss (1 is the true ELBO); it can be "
                         "changed while a run goes on."));
    layout->addRow(tr("β:"), beta_);

    warmup_->setValue(defaults.train.warmup_epochs);
    warmup_->setSpecialValueText(tr("Off"));
    warmup_->setToolTip(tr("KL warm-up: β rises linearly from 0 over this many epochs."));
    layout->addRow(tr("KL warm-up epochs:"), warmup_);

    capacity_->setValue(defaults.train.capacity);
    capacity_->setSpecialValueText(tr("Off"));
    capacity_->setSuffix(tr(" nats"));
    capacity_->setToolTip(tr("Capacity objective: the KL is pulled towards a target C that rises to this "
                             "value, replacing β (0 turns it off)."));
    layout->addRow(tr("Capacity C max:"), capacity_);

    capacityEpochs_->setValue(defaults.train.capacity_epochs);
    capacityEpochs_->setSpecialValueText(tr("All"));
    capacityEpochs_->setToolTip(tr("Epochs over which the capacity C rises to its maximum (0 = the whole run)."));
    layout->addRow(tr("Capacity epochs:"), capacityEpochs_);

    gamma_->setValue(defaults.train.gamma);
    gamma_->setToolTip(tr("Weight γ of the capacity objective's |KL − C| penalty."));
    layout->addRow(tr("γ:"), gamma_);

    learningRate_->setObjectName(QStringLiteral("learningRate"));
    auto* rateValidator = new QDoubleValidator(kMinLearningRate, kMaxLearningRate, 10, learningRate_);
    rateValidator->setNotation(QDoubleValidator::ScientificNotation);
    // "1e-3" must read the same whatever the desktop's decimal separator.
    rateValidator->setLocale(QLocale::c());
    learningRate_->setValidator(rateValidator);
    learningRate_->setText(QString::number(defaults.train.learning_rate));
    learningRate_->setToolTip(tr("Step size of the Adam optimiser, e.g. 1e-3; it can be changed while a run "
                                 "goes on (press Enter)."));
    layout->addRow(tr("Learning rate:"), learningRate_);

    batchSize_->setObjectName(QStringLiteral("batchSize"));
    batchSize_->setRange(1, 8192);
    batchSize_->setValue(static_cast<int>(defaults.train.batch_size));
    batchSize_->setToolTip(tr("Images averaged in each optimiser step."));
    layout->addRow(tr("Batch size:"), batchSize_);

    epochs_->setObjectName(QStringLiteral("epochs"));
    epochs_->setRange(1, 100000);
    epochs_->setValue(static_cast<int>(defaults.train.epochs));
    epochs_->setToolTip(tr("Passes over the training split before the run ends."));
    layout->addRow(tr("Epochs:"), epochs_);

    samples_->setObjectName(QStringLiteral("samples"));
    samples_->setRange(1, 256);
    samples_->setValue(static_cast<int>(defaults.train.samples));
    samples_->setToolTip(tr("Monte Carlo samples S of z per image, in training and evaluation; more "
                            "lowers the gradient noise and costs time."));
    layout->addRow(tr("Samples S:"), samples_);

    seed_->setObjectName(QStringLiteral("seed"));
    seed_->setRange(0, std::numeric_limits<int>::max());
    seed_->setValue(static_cast<int>(defaults.train.seed));
    seed_->setToolTip(tr("Seed of the weight initialisation, the shuffling and the samples; the same "
                         "seed repeats a run."));
    layout->addRow(tr("Seed:"), seed_);

    threads_->setObjectName(QStringLiteral("threads"));
    threads_->setRange(0, 256);
    threads_->setSpecialValueText(tr("Auto"));
    threads_->setValue(defaults.train.threads);
    threads_->setToolTip(tr("CPU threads the training uses; Auto picks a measured default for this "
                            "machine."));
    layout->addRow(tr("Threads:"), threads_);

    device_->setObjectName(QStringLiteral("device"));
    device_->addItem(tr("Auto"), QStringLiteral("auto"));
    device_->addItem(tr("CPU"), QStringLiteral("cpu"));
    device_->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
    device_->setToolTip(tr("Where the model trains: Auto uses a CUDA GPU when this LibTorch build has one, "
                           "else the CPU."));
    layout->addRow(tr("Device:"), device_);

    problem_->setObjectName(QStringLiteral("settingsProblem"));
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("color: #b3261e;"));
    problem_->hide();
    layout->addRow(problem_);

    readSettings();
    updateConvAvailability();

    for (QComboBox* box : {modelKind_, architecture_, decoder_, posterior_, device_})
        connect(box, &QComboBox::currentIndexChanged, this, &TrainingSettingsPanel::onEdited);
    for (QLineEdit* edit : {hidden_, convWidths_, learningRate_})
        connect(edit, &QLineEdit::textChanged, this, &TrainingSettingsPanel::onEdited);
    for (QDoubleSpinBox* box : {sigma_, beta_, warmup_, capacity_, capacityEpochs_, gamma_})
        connect(box, &QDoubleSpinBox::valueChanged, this, &TrainingSettingsPanel::onEdited);
    for (QSpinBox* box : {latent_, batchSize_, epochs_, samples_, seed_, threads_})
        connect(box, &QSpinBox::valueChanged, this, &TrainingSettingsPanel::onEdited);

    // Mid-run changes: only settled, valid values that differ from the last one sent.
    lastBeta_ = beta_->value();
    lastLearningRate_ = learningRate_->text().toDouble();
    connect(beta_, &QDoubleSpinBox::valueChanged, this, [this](double beta) {
        if (beta == lastBeta_) return;
        lastBeta_ = beta;
        Q_EMIT betaEdited(beta);
    });
    connect(learningRate_, &QLineEdit::editingFinished, this, [this] {
        if (!learningRate_->hasAcceptableInput()) return;
        const double rate = learningRate_->text().toDouble();
        if (rate == lastLearningRate_) return;
        lastLearningRate_ = rate;
        Q_EMIT learningRateEdited(rate);
    });
    onEdited();  // remembered values may be bad ones
}

RunConfig TrainingSettingsPanel::config() const {
    RunConfig config;
    config.model.kind = static_cast<ModelKind>(modelKind_->currentData().toInt());
    config.model.architecture = static_cast<Architecture>(architecture_->currentData().toInt());
    config.model.likelihood = static_cast<LikelihoodKind>(decoder_->currentData().toInt());
    config.model.sigma = sigma_->value();
    config.model.posterior = static_cast<PosteriorKind>(posterior_->currentData().toInt());
    config.model.latent = latent_->value();
    config.model.hidden = parseWidths(hidden_->text(), kMaxHiddenWidth);
    if (!convWidths_->text().trimmed().isEmpty())
        config.model.conv_channels = parseWidths(convWidths_->text(), kMaxConvWidth);
    config.train.beta = beta_->value();
    config.train.warmup_epochs = warmup_->value();
    config.train.capacity = capacity_->value();
    config.train.capacity_epochs = capacityEpochs_->value();
    config.train.gamma = gamma_->value();
    config.train.learning_rate = learningRate_->text().toDouble();
    config.train.batch_size = batchSize_->value();
    config.train.epochs = epochs_->value();
    config.train.samples = samples_->value();
    config.train.seed = static_cast<uint64_t>(seed_->value());
    config.train.threads = threads_->value();
    config.train.device = device_->currentData().toString().toStdString();
    return config;
}

void TrainingSettingsPanel::setConfig(const RunConfig& config) {
    {
        // One changed() at the end, not one per field.
        std::vector<QSignalBlocker> blockers;
        for (QObject* field : std::initializer_list<QObject*>{
                 modelKind_, architecture_, decoder_, sigma_, posterior_, latent_, hidden_, convWidths_, beta_,
                 warmup_, capacity_, capacityEpochs_, gamma_, learningRate_, batchSize_, epochs_, samples_, seed_,
                 threads_, device_})
            blockers.emplace_back(field);
        selectData(modelKind_, static_cast<int>(config.model.kind));
        selectData(architecture_, static_cast<int>(config.model.architecture));
        selectData(decoder_, static_cast<int>(config.model.likelihood));
        sigma_->setValue(config.model.sigma);
        selectData(posterior_, static_cast<int>(config.model.posterior));
        latent_->setValue(static_cast<int>(config.model.latent));
        hidden_->setText(widthsText(config.model.hidden));
        convWidths_->setText(widthsText(config.model.conv_channels));
        beta_->setValue(config.train.beta);
        warmup_->setValue(config.train.warmup_epochs);
        capacity_->setValue(config.train.capacity);
        capacityEpochs_->setValue(config.train.capacity_epochs);
        gamma_->setValue(config.train.gamma);
        learningRate_->setText(QString::number(config.train.learning_rate));
        batchSize_->setValue(static_cast<int>(config.train.batch_size));
        epochs_->setValue(static_cast<int>(std::min<int64_t>(config.train.epochs, epochs_->maximum())));
        samples_->setValue(static_cast<int>(config.train.samples));
        seed_->setValue(static_cast<int>(config.train.seed));
        threads_->setValue(config.train.threads);
        selectData(device_, QString::fromStdString(config.train.device));
    }
    lastBeta_ = beta_->value();
    lastLearningRate_ = learningRate_->text().toDouble();
    onEdited();
}

bool TrainingSettingsPanel::convAllowed(QString* reason) const {
    const bool allowed = imageWidth_ == imageHeight_ && conv_size_supported(imageWidth_);
    if (reason) {
        if (imageWidth_ <= 0)
            *reason = tr("The convolutional networks need square images of side 32, 64 or 128; load a "
                         "data set first.");
        else if (!allowed)
            *reason = tr("The convolutional networks need square images of side 32, 64 or 128; these are %1 × %2 "
                         "(choose the size when opening a folder).")
                          .arg(imageWidth_)
                          .arg(imageHeight_);
        else
            *reason = tr("Strided convolutions down to 4 × 4, and a mirrored decoder.");
    }
    return allowed;
}

bool TrainingSettingsPanel::isConv() const {
    return architecture_->currentData().toInt() == static_cast<int>(Architecture::Conv);
}

bool TrainingSettingsPanel::isAutoencoder() const {
    return modelKind_->currentData().toInt() == static_cast<int>(ModelKind::Autoencoder);
}

bool TrainingSettingsPanel::isValid(QString* reason) const {
    QString problem;
    QString convReason;
    if (parseWidths(hidden_->text(), kMaxHiddenWidth).empty()) {
        problem = tr("Hidden sizes must be whole numbers from 1 to %1, separated by commas.").arg(kMaxHiddenWidth);
    } else if (!learningRate_->hasAcceptableInput()) {
        problem = tr("The learning rate must be a number between %1 and %2.")
                      .arg(kMinLearningRate)
                      .arg(kMaxLearningRate);
    } else if (isConv() && imageWidth_ > 0 && !convAllowed(&convReason)) {
        problem = convReason;
    } else if (isConv() && !convWidths_->text().trimmed().isEmpty()) {
        const std::vector<int64_t> widths = parseWidths(convWidths_->text(), kMaxConvWidth);
        const size_t needed = imageWidth_ > 0 ? default_conv_channels(imageWidth_).size() : 0;
        if (widths.empty())
            problem = tr("Conv widths must be whole numbers from 1 to %1, separated by commas, or empty.")
                          .arg(kMaxConvWidth);
        else if (needed > 0 && widths.size() != needed)
            problem = tr("Images of side %1 need %2 conv widths, one per halving down to 4.")
                          .arg(imageWidth_)
                          .arg(needed);
    }
    if (reason) *reason = problem;
    return problem.isEmpty();
}

void TrainingSettingsPanel::setImageShape(int width, int height) {
    imageWidth_ = width;
    imageHeight_ = height;
    updateConvAvailability();
    onEdited();
}

void TrainingSettingsPanel::updateConvAvailability() {
    QString reason;
    const bool allowed = convAllowed(&reason);
    // A remembered conv choice stays selectable for an opened run; the
    // problem label then says why Train is off.
    if (auto* model = qobject_cast<QStandardItemModel*>(architecture_->model())) {
        QStandardItem* conv = model->item(architecture_->findData(static_cast<int>(Architecture::Conv)));
        const bool selectable = allowed || isConv();
        conv->setFlags(selectable ? conv->flags() | Qt::ItemIsEnabled : conv->flags() & ~Qt::ItemIsEnabled);
        conv->setToolTip(reason);
    }
    architecture_->setToolTip(allowed ? tr("Fully connected layers on the flattened image, or strided "
                                           "convolutions (square images of side 32, 64 or 128).")
                                      : reason);
}

void TrainingSettingsPanel::setLock(Lock lock) {
    lock_ = lock;
    updateEnabled();
}

void TrainingSettingsPanel::updateEnabled() {
    const bool free = lock_ == Lock::None;
    const bool continuing = lock_ == Lock::Continuing;
    const bool vae = !isAutoencoder();
    const LikelihoodKind decoder = static_cast<LikelihoodKind>(decoder_->currentData().toInt());
    const bool capacityOn = capacity_->value() > 0.0;

    modelKind_->setEnabled(free);
    architecture_->setEnabled(free);
    decoder_->setEnabled(free);
    // σ is a setting of the fixed Gaussian and the fixed Laplace only.
    sigma_->setEnabled(free && (decoder == LikelihoodKind::Gaussian || decoder == LikelihoodKind::Laplace));
    posterior_->setEnabled(free && vae);
    latent_->setEnabled(free);
    hidden_->setEnabled(free);
    convWidths_->setEnabled(free && isConv());
    // The autoencoder has no KL term to weigh.
    beta_->setEnabled(vae);
    warmup_->setEnabled(free && vae);
    capacity_->setEnabled(free && vae);
    capacityEpochs_->setEnabled(free && vae && capacityOn);
    gamma_->setEnabled(free && vae && capacityOn);
    learningRate_->setEnabled(true);
    batchSize_->setEnabled(free);
    epochs_->setEnabled(free || continuing);
    samples_->setEnabled(free && vae);
    seed_->setEnabled(free);
    threads_->setEnabled(free);
    device_->setEnabled(free || continuing);
}

void TrainingSettingsPanel::readSettings() {
    const RunConfig defaults;
    QSettings settings;
    selectData(modelKind_, settings.value(kModelKindKey, static_cast<int>(defaults.model.kind)).toInt());
    selectData(architecture_,
               settings.value(kArchitectureKey, static_cast<int>(defaults.model.architecture)).toInt());
    selectData(decoder_, settings.value(kDecoderKey, static_cast<int>(defaults.model.likelihood)).toInt());
    sigma_->setValue(settings.value(kSigmaKey, defaults.model.sigma).toDouble());
    selectData(posterior_, settings.value(kPosteriorKey, static_cast<int>(defaults.model.posterior)).toInt());
    latent_->setValue(settings.value(kLatentKey, static_cast<int>(defaults.model.latent)).toInt());
    hidden_->setText(settings.value(kHiddenKey, widthsText(defaults.model.hidden)).toString());
    convWidths_->setText(settings.value(kConvWidthsKey, QString()).toString());
    beta_->setValue(settings.value(kBetaKey, defaults.train.beta).toDouble());
    warmup_->setValue(settings.value(kWarmupKey, defaults.train.warmup_epochs).toDouble());
    capacity_->setValue(settings.value(kCapacityKey, defaults.train.capacity).toDouble());
    capacityEpochs_->setValue(settings.value(kCapacityEpochsKey, defaults.train.capacity_epochs).toDouble());
    gamma_->setValue(settings.value(kGammaKey, defaults.train.gamma).toDouble());
    learningRate_->setText(
        settings.value(kLearningRateKey, QString::number(defaults.train.learning_rate)).toString());
    batchSize_->setValue(settings.value(kBatchSizeKey, static_cast<int>(defaults.train.batch_size)).toInt());
    epochs_->setValue(settings.value(kEpochsKey, static_cast<int>(defaults.train.epochs)).toInt());
    samples_->setValue(settings.value(kSamplesKey, static_cast<int>(defaults.train.samples)).toInt());
    seed_->setValue(settings.value(kSeedKey, static_cast<int>(defaults.train.seed)).toInt());
    threads_->setValue(settings.value(kThreadsKey, defaults.train.threads).toInt());
    selectData(device_, settings.value(kDeviceKey, QString::fromStdString(defaults.train.device)));
}

void TrainingSettingsPanel::writeSettings() const {
    QSettings settings;
    settings.setValue(kModelKindKey, modelKind_->currentData());
    settings.setValue(kArchitectureKey, architecture_->currentData());
    settings.setValue(kDecoderKey, decoder_->currentData());
    settings.setValue(kSigmaKey, sigma_->value());
    settings.setValue(kPosteriorKey, posterior_->currentData());
    settings.setValue(kLatentKey, latent_->value());
    settings.setValue(kHiddenKey, hidden_->text());
    settings.setValue(kConvWidthsKey, convWidths_->text());
    settings.setValue(kBetaKey, beta_->value());
    settings.setValue(kWarmupKey, warmup_->value());
    settings.setValue(kCapacityKey, capacity_->value());
    settings.setValue(kCapacityEpochsKey, capacityEpochs_->value());
    settings.setValue(kGammaKey, gamma_->value());
    settings.setValue(kLearningRateKey, learningRate_->text());
    settings.setValue(kBatchSizeKey, batchSize_->value());
    settings.setValue(kEpochsKey, epochs_->value());
    settings.setValue(kSamplesKey, samples_->value());
    settings.setValue(kSeedKey, seed_->value());
    settings.setValue(kThreadsKey, threads_->value());
    settings.setValue(kDeviceKey, device_->currentData());
}

void TrainingSettingsPanel::onEdited() {
    updateEnabled();
    QString reason;
    const bool valid = isValid(&reason);
    problem_->setText(reason);
    problem_->setVisible(!valid);
    Q_EMIT changed();
}

}  // namespace latentlab
