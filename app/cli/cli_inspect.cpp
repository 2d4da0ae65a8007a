// latentlab-cli encode, score, sample, reconstruct, outliers and duplicates:
// dataset inspection without a window, computed as the Inspect tab computes it.

#include "app/cli/cli_commands.h"
#include "app/cli/cli_support.h"

#include "model/base/threads.h"
#include "model/data/image_export.h"
#include "model/explore/latent_explorer.h"
#include "model/inspect/error_heatmap.h"
#include "model/inspect/image_scores.h"
#include "model/inspect/near_duplicates.h"
#include "model/inspect/scores_file.h"
#include "model/store/atomic_file.h"
#include "model/store/csv_writer.h"
#include "model/store/npy_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <unistd.h>
#include <numeric>

namespace latentlab {

namespace {

struct Inspected {
    SnapshotPtr snapshot;
    Dataset data;
};

// The checkpoint's model and the data set (the run's own unless --data),
// decoded at the model's image size and channels.
Inspected open(const CliRequest& request) {
    Inspected e;
    e.snapshot = load_snapshot(request.checkpoint.toStdString(), "");
    const VaeConfig& model = e.snapshot->config.model;
    std::printf("model: epoch %lld of %s (%s)\n", static_cast<long long>(e.snapshot->epoch),
                request.checkpoint.toUtf8().constData(), describe(model).c_str());
    DataConfig config = e.snapshot->config.data;
    if (!request.data.isEmpty()) config.spec = request.data.toStdString();
    config.size = model.width;
    config.channels = model.channels;
    e.data = loadCliDataset(config);
    checkImageShape(e.data, model);
    return e;
}

// Progress of a long pass on stderr, in tenths.
ScoreProgress printedProgress(const char* what) {
    return [what, last = -1](int64_t done, int64_t total) mutable {
        const int tenth = total > 0 ? static_cast<int>(10 * done / total) : 10;
        if (tenth != last) std::fprintf(stderr, "\r%s: %d%%", what, tenth * 10);
        if (done == total) std::fprintf(stderr, "\n");
        last = tenth;
    };
}

DatasetScores scoreAll(const Inspected& e, int64_t iwSamples, uint64_t seed) {
    ScoreOptions options;
    options.iw_samples = iwSamples;
    options.seed = seed;
    auto scores = score_dataset(*e.snapshot, e.data, options, printedProgress("scoring"));
    if (!scores) throw Error("scoring was cancelled");
    return std::move(*scores);
}

// How a row is named in file names: the file's name, or split and IDX index.
std::string rowName(const DatasetScores& d, int64_t row) {
    const auto r = static_cast<size_t>(row);
    if (!d.file[r].empty()) return QFileInfo(QString::fromStdString(d.file[r])).completeBaseName().toStdString();
    return std::string(d.test[r] ? "test" : "train") + "-" + std::to_string(d.index[r]);
}

// The columns that say where each row's image is.
void writeWhere(CsvWriter& csv, const DatasetScores& d, int64_t row) {
    const auto r = static_cast<size_t>(row);
    const int64_t label = d.label[r];
    csv << std::string(d.test[r] ? "test" : "train") << d.index[r] << d.file[r]
        << (label >= 0 && label < static_cast<int64_t>(d.class_names.size()) ? d.class_names[static_cast<size_t>(label)]
                                                                             : std::string());
}

Frame frameOf(const torch::Tensor& bytes) {  // uint8 [C, H, W]
    const auto hwc = bytes.permute({1, 2, 0}).contiguous();
    Frame f;
    f.height = static_cast<int>(hwc.size(0));
    f.width = static_cast<int>(hwc.size(1));
    f.channels = static_cast<int>(hwc.size(2));
    f.pixels.assign(hwc.data_ptr<uint8_t>(), hwc.data_ptr<uint8_t>() + hwc.numel());
    return f;
}

std::string padded(int64_t value, int width) {
    std::string text = std::to_string(value);
    return std::string(static_cast<size_t>(std::max<int>(0, width - static_cast<int>(text.size()))), '0') + text;
}

}  // namespace

int runEncode(const CliRequest& request) {
    return reportingErrors([&] {
        const PoolThreadsScope pool(default_compute_threads());
        const Inspected e = open(request);
        const auto images = all_images(e.data);
        torch::Tensor codes;
        if (!request.sample) {
            codes = encode_means(*e.snapshot, *images, printedProgress("encoding"));
        } else {
            // One draw of q(z|x) per image: mean + sd * noise, the noise seeded.
            auto generator = at::detail::createCPUGenerator(static_cast<uint64_t>(request.seed));
            std::vector<torch::Tensor> draws;
            for (int64_t begin = 0; begin < images->size(); begin += 1000) {
                const auto q = encode_images(*e.snapshot, images->range(begin, begin + 1000));
                const auto noise = torch::randn(q.mean.sizes(), generator).to(q.mean.device());
                draws.push_back((q.mean + (0.5 * q.log_var).exp() * noise).to(torch::kCPU, torch::kFloat));
            }
            codes = draws.empty() ? torch::empty({0, e.snapshot->config.model.latent}) : torch::cat(draws);
        }
        codes = codes.to(torch::kFloat).contiguous();
        const DatasetScores rows = dataset_rows(e.data);
        const int64_t latent = codes.size(1);
        const std::string out = request.out.toStdString();
        std::vector<std::string> columns = {"split", "index", "file", "class"};
        if (request.out.endsWith(".npy", Qt::CaseInsensitive)) {
            NpyMatrix m;
            m.rows = codes.size(0), m.cols = latent;
            m.values.assign(codes.data_ptr<float>(), codes.data_ptr<float>() + codes.numel());
            write_npy(out, m);
            CsvWriter csv({"row", "split", "index", "file", "class"});
            for (int64_t r = 0; r < static_cast<int64_t>(rows.index.size()); ++r) {
                csv << r;
                writeWhere(csv, rows, r);
                csv.end_row();
            }
            const std::string names = out.substr(0, out.size() - 4) + ".rows.csv";
            write_file_atomically(names, csv.text());
            std::printf("wrote %lld x %lld %s to %s (rows named in %s)\n", static_cast<long long>(m.rows),
                        static_cast<long long>(m.cols), request.sample ? "samples" : "posterior means", out.c_str(),
                        names.c_str());
        } else {
            for (int64_t k = 0; k < latent; ++k) columns.push_back("z" + std::to_string(k));
            CsvWriter csv(columns);
            const float* z = codes.data_ptr<float>();
            for (int64_t r = 0; r < codes.size(0); ++r) {
                writeWhere(csv, rows, r);
                for (int64_t k = 0; k < latent; ++k) csv << static_cast<double>(z[r * latent + k]);
                csv.end_row();
            }
            write_file_atomically(out, csv.text());
            std::printf("wrote %lld %s to %s\n", static_cast<long long>(codes.size(0)),
                        request.sample ? "samples of q(z|x)" : "posterior means", out.c_str());
        }
        return 0;
    });
}

int runScore(const CliRequest& request) {
    return reportingErrors([&] {
        const PoolThreadsScope pool(default_compute_threads());
        const Inspected e = open(request);
        // Rows go to OUT.partial as each batch is scored, so a scoring of a
        // large folder that is stopped keeps what it finished; the finished
        // file is renamed over OUT, which is never seen half written.
        const std::string out = request.out.toStdString();
        const std::string partial = out + ".partial";
        DatasetScores where = dataset_rows(e.data);
        where.epoch = e.snapshot->epoch;
        where.step = e.snapshot->step;
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(partial.c_str(), "wb"), &std::fclose);
        const auto write = [&](const std::string& text) {
            if (!file || std::fwrite(text.data(), 1, text.size(), file.get()) != text.size() || std::fflush(file.get()) != 0)
                throw Error("Cannot write " + partial + ": " + std::strerror(errno));
        };
        write(scores_csv_header(e.snapshot->config.model.latent, request.iwSamples > 0));
        int64_t written = 0;
        ScoreOptions options;
        options.iw_samples = request.iwSamples;
        options.seed = static_cast<uint64_t>(request.seed);
        options.on_batch = [&](const ImageScores& so_far, const torch::Tensor& means) {
            write(scores_csv_rows(where, so_far, means, written, so_far.size()));
            written = so_far.size();
        };
        stopOnSignals();
        auto scored = score_images(*e.snapshot, *all_images(e.data), options, printedProgress("scoring"), &g_stopRequested);
        if (!scored) {
            std::fprintf(stderr, "\nstopped after %lld of %lld images: their scores are in %s (a scoring that "
                                 "finishes writes %s)\n",
                         static_cast<long long>(written), static_cast<long long>(where.test.size()),
                         partial.c_str(), out.c_str());
            return 1;
        }
        if (::fsync(fileno(file.get())) != 0 || std::fclose(file.release()) != 0 ||
            std::rename(partial.c_str(), out.c_str()) != 0)
            throw Error("Cannot write " + out + ": " + std::strerror(errno));
        // The rows' where-columns are those written; a million paths are not copied again.
        DatasetScores d = std::move(where);
        d.data = e.data.name;
        d.scores = std::move(*scored);
        const auto mean = [](const std::vector<double>& v) {
            return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
        };
        std::printf("scored %lld images: mean ELBO %.2f nats (recon %.2f, KL %.2f), MSE %.5f", static_cast<long long>(d.size()),
                    mean(d.scores.elbo), mean(d.scores.recon), mean(d.scores.kl), mean(d.scores.mse));
        if (!d.scores.log_px.empty()) std::printf(", log p(x) %.2f (K = %lld)", mean(d.scores.log_px), static_cast<long long>(request.iwSamples));
        std::printf("\nwrote %s\n", request.out.toUtf8().constData());
        if (e.snapshot->config.data.dequantize)
            std::printf("note: these score the stored k/255 pixels; the run trained on dequantized pixels, and eval "
                        "and history.csv use a dequantized copy of the test images, so their figures differ\n");
        return 0;
    });
}

int runSample(const CliRequest& request) {
    return reportingErrors([&] {
        const PoolThreadsScope pool(default_compute_threads());
        const auto snapshot = load_snapshot(request.checkpoint.toStdString(), "");
        makeFolder(request.out);
        auto generator = at::detail::createCPUGenerator(static_cast<uint64_t>(request.seed));
        const auto codes = torch::randn({request.count, snapshot->config.model.latent}, generator);
        const auto images = to_bytes(decode_codes(*snapshot, codes, request.sample));
        for (int64_t i = 0; i < images.size(0); ++i)
            write_png((request.out + "/sample-" + QString::fromStdString(padded(i, 4)) + ".png").toStdString(),
                      frameOf(images[i]));
        std::printf("wrote %lld images from the prior to %s\n", static_cast<long long>(images.size(0)),
                    request.out.toUtf8().constData());
        return 0;
    });
}

int runReconstruct(const CliRequest& request) {
    return reportingErrors([&] {
        const PoolThreadsScope pool(default_compute_threads());
        const Inspected e = open(request);
        makeFolder(request.out);
        const DatasetScores rows = dataset_rows(e.data);
        const auto images = all_images(e.data);
        const int64_t count = request.count > 0 ? std::min(request.count, images->size()) : images->size();
        const auto report = printedProgress("reconstructing");
        for (int64_t begin = 0; begin < count; begin += 1000) {
            const auto batch = images->range(begin, std::min(count, begin + 1000)).cpu();
            const auto recon = decode_codes(*e.snapshot, encode_images(*e.snapshot, batch).mean, false);
            const auto recon_bytes = to_bytes(recon);
            for (int64_t i = 0; i < batch.size(0); ++i) {
                // Image | reconstruction | error map, as RGB when the error map joins.
                const std::vector<Frame> strip = {frameOf(batch[i]), frameOf(recon_bytes[i]),
                                                  frameOf(error_heatmap(batch[i], recon[i]))};
                const int64_t row = begin + i;
                const std::string name = padded(row, 6) + "_" + rowName(rows, row) + ".png";
                write_png((request.out + "/").toStdString() + name, tile_frames(strip, 3, 1, 1));
            }
            report(begin + batch.size(0), count);
        }
        std::printf("wrote %lld image | reconstruction | error strips to %s\n", static_cast<long long>(count),
                    request.out.toUtf8().constData());
        return 0;
    });
}

int runOutliers(const CliRequest& request) {
    return reportingErrors([&] {
        const PoolThreadsScope pool(default_compute_threads());
        const Inspected e = open(request);
        const DatasetScores d = scoreAll(e, request.iwSamples, static_cast<uint64_t>(request.seed));
        const std::vector<double>& values = request.rankBy == "log-px" ? d.scores.log_px
                                            : request.rankBy == "recon"  ? d.scores.recon
                                            : request.rankBy == "mse"    ? d.scores.mse
                                                                         : d.scores.elbo;
        // Lowest likelihood first; for the error, highest first.
        const double sign = request.rankBy == "mse" ? -1.0 : 1.0;
        std::vector<int64_t> order(static_cast<size_t>(d.size()));
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
            return sign * values[static_cast<size_t>(a)] < sign * values[static_cast<size_t>(b)];
        });
        order.resize(static_cast<size_t>(std::min<int64_t>(request.top, d.size())));
        makeFolder(request.out);
        CsvWriter csv({"rank", "split", "index", "file", "class", request.rankBy.toStdString(), "copy"});
        for (size_t rank = 0; rank < order.size(); ++rank) {
            const int64_t row = order[rank];
            const auto r = static_cast<size_t>(row);
            char score[32];
            std::snprintf(score, sizeof score, "%.4g", values[r]);
            const QString source = QString::fromStdString(d.file[r]);
            const QString suffix = source.isEmpty() ? "png" : QFileInfo(source).suffix();
            // "001_elbo=-599.4_test-12.png": '=' keeps a negative score's sign apart from the name.
            const QString name = QString("%1_%2=%3_%4.%5")
                                     .arg(QString::fromStdString(padded(static_cast<int64_t>(rank) + 1, 3)),
                                          request.rankBy, QString(score),
                                          QString::fromStdString(rowName(d, row)), suffix);
            const QString target = request.out + "/" + name;
            QFile::remove(target);
            if (source.isEmpty())
                write_png(target.toStdString(), frameOf(image_of(e.data, d, row)));
            else if (!QFile::copy(source, target))
                throw Error("cannot copy " + source.toStdString() + " to " + target.toStdString());
            csv << static_cast<int64_t>(rank) + 1;
            writeWhere(csv, d, row);
            csv << values[r] << name.toStdString();
            csv.end_row();
        }
        write_file_atomically((request.out + "/outliers.csv").toStdString(), csv.text());
        std::printf("copied the %zu least likely images by %s to %s (listed in outliers.csv)\n", order.size(),
                    request.rankBy.toUtf8().constData(), request.out.toUtf8().constData());
        return 0;
    });
}

int runDuplicates(const CliRequest& request) {
    return reportingErrors([&] {
        const PoolThreadsScope pool(default_compute_threads());
        const Inspected e = open(request);
        const DatasetScores rows = dataset_rows(e.data);
        const auto images = all_images(e.data);
        const auto means = encode_means(*e.snapshot, *images, printedProgress("encoding"));
        DuplicateOptions options;
        const auto neighbours = nearest_neighbours(means, means, options.candidates, true, printedProgress("neighbours"));
        options.latent_threshold =
            request.latentThreshold > 0.0 ? request.latentThreshold : 0.1 * latent_spread(means);
        options.pixel_threshold = request.pixelThreshold;
        const DuplicateGroups found = find_near_duplicates(neighbours, *images, options);
        std::vector<int64_t> groupOf(static_cast<size_t>(images->size()), -1);
        for (size_t g = 0; g < found.groups.size(); ++g)
            for (int64_t row : found.groups[g]) groupOf[static_cast<size_t>(row)] = static_cast<int64_t>(g) + 1;
        CsvWriter csv({"group", "split_a", "index_a", "file_a", "class_a", "split_b", "index_b", "file_b", "class_b",
                       "latent_distance", "pixel_rms"});
        for (const auto& pair : found.pairs) {
            csv << groupOf[static_cast<size_t>(pair.a)];
            writeWhere(csv, rows, pair.a);
            writeWhere(csv, rows, pair.b);
            csv << pair.latent << pair.pixel;
            csv.end_row();
        }
        write_file_atomically(request.out.toStdString(), csv.text());
        size_t inGroups = 0;
        for (const auto& g : found.groups) inGroups += g.size();
        std::printf("latent threshold %.4g, pixel threshold %.4g: %zu pairs in %zu groups (%zu images); wrote %s\n",
                    options.latent_threshold, options.pixel_threshold, found.pairs.size(), found.groups.size(),
                    inGroups, request.out.toUtf8().constData());
        return 0;
    });
}

}  // namespace latentlab
