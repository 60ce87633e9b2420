#pragma once
// MixturePage: the EM lesson as a page of the workbench. It owns the MixtureDocument and the
// MixtureView, and brings what is the mixture's own: the model bar (K, covariance type,
// initialisation, seed, regularisation), the Data menu (presets, generated sets, points as
// CSV) and the Model menu (K, new seed, the EM transport), CSV files, its part of a session,
// its command-line options (--preset, --k, --seed, --steps) and one frame per half-step.

#include "common/page.h"
#include "mixture/mixture_document.h"

#include <cstdint>
#include <optional>

class QActionGroup;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace latentlab {

class MixtureView;

class MixturePage : public Page {
    Q_OBJECT
public:
    static PageInfo info();

    explicit MixturePage(QWidget* parent = nullptr);
    ~MixturePage() override;

    MixtureDocument* mixture() const { return m_doc; }
    MixtureView* view() const { return m_view; }

    QString id() const override { return QStringLiteral("mixture"); }
    QString title() const override;
    Document* document() const override;
    QList<QMenu*> menus() const override;
    QList<QAction*> editActions() const override;
    QToolBar* modelBar() const override { return m_modelBar; }
    QString subtitle() const override;
    QCustomPlot* exportPlot() const override;

    void firstFrame() override;
    bool nextFrame() override;
    bool atLastFrame() const override;
    QString frameCaption() const override;

    QString fileFilter() const override { return csvFileFilter(); }
    bool canOpen(const QString& path) const override { return isCsvFile(path); }
    void openFile(const QString& path) override;
    nlohmann::json saveSession() const override;
    void loadSession(const nlohmann::json& payload, const QString& path) override;
    void applyOptions(const QHash<QString, QString>& values) override;

    void setScale(double scale) override;
    void setPaletteKind(PaletteKind kind) override;
    void setLectureMode(bool on) override;
    void readSettings() override;
    void writeSettings() const override;
    void deactivated() override;
    void finishWork() override;

    /// Loads a built-in data set with its suggested K, as one undo step; false (and an
    /// error() signal) when the name is unknown.
    bool loadPreset(const QString& name, std::uint64_t seed = 0);
    void saveCsv(const QString& path);
    void generateRandom(std::optional<std::uint64_t> seed);

private:
    void createActions();
    void createMenus();
    void createModelBar();
    void syncModelBar();

    MixtureDocument* m_doc;
    MixtureView* m_view;
    QToolBar* m_modelBar = nullptr;
    QSpinBox* m_kSpin = nullptr;
    QComboBox* m_covCombo = nullptr;
    QComboBox* m_initCombo = nullptr;
    QSpinBox* m_seedSpin = nullptr;
    QLineEdit* m_regEdit = nullptr;
    QMenu* m_dataMenu = nullptr;
    QMenu* m_modelMenu = nullptr;
    QActionGroup* m_kGroup = nullptr;
    QAction* m_clearAction = nullptr;
    std::uint64_t m_randomSeed = 1;
};

} // namespace latentlab
