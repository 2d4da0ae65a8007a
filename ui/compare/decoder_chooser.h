#pragma once

#include <QStringList>
#include <QVector>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;

namespace latentlab {

// The decoders of a comparison: one checkable row per likelihood with its
// own setting (σ of the fixed Gaussian, b of the fixed Laplace, one σ per
// pixel or per image of the predicted Gaussian), and two presets. It speaks
// the CLI's list: specs() gives, and setSpecs() takes, what
// `latentlab-cli compare --decoders` does, one decoder per entry.
class DecoderChooser : public QWidget {
    Q_OBJECT

public:
    explicit DecoderChooser(QWidget* parent = nullptr);

    // The checked decoders in display order, e.g. {"bernoulli", "gaussian:1"}.
    QStringList specs() const;
    // Checks exactly these (each likelihood at most once, since each has one
    // row). False with the reason, and nothing changed, when a spec cannot
    // be read or names a likelihood twice.
    bool setSpecs(const QStringList& specs, QString* problem = nullptr);

    // Presets: the walk-through's three (Bernoulli, Gaussian with predicted
    // σ, Gaussian σ = 1) and Bernoulli vs Gaussian (learned σ) vs continuous
    // Bernoulli.
    static QStringList walkThroughPreset();
    static QStringList densitiesPreset();

Q_SIGNALS:
    void changed();

private:
    struct Row {
        QString name;  // the CLI's likelihood name
        QCheckBox* check = nullptr;
        QDoubleSpinBox* scale = nullptr;  // gaussian, laplace
        QComboBox* variance = nullptr;    // gaussian-predicted
    };

    QVector<Row> rows_;
};

}  // namespace latentlab
