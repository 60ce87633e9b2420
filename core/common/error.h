#pragma once
// Errors from reading files. Every reader in core/ reports a malformed or hostile file by
// throwing FileError, whose what() names the file, where in it (line and column, or byte
// offset) and what is wrong, in one line a user can act on.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace latentlab {

class FileError : public std::runtime_error {
public:
    /// A problem with the file as a whole ("empty file", "cannot open: No such file").
    FileError(std::string path, const std::string& message);
    /// A problem at a text position (1-based line and column; column 0 = whole line).
    FileError(std::string path, long line, long column, const std::string& message);
    /// A problem at a byte offset in a binary file.
    static FileError atByte(std::string path, std::uint64_t offset, const std::string& message);

    const std::string& path() const { return m_path; }
    long line() const { return m_line; }
    long column() const { return m_column; }
    std::optional<std::uint64_t> byteOffset() const { return m_offset; }
    /// The message without the location prefix.
    const std::string& message() const { return m_message; }

private:
    FileError(std::string path, std::string what, std::string message);
    std::string m_path;
    std::string m_message;
    long m_line = 0;
    long m_column = 0;
    std::optional<std::uint64_t> m_offset;
};

/// Invalid arguments or settings (K < 1, K > N, unknown name...). what() is one line.
class ArgumentError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

} // namespace latentlab
