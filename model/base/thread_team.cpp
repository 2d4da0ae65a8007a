#include "model/base/thread_team.h"

#include <ATen/Parallel.h>

#include <algorithm>

namespace latentlab {

ThreadTeam::ThreadTeam(int size) : errors_(static_cast<size_t>(std::max(size, 1))) {
    try {
        for (int member = 1; member < size; ++member) helpers_.emplace_back([this, member] { help(member); });
    } catch (...) {
        close();  // the destructor does not run for a half-built object
        throw;
    }
}

ThreadTeam::~ThreadTeam() { close(); }

void ThreadTeam::close() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        closing_ = true;
    }
    job_ready_.notify_all();
    for (auto& helper : helpers_) helper.join();
    helpers_.clear();
}

void ThreadTeam::run(const std::function<void(int)>& job) {
    std::fill(errors_.begin(), errors_.end(), nullptr);
    if (!helpers_.empty()) {
        std::lock_guard<std::mutex> lock(mutex_);
        job_ = &job;
        busy_ = static_cast<int>(helpers_.size());
        ++generation_;
    }
    job_ready_.notify_all();
    try {
        job(0);
    } catch (...) {
        errors_[0] = std::current_exception();
    }
    if (!helpers_.empty()) {
        std::unique_lock<std::mutex> lock(mutex_);
        job_done_.wait(lock, [this] { return busy_ == 0; });
        job_ = nullptr;
    }
    for (const auto& error : errors_)
        if (error) std::rethrow_exception(error);
}

void ThreadTeam::help(int member) {
    // OpenMP's thread count is a per-thread setting: without this, a helper
    // would open parallel regions on every core inside its share.
    at::init_num_threads();
    long seen = 0;
    for (;;) {
        const std::function<void(int)>* job = nullptr;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            job_ready_.wait(lock, [&] { return closing_ || generation_ != seen; });
            if (closing_) return;
            seen = generation_;
            job = job_;
        }
        try {
            (*job)(member);
        } catch (...) {
            errors_[static_cast<size_t>(member)] = std::current_exception();
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (--busy_ > 0) continue;
        }
        job_done_.notify_one();
    }
}

}  // namespace latentlab
