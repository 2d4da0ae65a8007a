#pragma once

// The options of the CLI's dataset-inspection commands (encode, score,
// sample, reconstruct, outliers, duplicates), for cli_options.cpp's table.

#include "app/cli/cli_options.h"

#include <QCommandLineParser>

namespace latentlab {

void addEncodeOptions(QCommandLineParser& parser);
void readEncodeOptions(const QCommandLineParser& parser, CliRequest& request);
void addScoreOptions(QCommandLineParser& parser);
void readScoreOptions(const QCommandLineParser& parser, CliRequest& request);
void addSampleOptions(QCommandLineParser& parser);
void readSampleOptions(const QCommandLineParser& parser, CliRequest& request);
void addReconstructOptions(QCommandLineParser& parser);
void readReconstructOptions(const QCommandLineParser& parser, CliRequest& request);
void addOutliersOptions(QCommandLineParser& parser);
void readOutliersOptions(const QCommandLineParser& parser, CliRequest& request);
void addDuplicatesOptions(QCommandLineParser& parser);
void readDuplicatesOptions(const QCommandLineParser& parser, CliRequest& request);

}  // namespace latentlab
