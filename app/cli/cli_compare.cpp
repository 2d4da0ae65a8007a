// latentlab-cli compare: 2 to 7 decoders trained as matched runs, one after
// another, each into its own run folder under --out (each opens on its own
// with File > Open Run); then table.csv, the pictures and the report.

#include "app/cli/cli_commands.h"
#include "app/cli/cli_support.h"
#include "app/runs/run_folder.h"
#include "app/workspace/comparison_table.h"
#include "app/workspace/saved_comparison.h"

#include "app/report/comparison_report.h"
#include "app/report/curves_picture.h"
#include "model/base/threads.h"
#include "model/compare/decoder_comparison.h"
#include "model/data/data_shape.h"
#include "model/measure/comparability.h"
#include "model/measure/comparison_pictures.h"
#include "model/measure/run_metrics.h"
#include "model/store/atomic_file.h"
#include "model/store/csv_writer.h"

#include <QDir>
#include <QRegularExpression>

#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

namespace latentlab {

namespace {

QString fixed(double value, int decimals) {
    return std::isfinite(value) ? QString::number(value, 'f', decimals) : QString::fromUtf8("—");
}

}  // namespace

int runCompare(const CliRequest& request) {
    return reportingErrors([&] {
        RunConfig base = request.config;
        const auto data = loadCliDataset(base.data);
        shape_model_by(data, base);
        base.data.size = data.height;  // the number, when the folder's own size was asked for
        DecoderComparison comparison(base, data, request.decoders.toStdString(), request.iwSamples);
        const auto out = makeFolder(request.outDir);
        makeFolder(QString::fromStdString(out + "/images"));
        std::printf("comparing %d decoders as matched runs in %s\n", comparison.size(), out.c_str());

        CsvWriter table(comparisonTableColumns());
        ComparisonReport report;
        report.title = "Decoder comparison";
        report.setup = comparisonSetupText(base, data, request.iwSamples);
        report.columns = comparisonReportColumns(request.iwSamples);
        report.explanation = QString::fromStdString(comparability_explained());
        QVector<ComparisonReport::Picture> decoderPictures;
        QVector<CurveOfRun> curves;

        stopOnSignals();
        RunControl control;
        std::vector<std::unique_ptr<RunFolder>> folders;
        ComparisonHooks hooks;
        hooks.run_started = [&](int index, const Trainer& trainer) {
            std::printf("\nrun %d of %d: %s\n", index + 1, comparison.size(), comparison.label(index).c_str());
            printModel(trainer);
            folders.push_back(std::make_unique<RunFolder>(
                QString::fromStdString(makeFolder(QString::fromStdString(out + "/" + comparison.folder_name(index))))));
            startRunFolder(trainer, base.train.epochs, *folders.back());
        };
        hooks.run_hooks = [&](int) { return cliRunHooks(*folders.back(), base.train.epochs, control); };
        int lastPercent = -1;
        hooks.measuring = [&](int, int percent) {
            if (percent / 10 != lastPercent / 10) std::fprintf(stderr, "\rimportance sampling: %d%%", percent);
            lastPercent = percent;
            if (g_stopRequested.load()) control.requestStop();
        };
        hooks.run_measured = [&](const ComparedRun& run) {
            if (lastPercent >= 0) std::fprintf(stderr, "\n");
            lastPercent = -1;
            const RunMetrics& metrics = run.metrics;
            std::printf("%s: test -ELBO %.2f, -log p(x) %.2f, bits/dim %s, MSE %.5f, SSIM %.4f, %lld of %lld active "
                        "units\n",
                        run.label.c_str(), -metrics.test.elbo, -metrics.log_px,
                        fixed(metrics.bits_per_dim, 3).toUtf8().constData(), metrics.mse, metrics.ssim,
                        static_cast<long long>(metrics.active_units), static_cast<long long>(metrics.latent));
            writeComparisonTableRow(table, run.label, run.folder_name, metrics, run.config, run.same_batches_as_first);
            report.rows.append(comparisonReportRow(run.label, metrics, run.config));
            CurveOfRun curve{QString::fromStdString(run.label), {}};
            for (const auto& epoch : run.history) curve.values.append(epoch.test.loss.elbo);
            curves.append(curve);

            if (run.index == 0) {
                const auto originals = comparisonStrip(run.originals);
                write_png(out + "/images/originals.png", originals);
                report.pictures.append({"Test images (as the runs saw them)", imageFromFrame(originals)});
            }
            const auto mean = comparisonStrip(run.reconstructions), sample = comparisonStrip(run.samples),
                       prior = comparisonStrip(run.prior);
            const std::string name = run.folder_name;
            write_png(out + "/images/" + name + "-mean.png", mean);
            write_png(out + "/images/" + name + "-sample.png", sample);
            write_png(out + "/images/" + name + "-prior.png", prior);
            const QString qlabel = QString::fromStdString(run.label);
            report.pictures.append({qlabel + ": mean reconstruction E[x|z], z = E[z|x]", imageFromFrame(mean)});
            report.pictures.append({qlabel + ": a sample of p(x|z) at the same z", imageFromFrame(sample)});
            decoderPictures.append({qlabel + ": mean images of 8 prior draws of z (the same z for every decoder)",
                                    imageFromFrame(prior)});
        };
        const ComparisonOutcome outcome = comparison.run(control, hooks);
        if (!outcome.complete()) {
            reportUnfinished(outcome.outcome, folders.back()->path().toStdString(), 0);
            return 1;
        }

        const QString folder = QString::fromStdString(out);
        report.pictures += decoderPictures;
        // The curves first: the likelihoods' nats are on different scales, so each run is
        // drawn on its own range (unless that would make them one line).
        const QImage curvesImage = curvesPicture(curves, "test ELBO per epoch", 720, 360);
        if (!curvesImage.save(folder + "/images/curves.png")) throw Error("cannot write " + out + "/images/curves.png");
        report.pictures.prepend({"Test ELBO per epoch of every run", curvesImage});
        write_file_atomically(out + "/table.csv", table.text());
        // The shared settings beside the table: the Compare tab reopens the folder with them.
        write_file_atomically(comparisonSetupPath(folder).toStdString(), report.setup.toStdString());
        try {
            writeComparisonReportHtml(report, folder + "/report.html");
            writeComparisonReportPdf(report, folder + "/report.pdf");
        } catch (const std::runtime_error& e) {
            throw Error(e.what());
        }
        std::printf("\nwrote %s/table.csv, report.html, report.pdf and images/\n", out.c_str());
        return 0;
    });
}

}  // namespace latentlab
