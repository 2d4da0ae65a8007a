#include "app/runs/run_folder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QList>
#include <QRegularExpression>

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>

#include "model/base/error.h"
#include "model/base/run_config.h"
#include "model/store/atomic_file.h"
#include "model/store/config_file.h"
#include "model/store/csv_writer.h"
#include "model/store/history.h"
#include "model/train/trainer.h"

namespace latentlab {

namespace {

const std::vector<std::string> kStepsColumns{"epoch", "step",  "step_in_epoch", "steps_per_epoch",  "elbo",
                                             "recon", "kl",    "beta",          "images_per_second"};

}  // namespace

QString RunFolder::checkpointPath() const { return QDir(path_).filePath(QStringLiteral("checkpoint.pt")); }
QString RunFolder::configPath() const { return QDir(path_).filePath(QStringLiteral("config.json")); }
QString RunFolder::historyPath() const { return QDir(path_).filePath(QStringLiteral("history.csv")); }
QString RunFolder::stepsPath() const { return QDir(path_).filePath(QStringLiteral("steps.csv")); }

QString RunFolder::scoresPath() const { return QDir(path_).filePath(QStringLiteral("scores.csv")); }

bool RunFolder::hasCheckpoint() const { return QFileInfo(checkpointPath()).isFile(); }

void RunFolder::save(const Trainer& trainer, qint64 epochs, const QVector<StepStats>& steps) const {
    // Made only when the first epoch is saved, so a run that fails before
    // it leaves no empty folder behind.
    if (!QDir().mkpath(path_)) throw Error("cannot create the folder " + path_.toStdString());
    RunConfig config = trainer.starting_config();
    config.train.epochs = epochs;
    // The small files first: the checkpoint is what Open Run reads first, so
    // when it is there, the others of its epoch are too.
    write_history_csv(historyPath().toStdString(), trainer.history());
    write_file_atomically(configPath().toStdString(), config_json(config, trainer.setting_changes()));
    write_file_atomically(stepsPath().toStdString(), stepsCsv(steps).toStdString());
    trainer.save(checkpointPath().toStdString());
}

QVector<StepStats> RunFolder::stepsUpTo(qint64 step) const {
    QVector<StepStats> saved, kept;
    QString ignored;
    if (readSteps(&saved, &ignored))
        for (const StepStats& report : saved)
            if (report.step <= step) kept.append(report);
    return kept;
}

int RunFolder::removeStaleTemporaries() const {
    // write_file_atomically names its temporary after the file and the writer's process id.
    static const QRegularExpression pattern(
        QStringLiteral("^(checkpoint\\.pt|config\\.json|history\\.csv|steps\\.csv)\\.tmp(\\d+)$"));
    const QDir dir(path_);
    int removed = 0;
    for (const QString& name : dir.entryList(QDir::Files | QDir::Hidden)) {
        const QRegularExpressionMatch match = pattern.match(name);
        if (!match.hasMatch()) continue;
        const auto pid = static_cast<pid_t>(match.captured(2).toLongLong());
        const bool alive = pid == ::getpid() || ::kill(pid, 0) == 0 || errno == EPERM;
        if (!alive && QFile::remove(dir.filePath(name))) ++removed;
    }
    return removed;
}

bool RunFolder::readSummary(RunSummary* summary) const {
    RunConfig config;
    if (!readConfig(&config)) return false;
    *summary = RunSummary();
    summary->dataset = QString::fromStdString(config.data.spec);
    summary->epochs = config.train.epochs;
    QFile history(historyPath());
    if (history.open(QIODevice::ReadOnly)) readHistorySummary(history.readAll(), summary);
    return true;
}

void RunFolder::readHistorySummary(const QByteArray& text, RunSummary* summary) {
    const QList<QByteArray> lines = text.trimmed().split('\n');
    summary->epochsDone = std::max<qint64>(0, lines.size() - 1);
    summary->hasTestElbo = false;
    if (lines.size() > 1) {
        // epoch, train_elbo, train_recon, train_kl, test_elbo, ...
        const QList<QByteArray> fields = lines.last().split(',');
        if (fields.size() > 4) summary->testElbo = fields.at(4).toDouble(&summary->hasTestElbo);
    }
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

bool RunFolder::readSteps(QVector<StepStats>* steps, QString* error) const {
    QFile file(stepsPath());
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2")
                     .arg(QDir::toNativeSeparators(stepsPath()), file.errorString());
        return false;
    }
    return parseStepsCsv(file.readAll(), steps, error);
}

QByteArray RunFolder::stepsCsv(const QVector<StepStats>& steps) {
    CsvWriter csv(kStepsColumns);
    for (const StepStats& s : steps) {
        csv << s.epoch << s.step << s.step_in_epoch << s.steps_per_epoch << s.loss.elbo << s.loss.recon << s.loss.kl
            << s.beta << s.images_per_second;
        csv.end_row();
    }
    return QByteArray::fromStdString(csv.text());
}

bool RunFolder::parseStepsCsv(const QByteArray& text, QVector<StepStats>* steps, QString* error) {
    steps->clear();
    QList<QByteArray> lines = text.split('\n');
    if (lines.isEmpty() || lines.first().trimmed() != QByteArray::fromStdString(CsvWriter(kStepsColumns).text()).trimmed()) {
        *error = QStringLiteral("steps.csv does not start with the expected header");
        return false;
    }
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty()) continue;
        const QList<QByteArray> fields = line.split(',');
        bool ok = fields.size() == 9;
        StepStats s;
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
            s.step_in_epoch = integer(2);
            s.steps_per_epoch = integer(3);
            s.loss.elbo = real(4);
            s.loss.recon = real(5);
            s.loss.kl = real(6);
            s.beta = real(7);
            s.images_per_second = real(8);
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

}  // namespace latentlab
