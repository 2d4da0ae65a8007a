#include "app/runs/code_consent.h"

#include "app/runs/run_folder.h"
#include "model/base/error.h"
#include "model/train/scripted_checkpoint.h"

#include <QDir>
#include <QFileInfo>
#include <QObject>
#include <QSettings>
#include <QStringList>

namespace latentlab {

namespace {

constexpr const char* kAgreedKey = "runs/codeConsented";

QString canonical(const QString& folder) {
    const QString path = QFileInfo(folder).canonicalFilePath();
    return path.isEmpty() ? QDir::cleanPath(QFileInfo(folder).absoluteFilePath()) : path;
}

bool isUnder(const QString& folder, const QString& root) {
    const QString base = canonical(root);
    return !base.isEmpty() && canonical(folder).startsWith(base + QLatin1Char('/'));
}

}  // namespace

bool CodeConsent::needsQuestion(const QString& folder, const QString& runsRoot) {
    if (isUnder(folder, runsRoot)) return false;
    if (QSettings().value(kAgreedKey).toStringList().contains(canonical(folder))) return false;
    try {
        return holds_scripted_model(RunFolder(folder).checkpointPath().toStdString());
    } catch (const Error&) {
        return false;
    }
}

void CodeConsent::remember(const QString& folder) {
    QSettings settings;
    QStringList agreed = settings.value(kAgreedKey).toStringList();
    if (!agreed.contains(canonical(folder))) agreed.append(canonical(folder));
    settings.setValue(kAgreedKey, agreed);
}

QString CodeConsent::question(const QString& folder) {
    return QObject::tr("The model of %1 was imported from TorchScript: this file contains code, written by whoever "
                       "made the model, that runs whenever LatentLab evaluates it. Open it only if you trust where "
                       "it came from.")
        .arg(QDir::toNativeSeparators(folder));
}

}  // namespace latentlab
