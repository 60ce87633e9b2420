#pragma once
// The fuzz input as a file, for readers that take a path (the IDX and model readers open the
// file themselves): one memory-backed file per process (memfd), rewritten for each input and
// named by its /proc/self/fd path.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace latentlab::fuzz {

inline std::string asFile(const std::uint8_t* data, std::size_t size) {
    static const int fd = memfd_create("latentlab-fuzz", 0);
    if (fd < 0 || ftruncate(fd, 0) != 0)
        std::abort();
    for (std::size_t done = 0; done < size;) {
        const ssize_t n = pwrite(fd, data + done, size - done, static_cast<off_t>(done));
        if (n <= 0)
            std::abort();
        done += static_cast<std::size_t>(n);
    }
    return "/proc/self/fd/" + std::to_string(fd);
}

} // namespace latentlab::fuzz
