#pragma once

// A run whose folder could not be written (a full disk, a folder made
// read-only): training stops and its trainer stays in memory, so the model
// and its optimizer can be saved elsewhere. Free of LibTorch: ui/ sees only
// the handle.

#include "app/workspace/training_signals.h"

#include <QMetaType>
#include <QString>
#include <QVector>

#include <memory>

namespace latentlab {

class Trainer;

struct KeptRun {
    KeptRun();
    ~KeptRun();  // out of line: Trainer is complete only there
    std::unique_ptr<Trainer> trainer;
    qint64 epochs = 0;          // the length the run was meant to have
    QVector<StepStats> steps;   // the step reports of the finished epochs
};

using KeptRunHandle = std::shared_ptr<KeptRun>;

// Writes the run's four files (RunFolder::save) into `folder`, which is
// created. Throws latentlab::Error. Runs on a worker thread, never the GUI's.
void saveKeptRun(const KeptRun& run, const QString& folder);

}  // namespace latentlab

Q_DECLARE_METATYPE(latentlab::KeptRunHandle)
