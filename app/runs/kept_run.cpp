#include "app/runs/kept_run.h"

#include "app/runs/run_folder.h"
#include "model/base/error.h"
#include "model/train/trainer.h"

#include <QDir>

namespace latentlab {

KeptRun::KeptRun() = default;
KeptRun::~KeptRun() = default;

void saveKeptRun(const KeptRun& run, const QString& folder) {
    if (!run.trainer) throw Error("there is no model to save");
    if (!QDir().mkpath(folder)) throw Error("cannot create the folder " + folder.toStdString());
    RunFolder(folder).save(*run.trainer, run.epochs, run.steps);
}

}  // namespace latentlab
