// Fuzz harness: the CLI's JSON parser (INIT.json and every JSON the CLI reads). Anything but
// a FileError is a finding; an accepted text must write back (writeJson) to a text that
// parses to the same value, since the writer promises the shortest exact form.
#include "common/error.h"
#include "io/json.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace latentlab;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    JsonValue value;
    try {
        value = parseJson(text, "fuzz.json");
    } catch (const FileError&) {
        return 0;
    }
    for (const int indent : {-1, 2}) {
        // Accepted numbers are finite, so the writer cannot refuse them; deep nesting was
        // limited by the parser, so writing cannot overflow the stack.
        if (!(parseJson(writeJson(value, indent), "fuzz.json") == value))
            std::abort();
    }
    return 0;
}
