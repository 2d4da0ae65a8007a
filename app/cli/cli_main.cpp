// latentlab-cli: train and evaluate VAEs without a window.

#include "app/cli/cli_commands.h"
#include "app/cli/cli_options.h"
#include "app/workspace/device_info.h"
#include "model/base/threads.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <cstdio>
#include <memory>

int main(int argc, char* argv[]) {
    latentlab::configure_process_threads();
    auto app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName("latentlab-cli");
    const auto request = latentlab::parseCliArguments(QCoreApplication::arguments());
    if (!request.error.isEmpty()) {
        std::fprintf(stderr, "latentlab-cli: %s\n", request.error.toUtf8().constData());
        return 2;
    }
    if (request.command == latentlab::CliCommand::Compare) {
        // compare writes a PDF through QtGui, which needs a QGuiApplication;
        // the offscreen platform needs no display.
        app.reset();
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QGuiApplication>(argc, argv);
        QCoreApplication::setApplicationName("latentlab-cli");
    }
    switch (request.command) {
        case latentlab::CliCommand::Help:
            std::fputs(request.helpText.toUtf8().constData(), stdout);
            return 0;
        case latentlab::CliCommand::Version:
            std::printf("%s\n", latentlab::computePathSummary().toUtf8().constData());
            return 0;
        case latentlab::CliCommand::Train:
            return latentlab::runTrain(request);
        case latentlab::CliCommand::Eval:
            return latentlab::runEval(request);
        case latentlab::CliCommand::Resume:
            return latentlab::runResume(request);
        case latentlab::CliCommand::Export:
            return latentlab::runExport(request);
        case latentlab::CliCommand::Import:
            return latentlab::runImport(request);
        case latentlab::CliCommand::Interpolate:
            return latentlab::runInterpolate(request);
        case latentlab::CliCommand::Traverse:
            return latentlab::runTraverse(request);
        case latentlab::CliCommand::Map:
            return latentlab::runMap(request);
        case latentlab::CliCommand::Compare:
            return latentlab::runCompare(request);
        case latentlab::CliCommand::Encode:
            return latentlab::runEncode(request);
        case latentlab::CliCommand::Score:
            return latentlab::runScore(request);
        case latentlab::CliCommand::Sample:
            return latentlab::runSample(request);
        case latentlab::CliCommand::Reconstruct:
            return latentlab::runReconstruct(request);
        case latentlab::CliCommand::Outliers:
            return latentlab::runOutliers(request);
        case latentlab::CliCommand::Duplicates:
            return latentlab::runDuplicates(request);
    }
    return 0;
}
