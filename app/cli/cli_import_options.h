#pragma once

// The options of import (--state-dict or --torchscript), for cli_options.cpp's
// table of commands.

#include "app/cli/cli_options.h"

#include <QCommandLineParser>

namespace latentlab {

void addImportOptions(QCommandLineParser& parser);
void readImportOptions(const QCommandLineParser& parser, CliRequest& request);

}  // namespace latentlab
