#pragma once
// VaePage: the VAE lesson as a page of the workbench. It owns the VaeDocument and the
// VaeView, and brings what is the VAE's own: the model bar (model, what the plane shows, grid
// size, spacing and extent), the Model and Latent menus with their keys (arrows move z, S a
// Bernoulli sample, G the grid, P prior samples...), .llvae files, its part of a session and
// its command-line options (--model, --z, --grid, --show).

#include "common/page.h"

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace latentlab {

class VaeDocument;
class VaeView;

class VaePage : public Page {
    Q_OBJECT
public:
    static PageInfo info();

    explicit VaePage(QWidget* parent = nullptr);
    ~VaePage() override;

    VaeDocument* vae() const { return m_doc; }
    VaeView* view() const { return m_view; }

    QString id() const override { return QStringLiteral("vae"); }
    QString title() const override;
    Document* document() const override;
    QList<QMenu*> menus() const override;
    QToolBar* modelBar() const override { return m_modelBar; }
    QString subtitle() const override;
    QCustomPlot* exportPlot() const override;

    QString fileFilter() const override;
    bool canOpen(const QString& path) const override;
    void openFile(const QString& path) override;
    nlohmann::json saveSession() const override;
    void loadSession(const nlohmann::json& payload, const QString& path) override;
    void applyOptions(const QHash<QString, QString>& values) override;

    void setScale(double scale) override;
    void setPaletteKind(PaletteKind kind) override;
    void setLectureMode(bool on) override;
    void activated() override;
    void finishWork() override;

private:
    void ensureModel();
    void createMenus();
    void createModelBar();
    void syncModelBar();
    void moveZ(double dx, double dy);
    void chooseModelFile();

    VaeDocument* m_doc;
    VaeView* m_view;
    bool m_started = false;
    QToolBar* m_modelBar = nullptr;
    QComboBox* m_modelCombo = nullptr;
    QComboBox* m_layersCombo = nullptr;
    QSpinBox* m_gridSpin = nullptr;
    QComboBox* m_spacingCombo = nullptr;
    QDoubleSpinBox* m_extentSpin = nullptr;
    QMenu* m_modelMenu = nullptr;
    QMenu* m_latentMenu = nullptr;
};

} // namespace latentlab
