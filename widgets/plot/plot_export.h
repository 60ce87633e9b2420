#pragma once
// Export of a plot for slides: PNG, SVG or PDF at a chosen size in pixels (PDF: points),
// chosen by the file's suffix. Every file is written atomically (QSaveFile), so a failed
// export never leaves a half-written picture over an old one. Errors throw FileError.

#include <QSize>
#include <QString>

class QCustomPlot;

namespace latentlab {

enum class ExportFormat { Png, Svg, Pdf };

/// The format for a file name's suffix (.png, .svg, .pdf; case-insensitive), or throws
/// FileError naming the suffixes that work.
ExportFormat exportFormatFor(const QString& path);
void exportPlot(QCustomPlot& plot, const QString& path, QSize size);
/// `caption` (PNG only): one line written under the plot, for slides (the picture keeps
/// `size`; the plot gets the rest).
void exportPlot(QCustomPlot& plot, const QString& path, QSize size, ExportFormat format,
                const QString& caption = {});
/// "frame_0007.png" inside `dir`.
QString framePath(const QString& dir, int index);
/// Parses "1600x1000"; nullopt unless both sides are 16..16384.
std::optional<QSize> parseSize(const QString& text);

} // namespace latentlab
