#pragma once

#include "model/run_config.h"

#include <QString>
#include <QStringList>

namespace latentlab {

enum class CliCommand { Help, Train, Eval, Resume, Export };

// What the command line asks for, or why it cannot be done.
struct CliRequest {
    CliCommand command = CliCommand::Help;
    QString helpText;    // for Help
    QString error;       // one line; when set, nothing else is meaningful
    RunConfig config;    // Train
    QString outDir;      // Train; Resume (empty: the checkpoint's folder)
    QString checkpoint;  // Eval, Resume, Export
    QString data;        // Eval: a dataset other than the checkpoint's
    int threads = -1;    // Eval, Resume: -1 keeps the checkpoint's setting
    QString device;      // Eval, Resume: empty keeps the checkpoint's setting
    int64_t iwSamples = 0;  // Eval: K of the importance-sampled log p(x); 0 = not estimated
    int64_t iwImages = 0;   // Eval: estimate on the first this many test images; 0 = all
    QString perImage;       // Eval: CSV of per-image values, when set
    int64_t epochs = 0;     // Resume: new total of epochs; 0 keeps the checkpoint's
    QString exportFile;     // Export: the file to write
};

// `arguments` includes the program name, as QCoreApplication::arguments().
CliRequest parseCliArguments(const QStringList& arguments);

}  // namespace latentlab
