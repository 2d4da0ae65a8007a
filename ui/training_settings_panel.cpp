#include "ui/training_settings_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSettings>
#include <QSpinBox>
#include <QStringList>

#include <limits>

namespace latentlab {

namespace {

constexpr qint64 kMaxHiddenWidth = 16384;
constexpr double kMinLearningRate = 1e-8;
constexpr double kMaxLearningRate = 10.0;

const char* const kDecoderKey = "training/decoder";
const char* const kSigmaKey = "training/sigma";
const char* const kLatentKey = "training/latent";
const char* const kHiddenKey = "training/hidden";
const char* const kBetaKey = "training/beta";
const char* const kLearningRateKey = "training/learningRate";
const char* const kBatchSizeKey = "training/batchSize";
const char* const kEpochsKey = "training/epochs";
const char* const kSamplesKey = "training/samples";
const char* const kSeedKey = "training/seed";
const char* const kThreadsKey = "training/threads";

// "512, 256" -> {512, 256}; empty for anything else.
std::vector<int64_t> parseHidden(const QString& text) {
    std::vector<int64_t> widths;
    for (const QString& part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const qint64 width = part.trimmed().toLongLong(&ok);
        if (!ok || width < 1 || width > kMaxHiddenWidth) return {};
        widths.push_back(width);
    }
    return widths;
}

QString hiddenText(const std::vector<int64_t>& widths) {
    QStringList parts;
    for (int64_t width : widths) parts << QString::number(width);
    return parts.join(QStringLiteral(","));
}

}  // namespace

TrainingSettingsPanel::TrainingSettingsPanel(QWidget* parent)
    : QWidget(parent),
      decoder_(new QComboBox(this)),
      sigma_(new QDoubleSpinBox(this)),
      latent_(new QSpinBox(this)),
      hidden_(new QLineEdit(this)),
      beta_(new QDoubleSpinBox(this)),
      learningRate_(new QLineEdit(this)),
      batchSize_(new QSpinBox(this)),
      epochs_(new QSpinBox(this)),
      samples_(new QSpinBox(this)),
      seed_(new QSpinBox(this)),
      threads_(new QSpinBox(this)),
      problem_(new QLabel(this)) {
    const RunConfig defaults;
    auto* layout = new QFormLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    decoder_->setObjectName(QStringLiteral("decoder"));
    decoder_->addItem(tr("Bernoulli"), static_cast<int>(DecoderKind::Bernoulli));
    decoder_->addItem(tr("Gaussian, fixed σ"), static_cast<int>(DecoderKind::Gaussian));
    decoder_->addItem(tr("Gaussian, learned σ"), static_cast<int>(DecoderKind::GaussianLearned));
    decoder_->setToolTip(tr("The likelihood p(x|z) the decoder outputs: Bernoulli suits near-binary "
                            "pixels, Gaussian suits grey levels and colour."));
    layout->addRow(tr("Decoder:"), decoder_);

    sigma_->setObjectName(QStringLiteral("sigma"));
    sigma_->setRange(0.001, 10.0);
    sigma_->setDecimals(3);
    sigma_->setSingleStep(0.01);
    sigma_->setValue(defaults.model.sigma);
    sigma_->setToolTip(tr("Pixel noise of the fixed Gaussian decoder; a large σ lets the KL term win "
                          "and the latents collapse."));
    layout->addRow(tr("σ:"), sigma_);

    latent_->setObjectName(QStringLiteral("latent"));
    latent_->setRange(1, 1024);
    latent_->setValue(static_cast<int>(defaults.model.latent));
    latent_->setToolTip(tr("Number of dimensions of the latent code z."));
    layout->addRow(tr("Latent size:"), latent_);

    hidden_->setObjectName(QStringLiteral("hidden"));
    hidden_->setText(hiddenText(defaults.model.hidden));
    hidden_->setPlaceholderText(QStringLiteral("512,256"));
    hidden_->setToolTip(tr("Widths of the encoder's hidden layers, comma-separated; the decoder "
                           "mirrors them."));
    layout->addRow(tr("Hidden sizes:"), hidden_);

    beta_->setObjectName(QStringLiteral("beta"));
    beta_->setRange(0.0, 100.0);
    beta_->setDecimals(3);
    beta_->setSingleStep(0.1);
    beta_->setValue(defaults.train.beta);
    beta_->setToolTip(tr("Weight of the KL term in the training loss; 1 is the true ELBO, more "
                         "pushes towards disentangled but blurrier codes."));
    layout->addRow(tr("β:"), beta_);

    learningRate_->setObjectName(QStringLiteral("learningRate"));
    auto* rateValidator = new QDoubleValidator(kMinLearningRate, kMaxLearningRate, 10, learningRate_);
    rateValidator->setNotation(QDoubleValidator::ScientificNotation);
    // "1e-3" must read the same whatever the desktop's decimal separator.
    rateValidator->setLocale(QLocale::c());
    learningRate_->setValidator(rateValidator);
    learningRate_->setText(QString::number(defaults.train.learning_rate));
    learningRate_->setToolTip(tr("Step size of the Adam optimiser, e.g. 1e-3."));
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

    problem_->setObjectName(QStringLiteral("settingsProblem"));
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("color: #b3261e;"));
    problem_->hide();
    layout->addRow(problem_);

    readSettings();

    connect(decoder_, &QComboBox::currentIndexChanged, this, &TrainingSettingsPanel::onEdited);
    connect(hidden_, &QLineEdit::textChanged, this, &TrainingSettingsPanel::onEdited);
    connect(learningRate_, &QLineEdit::textChanged, this, &TrainingSettingsPanel::onEdited);
    for (QDoubleSpinBox* box : {sigma_, beta_})
        connect(box, &QDoubleSpinBox::valueChanged, this, &TrainingSettingsPanel::onEdited);
    for (QSpinBox* box : {latent_, batchSize_, epochs_, samples_, seed_, threads_})
        connect(box, &QSpinBox::valueChanged, this, &TrainingSettingsPanel::onEdited);
    onEdited();  // remembered values may be bad ones
}

RunConfig TrainingSettingsPanel::config() const {
    RunConfig config;
    config.model.decoder = static_cast<DecoderKind>(decoder_->currentData().toInt());
    config.model.sigma = sigma_->value();
    config.model.latent = latent_->value();
    config.model.hidden = parseHidden(hidden_->text());
    config.train.beta = beta_->value();
    config.train.learning_rate = learningRate_->text().toDouble();
    config.train.batch_size = batchSize_->value();
    config.train.epochs = epochs_->value();
    config.train.samples = samples_->value();
    config.train.seed = static_cast<uint64_t>(seed_->value());
    config.train.threads = threads_->value();
    return config;
}

bool TrainingSettingsPanel::isValid(QString* reason) const {
    QString problem;
    if (parseHidden(hidden_->text()).empty())
        problem = tr("Hidden sizes must be whole numbers from 1 to %1, separated by commas.").arg(kMaxHiddenWidth);
    else if (!learningRate_->hasAcceptableInput())
        problem = tr("The learning rate must be a number between %1 and %2.")
                      .arg(kMinLearningRate)
                      .arg(kMaxLearningRate);
    if (reason) *reason = problem;
    return problem.isEmpty();
}

void TrainingSettingsPanel::readSettings() {
    const RunConfig defaults;
    QSettings settings;
    const int decoderIndex = decoder_->findData(settings.value(kDecoderKey, decoder_->currentData()).toInt());
    if (decoderIndex >= 0) decoder_->setCurrentIndex(decoderIndex);
    sigma_->setValue(settings.value(kSigmaKey, defaults.model.sigma).toDouble());
    latent_->setValue(settings.value(kLatentKey, static_cast<int>(defaults.model.latent)).toInt());
    hidden_->setText(settings.value(kHiddenKey, hiddenText(defaults.model.hidden)).toString());
    beta_->setValue(settings.value(kBetaKey, defaults.train.beta).toDouble());
    learningRate_->setText(
        settings.value(kLearningRateKey, QString::number(defaults.train.learning_rate)).toString());
    batchSize_->setValue(settings.value(kBatchSizeKey, static_cast<int>(defaults.train.batch_size)).toInt());
    epochs_->setValue(settings.value(kEpochsKey, static_cast<int>(defaults.train.epochs)).toInt());
    samples_->setValue(settings.value(kSamplesKey, static_cast<int>(defaults.train.samples)).toInt());
    seed_->setValue(settings.value(kSeedKey, static_cast<int>(defaults.train.seed)).toInt());
    threads_->setValue(settings.value(kThreadsKey, defaults.train.threads).toInt());
}

void TrainingSettingsPanel::writeSettings() const {
    QSettings settings;
    settings.setValue(kDecoderKey, decoder_->currentData());
    settings.setValue(kSigmaKey, sigma_->value());
    settings.setValue(kLatentKey, latent_->value());
    settings.setValue(kHiddenKey, hidden_->text());
    settings.setValue(kBetaKey, beta_->value());
    settings.setValue(kLearningRateKey, learningRate_->text());
    settings.setValue(kBatchSizeKey, batchSize_->value());
    settings.setValue(kEpochsKey, epochs_->value());
    settings.setValue(kSamplesKey, samples_->value());
    settings.setValue(kSeedKey, seed_->value());
    settings.setValue(kThreadsKey, threads_->value());
}

void TrainingSettingsPanel::updateSigmaEnabled() {
    // σ is a setting of the fixed Gaussian only; the others ignore it.
    sigma_->setEnabled(decoder_->currentData().toInt() == static_cast<int>(DecoderKind::Gaussian));
}

void TrainingSettingsPanel::onEdited() {
    updateSigmaEnabled();
    QString reason;
    const bool valid = isValid(&reason);
    problem_->setText(reason);
    problem_->setVisible(!valid);
    Q_EMIT changed();
}

}  // namespace latentlab
