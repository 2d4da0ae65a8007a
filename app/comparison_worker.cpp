#include "app/comparison_worker.h"

#include "app/comparison_table.h"
#include "app/run_folder.h"
#include "app/tensor_frames.h"
#include "app/training_worker.h"

#include "model/atomic_file.h"
#include "model/comparability.h"
#include "model/comparison_pictures.h"
#include "model/data_shape.h"
#include "model/dataset.h"
#include "model/error.h"
#include "model/matched_runs.h"
#include "model/run_metrics.h"
#include "model/threads.h"
#include "model/trainer.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <exception>
#include <utility>

namespace latentlab {

ComparisonWorker::ComparisonWorker(std::shared_ptr<const Dataset> data, ComparisonRequest request,
                                   std::shared_ptr<RunControl> control)
    : data_(std::move(data)), request_(std::move(request)), control_(std::move(control)) {}

void ComparisonWorker::run() {
    try {
        compare();
    } catch (...) {
        // A stop during the estimate of log p(x) cancels it: not an error.
        if (!control_->stopRequested())
            Q_EMIT failed(QString::fromStdString(user_message(std::current_exception(), "comparing the decoders")));
    }
    Q_EMIT done();
}

void ComparisonWorker::compare() {
    RunConfig base = request_.base;
    record_data(*data_, base);
    const auto decoders = parse_decoder_choices(request_.decoders.join(',').toStdString(), base.model);
    const QString root = QDir(request_.folder).absolutePath();
    if (!QDir().mkpath(root)) throw Error("cannot create the folder " + root.toStdString());

    MatchedRuns runs(base, decoders);
    ComparisonPlan plan;
    for (int i = 0; i < runs.size(); ++i) {
        plan.labels << QString::fromStdString(decoder_label(runs.decoder(i)));
        plan.runFolders << root + "/" + QString::fromStdString(decoder_folder_name(runs.decoder(i), i + 1));
    }
    plan.setup = comparisonSetupText(base, *data_, request_.iwSamples);
    plan.columns = comparisonReportColumns(request_.iwSamples);
    plan.explanation = QString::fromStdString(comparability_explained());
    Q_EMIT planned(plan);

    // The pictures' inputs, the same for every decoder (as the CLI draws them).
    const int64_t shown = std::min<int64_t>(8, data_->test.size());
    auto generator = at::detail::createCPUGenerator(base.train.seed);
    const auto priorZ = torch::randn({shown, base.model.latent}, generator);
    CsvWriter table(comparisonTableColumns());
    uint64_t firstHash = 0;

    for (int i = 0; i < runs.size(); ++i) {
        Q_EMIT runStarted(i);
        const QString folder = plan.runFolders[i];
        auto trainer = runs.make_trainer(i);
        BatchHash batches;
        trainer->set_batch_observer([&batches](const torch::Tensor& rows, const torch::Tensor& noise) {
            batches.add(rows);
            batches.add(noise);
        });
        QVector<StepStats> steps;
        const StepCallback onStep = [&](const StepStats& stats) {
            if (stats.step % kStepReportInterval != 0 && stats.step_in_epoch != stats.steps_per_epoch) return;
            steps.append(stats);
            Q_EMIT stepReported(i, stats);
        };
        const RunFolder runFolder(folder);
        while (trainer->epoch() < base.train.epochs) {
            const auto stats = trainer->train_epoch(*data_, onStep, 1, control_->stopFlag());
            if (!stats) return;  // stopped: the folder keeps the last finished epoch
            // Made only now, as TrainingWorker does: a run stopped in its first epoch leaves no empty folder.
            if (!QDir().mkpath(folder)) throw Error("cannot create the folder " + folder.toStdString());
            runFolder.save(*trainer, base.train.epochs, steps);
            Q_EMIT epochFinished(i, *stats);
        }
        if (i == 0) firstHash = batches.value();

        const auto& config = trainer->config();
        const auto& testImages = trainer->test_images(*data_);
        RunMetrics metrics;
        {
            const PoolThreadsScope pool(compute_threads(config.train.threads));
            int lastPercent = -1;
            const auto progress = [&](int64_t done, int64_t total) {
                const int percent = static_cast<int>(100 * done / std::max<int64_t>(total, 1));
                if (percent != lastPercent) Q_EMIT measuring(i, percent);
                lastPercent = percent;
                return !control_->stopRequested();
            };
            metrics = measure_run(trainer->model(), config, testImages, trainer->device(), request_.iwSamples,
                                  training_seconds(trainer->history()), progress);
        }
        const std::string label = plan.labels[i].toStdString();
        const std::string name = QFileInfo(folder).fileName().toStdString();
        const bool sameBatches = batches.value() == firstHash;
        writeComparisonTableRow(table, label, name, metrics, config, sameBatches);
        write_file_atomically((root + "/table.csv").toStdString(), table.text());

        ComparisonRow row;
        row.index = i;
        row.cells = comparisonReportRow(label, metrics, config);
        row.density = comparability(config).density;
        row.sameBatchesAsFirst = sameBatches;
        const auto shownImages = to_unit_float(testImages.slice(0, 0, shown), torch::kCPU);
        const auto pictures = comparison_pictures(trainer->model(), shownImages, priorZ, base.train.seed);
        row.originals = imageFromFrame(comparisonStrip(shownImages));
        row.reconstructions = imageFromFrame(comparisonStrip(pictures.reconstructions));
        row.samples = imageFromFrame(comparisonStrip(pictures.samples));
        row.prior = imageFromFrame(comparisonStrip(pictures.prior));
        row.tableCsv = QString::fromStdString(table.text());
        Q_EMIT rowReady(row);
    }
}

}  // namespace latentlab
