#pragma once

#include "app/lessons/lesson.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <optional>

class QThread;

namespace latentlab {

// Makes a lesson's data set ready to load: Fashion-MNIST and folders are
// ready as they are; the known-factors shapes are generated on first use
// (by datasets/factor_set, the generator of latentlab-make-shapes) on a
// thread of their own into a cache folder that later lessons reuse.
class LessonDataPreparer : public QObject {
    Q_OBJECT

public:
    explicit LessonDataPreparer(QObject* parent = nullptr);
    // Stops a generation in progress (its partial folder is left for the
    // next one to replace) and waits for its thread.
    ~LessonDataPreparer() override;

    // The folder that holds the generated set of `data`, under the
    // application's local data folder ("…/lessons/shapes-32px-20000-seed1").
    static QString cacheFolder(const LessonData& data);

    // Emits ready() with the spec to load, or failed(); both arrive after
    // prepare() returns. A second call while one generates is ignored.
    void prepare(const LessonData& data);
    bool isBusy() const { return thread_ != nullptr; }

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    void ready(const QString& spec);
    void failed(const QString& message);

private:
    // On the generator's thread: the problem, empty when the set was written,
    // or nullopt when it was cancelled.
    std::optional<QString> generate(const LessonData& data, const QString& folder);

    QThread* thread_ = nullptr;
    std::atomic<bool> cancel_{false};
    std::optional<QString> outcome_;  // of the generation; read once its thread has finished
};

}  // namespace latentlab
