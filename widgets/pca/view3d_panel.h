#pragma once
// View3dPanel: the PCA lesson's 3D panel. A cloud near a plane (q = 2) or a line (q = 1) in
// a rotatable orthographic view (View3dPlot): drag to turn it; "look along PC3" turns it by
// the smallest rotation until the plane is seen face-on (every residual, along u_3, shrinks
// to a dot); "rotate into the PC basis" turns it until u_1 is horizontal and u_2 vertical.
// Both animate along the geodesic between the two rotations (core's interpolated(), about
// 600 ms). A side text gives the eigenvalues, the explained variance and sigma^2; a bar under
// the picture holds the preset, q, the residual toggle and the two turns. The panel keeps its
// own 3D data (the page's document holds the 2D lesson's): a 3-column CSV opened on the page
// comes here.

#include "common/point_set.h"
#include "linear/view3d.h"

#include <QString>
#include <QWidget>
#include <cstdint>

class QAction;
class QComboBox;
class QLabel;
class QSplitter;
class QVariantAnimation;

namespace latentlab {

class View3dPlot;

class View3dPanel : public QWidget {
    Q_OBJECT
public:
    struct Actions {
        QAction* lookAlongPc3;
        QAction* pcBasis;
        QAction* toggleQ;
    };
    static constexpr int kTurnMs = 600;
    static constexpr const char* kDefaultPreset = "plane";

    /// Its actions (shortcuts) are added to `actionOwner` (the page).
    View3dPanel(QWidget* actionOwner, QWidget* parent = nullptr);

    /// 3D points (3 x N) as the panel's data; throws ArgumentError for other dimensions. A
    /// fit that fails (too few points, constant data) leaves the points shown and says why.
    void setData(PointSet set);
    const PointSet& data() const { return m_data; }
    /// A 3D preset ("plane", "line"); its natural q with it (2 for plane, 1 for line), seen
    /// from the opening view (the plane obliquely, its residuals upright).
    void loadPreset(const QString& name, std::uint64_t seed = 0);
    void setQ(int q);
    int q() const { return m_q; }
    void setShowResiduals(bool on);
    bool showResiduals() const;
    void setRotation(const Rotation3& r);
    Rotation3 rotation() const;

    /// Animated turns (durationMs 0: at once). No-ops without a fit.
    void lookAlongPc3(int durationMs = kTurnMs);
    void rotateIntoPcBasis(int durationMs = kTurnMs);
    bool turning() const;
    void stopTurning();

    const Actions& actions() const { return m_actions; }
    View3dPlot* plot() const { return m_plot; }
    /// The problem with the data (no fit), empty when fitted.
    QString problem() const { return m_problem; }
    /// The side text as plain text (tests).
    QString text() const;
    void setScale(double scale);

protected:
    void resizeEvent(QResizeEvent* event) override;

signals:
    /// One of the panel's actions was used (the page brings the panel to the front).
    void used();

private:
    void refit();
    void refreshText();
    void turnTo(const Rotation3& target, int durationMs);

    View3dPlot* m_plot;
    QLabel* m_text;
    QWidget* m_bar;
    QSplitter* m_splitter;
    bool m_userSplit = false;
    QComboBox* m_preset;
    QComboBox* m_qBox;
    QAction* m_residuals;
    QVariantAnimation* m_animation;
    Actions m_actions{};
    PointSet m_data;
    int m_q = 2;
    QString m_problem;
    Rotation3 m_from = Rotation3::Identity(), m_to = Rotation3::Identity();
};

} // namespace latentlab
