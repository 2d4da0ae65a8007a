#pragma once

#include "app/cli/cli_options.h"

namespace latentlab {

// Each returns the process exit status: 0 on success, 1 when the work fails
// (a missing folder, a damaged checkpoint, a NaN), and prints one line per
// problem to stderr.
int runTrain(const CliRequest& request);
int runEval(const CliRequest& request);
int runResume(const CliRequest& request);
int runExport(const CliRequest& request);
int runImport(const CliRequest& request);
// import --torchscript (cli_torchscript_import.cpp).
int runImportTorchScript(const CliRequest& request);
// The explorer's pictures (cli_explore.cpp).
int runInterpolate(const CliRequest& request);
int runTraverse(const CliRequest& request);
int runMap(const CliRequest& request);
// Matched runs of 2 to 7 decoders and their report (cli_compare.cpp).
int runCompare(const CliRequest& request);
// Dataset inspection (cli_inspect.cpp).
int runEncode(const CliRequest& request);
int runScore(const CliRequest& request);
int runSample(const CliRequest& request);
int runReconstruct(const CliRequest& request);
int runOutliers(const CliRequest& request);
int runDuplicates(const CliRequest& request);

}  // namespace latentlab
