#pragma once

// The report of a decoder comparison as one self-contained HTML file (the
// pictures embedded as base64 PNG) and as a PDF (QTextDocument printed by
// QPdfWriter). Plain values in: no LibTorch, no widgets.

#include <QImage>
#include <QString>
#include <QStringList>
#include <QVector>

namespace latentlab {

struct ComparisonReport {
    QString title;
    QString setup;        // the shared settings, one paragraph
    QStringList columns;  // of the table, with their units
    QVector<QStringList> rows;
    QString explanation;  // which numbers compare, in plain words
    struct Picture {
        QString caption;
        QImage image;
    };
    QVector<Picture> pictures;
    QString finding;      // optional closing paragraph
};

// The HTML text: pictures embedded as data: URIs, or named picture<i>.png
// for a QTextDocument that holds them as resources.
QString comparisonReportHtml(const ComparisonReport& report, bool embedImages);

// Each writes the whole file or throws std::runtime_error naming it. The PDF
// needs a QGuiApplication (the offscreen platform will do).
void writeComparisonReportHtml(const ComparisonReport& report, const QString& path);
void writeComparisonReportPdf(const ComparisonReport& report, const QString& path);

}  // namespace latentlab
