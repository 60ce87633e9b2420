// Fuzz harness: the GUI's session readers. The input is read as a session file of any page
// (readSessionFile: the version 1 or 2 envelope, nlohmann::json), and a mixture payload is
// then read as MixturePage::loadSession reads it (parseSession: Qt's JSON, every field
// checked); the whole input also goes straight to parseSession. Anything but a FileError is
// a finding, and an accepted session must hold finite points and a state in range.
#include "common/error.h"
#include "common/session.h"
#include "fuzz_file.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdlib>

namespace {

void check(const latentlab::Session& s) {
    if (!s.data.points.allFinite() || s.state < 0 || s.state > latentlab::kMaxSessionState)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace latentlab;
    const QString path = QString::fromStdString(fuzz::asFile(data, size));
    try {
        check(parseSession(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)),
                           path));
    } catch (const FileError&) {
    }
    try {
        const SessionFile file = readSessionFile(path);
        if (file.page != QLatin1String("mixture") || !file.payload.is_object())
            return 0;
        // What MixturePage::loadSession does with its payload.
        nlohmann::json v1 = {{"format", "latentlab-session"}, {"version", 1}};
        for (const char* key : {"data", "model"})
            if (file.payload.contains(key))
                v1[key] = file.payload[key];
        if (file.payload.contains("state"))
            v1["view"] = {{"state", file.payload["state"]}};
        check(parseSession(QByteArray::fromStdString(v1.dump()), path));
    } catch (const FileError&) {
    }
    return 0;
}
