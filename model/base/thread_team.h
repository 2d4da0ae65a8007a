#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace latentlab {

// A fixed team of threads that run one job together: run(job) calls job(i)
// for every member i, the caller taking member 0, and returns when all are
// done. A training step runs on it twice, so the threads wait for the next
// job instead of being started each time. The helpers take LibTorch's
// intra-op thread setting of the moment they start.
class ThreadTeam {
public:
    explicit ThreadTeam(int size);
    ~ThreadTeam();
    ThreadTeam(const ThreadTeam&) = delete;
    ThreadTeam& operator=(const ThreadTeam&) = delete;

    int size() const { return static_cast<int>(helpers_.size()) + 1; }

    // Rethrows the exception of the lowest member that threw, once all are done.
    void run(const std::function<void(int)>& job);

private:
    void help(int member);
    void close();

    std::vector<std::thread> helpers_;
    std::mutex mutex_;
    std::condition_variable job_ready_, job_done_;
    const std::function<void(int)>* job_ = nullptr;
    long generation_ = 0;
    int busy_ = 0;
    bool closing_ = false;
    std::vector<std::exception_ptr> errors_;
};

}  // namespace latentlab
