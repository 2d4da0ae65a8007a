#pragma once

// The pieces of a decoder comparison that the CLI (`latentlab-cli compare`)
// and the window's Compare tab both write, in one place so their tables,
// reports and pictures are the same: the table.csv columns and rows, the
// report's columns, rows and setup paragraph, and the picture strips.

#include "model/base/run_config.h"
#include "model/data/dataset.h"
#include "model/data/image_export.h"
#include "model/measure/run_metrics.h"
#include "model/store/csv_writer.h"

#include <torch/torch.h>

#include <QImage>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

// table.csv: decoder, folder, the metrics columns, same_batches_as_first.
std::vector<std::string> comparisonTableColumns();
void writeComparisonTableRow(CsvWriter& table, const std::string& label, const std::string& folderName,
                             const RunMetrics& metrics, const RunConfig& config, bool sameBatchesAsFirst);

// The report's (and the window's) table: headers with units, rounded cells,
// the comparability note last.
QStringList comparisonReportColumns(int64_t iwSamples);
QStringList comparisonReportRow(const std::string& label, const RunMetrics& metrics, const RunConfig& config);
// The shared settings of the runs, one paragraph.
QString comparisonSetupText(const RunConfig& base, const Dataset& data, int64_t iwSamples);

// A row of images [N, C, H, W] in [0, 1] as one strip, each image enlarged
// three times (for the report and the PNG files).
Frame comparisonStrip(const torch::Tensor& images);

}  // namespace latentlab
