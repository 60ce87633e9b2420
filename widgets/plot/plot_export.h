#pragma once
// Export of a plot for slides: PNG, SVG or PDF at a chosen size in pixels (PDF: points),
// chosen by the file's suffix. Every file is rendered in memory and then written by core's
// writeFileAtomically (io/file_io.h: synced, renamed into place, nothing left behind when
// killed, permissions and symbolic links kept), so a failed export never leaves a
// half-written picture over an old one. Errors throw FileError (a full disk says so).

#include <QSize>
#include <QString>

class QCustomPlot;
class QPixmap;

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
/// Writes `pixmap` as a PNG file, the same way. Throws FileError.
void savePng(const QPixmap& pixmap, const QString& path);
/// "frame_0007.png" inside `dir`.
QString framePath(const QString& dir, int index);
/// Parses "1600x1000"; nullopt unless both sides are 16..16384.
std::optional<QSize> parseSize(const QString& text);

} // namespace latentlab
