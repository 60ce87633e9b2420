#include "plot/plot_export.h"

#include "common/error.h"
#include "io/file_io.h"
#include "plot/plot_style.h"
#include "plot/qcp.h"

#include <QDir>
#include <QFileInfo>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QBuffer>
#include <QSvgGenerator>

namespace latentlab {

namespace {
[[noreturn]] void fail(const QString& path, const QString& what) {
    throw FileError(path.toStdString(), what.toStdString());
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    writeFileAtomically(path.toStdString(),
                        std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}
} // namespace

void savePng(const QPixmap& pixmap, const QString& path) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (pixmap.isNull() || !pixmap.save(&buffer, "PNG"))
        fail(path, "cannot render the PNG");
    writeBytes(path, bytes);
}

ExportFormat exportFormatFor(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "png")
        return ExportFormat::Png;
    if (suffix == "svg")
        return ExportFormat::Svg;
    if (suffix == "pdf")
        return ExportFormat::Pdf;
    fail(path, "unknown picture format: name the file .png, .svg or .pdf");
}

void exportPlot(QCustomPlot& plot, const QString& path, QSize size) {
    exportPlot(plot, path, size, exportFormatFor(path));
}

void exportPlot(QCustomPlot& plot, const QString& path, QSize size, ExportFormat format,
                const QString& caption) {
    if (size.width() < 16 || size.height() < 16 || size.width() > 16384 || size.height() > 16384)
        fail(path, QStringLiteral("picture size %1x%2 is out of range (16 to 16384 pixels)")
                       .arg(size.width())
                       .arg(size.height()));
    QByteArray bytes;
    QBuffer file(&bytes);
    file.open(QIODevice::WriteOnly);
    switch (format) {
    case ExportFormat::Png: {
        QPixmap pixmap;
        if (caption.isEmpty()) {
            pixmap = plot.toPixmap(size.width(), size.height(), 1.0);
        } else {
            const PlotStyle style = PlotStyle::of(&plot, 1.0);
            QFont font = style.font(std::clamp(size.height() / 36.0, 12.0, 48.0));
            const int band = QFontMetrics(font).height() * 3 / 2;
            const QPixmap chart =
                plot.toPixmap(size.width(), std::max(16, size.height() - band), 1.0);
            pixmap = QPixmap(size);
            pixmap.fill(style.background);
            QPainter p(&pixmap);
            p.drawPixmap(0, 0, chart);
            p.setFont(font);
            p.setPen(style.text);
            p.drawText(QRect(0, size.height() - band, size.width(), band), Qt::AlignCenter,
                       caption);
        }
        if (pixmap.isNull() || !pixmap.save(&file, "PNG"))
            fail(path, "cannot render the PNG");
        break;
    }
    case ExportFormat::Svg: {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(QStringLiteral("LatentLab"));
        QCPPainter painter;
        if (!painter.begin(&svg))
            fail(path, "cannot render the SVG");
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        plot.toPainter(&painter, size.width(), size.height());
        painter.end();
        break;
    }
    case ExportFormat::Pdf: {
        QPdfWriter pdf(&file);
        pdf.setCreator(QStringLiteral("LatentLab"));
        pdf.setResolution(72); // one pixel of the plot = one PDF point
        pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QCPPainter painter;
        if (!painter.begin(&pdf))
            fail(path, "cannot render the PDF");
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        plot.toPainter(&painter, size.width(), size.height());
        painter.end();
        break;
    }
    }
    file.close();
    writeBytes(path, bytes);
}

QString framePath(const QString& dir, int index) {
    return QDir(dir).filePath(QStringLiteral("frame_%1.png").arg(index, 4, 10, QLatin1Char('0')));
}

std::optional<QSize> parseSize(const QString& text) {
    static const QRegularExpression re(
        QStringLiteral("^\\s*(\\d{1,5})\\s*[xX]\\s*(\\d{1,5})\\s*$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const int w = m.captured(1).toInt(), h = m.captured(2).toInt();
    if (w < 16 || h < 16 || w > 16384 || h > 16384)
        return std::nullopt;
    return QSize(w, h);
}

} // namespace latentlab
