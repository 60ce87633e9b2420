#pragma once
// Small helpers every reader and writer in core/ shares: reading a whole file with a size
// cap (so a hostile file cannot make us allocate without bound) and writing files safely.
//
// Writing a file: the bytes go to a new file in the target's directory, which is fsynced
// and renamed over the target, and then the directory is fsynced; so after a crash or a
// power cut the target holds either all the old bytes or all the new ones. While the bytes
// are written the new file has no name (Linux O_TMPFILE, where the file system supports
// it), so a process killed in the middle leaves nothing behind; it gets its temporary name
// (".NAME.tmp-...") just before the rename. Also:
// - a target that is a symbolic link is written through: its final target is replaced and
//   the link stays a link;
// - a replaced file keeps its permissions (and its owner and group, where allowed);
// - a target that exists but is not a regular file (/dev/null, /dev/stdout, a FIFO) cannot
//   be replaced atomically and is written in place;
// - every failure removes the temporary file and throws FileError naming the target; a
//   full disk says so ("the disk is full (ENOSPC)").
//
// Writing several files as a group (an IDX image file and its labels): every new file is
// written completely and fsynced under its temporary name first; then a journal naming
// each temporary file and its target is written beside every target (".NAME.pending-write")
// and fsynced: that is the commit point. Then the files are renamed one by one and the
// journals removed. A process killed between two renames leaves the journals behind:
// checkNoInterruptedWrite() (called by the readers of such files) refuses a file that still
// has one, and finishInterruptedWrite() completes the renames (every new file was complete
// before the first rename, so rolling forward is always possible).

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace latentlab {

/// Reads the whole file. Throws FileError if it cannot be opened or read, or if it is
/// larger than `maxBytes` (checked before allocating).
std::string readWholeFile(const std::string& path, std::uint64_t maxBytes);

/// Replaces `path` by `bytes` atomically and durably, as described above. Throws FileError.
void writeFileAtomically(const std::string& path, std::string_view bytes);

struct FileContents {
    std::string path;
    std::string_view bytes;
};

/// Called after the i-th rename of a group write (0-based); tests stop the process there to
/// check what an interrupted write leaves behind.
using RenameHook = std::function<void(std::size_t renamed)>;

/// Replaces every file of the group, all or none as seen by readers that call
/// checkNoInterruptedWrite(). Throws FileError (and leaves every target unchanged) when a
/// file cannot be written; the targets must be distinct.
void writeFilesAtomically(std::span<const FileContents> files, const RenameHook& hook = {});

/// Throws FileError if an interrupted group write left `path` possibly out of step with the
/// other files of its group.
void checkNoInterruptedWrite(const std::string& path);

/// Completes an interrupted group write that `path` belongs to: renames what was not yet
/// renamed and removes the journals. Returns false when there was nothing to complete.
bool finishInterruptedWrite(const std::string& path);

} // namespace latentlab
