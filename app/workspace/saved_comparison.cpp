#include "app/workspace/saved_comparison.h"

#include "app/runs/run_folder.h"
#include "app/workspace/comparison_table.h"
#include "model/base/error.h"
#include "model/measure/comparability.h"
#include "model/measure/run_metrics.h"
#include "model/store/csv_reader.h"
#include "model/store/history.h"

#include <QDir>
#include <QFile>
#include <QImage>

#include <exception>

namespace latentlab {

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

QString comparisonTablePath(const QString& folder) { return QDir(folder).filePath(QStringLiteral("table.csv")); }

QString comparisonSetupPath(const QString& folder) { return QDir(folder).filePath(QStringLiteral("setup.txt")); }

QString comparisonPicturePath(const QString& folder, const QString& name) {
    return QDir(folder).filePath(QStringLiteral("images/%1.png").arg(name));
}

bool readSavedComparison(const QString& folder, SavedComparison* saved, QString* problem) {
    const QString root = QDir(folder).absolutePath();
    const QByteArray text = readAll(comparisonTablePath(root));
    if (text.isEmpty()) {
        *problem = QObject::tr("%1 holds no comparison: it has no table.csv (a comparison writes one once its "
                               "first run is measured).")
                       .arg(QDir::toNativeSeparators(root));
        return false;
    }
    try {
        const CsvTable table = parse_csv(text.toStdString());
        const int decoder = table.column("decoder"), name = table.column("folder"),
                  same = table.column("same_batches_as_first");
        if (decoder < 0 || name < 0 || table.rows.empty()) throw Error("table.csv is not a comparison's table");
        SavedComparison result;
        result.folder = root;
        const QImage originals(comparisonPicturePath(root, QStringLiteral("originals")));
        for (size_t r = 0; r < table.rows.size(); ++r) {
            const auto& fields = table.rows[r];
            const QString label = QString::fromStdString(fields[static_cast<size_t>(decoder)]);
            const QString runName = QString::fromStdString(fields[static_cast<size_t>(name)]);
            const RunFolder run(QDir(root).filePath(runName));
            RunConfig config;
            if (!run.readConfig(&config)) throw Error("cannot read " + run.configPath().toStdString());
            const RunMetrics metrics = read_metrics_row(table, r);
            result.plan.labels << label;
            result.plan.runFolders << run.path();
            ComparisonRow row;
            row.index = static_cast<int>(r);
            row.cells = comparisonReportRow(label.toStdString(), metrics, config);
            row.density = comparability(config).density;
            row.sameBatchesAsFirst = same < 0 || fields[static_cast<size_t>(same)] == "yes";
            if (r == 0) row.originals = originals;
            row.reconstructions = QImage(comparisonPicturePath(root, runName + QStringLiteral("-mean")));
            row.samples = QImage(comparisonPicturePath(root, runName + QStringLiteral("-sample")));
            row.prior = QImage(comparisonPicturePath(root, runName + QStringLiteral("-prior")));
            row.tableCsv = QString::fromUtf8(text);
            result.rows.append(row);
            const QByteArray history = readAll(run.historyPath());
            const std::vector<EpochStats> epochs =
                history.isEmpty() ? std::vector<EpochStats>() : history_from_csv(history.toStdString());
            result.epochs.append(QVector<EpochStats>(epochs.begin(), epochs.end()));
            // The training curves' steps; without them the test points still show, at step 0.
            QVector<StepStats> steps;
            QString stepsProblem;
            if (!RunFolder::parseStepsCsv(readAll(run.stepsPath()), &steps, &stepsProblem)) steps.clear();
            result.steps.append(steps);
            if (r == 0) result.plan.columns = comparisonReportColumns(metrics.iw_samples);
        }
        const QByteArray setup = readAll(comparisonSetupPath(root));
        result.plan.setup = !setup.isEmpty() ? QString::fromUtf8(setup).trimmed()
                                             : QObject::tr("Matched runs read back from %1; the settings they share are "
                                                           "in each run folder's config.json.")
                                                   .arg(QDir::toNativeSeparators(root));
        result.plan.explanation = QString::fromStdString(comparability_explained());
        *saved = std::move(result);
        return true;
    } catch (const std::exception& e) {
        *problem = QObject::tr("Cannot read the comparison in %1: %2").arg(QDir::toNativeSeparators(root), e.what());
        return false;
    }
}

}  // namespace latentlab
