#include "app/workspace/comparison_table.h"

#include "app/inference/tensor_frames.h"

#include "model/measure/comparability.h"

#include <QRegularExpression>

#include <cmath>

namespace latentlab {

namespace {

constexpr int kStripScale = 3;  // 28-pixel images become 84

QString fixed(double value, int decimals) {
    return std::isfinite(value) ? QString::number(value, 'f', decimals) : QString::fromUtf8("—");
}

}  // namespace

std::vector<std::string> comparisonTableColumns() {
    std::vector<std::string> columns{"decoder", "folder"};
    for (const auto& column : metrics_columns()) columns.push_back(column);
    columns.push_back("same_batches_as_first");
    return columns;
}

void writeComparisonTableRow(CsvWriter& table, const std::string& label, const std::string& folderName,
                             const RunMetrics& metrics, const RunConfig& config, bool sameBatchesAsFirst) {
    table << label << folderName;
    write_metrics_row(table, metrics, config);
    table << std::string(sameBatchesAsFirst ? "yes" : "no");
    table.end_row();
}

QStringList comparisonReportColumns(int64_t iwSamples) {
    return {"decoder", "test ELBO (nats)", "reconstruction (nats)", "KL (nats)",
            QString("log p(x) (nats, K = %1)").arg(iwSamples), "bits/dim ([0, 256))", "MSE (per pixel)",
            "SSIM", "active units", "training time (s)", "what compares"};
}

QStringList comparisonReportRow(const std::string& label, const RunMetrics& m, const RunConfig& config) {
    return {QString::fromStdString(label), fixed(m.test.elbo, 2), fixed(m.test.recon, 2), fixed(m.test.kl, 2),
            fixed(m.log_px, 2), fixed(m.bits_per_dim, 3), fixed(m.mse, 5), fixed(m.ssim, 4),
            QString("%1 of %2").arg(m.active_units).arg(m.latent), fixed(m.train_seconds, 1),
            QString::fromStdString(comparability(config).note)};
}

QString comparisonSetupText(const RunConfig& base, const Dataset& data, int64_t iwSamples) {
    return QString("Matched runs on %1 (%2 train, %3 test images): %4; %5 epochs, batch %6, learning rate %7, "
                   "seed %8, the same initial weights of every shared layer, the same batches and noise of z; "
                   "%9. log p(x) by importance sampling with K = %10 on every test image. Nats per image.")
        .arg(QString::fromStdString(data.name))
        .arg(data.train.size())
        .arg(data.test.size())
        .arg(QString::fromStdString(describe(base.model)).replace(QRegularExpression(", [a-z-]+ decoder.*?(,|$)"), "\\1"))
        .arg(base.train.epochs)
        .arg(base.train.batch_size)
        .arg(base.train.learning_rate)
        .arg(base.train.seed)
        .arg(base.data.dequantize ? "pixels dequantized (uniform noise of one grey level, new each epoch)"
                                  : "pixels not dequantized (k/255)")
        .arg(iwSamples);
}

Frame comparisonStrip(const torch::Tensor& images) {
    const auto frames = toFrames(images);
    return tile_frames(frames, static_cast<int>(frames.size()), kStripScale, 2);
}

}  // namespace latentlab
