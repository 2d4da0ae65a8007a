#pragma once

// Runs latentlab-cli (LATENTLAB_CLI_PATH, set by CMake) as a user would.

#include <QProcess>
#include <QString>
#include <QStringList>

namespace latentlab::testing {

struct CliResult {
    int exitCode = -1;  // -1: it crashed or did not finish in 5 minutes
    QString out, err;
};

inline CliResult runCli(const QStringList& arguments) {
    QProcess process;
    process.start(QStringLiteral(LATENTLAB_CLI_PATH), arguments);
    if (!process.waitForFinished(300000)) return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

}  // namespace latentlab::testing
