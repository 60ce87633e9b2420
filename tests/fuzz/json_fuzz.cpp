// Fuzz harness: the JSON reader (io/json: INIT.json, sessions, every JSON LatentLab reads).
// Anything but a FileError is a finding; an accepted text must write back (writeJson,
// compact and indented) to a text that parses to the same value.
#include "common/error.h"
#include "io/json.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace latentlab;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    nlohmann::json value;
    try {
        value = parseJson(text, "fuzz.json");
    } catch (const FileError&) {
        return 0;
    }
    // Accepted numbers are finite, so the writer cannot refuse them; nesting was limited by
    // the parser. (Strings are written with bad UTF-8 replaced, but the parser accepts only
    // valid UTF-8, so the text reads back to the same value.)
    for (const int indent : {-1, 2})
        if (!(parseJson(writeJson(value, indent), "fuzz.json") == value))
            std::abort();
    return 0;
}
