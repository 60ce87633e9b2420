#pragma once
// PcaPage: the PCA lesson as a page of the workbench. It owns the PcaDocument, the 2D view
// (PcaView: the manifold, the generative story, EM for PPCA, the linear autoencoder) and the
// image panel (eigen-digits and eigen-garments) and the 3D view (View3dPanel: a cloud near a
// plane or a line, rotatable), with a panel switcher over them (Alt+1 to Alt+6). It brings the Data
// menu (PCA presets, generated sets, points as CSV), the Model menu (the story, EM and autoencoder
// actions, the overlays), CSV files, its part of a session, its command-line options (--preset,
// --q, --images, --panel, --steps) and frames.

#include "common/page.h"
#include "pca/pca_document.h"
#include "pca/pca_view.h"

class QTabBar;
class QStackedWidget;
class QLabel;

namespace latentlab {

class ImagePanel;
class View3dPanel;

class PcaPage : public Page {
    Q_OBJECT
public:
    /// The panels, in switcher order; names as on the command line (--panel).
    enum class Panel { Manifold = 0, Story, Em, Autoencoder, Images, View3d };
    static QStringList panelNames();
    static PageInfo info();

    explicit PcaPage(QWidget* parent = nullptr);
    ~PcaPage() override;

    PcaDocument* pca() const { return m_doc; }
    PcaView* view() const { return m_view; }
    ImagePanel* images() const { return m_images; }
    View3dPanel* view3d() const { return m_view3d; }
    Panel panel() const { return m_panel; }
    void setPanel(Panel panel);

    // The page's parts for the shell.
    QString id() const override { return QStringLiteral("pca"); }
    QString title() const override { return tr("PCA"); }
    QList<QMenu*> menus() const override { return {m_dataMenu, m_modelMenu}; }
    Document* document() const override { return m_doc; }
    QString subtitle() const override;
    QList<QAction*> editActions() const override;
    QCustomPlot* exportPlot() const override;

    // Files, sessions and the command line. A CSV of 2 columns goes to the 2D panels, one of
    // 3 columns to the 3D view.
    bool canOpen(const QString& path) const override { return isCsvFile(path); }
    QString fileFilter() const override { return csvFileFilter(); }
    void openFile(const QString& path) override;
    void applyOptions(const QHash<QString, QString>& values) override;
    nlohmann::json saveSession() const override;
    void loadSession(const nlohmann::json& payload, const QString& path) override;

    // Frames: EM half-steps, autoencoder steps or story samples, by the panel in front.
    void firstFrame() override;
    QString frameCaption() const override;
    bool nextFrame() override;
    bool atLastFrame() const override;

    void setScale(double scale) override;
    void setPaletteKind(PaletteKind) override {}
    void setLectureMode(bool on) override;
    void deactivated() override;
    void finishWork() override;

    /// Loads a PCA preset as one undo step; false (and an error() signal) when unknown.
    bool loadPreset(const QString& name, std::uint64_t seed = 0);
    void saveCsv(const QString& path);
    /// The problem shown on the page (a refused file, no fit), empty when all is well.
    QString problemText() const;

private:
    void createMenus();
    void showProblem(const QString& text);

    PcaDocument* m_doc;
    PcaView* m_view;
    ImagePanel* m_images;
    View3dPanel* m_view3d;
    QTabBar* m_tabs;
    QStackedWidget* m_stack;
    QLabel* m_problem;
    QMenu* m_dataMenu = nullptr;
    QMenu* m_modelMenu = nullptr;
    QAction* m_clearAction = nullptr;
    QList<QAction*> m_panelActions;
    Panel m_panel = Panel::Manifold;
    QString m_lastRefusal;
};

} // namespace latentlab
