#pragma once

// The files of a run folder: checkpoint.pt, config.json, history.csv,
// steps.csv and scores.csv. Free of LibTorch: the trainer is only forward-declared.

#include <QString>
#include <QVector>

#include "app/workspace/training_signals.h"
#include "model/base/run_config.h"

namespace latentlab {

class Trainer;

// What a run folder says about itself without loading its model: for menus.
struct RunSummary {
    QString dataset;        // the data set's spec: a folder or "fashion-mnist"
    qint64 epochsDone = 0;  // rows of history.csv
    qint64 epochs = 0;      // the length asked for
    bool hasTestElbo = false;
    double testElbo = 0.0;  // of the last finished epoch
};

// Where a run keeps itself, and how its files are written and read back.
// Every file is written whole or not at all (a temporary file, then a
// rename), so a crash or a full disk leaves the previous epoch's files.
class RunFolder {
public:
    explicit RunFolder(const QString& path) : path_(path) {}

    QString path() const { return path_; }
    QString checkpointPath() const;
    QString configPath() const;
    QString historyPath() const;
    QString stepsPath() const;
    // Per-image scores of the run's data set, cached by the Inspect tab for
    // the snapshot they came from (model/inspect/scores_file.h).
    QString scoresPath() const;

    // True when the folder holds a checkpoint.pt to open.
    bool hasCheckpoint() const;

    // Writes the four files from `trainer` (making the folder first); config.json says `epochs`, the
    // length the run is meant to have (which may exceed the checkpoint's
    // config when a continued run was given more). `steps` are the step
    // reports of the finished epochs. Throws latentlab::Error.
    void save(const Trainer& trainer, qint64 epochs, const QVector<StepStats>& steps) const;

    // Removes the temporary files (checkpoint.pt.tmp1234, ...) that a
    // process killed while writing left behind; those of a process still
    // running are left alone. Returns how many were removed.
    int removeStaleTemporaries() const;

    // False when config.json cannot be read.
    bool readSummary(RunSummary* summary) const;

    // The run length config.json asks for; 0 when it cannot be read.
    qint64 configuredEpochs() const;
    // config.json; false when it is missing or cannot be parsed.
    bool readConfig(RunConfig* config) const;

    // The step reports of steps.csv. False, with a reason, for a file that is
    // missing or cannot be parsed.
    bool readSteps(QVector<StepStats>* steps, QString* error) const;
    // The reports of steps.csv up to `step` (a checkpoint's: those of an
    // abandoned epoch were never saved with one); empty when it cannot be read.
    QVector<StepStats> stepsUpTo(qint64 step) const;

    // steps.csv's text: one row per report, losses with the sign of
    // history.csv (log-likelihoods as they are).
    static QByteArray stepsCsv(const QVector<StepStats>& steps);
    static bool parseStepsCsv(const QByteArray& text, QVector<StepStats>* steps, QString* error);
    // What readSummary takes from history.csv's text: the epochs done and
    // the last test ELBO (hasTestElbo false when that row has none).
    static void readHistorySummary(const QByteArray& text, RunSummary* summary);

private:
    QString path_;
};

}  // namespace latentlab
