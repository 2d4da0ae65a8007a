#pragma once

// The options of the picture commands (interpolate, traverse, map), for
// cli_options.cpp's table of commands.

#include "app/cli/cli_options.h"

#include <QCommandLineParser>

namespace latentlab {

void addInterpolateOptions(QCommandLineParser& parser);
void readInterpolateOptions(const QCommandLineParser& parser, CliRequest& request);
void addTraverseOptions(QCommandLineParser& parser);
void readTraverseOptions(const QCommandLineParser& parser, CliRequest& request);
void addMapOptions(QCommandLineParser& parser);
void readMapOptions(const QCommandLineParser& parser, CliRequest& request);

}  // namespace latentlab
