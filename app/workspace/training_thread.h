#pragma once

// The one thread that trains: a run of the Training tab or a decoder
// comparison, never both at once (they would share the cores). Included by
// ui/, so free of LibTorch.

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>

#include <memory>

namespace latentlab {

class RunControl;

// What runs on the training thread: a worker object (Qt's worker-object
// pattern) made without a parent, moved to the thread, run() called there;
// done() ends the thread, which deletes the worker.
class ThreadWork : public QObject {
    Q_OBJECT

public:
    virtual void run() = 0;

Q_SIGNALS:
    void done();
};

// Owns the training thread and the RunControl of what runs on it. The
// controllers (TrainingController, ComparisonController) launch their
// workers here; whoever holds the thread tells the others why they wait.
class TrainingThread : public QObject {
    Q_OBJECT

public:
    explicit TrainingThread(QObject* parent = nullptr);
    // Stops what runs (a paused run too) and waits for it.
    ~TrainingThread() override;

    // A fresh control for the next work, or nullptr while the thread is busy.
    // Waits for a finished work's thread to return (it may still be leaving run()).
    std::shared_ptr<RunControl> reserve();
    // Runs `work` (made with the control of reserve()) on the thread; until
    // finished(), busyReason() says `reason`. Returns the work's number, which
    // finished() repeats: a controller knows its own work's end from another's
    // that it may be told of in the same turn (a lesson starts a comparison
    // as a run ends).
    quint64 start(ThreadWork* work, const QString& reason);
    // Asks what runs to stop and waits for the thread to end.
    void stopAndWait();

    bool isBusy() const { return busy_; }
    // Why no other training may start now, as the window says it; empty when
    // the thread is free.
    QString busyReason() const { return busy_ ? reason_ : QString(); }
    // The control of what runs (or ran last); null before the first.
    RunControl* control() const { return control_.get(); }

Q_SIGNALS:
    void started();
    // The work numbered `work` has ended, for whatever reason, and its thread with it.
    void finished(quint64 work);

private:
    void onThreadFinished();

    QThread thread_;
    std::shared_ptr<RunControl> control_;
    QString reason_;
    bool busy_ = false;
    quint64 work_ = 0;  // the number of the last work started
};

}  // namespace latentlab
