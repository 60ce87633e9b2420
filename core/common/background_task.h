#pragma once
// BackgroundTask: one piece of long work on its own thread, with a cancel flag and an error
// carried back to the owner. It is the one way LatentLab runs work off the caller's thread:
// the VAE trainer, EM on large data and the GUI documents' jobs all use it (the data-parallel
// loops inside such work use ThreadTeam). Destroying a task cancels it and waits for it, so
// no work outlives its owner.

#include <atomic>
#include <exception>
#include <functional>
#include <thread>
#include <utility>

namespace latentlab {

class BackgroundTask {
public:
    /// The work polls `cancelled` between steps and returns early when it is set.
    using Work = std::function<void(const std::atomic_bool& cancelled)>;

    BackgroundTask() = default;
    ~BackgroundTask() { stop(); }
    BackgroundTask(const BackgroundTask&) = delete;
    BackgroundTask& operator=(const BackgroundTask&) = delete;

    /// Starts `work` on a new thread. `done` (optional) runs on that thread after the work,
    /// also after an exception or a cancel; it typically posts a message to the owner.
    /// Starting a task that is still running first stops it.
    void start(Work work, std::function<void()> done = {}) {
        stop();
        m_cancel = false;
        m_finished = false;
        m_error = nullptr;
        m_thread = std::thread([this, work = std::move(work), done = std::move(done)] {
            try {
                work(m_cancel);
            } catch (...) {
                m_error = std::current_exception();
            }
            m_finished = true;
            if (done)
                done();
        });
    }

    void cancel() { m_cancel = true; }
    bool cancelRequested() const { return m_cancel; }
    bool running() const { return m_thread.joinable() && !m_finished; }
    bool finished() const { return m_finished; }
    /// Waits for the work to end (it is not cancelled); rethrows the work's exception.
    void join() {
        if (m_thread.joinable())
            m_thread.join();
        if (m_error) {
            std::exception_ptr e = std::exchange(m_error, nullptr);
            std::rethrow_exception(e);
        }
    }
    /// Cancels and waits; the work's exception, if any, is dropped.
    void stop() {
        m_cancel = true;
        if (m_thread.joinable())
            m_thread.join();
        m_error = nullptr;
    }
    std::exception_ptr error() const { return m_finished ? m_error : nullptr; }

private:
    std::thread m_thread;
    std::atomic_bool m_cancel{false};
    std::atomic_bool m_finished{false};
    std::exception_ptr m_error;
};

} // namespace latentlab
