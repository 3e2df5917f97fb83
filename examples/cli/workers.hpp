#pragma once
// A reader thread, N workers and an in-order consumer over a fixed ring of slots: streaming with
// bounded memory, output in input order whatever the number of workers.
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace zhnorm_cli {

template <class Job, class Result>
class ordered_pool {
public:
    // `window` slots hold jobs read but not yet consumed; `max_bytes` caps the sum of job_bytes()
    // over those slots (one job is always let in, however big).
    ordered_pool(unsigned workers, std::size_t window, std::size_t max_bytes)
        : workers_(workers == 0 ? 1 : workers), slots_(window < 1 ? 1 : window), max_bytes_(max_bytes) {}

    // produce(Job&) -> bool fills the next job, false at the end of input (reader thread).
    // work(Job&, Result&) runs on a worker thread. consume(Job&, Result&) -> bool runs on the
    // calling thread in input order; returning false stops the run early.
    // job_bytes(const Job&) -> size_t is the job's share of the byte budget.
    template <class Produce, class Work, class Consume, class Bytes>
    void run(Produce&& produce, Work&& work, Consume&& consume, Bytes&& job_bytes) {
        std::exception_ptr reader_error;
        std::thread reader([&] {
            try {
                for (;;) {
                    std::size_t seq;
                    {
                        std::unique_lock lk(m_);
                        space_.wait(lk, [&] {
                            return stop_ || (produced_ - consumed_ < slots_.size() &&
                                             (produced_ == consumed_ || bytes_ < max_bytes_));
                        });
                        if (stop_) break;
                        seq = produced_;
                    }
                    slot& s = slots_[seq % slots_.size()];
                    s.job = Job{};
                    s.result = Result{};
                    const bool more = produce(s.job);
                    std::lock_guard lk(m_);
                    if (!more) break;
                    s.bytes = job_bytes(s.job);
                    bytes_ += s.bytes;
                    s.done = false;
                    ++produced_;
                    work_.notify_one();
                    done_.notify_one();
                }
            } catch (...) {
                reader_error = std::current_exception();
            }
            std::lock_guard lk(m_);
            finished_ = true;
            work_.notify_all();
            done_.notify_all();
        });
        std::vector<std::thread> pool;
        for (unsigned w = 0; w < workers_; ++w)
            pool.emplace_back([&] {
                for (;;) {
                    std::size_t seq;
                    {
                        std::unique_lock lk(m_);
                        work_.wait(lk, [&] { return stop_ || claimed_ < produced_ || finished_; });
                        if (stop_ || claimed_ == produced_) return;
                        seq = claimed_++;
                    }
                    slot& s = slots_[seq % slots_.size()];
                    work(s.job, s.result);
                    std::lock_guard lk(m_);
                    s.done = true;
                    if (seq == consumed_) done_.notify_one();
                }
            });
        for (;;) {
            slot* s;
            {
                std::unique_lock lk(m_);
                done_.wait(lk, [&] {
                    return consumed_ < produced_ ? slots_[consumed_ % slots_.size()].done : finished_;
                });
                if (consumed_ == produced_) break;
                s = &slots_[consumed_ % slots_.size()];
            }
            const bool go_on = consume(s->job, s->result);
            std::lock_guard lk(m_);
            bytes_ -= s->bytes;
            s->job = Job{};  // release memory now, not when the slot is reused
            s->result = Result{};
            ++consumed_;
            space_.notify_one();
            if (!go_on) {
                stop_ = true;
                space_.notify_all();
                work_.notify_all();
                break;
            }
        }
        reader.join();
        for (auto& t : pool) t.join();
        if (reader_error) std::rethrow_exception(reader_error);
    }

private:
    struct slot {
        Job job;
        Result result;
        std::size_t bytes = 0;
        bool done = false;
    };

    unsigned workers_;
    std::vector<slot> slots_;
    std::size_t max_bytes_;
    std::mutex m_;
    std::condition_variable space_, work_, done_;
    std::size_t produced_ = 0, claimed_ = 0, consumed_ = 0, bytes_ = 0;
    bool finished_ = false, stop_ = false;
};

} // namespace zhnorm_cli
