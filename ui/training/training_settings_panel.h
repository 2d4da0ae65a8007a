#pragma once

#include "model/base/run_config.h"
#include "ui/training/settings_field.h"

#include <QString>
#include <QWidget>

#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace latentlab {

// The model and optimiser settings of the next run. Each field is one row of
// a table (training_settings_fields.cpp) that says how it shows and takes
// its part of a RunConfig and when it may be edited. The values are
// remembered between sessions as the config's JSON; the data part of the
// RunConfig is filled in by the training thread from the data set it is
// given.
class TrainingSettingsPanel : public QWidget {
    Q_OBJECT

public:
    // What may be edited: everything (a new run); only β and the learning
    // rate (a run is going); or β, the learning rate, the epochs and the
    // device (an opened run that Train will continue).
    enum class Lock { None, Running, Continuing };

    explicit TrainingSettingsPanel(QWidget* parent = nullptr);

    // Meaningful only while isValid(). The model's image shape is the one
    // given to setImageShape(), when one was.
    RunConfig config() const;
    // Shows `config` (an opened run's), clamped to the fields' ranges;
    // nothing is remembered until the next writeSettings().
    void setConfig(const RunConfig& config);
    // False with a reason when the fields cannot make a model: a field that
    // cannot be read (hidden "16,"), or validate()'s message on the config.
    bool isValid(QString* reason = nullptr) const;

    // The shape of the images the next run trains on (0 when none is loaded):
    // the conv architecture needs square images of side 32, 64 or 128.
    void setImageShape(int width, int height);

    Lock lock() const { return lock_; }
    void setLock(Lock lock);

    // The config stored by writeSettings(), or the defaults when there is
    // none or it cannot be read.
    void readSettings();
    void writeSettings() const;

    // The QSettings key of the remembered config (its JSON).
    static const char* const kSettingsKey;

Q_SIGNALS:
    // Any value was edited; validity may have changed.
    void changed();
    // β or the learning rate was set to a new valid value (on Enter, on
    // leaving the field or with the arrows, not on every keystroke).
    void betaEdited(double beta);
    void learningRateEdited(double learningRate);

private:
    // The table of fields, in the order of the form; defined in
    // training_settings_fields.cpp.
    std::vector<SettingsField> makeFields();
    // The config the fields hold; false (with what is expected) when one
    // that applies cannot be read.
    bool readFields(RunConfig* config, QString* problem) const;
    RunConfig shapedDefaults() const;
    void showConfig(const RunConfig& config);
    void updateEnabled();
    void updateConvAvailability();
    void onEdited();
    bool convAllowed() const;
    QString convReason() const;

    std::vector<SettingsField> fields_;
    QComboBox* architecture_ = nullptr;
    QDoubleSpinBox* beta_ = nullptr;
    QLineEdit* learningRate_ = nullptr;
    QLabel* problem_ = nullptr;
    QPushButton* reset_ = nullptr;

    Lock lock_ = Lock::None;
    int imageWidth_ = 0;
    int imageHeight_ = 0;
    double lastBeta_ = 0.0;
    double lastLearningRate_ = 0.0;
};

}  // namespace latentlab
