#include "app/workspace/training_thread.h"

#include "model/train/run_control.h"

namespace latentlab {

TrainingThread::TrainingThread(QObject* parent) : QObject(parent) {
    thread_.setObjectName(QStringLiteral("TrainingThread"));
    // Emitted on the training thread as it ends; queued to this object.
    connect(&thread_, &QThread::finished, this, &TrainingThread::onThreadFinished);
}

TrainingThread::~TrainingThread() { stopAndWait(); }

void TrainingThread::stopAndWait() {
    // The stop flag also wakes a paused worker, so the wait cannot hang on it.
    if (control_) control_->requestStop();
    thread_.quit();
    thread_.wait();
}

std::shared_ptr<RunControl> TrainingThread::reserve() {
    if (busy_) return nullptr;
    // The previous work's thread has already emitted finished(); it may still
    // be returning from run(), and a running QThread cannot be started again.
    thread_.wait();
    control_ = std::make_shared<RunControl>();
    return control_;
}

quint64 TrainingThread::start(ThreadWork* work, const QString& reason) {
    work->moveToThread(&thread_);
    connect(&thread_, &QThread::started, work, &ThreadWork::run);
    connect(&thread_, &QThread::finished, work, &QObject::deleteLater);
    // quit() is thread-safe; calling it from the training thread ends the
    // thread without a round trip through the GUI thread.
    connect(work, &ThreadWork::done, &thread_, &QThread::quit, Qt::DirectConnection);
    busy_ = true;
    reason_ = reason;
    thread_.start();
    Q_EMIT started();
    return ++work_;
}

void TrainingThread::onThreadFinished() {
    busy_ = false;
    reason_.clear();
    Q_EMIT finished(work_);
}

}  // namespace latentlab
