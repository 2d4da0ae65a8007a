// latentlab-cli compare: 2 to 7 decoders trained as matched runs, one after
// another, each into its own run folder under --out (each opens on its own
// with File > Open Run); then table.csv, the pictures and the report.

#include "app/cli_commands.h"
#include "app/cli_support.h"
#include "app/comparison_table.h"

#include "model/atomic_file.h"
#include "model/comparability.h"
#include "model/comparison_pictures.h"
#include "model/csv_writer.h"
#include "model/data_shape.h"
#include "model/matched_runs.h"
#include "model/run_metrics.h"
#include "model/threads.h"
#include "app/report/comparison_report.h"
#include "app/report/curves_picture.h"

#include <QDir>
#include <QRegularExpression>

#include <cmath>
#include <cstdio>

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
        const auto decoders = parse_decoder_choices(request.decoders.toStdString(), base.model);
        const auto out = makeFolder(request.outDir);
        makeFolder(QString::fromStdString(out + "/images"));
        std::printf("comparing %zu decoders as matched runs in %s\n", decoders.size(), out.c_str());

        // The pictures' inputs, the same for every decoder.
        const int64_t shown = std::min<int64_t>(8, data.test.size());
        auto generator = at::detail::createCPUGenerator(base.train.seed);
        const auto priorZ = torch::randn({shown, base.model.latent}, generator);

        CsvWriter table(comparisonTableColumns());
        ComparisonReport report;
        report.title = "Decoder comparison";
        report.setup = comparisonSetupText(base, data, request.iwSamples);
        report.columns = comparisonReportColumns(request.iwSamples);
        report.explanation = QString::fromStdString(comparability_explained());
        QVector<ComparisonReport::Picture> decoderPictures;
        QVector<CurveOfRun> curves;

        MatchedRuns runs(base, decoders);
        uint64_t firstHash = 0;
        for (int i = 0; i < runs.size(); ++i) {
            const auto label = decoder_label(runs.decoder(i));
            const auto name = decoder_folder_name(runs.decoder(i), i + 1);
            std::printf("\nrun %d of %d: %s\n", i + 1, runs.size(), label.c_str());
            auto trainer = runs.make_trainer(i);
            printModel(*trainer);
            BatchHash batches;
            trainer->set_batch_observer([&batches](const torch::Tensor& rows, const torch::Tensor& noise) {
                batches.add(rows);
                batches.add(noise);
            });
            const int status = trainEpochs(*trainer, data, base.train.epochs, makeFolder(QString::fromStdString(out + "/" + name)));
            if (status != 0) return status;
            if (i == 0) firstHash = batches.value();

            const auto& config = trainer->config();
            const auto& testImages = trainer->test_images(data);
            RunMetrics metrics;
            {
                const PoolThreadsScope pool(compute_threads(config.train.threads));
                int lastPercent = -1;
                const auto progress = [&](int64_t done, int64_t total) {
                    const int percent = static_cast<int>(100 * done / std::max<int64_t>(total, 1));
                    if (percent / 10 != lastPercent / 10) std::fprintf(stderr, "\rimportance sampling: %d%%", percent);
                    lastPercent = percent;
                    return !g_stopRequested.load();
                };
                metrics = measure_run(trainer->model(), config, testImages, trainer->device(), request.iwSamples,
                                      training_seconds(trainer->history()), progress);
                if (lastPercent >= 0) std::fprintf(stderr, "\n");
            }
            std::printf("%s: test -ELBO %.2f, -log p(x) %.2f, bits/dim %s, MSE %.5f, SSIM %.4f, %lld of %lld active units\n",
                        label.c_str(), -metrics.test.elbo, -metrics.log_px,
                        fixed(metrics.bits_per_dim, 3).toUtf8().constData(), metrics.mse, metrics.ssim,
                        static_cast<long long>(metrics.active_units), static_cast<long long>(metrics.latent));
            writeComparisonTableRow(table, label, name, metrics, config, batches.value() == firstHash);
            report.rows.append(comparisonReportRow(label, metrics, config));
            CurveOfRun curve{QString::fromStdString(label), {}};
            for (const auto& epoch : trainer->history()) curve.values.append(epoch.test.loss.elbo);
            curves.append(curve);

            const auto shownImages = to_unit_float(testImages.slice(0, 0, shown), torch::kCPU);
            if (i == 0) {
                const auto originals = comparisonStrip(shownImages);
                write_png(out + "/images/originals.png", originals);
                report.pictures.append({"Test images (as the runs saw them)", imageFromFrame(originals)});
            }
            const auto pictures = comparison_pictures(trainer->model(), shownImages, priorZ, base.train.seed);
            const auto mean = comparisonStrip(pictures.reconstructions), sample = comparisonStrip(pictures.samples),
                       prior = comparisonStrip(pictures.prior);
            write_png(out + "/images/" + name + "-mean.png", mean);
            write_png(out + "/images/" + name + "-sample.png", sample);
            write_png(out + "/images/" + name + "-prior.png", prior);
            const QString qlabel = QString::fromStdString(label);
            report.pictures.append({qlabel + ": mean reconstruction E[x|z], z = E[z|x]", imageFromFrame(mean)});
            report.pictures.append({qlabel + ": a sample of p(x|z) at the same z", imageFromFrame(sample)});
            decoderPictures.append({qlabel + ": mean images of 8 prior draws of z (the same z for every decoder)",
                                    imageFromFrame(prior)});
        }
        const QString folder = QString::fromStdString(out);
        report.pictures += decoderPictures;
        // The curves first: the likelihoods' nats are on different scales, so each run is
        // drawn on its own range.
        const QImage curvesImage = curvesPicture(
            curves, "test ELBO per epoch, each run normalised to its own range (0: its lowest, 1: its highest)", 720,
            360);
        if (!curvesImage.save(folder + "/images/curves.png")) throw Error("cannot write " + out + "/images/curves.png");
        report.pictures.prepend({"Test ELBO per epoch of every run, normalised per run", curvesImage});
        write_file_atomically(out + "/table.csv", table.text());
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
