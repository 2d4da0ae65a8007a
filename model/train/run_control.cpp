#include "model/train/run_control.h"

#include <utility>

namespace latentlab {

void RunControl::requestStop() {
    {
        // Under the mutex, so a driver about to wait cannot miss the wake-up.
        std::lock_guard<std::mutex> lock(mutex_);
        stop_.store(true);
    }
    wake_.notify_all();
}

void RunControl::setPaused(bool paused) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        paused_.store(paused);
    }
    wake_.notify_all();
}

void RunControl::waitWhilePaused() {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, [this] { return !paused_.load() || stop_.load(); });
}

void RunControl::requestBeta(double beta) {
    std::lock_guard<std::mutex> lock(settingsMutex_);
    beta_ = beta;
}

void RunControl::requestLearningRate(double learningRate) {
    std::lock_guard<std::mutex> lock(settingsMutex_);
    learningRate_ = learningRate;
}

std::optional<double> RunControl::takeBeta() {
    std::lock_guard<std::mutex> lock(settingsMutex_);
    return std::exchange(beta_, std::nullopt);
}

std::optional<double> RunControl::takeLearningRate() {
    std::lock_guard<std::mutex> lock(settingsMutex_);
    return std::exchange(learningRate_, std::nullopt);
}

}  // namespace latentlab
