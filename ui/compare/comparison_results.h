#pragma once

#include <QStringList>
#include <QTableWidget>

namespace latentlab {

// The results table of a comparison: one row per decoder as its run ends,
// the report's headers with their units, and the comparability note last.
// A row whose likelihood is not a density (Bernoulli on grey pixels), or
// whose batches differ from run 1's, is tinted so it is not read as
// comparable. Each row has an "Open in Explore" button for its run folder.
class ComparisonResults : public QTableWidget {
    Q_OBJECT

public:
    explicit ComparisonResults(QWidget* parent = nullptr);

    // Empty rows, one per decoder, under these headers.
    void reset(const QStringList& columns, const QStringList& decoders, const QStringList& runFolders);
    void setRow(int index, const QStringList& cells, bool density, bool sameBatchesAsFirst);
    // The rows still without numbers when a comparison ends early: "—" in
    // each cell and `why` in the last column, instead of "…".
    void markUnmeasured(const QString& why);
    // The rows that have their numbers.
    int filledRows() const { return filled_; }
    QStringList rowCells(int index) const;

Q_SIGNALS:
    void openRunRequested(const QString& folder);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    // Each number column as wide as its numbers or its header's longest word
    // (headers wrap to two lines), the button column as its button, and the
    // note the rest: sized to whole headers, the note was left a few pixels.
    void fitColumns();

    QStringList runFolders_;
    int columns_ = 0;
    int filled_ = 0;
};

}  // namespace latentlab
