#include "app/workspace/comparison_worker.h"

#include "app/inference/tensor_frames.h"
#include "app/runs/run_folder.h"
#include "app/workspace/comparison_table.h"
#include "app/workspace/saved_comparison.h"

#include "model/base/error.h"
#include "model/compare/decoder_comparison.h"
#include "model/data/data_shape.h"
#include "model/data/dataset.h"
#include "model/measure/comparability.h"
#include "model/store/atomic_file.h"
#include "model/train/trainer.h"

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
    DecoderComparison comparison(base, *data_, request_.decoders.join(',').toStdString(), request_.iwSamples);
    const QString root = QDir(request_.folder).absolutePath();
    if (!QDir().mkpath(root)) throw Error("cannot create the folder " + root.toStdString());

    ComparisonPlan plan;
    for (int i = 0; i < comparison.size(); ++i) {
        plan.labels << QString::fromStdString(comparison.label(i));
        plan.runFolders << root + "/" + QString::fromStdString(comparison.folder_name(i));
    }
    plan.setup = comparisonSetupText(base, *data_, request_.iwSamples);
    plan.columns = comparisonReportColumns(request_.iwSamples);
    plan.explanation = QString::fromStdString(comparability_explained());
    Q_EMIT planned(plan);

    CsvWriter table(comparisonTableColumns());
    ComparisonHooks hooks;
    hooks.run_started = [this](int index, const Trainer&) { Q_EMIT runStarted(index); };
    hooks.run_hooks = [this, &plan](int index) {
        RunHooks run;
        run.save = [folder = plan.runFolders[index]](const Trainer& trainer, int64_t epochs,
                                                     const std::vector<StepStats>& reports) {
            RunFolder(folder).save(trainer, epochs, QVector<StepStats>(reports.begin(), reports.end()));
        };
        run.step_reported = [this, index](const StepStats& report) { Q_EMIT stepReported(index, report); };
        run.epoch_finished = [this, index](const EpochStats& stats) { Q_EMIT epochFinished(index, stats); };
        return run;
    };
    hooks.measuring = [this](int index, int percent) { Q_EMIT measuring(index, percent); };
    hooks.run_measured = [&](const ComparedRun& run) {
        writeComparisonTableRow(table, run.label, run.folder_name, run.metrics, run.config, run.same_batches_as_first);
        write_file_atomically((root + "/table.csv").toStdString(), table.text());
        ComparisonRow row;
        row.index = run.index;
        row.cells = comparisonReportRow(run.label, run.metrics, run.config);
        row.density = comparability(run.config).density;
        row.sameBatchesAsFirst = run.same_batches_as_first;
        const Frame originals = comparisonStrip(run.originals), mean = comparisonStrip(run.reconstructions),
                    sample = comparisonStrip(run.samples), prior = comparisonStrip(run.prior);
        // Saved as the CLI saves them, with the shared settings: File > Open
        // Comparison… shows the folder again as it was.
        const QString name = QString::fromStdString(run.folder_name);
        if (run.index == 0 || !QFileInfo::exists(comparisonSetupPath(root))) {
            QDir().mkpath(root + "/images");
            write_file_atomically(comparisonSetupPath(root).toStdString(), plan.setup.toStdString());
            write_png(comparisonPicturePath(root, QStringLiteral("originals")).toStdString(), originals);
        }
        write_png(comparisonPicturePath(root, name + "-mean").toStdString(), mean);
        write_png(comparisonPicturePath(root, name + "-sample").toStdString(), sample);
        write_png(comparisonPicturePath(root, name + "-prior").toStdString(), prior);
        row.originals = imageFromFrame(originals);
        row.reconstructions = imageFromFrame(mean);
        row.samples = imageFromFrame(sample);
        row.prior = imageFromFrame(prior);
        row.tableCsv = QString::fromStdString(table.text());
        Q_EMIT rowReady(row);
    };
    // A stop leaves the run under way with its last finished epoch.
    const ComparisonOutcome outcome = comparison.run(*control_, hooks);
    // Stopped before any run saved an epoch: no empty folder is left behind.
    if (QDir(root).isEmpty()) QDir().rmdir(root);
    if (outcome.outcome.end == RunEnd::NotSaved) throw Error(outcome.outcome.save_error);
}

}  // namespace latentlab
