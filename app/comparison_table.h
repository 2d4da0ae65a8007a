#pragma once

// The pieces of a decoder comparison that the CLI (`latentlab-cli compare`)
// and the window's Compare tab both write, in one place so their tables,
// reports and pictures are the same: the table.csv columns and rows, the
// report's columns, rows and setup paragraph, the picture strips, and the
// hash that shows two runs saw the same batches.

#include "model/csv_writer.h"
#include "model/dataset.h"
#include "model/image_export.h"
#include "model/run_config.h"
#include "model/run_metrics.h"

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

// FNV-1a over the batches' rows and z noise of a run, fed by the trainer's
// batch observer: equal values show two runs saw the same batches.
class BatchHash {
public:
    void add(const torch::Tensor& tensor);
    uint64_t value() const { return hash_; }

private:
    uint64_t hash_ = 0xCBF29CE484222325ULL;
};

}  // namespace latentlab
