#pragma once
// Sessions: everything needed to reopen a lecture exactly where it was left, as a
// `.latentlab` JSON file:
//
//   { "format": "latentlab-session", "version": 1,
//     "data":  { "name": "...", "columns": ["x", "y"], "points": [[x, y], ...] },
//     "model": { "k": 3, "covariance": "full", "init": "kmeans++" | "random" | "manual",
//                "seed": 0, "reg": 1e-6, "tol": 1e-3, "maxIter": 100,
//                "manual": { "weights": [...], "means": [[x, y], ...],
//                            "covariances": [[[a, b], [b, c]], ...] } },
//     "view":  { "state": 5, "palette": "lecture" | "colorblind" | "highcontrast" } }
//
// Files are written atomically (writeFileAtomically, io/file_io.h). Reading validates every field and throws
// FileError naming the file and the problem (JSON syntax errors with line and column);
// nothing is half-loaded.

#include "mixture/mixture_document.h"

#include <QString>
#include <nlohmann/json.hpp>
#include <optional>

namespace latentlab {

struct Session {
    PointSet data;
    ModelSettings settings;
    int state = 0;
    PaletteKind palette = PaletteKind::Lecture;
};

/// Limits that keep a hostile file from exhausting memory or time.
inline constexpr qint64 kMaxSessionBytes = 512ll * 1024 * 1024;
inline constexpr qsizetype kMaxSessionPoints = 5'000'000;
inline constexpr int kMaxSessionState = 20'001;

Session readSession(const QString& path);
Session parseSession(const QByteArray& json, const QString& path);
QByteArray serializeSession(const Session& session);
void writeSession(const QString& path, const Session& session);

/// A session file of any page (format version 2): which page it belongs to, the palette,
/// and the page's own part. Version 1 files (the mixture view's, before pages) read as page
/// "mixture" with payload {data, model, state}.
struct SessionFile {
    QString page;
    std::optional<PaletteKind> palette;
    nlohmann::json payload;
};
SessionFile readSessionFile(const QString& path);
void writeSessionFile(const QString& path, const SessionFile& session);

QString paletteName(PaletteKind kind);
std::optional<PaletteKind> parsePaletteName(const QString& name);

} // namespace latentlab
