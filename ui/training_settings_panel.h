#pragma once

#include "model/run_config.h"

#include <QString>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace latentlab {

// The model and optimiser settings of the next run. Values are remembered
// between sessions; the data part of the RunConfig is filled in by the
// training thread from the data set it is given.
class TrainingSettingsPanel : public QWidget {
    Q_OBJECT

public:
    explicit TrainingSettingsPanel(QWidget* parent = nullptr);

    // Meaningful only while isValid().
    RunConfig config() const;
    // False with a reason when a field cannot make a model (e.g. hidden "16,").
    bool isValid(QString* reason = nullptr) const;

    void readSettings();
    void writeSettings() const;

Q_SIGNALS:
    // Any value was edited; validity may have changed.
    void changed();

private:
    void updateSigmaEnabled();
    void onEdited();

    QComboBox* decoder_;
    QDoubleSpinBox* sigma_;
    QSpinBox* latent_;
    QLineEdit* hidden_;
    QDoubleSpinBox* beta_;
    QLineEdit* learningRate_;
    QSpinBox* batchSize_;
    QSpinBox* epochs_;
    QSpinBox* samples_;
    QSpinBox* seed_;
    QSpinBox* threads_;
    QLabel* problem_;
};

}  // namespace latentlab
