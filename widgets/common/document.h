#pragma once
// Document: what every page's document shares.
//
//   - an undo stack (the shell puts it in its QUndoGroup, so Undo and Redo follow the page
//     in front) and StateEdit, the one undo command: a before/after pair of the document's
//     state, merged while the user drags or sprays;
//   - the modified state (the undo stack is not at its clean index) that the window's title
//     and the "save changes?" prompt read;
//   - one background job at a time (core's BackgroundTask): the work runs off the GUI thread
//     and hands immutable snapshots back through post(); finish() runs on the GUI thread
//     when the work has ended, was cancelled or threw. cancelWork() and waitForIdle() collect
//     the job at once, so the document is never left half-updated.
//
// A subclass calls cancelWork() in its own destructor: the finish callback may use its
// members, which no longer exist when ~Document runs.

#include "common/background_task.h"
#include "common/point_set.h"

#include <QObject>
#include <QString>
#include <QUndoCommand>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

class QUndoStack;

namespace latentlab {

class Document : public QObject {
    Q_OBJECT
public:
    explicit Document(QObject* parent = nullptr);
    ~Document() override;

    QUndoStack* undoStack() const { return m_undo; }
    /// True when there are edits since the last save (or since opening).
    bool isModified() const;
    /// Marks the current state as saved.
    void setSaved();

    bool busy() const { return m_job != nullptr; }
    /// Cancels the running job (if any) and collects it; finish() runs before this returns.
    void cancelWork();
    /// Waits for the running job (if any) to end and collects it (command-line modes, tests).
    void waitForIdle();

signals:
    void busyChanged(bool busy);
    void modifiedChanged(bool modified);

protected:
    using Work = BackgroundTask::Work;
    /// `error` is empty unless the work threw (its what()).
    using Finish = std::function<void(const QString& error, bool cancelled)>;

    /// Starts `work` off the GUI thread. Only one job runs at a time: a running job is
    /// cancelled and collected first.
    void startJob(Work work, Finish finish);
    /// From the job's thread: runs `f` on the GUI thread later, unless the job that posted it
    /// has been collected by then (a late progress report is dropped).
    void post(std::function<void()> f);
    /// The job currently running (0 when idle); post() compares against it.
    std::uint64_t currentJob() const { return m_job ? m_job->id : 0; }

private:
    struct Job {
        std::uint64_t id = 0;
        BackgroundTask task;
        Finish finish;
    };
    void collect(std::uint64_t id);

    QUndoStack* m_undo;
    std::unique_ptr<Job> m_job;
    std::uint64_t m_nextJob = 1;
    /// The job whose posts are accepted; read from worker threads.
    std::atomic<std::uint64_t> m_acceptJob{0};
};

/// The one undo command: `apply(state)` puts a state into the document. Consecutive edits
/// with the same id (>= 0) and merge key merge: the first "before" and the last "after".
template <typename State> class StateEdit : public QUndoCommand {
public:
    using Apply = std::function<void(const State&)>;
    StateEdit(Apply apply, State before, State after, const QString& text, int id = -1,
              int mergeKey = 0)
        : QUndoCommand(text), m_apply(std::move(apply)), m_before(std::move(before)),
          m_after(std::move(after)), m_id(id), m_mergeKey(mergeKey) {}

    void undo() override { m_apply(m_before); }
    void redo() override { m_apply(m_after); }
    int id() const override { return m_id; }
    bool mergeWith(const QUndoCommand* other) override {
        const auto* o = dynamic_cast<const StateEdit*>(other);
        if (!o || o->m_mergeKey != m_mergeKey || m_mergeKey < 0)
            return false;
        m_after = o->m_after;
        return true;
    }
    const State& before() const { return m_before; }
    const State& after() const { return m_after; }

private:
    Apply m_apply;
    State m_before, m_after;
    int m_id;
    int m_mergeKey;
};

/// Throws ArgumentError unless `set` can be drawn in a 2D lesson: two columns (or no points)
/// and finite values. `view` names the lesson in the message ("EM", "PCA").
void checkPlottablePoints(const PointSet& set, const std::string& view);

} // namespace latentlab
