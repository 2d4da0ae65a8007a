#include "ui/training/training_settings_panel.h"

#include "model/base/error.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QStandardItemModel>

namespace latentlab {

const char* const TrainingSettingsPanel::kSettingsKey = "training/config";

namespace {

// validate()'s messages are written to be read on their own, in lower case;
// here each is a sentence of its own.
QString sentence(const std::string& message) {
    QString text = QString::fromStdString(message);
    if (!text.isEmpty()) text[0] = text[0].toUpper();
    if (!text.endsWith(QLatin1Char('.'))) text += QLatin1Char('.');
    return text;
}

unsigned editableBit(TrainingSettingsPanel::Lock lock) {
    switch (lock) {
        case TrainingSettingsPanel::Lock::Running:
            return kEditableRunning;
        case TrainingSettingsPanel::Lock::Continuing:
            return kEditableContinuing;
        case TrainingSettingsPanel::Lock::None:
            break;
    }
    return kEditableNewRun;
}

template <typename Widget>
Widget* fieldWidget(const std::vector<SettingsField>& fields, const char* name) {
    for (const SettingsField& field : fields)
        if (field.widget->objectName() == QLatin1String(name)) return qobject_cast<Widget*>(field.widget);
    return nullptr;
}

}  // namespace

TrainingSettingsPanel::TrainingSettingsPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QFormLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    fields_ = makeFields();
    for (const SettingsField& field : fields_) layout->addRow(field.label, field.widget);
    architecture_ = fieldWidget<QComboBox>(fields_, "architecture");
    beta_ = fieldWidget<QDoubleSpinBox>(fields_, "beta");
    learningRate_ = fieldWidget<QLineEdit>(fields_, "learningRate");

    problem_ = new QLabel(this);
    problem_->setObjectName(QStringLiteral("settingsProblem"));
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("color: #b3261e;"));
    problem_->hide();
    layout->addRow(problem_);

    reset_ = new QPushButton(tr("Reset to defaults"), this);
    reset_->setObjectName(QStringLiteral("resetDefaults"));
    reset_->setToolTip(tr("Set every field to the defaults of a new run (the classic 784-400-20 VAE for 28 × 28 "
                          "images)"));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(reset_);
    layout->addRow(buttons);
    connect(reset_, &QPushButton::clicked, this, [this] { setConfig(RunConfig()); });

    readSettings();
    for (const SettingsField& field : fields_) field.onEdited(this, [this] { onEdited(); });

    // Mid-run changes: only settled, valid values that differ from the last one sent.
    connect(beta_, &QDoubleSpinBox::valueChanged, this, [this](double beta) {
        if (beta == lastBeta_) return;
        lastBeta_ = beta;
        Q_EMIT betaEdited(beta);
    });
    connect(learningRate_, &QLineEdit::editingFinished, this, [this] {
        const double rate = config().train.learning_rate;
        if (!learningRate_->hasAcceptableInput() || rate == lastLearningRate_) return;
        lastLearningRate_ = rate;
        Q_EMIT learningRateEdited(rate);
    });
}

RunConfig TrainingSettingsPanel::shapedDefaults() const {
    RunConfig config;
    if (imageWidth_ > 0 && imageHeight_ > 0) {
        config.model.width = imageWidth_;
        config.model.height = imageHeight_;
    }
    return config;
}

bool TrainingSettingsPanel::readFields(RunConfig* config, QString* problem) const {
    *config = shapedDefaults();
    bool readable = true;
    // In the table's order: a field may depend on those before it (an
    // empty hidden field means the architecture's default).
    for (const SettingsField& field : fields_) {
        if (field.take(*config) || !field.appliesTo(*config)) continue;
        if (readable && problem) *problem = field.unreadable;
        readable = false;
    }
    return readable;
}

RunConfig TrainingSettingsPanel::config() const {
    RunConfig config;
    readFields(&config, nullptr);
    return config;
}

void TrainingSettingsPanel::showConfig(const RunConfig& config) {
    {
        // One changed() afterwards, not one per field.
        std::vector<QSignalBlocker> blockers;
        blockers.reserve(fields_.size());
        for (const SettingsField& field : fields_) blockers.emplace_back(field.widget);
        for (const SettingsField& field : fields_) field.show(config);
    }
    lastBeta_ = beta_->value();
    lastLearningRate_ = this->config().train.learning_rate;
}

void TrainingSettingsPanel::setConfig(const RunConfig& config) {
    showConfig(config);
    onEdited();
}

bool TrainingSettingsPanel::convAllowed() const {
    return imageWidth_ == imageHeight_ && conv_size_supported(imageWidth_);
}

QString TrainingSettingsPanel::convReason() const {
    if (imageWidth_ <= 0)
        return tr("Convolutional needs square images of side 32, 64 or 128; load a data set first.");
    if (!convAllowed())
        return tr("Convolutional needs square images of side 32, 64 or 128; these are %1 × %2. Choose MLP, or open "
                  "a folder at 32, 64 or 128.")
            .arg(imageWidth_)
            .arg(imageHeight_);
    return tr("Strided convolutions down to 4 × 4, and a mirrored decoder.");
}

bool TrainingSettingsPanel::isValid(QString* reason) const {
    RunConfig config;
    QString problem;
    if (readFields(&config, &problem)) {
        const bool conv = config.model.architecture == Architecture::Conv;
        if (conv && imageWidth_ > 0 && !convAllowed()) {
            // validate() would say the same without what helps.
            problem = convReason();
        } else {
            // Without images the conv checks have no shape to check.
            if (conv && imageWidth_ <= 0) config.model.architecture = Architecture::Mlp;
            try {
                validate(config);
            } catch (const Error& e) {
                problem = sentence(e.what());
            }
        }
    }
    if (reason) *reason = problem;
    return problem.isEmpty();
}

void TrainingSettingsPanel::setImageShape(int width, int height) {
    imageWidth_ = width;
    imageHeight_ = height;
    onEdited();
}

void TrainingSettingsPanel::updateConvAvailability() {
    const bool allowed = convAllowed();
    const QString reason = convReason();
    const bool conv = architecture_->currentData().toString() == QLatin1String("conv");
    // A remembered conv choice stays selectable for an opened run; the
    // problem label then says why Train is off.
    if (auto* model = qobject_cast<QStandardItemModel*>(architecture_->model())) {
        QStandardItem* item = model->item(architecture_->findData(QStringLiteral("conv")));
        item->setEnabled(allowed || conv);
        item->setToolTip(reason);
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
    const RunConfig current = config();
    const unsigned bit = editableBit(lock_);
    for (const SettingsField& field : fields_)
        field.widget->setEnabled((field.editable & bit) != 0 && field.appliesTo(current));
    // Not while a run goes, nor for an opened run: that would show settings it was not built with.
    reset_->setEnabled(lock_ == Lock::None);
}

void TrainingSettingsPanel::readSettings() {
    RunConfig config;
    const QString json = QSettings().value(QLatin1String(kSettingsKey)).toString();
    if (!json.isEmpty()) {
        try {
            config = run_config_from_json(json.toStdString());
        } catch (const Error&) {
            // Damaged or from a version with other bounds: the defaults.
            config = RunConfig();
        }
    }
    setConfig(config);
}

void TrainingSettingsPanel::writeSettings() const {
    QSettings settings;
    // The one key replaces those of each field that earlier versions wrote.
    settings.beginGroup(QStringLiteral("training"));
    for (const QString& key : settings.childKeys())
        if (QStringLiteral("training/") + key != QLatin1String(kSettingsKey)) settings.remove(key);
    settings.endGroup();
    settings.setValue(QLatin1String(kSettingsKey), QString::fromStdString(to_json(config())));
}

void TrainingSettingsPanel::onEdited() {
    updateConvAvailability();
    updateEnabled();
    RunConfig current;
    readFields(&current, nullptr);
    for (const SettingsField& field : fields_)
        if (field.refresh) field.refresh(current);
    QString reason;
    const bool valid = isValid(&reason);
    problem_->setText(reason);
    problem_->setVisible(!valid);
    Q_EMIT changed();
}

}  // namespace latentlab
