#include "app/runs/curve_series.h"

#include "model/base/error.h"
#include "model/store/atomic_file.h"
#include "model/store/csv_writer.h"

#include <QFile>

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {

// One step of TensorBoard's smoothing: an EMA started at 0, divided by
// 1 - w^t so the first points are not pulled towards 0. Non-finite values
// are passed through and left out of the average.
double emaStep(double& biased, int& count, double weight, double x) {
    if (!std::isfinite(x)) return x;
    biased = weight * biased + (1.0 - weight) * x;
    ++count;
    const double debias = 1.0 - std::pow(weight, count);
    return debias > 0.0 ? biased / debias : x;
}

std::vector<std::string> csvColumns(bool withRun) {
    std::vector<std::string> columns{"split", "step", "neg_elbo", "neg_recon", "kl",
                                     "neg_elbo_smoothed", "neg_recon_smoothed", "kl_smoothed"};
    if (withRun) columns.insert(columns.begin(), "run");
    return columns;
}

void appendRows(const CurveSeries& series, bool withRun, CsvWriter& csv) {
    const std::string name = series.name().toStdString();
    for (qsizetype k = 0; k < series.steps().size(); ++k) {
        if (withRun) csv << name;
        csv << std::string("train") << series.steps()[k];
        for (int i = 0; i < CurveSeries::CurveCount; ++i) csv << series.values(CurveSeries::Curve(i))[k];
        for (int i = 0; i < CurveSeries::CurveCount; ++i) csv << series.smoothed(CurveSeries::Curve(i))[k];
        csv.end_row();
    }
    for (qsizetype k = 0; k < series.testSteps().size(); ++k) {
        if (withRun) csv << name;
        csv << std::string("test") << series.testSteps()[k];
        for (int i = 0; i < CurveSeries::CurveCount; ++i) csv << series.testValues(CurveSeries::Curve(i))[k];
        // Test points are not smoothed.
        for (int i = 0; i < CurveSeries::CurveCount; ++i) csv << std::string();
        csv.end_row();
    }
}

}  // namespace

void CurveSeries::clear() {
    steps_.clear();
    testSteps_.clear();
    markers_.clear();
    for (int i = 0; i < CurveCount; ++i) {
        values_[i].clear();
        smoothed_[i].clear();
        testValues_[i].clear();
        emaBiased_[i] = 0.0;
        emaCount_[i] = 0;
    }
    stepsPerEpoch_ = 0;
    lastStep_ = 0;
}

void CurveSeries::addStep(const StepStats& step) {
    const double y[CurveCount] = {-step.loss.elbo, -step.loss.recon, step.loss.kl};
    steps_.append(static_cast<double>(step.step));
    for (int i = 0; i < CurveCount; ++i) {
        values_[i].append(y[i]);
        smoothed_[i].append(emaStep(emaBiased_[i], emaCount_[i], smoothing_, y[i]));
    }
    stepsPerEpoch_ = step.steps_per_epoch;
    lastStep_ = step.step;
}

void CurveSeries::addEpoch(const EpochStats& epoch) {
    // The test split is evaluated after the epoch's last step.
    const double x = stepsPerEpoch_ > 0 ? static_cast<double>(epoch.epoch * stepsPerEpoch_)
                                        : static_cast<double>(lastStep_);
    const double y[CurveCount] = {-epoch.test.loss.elbo, -epoch.test.loss.recon, epoch.test.loss.kl};
    testSteps_.append(x);
    for (int i = 0; i < CurveCount; ++i) testValues_[i].append(y[i]);
}

void CurveSeries::addMarker(double step, const QString& label) { markers_.append({step, label}); }

QString CurveSeries::markerLabel(const QString& setting, double value) {
    QString number = QString::number(value, 'g', 3);
    if (value != 0.0 && (std::abs(value) < 0.01 || std::abs(value) >= 1e4)) {
        // 0.0003 -> "3e-4", 2.5e-05 -> "2.5e-5".
        const int exponent = static_cast<int>(std::floor(std::log10(std::abs(value))));
        const double mantissa = value / std::pow(10.0, exponent);
        number = QStringLiteral("%1e%2").arg(QString::number(mantissa, 'g', 3)).arg(exponent);
    }
    const QString name = setting == QLatin1String("beta")            ? QStringLiteral("β")
                         : setting == QLatin1String("learning_rate") ? QStringLiteral("lr")
                                                                     : setting;
    return name + QLatin1Char(' ') + number;
}

void CurveSeries::removeAfter(double step) {
    const auto keep = [step](const QVector<double>& steps) {
        return std::upper_bound(steps.begin(), steps.end(), step) - steps.begin();
    };
    const qsizetype keepSteps = keep(steps_);
    const qsizetype keepTests = keep(testSteps_);
    steps_.resize(keepSteps);
    testSteps_.resize(keepTests);
    for (int i = 0; i < CurveCount; ++i) {
        values_[i].resize(keepSteps);
        testValues_[i].resize(keepTests);
    }
    recomputeSmoothed();
    markers_.erase(std::remove_if(markers_.begin(), markers_.end(),
                                  [step](const Marker& marker) { return marker.step > step; }),
                   markers_.end());
    lastStep_ = steps_.isEmpty() ? 0 : static_cast<qint64>(steps_.last());
}

void CurveSeries::setSmoothing(double weight) {
    weight = std::clamp(weight, 0.0, kMaxSmoothing);
    if (weight == smoothing_) return;
    smoothing_ = weight;
    recomputeSmoothed();
}

void CurveSeries::recomputeSmoothed() {
    for (int i = 0; i < CurveCount; ++i) {
        emaBiased_[i] = 0.0;
        emaCount_[i] = 0;
        smoothed_[i].resize(values_[i].size());
        for (qsizetype k = 0; k < values_[i].size(); ++k)
            smoothed_[i][k] = emaStep(emaBiased_[i], emaCount_[i], smoothing_, values_[i][k]);
    }
}

QString CurveSeries::csvText() const {
    CsvWriter csv(csvColumns(false));
    appendRows(*this, false, csv);
    return QString::fromStdString(csv.text());
}

QString CurveSeries::csvText(const QVector<CurveSeries>& runs) {
    CsvWriter csv(csvColumns(true));
    for (const CurveSeries& run : runs) appendRows(run, true, csv);
    return QString::fromStdString(csv.text());
}

bool CurveSeries::writeCsv(const QString& path, const QString& text, QString* error) {
    try {
        write_file_atomically(QFile::encodeName(path).toStdString(), text.toStdString());
        return true;
    } catch (const Error& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
}

}  // namespace latentlab
