// CompareView's exports, apart from its layout: the table as the CLI's
// table.csv, and the report (HTML, PDF) through latentlab_report, with the
// same parts in the same order as `latentlab-cli compare` writes them.

#include "ui/compare/compare_view.h"

#include "app/report/comparison_report.h"
#include "app/report/curves_picture.h"
#include "app/runs/curve_series.h"
#include "ui/widgets/frame_export.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>

#include <stdexcept>

namespace latentlab {

namespace {

const char* const kExportFolderKey = "compare/exportFolder";

ComparisonReport reportOf(const ComparisonPlan& plan, const QVector<ComparisonRow>& rows,
                          const ComparisonCurves& curves) {
    ComparisonReport report;
    report.title = QStringLiteral("Decoder comparison");
    report.setup = plan.setup;
    report.columns = plan.columns;
    report.explanation = plan.explanation;
    QVector<CurveOfRun> runs;
    for (int i = 0; i < curves.runCount(); ++i) runs.append({plan.labels.value(i), curves.testElbo(i)});
    report.pictures.append(
        {QStringLiteral("Test ELBO per epoch of every run"), curvesPicture(runs, QStringLiteral("test ELBO per epoch"), 720, 360)});
    QVector<ComparisonReport::Picture> priors;
    for (const ComparisonRow& row : rows) {
        const QString label = plan.labels.value(row.index);
        report.rows.append(row.cells);
        if (row.index == 0) report.pictures.append({QStringLiteral("Test images (as the runs saw them)"), row.originals});
        report.pictures.append({label + QStringLiteral(": mean reconstruction E[x|z], z = E[z|x]"), row.reconstructions});
        report.pictures.append({label + QStringLiteral(": a sample of p(x|z) at the same z"), row.samples});
        priors.append({label + QStringLiteral(": mean images of 8 prior draws of z (the same z for every decoder)"),
                       row.prior});
    }
    report.pictures += priors;
    return report;
}

}  // namespace

bool CompareView::exportCsv(const QString& path, QString* error) const {
    if (tableCsv_.isEmpty()) {
        if (error) *error = tr("No run of the comparison has finished yet.");
        return false;
    }
    return CurveSeries::writeCsv(path, tableCsv_, error);
}

bool CompareView::exportHtml(const QString& path, QString* error) const {
    try {
        writeComparisonReportHtml(reportOf(plan_, rows_, curveData_), path);
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
}

bool CompareView::exportPdf(const QString& path, QString* error) const {
    try {
        writeComparisonReportPdf(reportOf(plan_, rows_, curveData_), path);
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
}

void CompareView::askExport(const QString& format) {
    QSettings settings;
    const QString start = settings.value(kExportFolderKey, folder_).toString();
    const QString name = format == "csv" ? QStringLiteral("table.csv") : QStringLiteral("report.") + format;
    const QString filter = format == "csv"    ? tr("CSV table (*.csv)")
                           : format == "html" ? tr("HTML report (*.html)")
                                              : tr("PDF report (*.pdf)");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the Comparison"), QDir(start).filePath(name), filter);
    if (path.isEmpty()) return;
    settings.setValue(kExportFolderKey, QFileInfo(path).absolutePath());
    QString error;
    const bool written = format == "csv" ? exportCsv(path, &error) : format == "html" ? exportHtml(path, &error)
                                                                                      : exportPdf(path, &error);
    if (!written)
        QMessageBox::warning(this, tr("Export Failed"), tr("Cannot write %1: %2").arg(path, error));
    else
        reportExported(this, path);
}

}  // namespace latentlab
