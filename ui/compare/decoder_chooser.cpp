#include "ui/compare/decoder_chooser.h"

#include "model/compare/decoder_choice.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <exception>

namespace latentlab {

namespace {

// What people read beside each likelihood's check box.
QString displayName(const QString& name) {
    if (name == "bernoulli") return QObject::tr("Bernoulli");
    if (name == "gaussian") return QObject::tr("Gaussian, fixed σ");
    if (name == "gaussian-learned") return QObject::tr("Gaussian, learned σ");
    if (name == "gaussian-predicted") return QObject::tr("Gaussian, predicted σ");
    if (name == "laplace") return QObject::tr("Laplace, fixed b");
    if (name == "laplace-learned") return QObject::tr("Laplace, learned b");
    if (name == "cbernoulli") return QObject::tr("Continuous Bernoulli");
    return name;
}

}  // namespace

DecoderChooser::DecoderChooser(QWidget* parent) : QWidget(parent) {
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setColumnStretch(0, 1);
    for (const std::string& kind : likelihood_names()) {
        Row row;
        row.name = QString::fromStdString(kind);
        row.check = new QCheckBox(displayName(row.name), this);
        row.check->setToolTip(tr("Train a run with the %1 decoder (--decoders %2)").arg(displayName(row.name), row.name));
        const int r = static_cast<int>(rows_.size());
        grid->addWidget(row.check, r, 0);
        if (row.name == "gaussian" || row.name == "laplace") {
            row.scale = new QDoubleSpinBox(this);
            row.scale->setDecimals(3);
            row.scale->setRange(0.001, 100.0);
            row.scale->setSingleStep(0.05);
            row.scale->setValue(row.name == "gaussian" ? 1.0 : 0.1);
            row.scale->setPrefix(row.name == "gaussian" ? tr("σ ") : tr("b "));
            row.scale->setToolTip(tr("The fixed scale of this decoder's likelihood, on pixels in [0, 1]"));
            grid->addWidget(row.scale, r, 1);
            connect(row.scale, &QDoubleSpinBox::valueChanged, this, &DecoderChooser::changed);
        } else if (row.name == "gaussian-predicted") {
            row.variance = new QComboBox(this);
            row.variance->addItem(tr("σ per pixel"), QStringLiteral("diagonal"));
            row.variance->addItem(tr("σ per image"), QStringLiteral("single"));
            row.variance->setToolTip(tr("The decoder's second head predicts one σ for every pixel, or one per image"));
            grid->addWidget(row.variance, r, 1);
            connect(row.variance, &QComboBox::currentIndexChanged, this, &DecoderChooser::changed);
        }
        connect(row.check, &QCheckBox::toggled, this, &DecoderChooser::changed);
        rows_.append(row);
    }

    auto* walkThrough = new QPushButton(tr("Walk-through's three"), this);
    walkThrough->setToolTip(tr("Bernoulli, Gaussian with predicted σ, Gaussian with σ = 1"));
    connect(walkThrough, &QPushButton::clicked, this, [this] { setSpecs(walkThroughPreset()); });
    auto* densities = new QPushButton(tr("Bernoulli vs Gaussian vs cont. Bernoulli"), this);
    densities->setToolTip(tr("Bernoulli, Gaussian with learned σ, continuous Bernoulli"));
    connect(densities, &QPushButton::clicked, this, [this] { setSpecs(densitiesPreset()); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(grid);
    layout->addWidget(new QLabel(tr("Presets:"), this));
    layout->addWidget(walkThrough);
    layout->addWidget(densities);
}

QStringList DecoderChooser::walkThroughPreset() {
    return {QStringLiteral("bernoulli"), QStringLiteral("gaussian-predicted:diagonal"), QStringLiteral("gaussian:1")};
}

QStringList DecoderChooser::densitiesPreset() {
    return {QStringLiteral("bernoulli"), QStringLiteral("gaussian-learned"), QStringLiteral("cbernoulli")};
}

QStringList DecoderChooser::specs() const {
    QStringList specs;
    for (const Row& row : rows_) {
        if (!row.check->isChecked()) continue;
        if (row.scale)
            specs << row.name + ":" + QString::number(row.scale->value(), 'g', 6);
        else if (row.variance)
            specs << row.name + ":" + row.variance->currentData().toString();
        else
            specs << row.name;
    }
    return specs;
}

bool DecoderChooser::setSpecs(const QStringList& specs, QString* problem) {
    const auto fail = [problem](const QString& why) {
        if (problem) *problem = why;
        return false;
    };
    // The model's own reader checks the names, the settings and the count,
    // with the CLI's messages.
    std::vector<DecoderChoice> choices;
    try {
        choices = parse_decoder_choices(specs.join(',').toStdString(), VaeConfig{});
    } catch (const std::exception& e) {
        return fail(QString::fromStdString(e.what()));
    }
    // One spec per entry (the list's commas are the entries' own).
    if (choices.size() != static_cast<size_t>(specs.size()))
        return fail(tr("Give one decoder per entry, not “%1”.").arg(specs.join(QStringLiteral("”, “"))));
    QVector<int> rowOf;
    for (size_t c = 0; c < choices.size(); ++c) {
        const QString name = QString::fromStdString(to_string(choices[c].likelihood));
        int index = -1;
        for (int i = 0; i < rows_.size(); ++i)
            if (rows_[i].name == name) index = i;
        if (index < 0) return fail(tr("The decoder %1 has no row here.").arg(name));
        if (rowOf.contains(index))
            return fail(tr("The Compare tab lists each likelihood once; %1 is given twice.").arg(name));
        const Row& row = rows_[index];
        if (!row.scale && !row.variance && specs[static_cast<int>(c)].contains(':'))
            return fail(tr("“%1”: the lower bound of a learned σ comes from the Training tab's panel.")
                            .arg(specs[static_cast<int>(c)]));
        rowOf << index;
    }
    const QSignalBlocker blockChanges(this);
    for (Row& row : rows_) row.check->setChecked(false);
    for (size_t c = 0; c < choices.size(); ++c) {
        Row& row = rows_[rowOf[static_cast<int>(c)]];
        row.check->setChecked(true);
        if (row.scale) row.scale->setValue(choices[c].sigma);
        if (row.variance)
            row.variance->setCurrentIndex(
                row.variance->findData(QString::fromStdString(to_string(choices[c].variance))));
    }
    Q_EMIT changed();
    return true;
}

}  // namespace latentlab
