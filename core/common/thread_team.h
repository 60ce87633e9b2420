#pragma once
// A fixed team of threads that run the same job together: the one way LatentLab runs a
// data-parallel loop (the VAE trainer's batches, the EM engine's passes over blocks of
// points). The caller is member 0 and run() returns when every member has finished.
// Persistent threads (rather than one std::thread per batch or pass) keep the overhead to a
// couple of wake-ups, and run() takes any callable by reference without allocating, so the
// team adds no allocation to the training loop. Long work off the caller's thread is
// BackgroundTask's job (background_task.h), not this one's.

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

namespace latentlab {

class ThreadTeam {
public:
    /// size >= 1 members; size - 1 threads are started.
    explicit ThreadTeam(int size);
    ~ThreadTeam();
    ThreadTeam(const ThreadTeam&) = delete;
    ThreadTeam& operator=(const ThreadTeam&) = delete;

    int size() const { return m_size; }

    /// Calls job(member) once for each member 0..size-1 in parallel (member 0 on the calling
    /// thread) and waits for all. The job must not throw.
    template <typename Job> void run(Job& job) {
        runErased(&job, [](void* j, int member) { (*static_cast<Job*>(j))(member); });
    }

    /// The half-open share [begin, end) of n items that member m of size members takes.
    static std::size_t shareBegin(std::size_t n, int member, int size) {
        return n * std::size_t(member) / std::size_t(size);
    }

private:
    void runErased(void* job, void (*call)(void*, int));
    void loop(int member);

    int m_size;
    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_start, m_done;
    void* m_job = nullptr;
    void (*m_call)(void*, int) = nullptr;
    unsigned long m_generation = 0;
    int m_pending = 0;
    bool m_stop = false;
};

} // namespace latentlab
