#include "app/lessons/lesson_data_preparer.h"

#include "app/workspace/dataset_loader.h"
#include "datasets/factor_set.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>

#include <algorithm>
#include <exception>
#include <stdexcept>

namespace latentlab {

namespace {

// Thrown from the generator's progress callback to stop it early.
struct Cancelled : std::runtime_error {
    Cancelled() : std::runtime_error("cancelled") {}
};

bool isComplete(const QString& folder) { return QFileInfo::exists(folder + QStringLiteral("/factors.csv")); }

}  // namespace

LessonDataPreparer::LessonDataPreparer(QObject* parent) : QObject(parent) {}

LessonDataPreparer::~LessonDataPreparer() {
    if (!thread_) return;
    cancel_ = true;
    thread_->wait();
}

QString LessonDataPreparer::cacheFolder(const LessonData& data) {
    const QString root = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    return QDir(root).filePath(QStringLiteral("lessons/shapes-%1px-%2-seed%3%4")
                                   .arg(data.size)
                                   .arg(data.count)
                                   .arg(data.seed)
                                   .arg(data.channels == 3 ? QStringLiteral("-colour") : QString()));
}

void LessonDataPreparer::prepare(const LessonData& data) {
    if (thread_) return;
    const auto answer = [this](const QString& spec) {
        QMetaObject::invokeMethod(this, [this, spec] { Q_EMIT ready(spec); }, Qt::QueuedConnection);
    };
    switch (data.source) {
    case LessonData::Source::FashionMnist:
        answer(DatasetLoader::fashionMnistSpec());
        return;
    case LessonData::Source::Folder:
        answer(QDir::cleanPath(QFileInfo(data.folder).absoluteFilePath()));
        return;
    case LessonData::Source::FactorShapes:
        break;
    }
    const QString folder = cacheFolder(data);
    if (isComplete(folder)) {
        answer(folder);
        return;
    }
    cancel_ = false;
    outcome_.reset();
    thread_ = QThread::create([this, data, folder] { outcome_ = generate(data, folder); });
    thread_->setParent(this);
    // The answer follows the thread's end, so prepare() works again from
    // within a slot of ready() or failed().
    connect(thread_, &QThread::finished, this, [this, folder] {
        thread_->deleteLater();
        thread_ = nullptr;
        if (!outcome_) return;  // cancelled
        if (outcome_->isEmpty())
            Q_EMIT ready(folder);
        else
            Q_EMIT failed(*outcome_);
    });
    thread_->start();
}

// On the generator's thread. Writes into "<folder>.partial" and renames it
// when whole, so an interrupted generation is never taken for a data set.
std::optional<QString> LessonDataPreparer::generate(const LessonData& data, const QString& folder) {
    const QString partial = folder + QStringLiteral(".partial");
    QString problem;
    if (!QDir(partial).removeRecursively() || !QDir().mkpath(partial)) {
        problem = tr("Cannot make the folder %1 for the lesson's shapes.").arg(QDir::toNativeSeparators(partial));
    } else {
        datasets::Options options;
        options.out = QFile::encodeName(partial).toStdString();
        options.count = data.count;
        options.size = data.size;
        options.seed = data.seed;
        options.factors = true;
        options.channels = data.channels;
        // About 200 signals for the whole set, not one per image.
        const long long every = std::max<long long>(1, data.count / 200);
        options.progress = [this, every](long long done, long long total) {
            if (cancel_) throw Cancelled();
            if (done % every == 0 || done == total) Q_EMIT progress(done, total);
        };
        try {
            if (datasets::write_factor_set(options) != 0)
                problem = tr("Cannot write the lesson's shapes into %1 (is the disk full?).")
                              .arg(QDir::toNativeSeparators(partial));
        } catch (const Cancelled&) {
            return std::nullopt;
        } catch (const std::exception& error) {
            problem = tr("Cannot generate the lesson's shapes: %1").arg(QString::fromLocal8Bit(error.what()));
        }
        if (problem.isEmpty() && !(QDir(folder).removeRecursively() && QDir().rename(partial, folder)))
            problem = tr("Cannot move the lesson's shapes to %1.").arg(QDir::toNativeSeparators(folder));
    }
    return problem;
}

}  // namespace latentlab
