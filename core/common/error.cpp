#include "common/error.h"

namespace latentlab {

FileError::FileError(std::string path, std::string what, std::string message)
    : std::runtime_error(std::move(what)), m_path(std::move(path)), m_message(std::move(message)) {}

FileError::FileError(std::string path, const std::string& message)
    : FileError(path, path + ": " + message, message) {}

FileError::FileError(std::string path, long line, long column, const std::string& message)
    : FileError(path,
                path + ":" + std::to_string(line) +
                    (column > 0 ? ":" + std::to_string(column) : std::string()) + ": " + message,
                message) {
    m_line = line;
    m_column = column;
}

FileError FileError::atByte(std::string path, std::uint64_t offset, const std::string& message) {
    FileError e(path, path + ": byte " + std::to_string(offset) + ": " + message, message);
    e.m_offset = offset;
    return e;
}

} // namespace latentlab
