// The latent map's exports: PNG, PDF, and the points as CSV.

#include "ui/explore/latent_map_view.h"

#include "app/inference/inference_service.h"
#include "model/base/error.h"
#include "model/store/atomic_file.h"
#include "ui/explore/latent_map_csv.h"
#include "ui/explore/latent_map_plot.h"
#include "ui/widgets/frame_export.h"

#include <QDir>
#include <QFile>
#include <QMessageBox>

namespace latentlab {

QString LatentMapView::csvText() const { return latentMapCsv(map_, service_->dataset()); }

bool LatentMapView::exportCsv(const QString& path, QString* error) const {
    try {
        write_file_atomically(QFile::encodeName(path).toStdString(), csvText().toStdString());
        return true;
    } catch (const Error& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
}

bool LatentMapView::exportPng(const QString& path) { return plot_->exportPng(path); }

bool LatentMapView::exportPdf(const QString& path) { return plot_->exportPdf(path); }

void LatentMapView::askExport(const QString& format) {
    const QString title = tr("Export the map as %1").arg(format.toUpper());
    const QString path = chooseExportFile(this, title, QStringLiteral("latent-map.") + format, {exportFilter(format)});
    if (path.isEmpty()) return;
    QString error = tr("Could not write %1.").arg(QDir::toNativeSeparators(path));
    const bool saved = format == QLatin1String("png")   ? exportPng(path)
                       : format == QLatin1String("pdf") ? exportPdf(path)
                                                        : exportCsv(path, &error);
    if (!saved)
        QMessageBox::warning(this, title, error);
    else
        reportExported(this, path);
}

}  // namespace latentlab
