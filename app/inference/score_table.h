#pragma once

// The Inspect tab's per-image scores as the views use them: a score by name,
// rows sorted and filtered, each row described. Qt Core only, free of
// LibTorch, so widgets and their tests use it directly.

#include "app/inference/inspect_requests.h"

#include <QSet>
#include <QString>
#include <QStringList>
#include <QVector>

namespace latentlab {

// The scores a view ranks by, each oriented so that larger means more
// unusual: -ELBO, -log p(x), -recon and MSE (errors), and KL.
enum class ScoreKind { NegElbo, NegLogPx, NegRecon, Mse, Kl };

struct RowFilter {
    int label = -1;           // -1: every class
    int split = -1;           // -1: both, 0: training, 1: test
    QSet<qint64> testIndexes;  // not empty: only these test images (a map selection)
    bool onlyTestIndexes = false;
};

class ScoreTable {
public:
    ScoreTable() = default;
    explicit ScoreTable(ScoreResult scores) : s_(std::move(scores)) {}

    const ScoreResult& result() const { return s_; }
    bool isEmpty() const { return s_.size() == 0; }
    int size() const { return s_.size(); }
    bool has(ScoreKind kind) const { return kind != ScoreKind::NegLogPx || !s_.logPx.isEmpty(); }

    static QString name(ScoreKind kind);
    static QVector<ScoreKind> kinds();
    double value(ScoreKind kind, int row) const;
    QVector<double> values(ScoreKind kind) const;

    // Rows passing `filter`, by `kind`, largest (most unusual) first unless `ascending`.
    QVector<int> sorted(ScoreKind kind, bool ascending, const RowFilter& filter) const;
    bool passes(int row, const RowFilter& filter) const;

    // "T-shirt/top · test 12" or the file's name; the file's path or
    // "Fashion-MNIST test image 12" for where it is.
    QString label(int row) const;
    QString where(int row) const;
    QString className(int row) const;
    // The code of a row.
    QVector<float> code(int row) const;

    // CSV texts: the scores of `rows` (every score, the code), and the
    // codes alone.
    QString scoresCsv(const QVector<int>& rows) const;
    QString codesCsv(const QVector<int>& rows) const;

private:
    ScoreResult s_;
};

}  // namespace latentlab
