#include "app/report/comparison_report.h"

#include <QBuffer>
#include <QFile>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

#include <stdexcept>

namespace latentlab {

namespace {

QString pngBase64(const QImage& image) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return QString::fromLatin1(bytes.toBase64());
}

QString resourceName(int index) { return QString("picture%1.png").arg(index); }

}  // namespace

QString comparisonReportHtml(const ComparisonReport& report, bool embedImages) {
    QString html;
    html += "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + report.title.toHtmlEscaped() +
            "</title>\n<style>body{font-family:sans-serif;max-width:70em;margin:1em auto;}"
            "table{border-collapse:collapse;}td,th{border:1px solid #999;padding:3px 6px;font-size:small;}"
            "td.n{text-align:right;}img{image-rendering:pixelated;}</style></head><body>\n";
    html += "<h1>" + report.title.toHtmlEscaped() + "</h1>\n";
    html += "<p>" + report.setup.toHtmlEscaped() + "</p>\n";
    html += "<table cellspacing=\"0\" cellpadding=\"3\" border=\"1\"><tr>";
    for (const auto& column : report.columns) html += "<th>" + column.toHtmlEscaped() + "</th>";
    html += "</tr>\n";
    for (const auto& row : report.rows) {
        html += "<tr>";
        for (int i = 0; i < row.size(); ++i) {
            bool number = false;
            row[i].toDouble(&number);
            html += QString(number ? "<td class=\"n\" align=\"right\">" : "<td>") + row[i].toHtmlEscaped() + "</td>";
        }
        html += "</tr>\n";
    }
    html += "</table>\n";
    html += "<h2>Which numbers compare?</h2>\n<p>" + report.explanation.toHtmlEscaped() + "</p>\n";
    if (!report.finding.isEmpty()) html += "<h2>Finding</h2>\n<p>" + report.finding.toHtmlEscaped() + "</p>\n";
    for (int i = 0; i < report.pictures.size(); ++i) {
        const auto& picture = report.pictures[i];
        const QString source =
            embedImages ? "data:image/png;base64," + pngBase64(picture.image) : resourceName(i);
        html += "<h3>" + picture.caption.toHtmlEscaped() + "</h3>\n<p><img src=\"" + source + "\" width=\"" +
                QString::number(picture.image.width()) + "\" height=\"" + QString::number(picture.image.height()) +
                "\"></p>\n";
    }
    html += "</body></html>\n";
    return html;
}

void writeComparisonReportHtml(const ComparisonReport& report, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) throw std::runtime_error("cannot write " + path.toStdString());
    file.write(comparisonReportHtml(report, true).toUtf8());
    if (!file.commit()) throw std::runtime_error("cannot write " + path.toStdString());
}

void writeComparisonReportPdf(const ComparisonReport& report, const QString& path) {
    QTextDocument document;
    for (int i = 0; i < report.pictures.size(); ++i)
        document.addResource(QTextDocument::ImageResource, QUrl(resourceName(i)), report.pictures[i].image);
    document.setHtml(comparisonReportHtml(report, false));
    const QString temporary = path + ".tmp";
    {
        QPdfWriter writer(temporary);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setResolution(150);
        writer.setTitle(report.title);
        document.setPageSize(QSizeF(writer.width(), writer.height()));
        document.print(&writer);
    }
    QFile::remove(path);
    if (!QFile::exists(temporary) || !QFile::rename(temporary, path))
        throw std::runtime_error("cannot write " + path.toStdString());
}

}  // namespace latentlab
