#include "common/thread_team.h"

#include "common/error.h"

namespace latentlab {

ThreadTeam::ThreadTeam(int size) : m_size(size) {
    if (size < 1)
        throw ArgumentError("a thread team needs at least one member");
    for (int m = 1; m < size; ++m)
        m_threads.emplace_back([this, m] { loop(m); });
}

ThreadTeam::~ThreadTeam() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_start.notify_all();
    for (auto& t : m_threads)
        t.join();
}

void ThreadTeam::runErased(void* job, void (*call)(void*, int)) {
    if (m_size == 1) {
        call(job, 0);
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_job = job;
        m_call = call;
        m_pending = m_size - 1;
        ++m_generation;
    }
    m_start.notify_all();
    call(job, 0);
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [this] { return m_pending == 0; });
}

void ThreadTeam::loop(int member) {
    unsigned long seen = 0;
    for (;;) {
        void* job;
        void (*call)(void*, int);
        {
            std::unique_lock lock(m_mutex);
            m_start.wait(lock, [&] { return m_stop || m_generation != seen; });
            if (m_stop)
                return;
            seen = m_generation;
            job = m_job;
            call = m_call;
        }
        call(job, member);
        {
            std::lock_guard lock(m_mutex);
            if (--m_pending == 0)
                m_done.notify_one();
        }
    }
}

} // namespace latentlab
