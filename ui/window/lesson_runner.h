#pragma once

#include "app/lessons/lesson.h"
#include "app/lessons/lesson_outcome.h"

#include <QObject>
#include <QString>
#include <QVector>

class QDockWidget;
class QMainWindow;
class QTabWidget;

namespace latentlab {

class CompareView;
class DatasetView;
class ExplorerView;
class LessonDataPreparer;
class LessonPanel;
class RunSession;
class TrainingView;

// Carries out a lesson in the window: prepares and loads its data set,
// shows its config in the Training tab's settings panel and trains it,
// switches to the lesson's view after the first epoch, and shows the
// lesson's panel in a dock. Owns that dock; the window only starts lessons.
class LessonRunner : public QObject {
    Q_OBJECT

public:
    // The parts of the window a lesson drives.
    struct Views {
        QTabWidget* tabs = nullptr;
        DatasetView* dataset = nullptr;
        TrainingView* training = nullptr;
        ExplorerView* explorer = nullptr;
        CompareView* compare = nullptr;  // for lessons that compare decoders
        QVector<QWidget*> clutter;  // tabs hidden while a lesson is presented
    };

    LessonRunner(QMainWindow* window, RunSession* session, const Views& views);

    // Starts `lesson` from its first part. A run that trains is stopped
    // first, after asking (unless `ask` is false).
    void start(const Lesson& lesson, bool ask = true);
    // Trains part `index` of the lesson shown (stopping a run that trains).
    void startPart(int index);
    // Hides the panel; a run that trains goes on.
    void close();

    bool isActive() const { return active_; }
    const Lesson& lesson() const { return lesson_; }
    int currentPart() const { return part_; }
    LessonPanel* panel() const { return panel_; }
    QDockWidget* dock() const { return dock_; }

    // Presentation: only the lesson's panels (no settings form, no Data Set
    // or Inspect tab) while a lesson is active.
    void setFocused(bool focused);

Q_SIGNALS:
    void activeChanged(bool active);

private:
    enum class Pending { Nothing, Lesson, Part };

    void prepareData();
    void onDataReady(const QString& spec);
    void onDatasetLoaded(const QString& spec);
    void onLoadFailed(const QString& message);
    void trainPart();
    void compareDecoders();
    void onEpoch();
    void onRunFinished();
    void onComparisonEnded();
    void showLessonView();
    void chooseInterpolationEnds();
    void updateFocus();
    // The lesson's runs put their settings into the Training tab's panel;
    // once the lesson is closed and its run over, the panel shows the user's
    // own (remembered) settings again.
    void restoreUserSettings();

    QMainWindow* window_;
    RunSession* session_;
    Views views_;
    LessonDataPreparer* preparer_;
    QDockWidget* dock_;
    LessonPanel* panel_;
    Lesson lesson_;
    bool active_ = false;
    bool focused_ = false;
    int part_ = 0;
    Pending pending_ = Pending::Nothing;  // to do once the run that trains has stopped
    QString awaitedSpec_;    // the data set being loaded for the lesson
    bool viewShown_ = true;  // the lesson's view has been shown for this part
    bool partTraining_ = false;  // the run or comparison going is this part's
    bool restoreAfterRun_ = false;  // closed while its run trained: restore when it ends
    // What this lesson's finished runs measured, for the pane's words.
    QVector<PartOutcome> outcomes_;
    EpochStats lastEpoch_;  // of the part that trains
    int reachable_ = 1;     // parts whose button may be pressed: each waits for the one before
};

}  // namespace latentlab
