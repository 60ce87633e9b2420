#pragma once
// VaePage: the VAE lesson as a page of the workbench. It owns the VaeDocument and the
// VaeView, and brings what is the VAE's own: the model bar (model, what the plane shows, grid
// size, spacing and extent), the Model and Latent menus with their keys (arrows move z, S a
// Bernoulli sample, G the grid, P prior samples...), .llvae files, its part of a session and
// its command-line options (--model, --z, --grid, --show, --vae-tab, --walkthrough). Its
// lessons are tabs: Explore (the VaeView), Four steps (FourStepView) and AE vs VAE
// (AeVsVaeView). Training in the app: the Training menu's Start, Pause/Resume, Stop, Reset
// and Save drive a VaeTrainingRun shown in the Explore view's Train tab, and --train-epochs N
// runs the same Start.

#include "common/page.h"

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;
class QTabWidget;

namespace latentlab {

class AeVsVaeView;
class FourStepView;
class VaeDocument;
struct VaeTrainingSettings;
class VaeTrainingPanel;
class VaeTrainingRun;
class VaeView;

class VaePage : public Page {
    Q_OBJECT
public:
    static PageInfo info();

    explicit VaePage(QWidget* parent = nullptr);
    ~VaePage() override;

    VaeDocument* vae() const { return m_doc; }
    VaeView* view() const { return m_view; }
    FourStepView* fourSteps() const { return m_fourSteps; }
    AeVsVaeView* aeVsVae() const { return m_aeVsVae; }
    QTabWidget* lessonTabs() const { return m_tabs; }
    /// The tab in front: "explore", "four-steps" or "ae-vs-vae" (as --vae-tab names them).
    QString currentTab() const;
    void showTab(const QString& name);
    /// The Explore lesson with its Train tab in front (what Start and the T key show).
    void showTrainingTab();
    VaeTrainingRun* trainingRun() const { return m_run; }
    VaeTrainingPanel* trainingPanel() const { return m_trainingPanel; }

    /// What the Start action does: the Train tab's settings (or `given`, shown there), then
    /// VaeTrainingRun::start; a problem is reported through error() (returns false).
    bool startTraining(const VaeTrainingSettings* given = nullptr);
    /// Saves the trained model (atomic) and shows it from its file, so that sessions hold it.
    void saveTrainedModel(const QString& path);

    QString id() const override { return QStringLiteral("vae"); }
    QString title() const override;
    Document* document() const override;
    QList<QMenu*> menus() const override;
    QToolBar* modelBar() const override { return m_modelBar; }
    QString subtitle() const override;
    QCustomPlot* exportPlot() const override;

    /// Frames for --export-frames: z walks the interpolation from A to B.
    void firstFrame() override;
    bool nextFrame() override;
    bool atLastFrame() const override;
    QString frameCaption() const override;

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
    void deactivated() override;
    void finishWork() override;

    /// The decoded image at z (28 x 28, the grey levels latentlab-cli vae-decode writes) and
    /// the manifold grid (28 N x 28 N, row 0 at the top: the largest z_2), as PNG files
    /// written atomically. FileError or ArgumentError (no model) on failure.
    void exportDecodedImage(const QString& path) const;
    void exportGridImage(const QString& path) const;

private:
    void ensureModel();
    void createMenus();
    void createModelBar();
    void syncModelBar();
    void moveZ(double dx, double dy);
    void chooseModelFile();
    void chooseExportPath(bool grid);
    void createTrainingMenu();
    void updateTrainingActions();
    void applyTrainingOptions(const QHash<QString, QString>& values);

    VaeDocument* m_doc;
    VaeView* m_view;
    QTabWidget* m_tabs = nullptr;
    FourStepView* m_fourSteps = nullptr;
    AeVsVaeView* m_aeVsVae = nullptr;
    bool m_started = false;
    int m_frame = 0;
    QToolBar* m_modelBar = nullptr;
    QComboBox* m_modelCombo = nullptr;
    QComboBox* m_layersCombo = nullptr;
    QSpinBox* m_gridSpin = nullptr;
    QComboBox* m_spacingCombo = nullptr;
    QDoubleSpinBox* m_extentSpin = nullptr;
    QMenu* m_modelMenu = nullptr;
    QMenu* m_latentMenu = nullptr;
    QMenu* m_trainingMenu = nullptr;
    VaeTrainingRun* m_run = nullptr;
    VaeTrainingPanel* m_trainingPanel = nullptr;
    QAction* m_startAction = nullptr;
    QAction* m_pauseAction = nullptr;
    QAction* m_stopAction = nullptr;
    QAction* m_resetAction = nullptr;
    QAction* m_saveAction = nullptr;
    QString m_sourceBeforeTraining; ///< the model shown when training started
};

} // namespace latentlab
