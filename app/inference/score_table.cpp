#include "app/inference/score_table.h"

#include "model/store/csv_writer.h"

#include <QFileInfo>

#include <algorithm>
#include <numeric>

namespace latentlab {

QString ScoreTable::name(ScoreKind kind) {
    switch (kind) {
        case ScoreKind::NegElbo: return QObject::tr("−ELBO");
        case ScoreKind::NegLogPx: return QObject::tr("−log p(x)");
        case ScoreKind::NegRecon: return QObject::tr("−recon");
        case ScoreKind::Mse: return QObject::tr("MSE");
        case ScoreKind::Kl: return QObject::tr("KL");
    }
    return {};
}

QVector<ScoreKind> ScoreTable::kinds() {
    return {ScoreKind::NegElbo, ScoreKind::NegLogPx, ScoreKind::NegRecon, ScoreKind::Mse, ScoreKind::Kl};
}

double ScoreTable::value(ScoreKind kind, int row) const {
    switch (kind) {
        case ScoreKind::NegElbo: return -s_.elbo[row];
        case ScoreKind::NegLogPx: return s_.logPx.isEmpty() ? 0.0 : -s_.logPx[row];
        case ScoreKind::NegRecon: return -s_.recon[row];
        case ScoreKind::Mse: return s_.mse[row];
        case ScoreKind::Kl: return s_.kl[row];
    }
    return 0.0;
}

QVector<double> ScoreTable::values(ScoreKind kind) const {
    QVector<double> v(size());
    for (int r = 0; r < size(); ++r) v[r] = value(kind, r);
    return v;
}

bool ScoreTable::passes(int row, const RowFilter& filter) const {
    if (filter.label >= 0 && s_.label[row] != filter.label) return false;
    if (filter.split >= 0 && s_.test[row] != filter.split) return false;
    if (filter.onlyTestIndexes && (!s_.test[row] || !filter.testIndexes.contains(s_.index[row]))) return false;
    return true;
}

QVector<int> ScoreTable::sorted(ScoreKind kind, bool ascending, const RowFilter& filter) const {
    QVector<int> rows;
    for (int r = 0; r < size(); ++r)
        if (passes(r, filter)) rows.append(r);
    const QVector<double> v = values(kind);
    std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) { return ascending ? v[a] < v[b] : v[a] > v[b]; });
    return rows;
}

QString ScoreTable::className(int row) const {
    const int label = s_.label[row];
    return label >= 0 && label < s_.classNames.size() ? s_.classNames[label] : QString();
}

QString ScoreTable::label(int row) const {
    if (!s_.files[row].isEmpty()) return QFileInfo(s_.files[row]).fileName();
    const QString split = s_.test[row] ? QObject::tr("test") : QObject::tr("train");
    const QString klass = className(row);
    return klass.isEmpty() ? QStringLiteral("%1 %2").arg(split).arg(s_.index[row])
                           : QStringLiteral("%1 · %2 %3").arg(klass, split).arg(s_.index[row]);
}

QString ScoreTable::where(int row) const {
    if (!s_.files[row].isEmpty()) return s_.files[row];
    return QObject::tr("%1 image %2 of the data set (IDX)")
        .arg(s_.test[row] ? QObject::tr("Test") : QObject::tr("Training"))
        .arg(s_.index[row]);
}

QVector<float> ScoreTable::code(int row) const {
    const int d = s_.latent;
    return d > 0 ? s_.means.mid(row * d, d) : QVector<float>();
}

QString ScoreTable::scoresCsv(const QVector<int>& rows) const {
    std::vector<std::string> columns{"split", "index", "file", "class", "elbo", "recon", "kl", "mse"};
    if (!s_.logPx.isEmpty()) columns.push_back("log_px");
    for (int k = 0; k < s_.latent; ++k) columns.push_back("z" + std::to_string(k));
    CsvWriter csv(columns);
    for (int r : rows) {
        csv << std::string(s_.test[r] ? "test" : "train") << static_cast<int64_t>(s_.index[r]) << s_.files[r].toStdString()
            << className(r).toStdString() << s_.elbo[r] << s_.recon[r] << s_.kl[r] << s_.mse[r];
        if (!s_.logPx.isEmpty()) csv << s_.logPx[r];
        for (float z : code(r)) csv << static_cast<double>(z);
        csv.end_row();
    }
    return QString::fromStdString(csv.text());
}

QString ScoreTable::codesCsv(const QVector<int>& rows) const {
    std::vector<std::string> columns{"split", "index", "file", "class"};
    for (int k = 0; k < s_.latent; ++k) columns.push_back("z" + std::to_string(k));
    CsvWriter csv(columns);
    for (int r : rows) {
        csv << std::string(s_.test[r] ? "test" : "train") << static_cast<int64_t>(s_.index[r]) << s_.files[r].toStdString()
            << className(r).toStdString();
        for (float z : code(r)) csv << static_cast<double>(z);
        csv.end_row();
    }
    return QString::fromStdString(csv.text());
}

}  // namespace latentlab
