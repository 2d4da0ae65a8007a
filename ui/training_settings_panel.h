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
    // What may be edited: everything (a new run); only β and the learning
    // rate (a run is going); or β, the learning rate, the epochs and the
    // device (an opened run that Train will continue).
    enum class Lock { None, Running, Continuing };

    explicit TrainingSettingsPanel(QWidget* parent = nullptr);

    // Meaningful only while isValid().
    RunConfig config() const;
    // Shows `config` (an opened run's); nothing is remembered until the next
    // writeSettings().
    void setConfig(const RunConfig& config);
    // False with a reason when a field cannot make a model (e.g. hidden "16,").
    bool isValid(QString* reason = nullptr) const;

    // The shape of the images the next run trains on (0 when none is loaded):
    // the conv architecture needs square images of side 32, 64 or 128.
    void setImageShape(int width, int height);

    Lock lock() const { return lock_; }
    void setLock(Lock lock);

    void readSettings();
    void writeSettings() const;

Q_SIGNALS:
    // Any value was edited; validity may have changed.
    void changed();
    // β or the learning rate was set to a new valid value (on Enter, on
    // leaving the field or with the arrows, not on every keystroke).
    void betaEdited(double beta);
    void learningRateEdited(double learningRate);

private:
    void updateEnabled();
    void updateConvAvailability();
    void onEdited();
    bool convAllowed(QString* reason = nullptr) const;
    bool isConv() const;
    bool isAutoencoder() const;

    QComboBox* modelKind_;
    QComboBox* architecture_;
    QComboBox* decoder_;
    QDoubleSpinBox* sigma_;
    QComboBox* posterior_;
    QSpinBox* latent_;
    QLineEdit* hidden_;
    QLineEdit* convWidths_;
    QDoubleSpinBox* beta_;
    QDoubleSpinBox* warmup_;
    QDoubleSpinBox* capacity_;
    QDoubleSpinBox* capacityEpochs_;
    QDoubleSpinBox* gamma_;
    QLineEdit* learningRate_;
    QSpinBox* batchSize_;
    QSpinBox* epochs_;
    QSpinBox* samples_;
    QSpinBox* seed_;
    QSpinBox* threads_;
    QComboBox* device_;
    QLabel* problem_;

    Lock lock_ = Lock::None;
    int imageWidth_ = 0;
    int imageHeight_ = 0;
    double lastBeta_ = 0.0;
    double lastLearningRate_ = 0.0;
};

}  // namespace latentlab
