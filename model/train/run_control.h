#pragma once

// The pause, stop and setting requests of one run: made on one thread (the
// window's, a signal handler's relay, a lesson's), taken by the run driver
// between two training steps. Each run gets its own, so a stopped run can
// never stop the next one.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace latentlab {

class RunControl {
public:
    void requestStop();
    void setPaused(bool paused);

    bool stopRequested() const { return stop_.load(); }
    bool pauseRequested() const { return paused_.load(); }
    // What Trainer::train_epoch checks before every step.
    const std::atomic<bool>* stopFlag() const { return &stop_; }

    // Blocks while a pause is requested and no stop is.
    void waitWhilePaused();

    // A new beta or learning rate for the running model. The driver takes it
    // between two steps; a second request before then replaces the first.
    void requestBeta(double beta);
    void requestLearningRate(double learningRate);
    std::optional<double> takeBeta();
    std::optional<double> takeLearningRate();

    // A view wants a copy of the weights before the epoch ends.
    void requestSnapshot() { snapshotWanted_.store(true); }
    bool snapshotWanted() const { return snapshotWanted_.load(); }
    void clearSnapshotRequest() { snapshotWanted_.store(false); }

private:
    std::atomic<bool> stop_{false};
    std::atomic<bool> paused_{false};
    std::atomic<bool> snapshotWanted_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::mutex settingsMutex_;
    std::optional<double> beta_;
    std::optional<double> learningRate_;
};

}  // namespace latentlab
