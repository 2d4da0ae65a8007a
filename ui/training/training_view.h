#pragma once

#include "app/workspace/training_signals.h"
#include "model/base/run_config.h"

#include <QByteArray>
#include <QString>
#include <QWidget>

class QFrame;
class QLabel;
class QPushButton;
class QSplitter;
class QToolButton;

namespace latentlab {

class ErrorBanner;
class RunButtons;
class RunOffer;
class RunSession;
class TrainingProgress;
class TrainingResults;
class TrainingSettingsPanel;
struct LoadedRun;

// The Training tab: the settings of the next run and its controls on the
// left; the progress and results of the run the session shows on the right.
// A view of a RunSession, which owns the run; closing the window stops it
// through the session.
class TrainingView : public QWidget {
    Q_OBJECT

public:
    explicit TrainingView(RunSession* session, QWidget* parent = nullptr);

    // Starts a new run with the panel's settings, or continues the shown one.
    void startTraining();
    // Shows `config` (a lesson's) in the settings panel and starts a new run
    // with it; the panel's remembered settings stay as they were. False,
    // with the reason, when it cannot start.
    bool trainWith(const RunConfig& config, QString* problem);
    // The settings form and run controls beside the results (hidden while a
    // lesson is presented).
    void setSidePanelShown(bool shown);
    void togglePause();
    void stopTraining();
    // Reads the run saved in `folder`, then shows it; Train continues it.
    void openRun(const QString& folder);
    // Leaves the shown run: the next Train starts a new one.
    void startNewRun();
    // Offers a run that did not finish (`text` says how far it got) with
    // Open and Continue buttons, until one is used or a run starts.
    void offerRun(const QString& folder, const QString& text);

    bool isContinuing() const;
    bool isOpeningRun() const;
    QString runFolder() const;  // of the run shown; empty when none
    // The settings of the next run (the Compare tab's base config too).
    TrainingSettingsPanel* settingsPanel() const { return settings_; }

    // While `reason` is not empty (a decoder comparison trains on its own
    // thread), Train is off and its tooltip says why.
    void setTrainBlocked(const QString& reason);

    // Whether Train, Pause and Stop can act now (for the Training menu).
    bool canTrain() const;
    bool canPause() const;
    bool canStop() const;

    QByteArray saveState() const;
    void restoreState(const QByteArray& state);

Q_SIGNALS:
    // Training could start or stop being possible (for the menus).
    void busyChanged();

private:
    QWidget* createSidePanel();
    void onDatasetChanged();
    void onRunStarted();
    void onStep(const StepStats& step);
    void onEpoch(const EpochStats& epoch);
    void onFailed(const QString& message);
    void onFinished();
    void onRunOpened(const LoadedRun& run);
    void onRunLeft();
    void restorePanelValues();
    void updateTitle();
    void updateControls();
    QString withDeviceNotice(const QString& status) const;
    // " Only 80 training images: ..." for a data set too small to learn from; else empty.
    QString fewImagesWarning() const;
    void continueOfferedRunWhenReady();

    RunSession* session_;
    QString openedStatus_;  // what the status line says about an opened run
    bool startedFromPanel_ = false;  // β and the learning rate come back after the run
    QString trainBlockedReason_;

    TrainingSettingsPanel* settings_ = nullptr;
    QLabel* datasetLabel_ = nullptr;
    RunButtons* buttons_ = nullptr;
    QLabel* runFolderLabel_ = nullptr;
    QToolButton* newRunButton_ = nullptr;
    ErrorBanner* errorBanner_ = nullptr;
    RunOffer* offer_ = nullptr;
    QString offeredFolder_;
    bool continueWhenOpened_ = false;
    TrainingProgress* progress_ = nullptr;
    TrainingResults* results_ = nullptr;
    QSplitter* splitter_ = nullptr;
};

}  // namespace latentlab
