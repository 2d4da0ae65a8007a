#include "app/run_folder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QList>
#include <QSaveFile>

#include "model/error.h"
#include "model/history.h"
#include "model/run_config.h"
#include "model/trainer.h"

namespace latentlab {

namespace {

const char* const kStepsHeader =
    "epoch,step,step_in_epoch,steps_per_epoch,elbo,recon,kl,beta,images_per_second";

// Written whole or not at all, like the checkpoint.
void writeFile(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        throw Error("cannot write " + path.toStdString() + ": " + file.errorString().toStdString());
}

// 17 significant digits: a double read back is the same double.
QByteArray number(double value) { return QByteArray::number(value, 'g', 17); }

LossReport toReport(const LossTerms& loss) { return {loss.elbo, loss.recon, loss.kl}; }

}  // namespace

QString RunFolder::checkpointPath() const { return QDir(path_).filePath(QStringLiteral("checkpoint.pt")); }
QString RunFolder::configPath() const { return QDir(path_).filePath(QStringLiteral("config.json")); }
QString RunFolder::historyPath() const { return QDir(path_).filePath(QStringLiteral("history.csv")); }
QString RunFolder::stepsPath() const { return QDir(path_).filePath(QStringLiteral("steps.csv")); }

bool RunFolder::hasCheckpoint() const { return QFileInfo(checkpointPath()).isFile(); }

void RunFolder::save(const Trainer& trainer, qint64 epochs, const QVector<StepReport>& steps) const {
    RunConfig config = trainer.config();
    config.train.epochs = epochs;
    // The small files first: the checkpoint is what Open Run reads first, so
    // when it is there, the others of its epoch are too.
    write_history_csv(historyPath().toStdString(), trainer.history());
    writeFile(configPath(), QByteArray::fromStdString(to_json(config)) + '\n');
    writeFile(stepsPath(), stepsCsv(steps));
    trainer.save(checkpointPath().toStdString());
}

QVector<StepReport> RunFolder::stepsUpTo(qint64 step) const {
    QVector<StepReport> saved, kept;
    QString ignored;
    if (readSteps(&saved, &ignored))
        for (const StepReport& report : saved)
            if (report.step <= step) kept.append(report);
    return kept;
}

qint64 RunFolder::configuredEpochs() const {
    RunConfig config;
    return readConfig(&config) ? config.train.epochs : 0;
}

bool RunFolder::readConfig(RunConfig* config) const {
    QFile file(configPath());
    if (!file.open(QIODevice::ReadOnly)) return false;
    try {
        *config = run_config_from_json(file.readAll().toStdString());
        return true;
    } catch (const Error&) {
        return false;
    }
}

bool RunFolder::readSteps(QVector<StepReport>* steps, QString* error) const {
    QFile file(stepsPath());
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2")
                     .arg(QDir::toNativeSeparators(stepsPath()), file.errorString());
        return false;
    }
    return parseStepsCsv(file.readAll(), steps, error);
}

QByteArray RunFolder::stepsCsv(const QVector<StepReport>& steps) {
    QByteArray text(kStepsHeader);
    text += '\n';
    for (const StepReport& s : steps) {
        text += QByteArray::number(s.epoch) + ',' + QByteArray::number(s.step) + ',' +
                QByteArray::number(s.stepInEpoch) + ',' + QByteArray::number(s.stepsPerEpoch) + ',' +
                number(s.loss.elbo) + ',' + number(s.loss.recon) + ',' + number(s.loss.kl) + ',' +
                number(s.beta) + ',' + number(s.imagesPerSecond) + '\n';
    }
    return text;
}

bool RunFolder::parseStepsCsv(const QByteArray& text, QVector<StepReport>* steps, QString* error) {
    steps->clear();
    QList<QByteArray> lines = text.split('\n');
    if (lines.isEmpty() || lines.first().trimmed() != kStepsHeader) {
        *error = QStringLiteral("steps.csv does not start with the expected header");
        return false;
    }
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty()) continue;
        const QList<QByteArray> fields = line.split(',');
        bool ok = fields.size() == 9;
        StepReport s;
        auto integer = [&](int k) {
            bool good = false;
            const qint64 value = fields.at(k).toLongLong(&good);
            ok = ok && good;
            return value;
        };
        auto real = [&](int k) {
            bool good = false;
            const double value = fields.at(k).toDouble(&good);
            ok = ok && good;
            return value;
        };
        if (ok) {
            s.epoch = integer(0);
            s.step = integer(1);
            s.stepInEpoch = integer(2);
            s.stepsPerEpoch = integer(3);
            s.loss.elbo = real(4);
            s.loss.recon = real(5);
            s.loss.kl = real(6);
            s.beta = real(7);
            s.imagesPerSecond = real(8);
        }
        if (!ok) {
            *error = QStringLiteral("steps.csv line %1 is malformed").arg(i + 1);
            steps->clear();
            return false;
        }
        steps->append(s);
    }
    return true;
}

EpochReport toEpochReport(const EpochStats& stats, qint64 epochs) {
    EpochReport report;
    report.epoch = stats.epoch;
    report.epochs = epochs;
    report.train = toReport(stats.train);
    report.test = toReport(stats.test.loss);
    for (double kl : stats.test.kl_per_dim) report.klPerDim.append(kl);
    report.seconds = stats.seconds;
    report.imagesPerSecond = stats.images_per_second;
    return report;
}

StepReport toStepReport(const StepStats& stats) {
    StepReport report;
    report.epoch = stats.epoch;
    report.step = stats.step;
    report.stepInEpoch = stats.step_in_epoch;
    report.stepsPerEpoch = stats.steps_per_epoch;
    report.loss = toReport(stats.loss);
    report.beta = stats.beta;
    report.imagesPerSecond = stats.images_per_second;
    return report;
}

}  // namespace latentlab
