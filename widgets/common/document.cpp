#include "common/document.h"

#include "common/error.h"

#include <QMetaObject>
#include <QUndoStack>

namespace latentlab {

Document::Document(QObject* parent) : QObject(parent), m_undo(new QUndoStack(this)) {
    connect(m_undo, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
}

Document::~Document() {
    // The subclass has collected its job already (see the header); if not, stop the thread
    // without calling back into a half-destroyed object.
    m_acceptJob = 0;
    if (m_job)
        m_job->task.stop();
    // Nobody may hear the undo stack's last signals while this object is being destroyed.
    m_undo->disconnect(this);
}

bool Document::isModified() const {
    return !m_undo->isClean();
}

void Document::setSaved() {
    m_undo->setClean();
}

void Document::startJob(Work work, Finish finish) {
    cancelWork();
    auto job = std::make_unique<Job>();
    job->id = m_nextJob++;
    job->finish = std::move(finish);
    const std::uint64_t id = job->id;
    m_acceptJob = id;
    m_job = std::move(job);
    m_job->task.start(std::move(work), [this, id] {
        // Runs on the job's thread: hand the collection to the GUI thread. If the document
        // is gone by then, Qt drops the call (this object is the context).
        QMetaObject::invokeMethod(this, [this, id] { collect(id); }, Qt::QueuedConnection);
    });
    emit busyChanged(true);
}

void Document::post(std::function<void()> f) {
    const std::uint64_t id = m_acceptJob;
    QMetaObject::invokeMethod(
        this,
        [this, id, f = std::move(f)] {
            if (m_job && m_job->id == id && m_acceptJob == id)
                f();
        },
        Qt::QueuedConnection);
}

void Document::collect(std::uint64_t id) {
    if (!m_job || m_job->id != id)
        return; // already collected by cancelWork() or waitForIdle()
    std::unique_ptr<Job> job = std::move(m_job);
    m_acceptJob = 0;
    const bool cancelled = job->task.cancelRequested();
    QString error;
    try {
        job->task.join();
    } catch (const std::exception& e) {
        error = QString::fromUtf8(e.what());
    } catch (...) {
        error = tr("unknown error");
    }
    if (job->finish)
        job->finish(error, cancelled);
    emit busyChanged(false);
}

void Document::cancelWork() {
    if (!m_job)
        return;
    m_job->task.cancel();
    collect(m_job->id);
}

void Document::waitForIdle() {
    if (m_job)
        collect(m_job->id);
}

void checkPlottablePoints(const PointSet& set, const std::string& view) {
    if (set.size() > 0 && set.dimension() != 2)
        throw ArgumentError("the " + view + " view shows 2D data, but this set has " +
                            std::to_string(set.dimension()) +
                            " columns: keep the two you want to see");
    if (!set.points.allFinite())
        throw ArgumentError("the data contain NaN or infinite values");
}

} // namespace latentlab
