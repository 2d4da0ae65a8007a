#pragma once

// What the Inspect tab's views export: a selection of images as a folder of
// copies or a list of paths, and CSV tables. One menu button for every view.

#include "app/workspace/loaded_dataset.h"

#include <QString>
#include <QVector>

#include <functional>

class QToolButton;
class QWidget;

namespace latentlab {

class ScoreTable;

// Copies each row's file into `folder` as "<position>_<file name>" (IDX
// images are written as PNG), in the order given. Returns the files written;
// throws latentlab::Error naming what failed.
QStringList copyRowsToFolder(const ScoreTable& table, const LoadedDataset& dataset, const QVector<int>& rows,
                             const QString& folder);
// One path (or IDX description) per line.
QString pathList(const ScoreTable& table, const QVector<int>& rows);

// What an Export button offers, each part optional.
struct ExportSources {
    std::function<const ScoreTable*()> table;
    std::function<LoadedDataset()> dataset;
    std::function<QVector<int>()> selection;  // the gallery's selected rows
    std::function<QVector<int>()> shown;      // the rows the view lists
    // A view's own table (e.g. neighbours with distances): its menu entry and text.
    QString extraTitle;
    std::function<QString()> extraCsv;
};

// "Export ▾": selection as a folder of copies…, selection as a list of
// paths…, scores of the rows shown (CSV)…, codes (CSV)…, and the extra table.
QToolButton* makeExportButton(QWidget* parent, const ExportSources& sources);

}  // namespace latentlab
