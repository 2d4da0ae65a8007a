#pragma once

#include "model/run_config.h"

#include <QString>
#include <QStringList>

namespace latentlab {

enum class CliCommand { Help, Train, Eval };

// What the command line asks for, or why it cannot be done.
struct CliRequest {
    CliCommand command = CliCommand::Help;
    QString helpText;    // for Help
    QString error;       // one line; when set, nothing else is meaningful
    RunConfig config;    // Train
    QString outDir;      // Train
    QString checkpoint;  // Eval
    QString data;        // Eval: a dataset other than the checkpoint's
    int threads = -1;    // Eval: -1 keeps the checkpoint's setting
    QString device;      // Eval: empty keeps the checkpoint's setting
};

// `arguments` includes the program name, as QCoreApplication::arguments().
CliRequest parseCliArguments(const QStringList& arguments);

}  // namespace latentlab
