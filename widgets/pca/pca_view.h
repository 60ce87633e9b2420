#pragma once
// PcaView: the PCA lesson's 2D part. The big picture (PcaPlot: points, the principal line,
// residuals, PPCA's density ellipses, the posterior reconstructions, the story, arrows), a
// side column and a bar under the plot that change with the panel in front:
//   Manifold      inspector (the numbers of a clicked point) and the scree plot;
//                 residuals, posterior and ellipse toggles
//   Story         the generative story (GeneratorPanel)
//   EM            EM for PPCA (EmPanel): the plot shows EM's current W and C
//   Autoencoder   the linear autoencoder (AutoencoderPanel): its weights as arrows
// and a status line saying what is on screen (or why there is no fit). It observes a
// PcaDocument; dragging a point, spraying and erasing are document edits.

#include "pca/pca_plot.h"

#include <QWidget>

class QAction;
class QCheckBox;
class QLabel;
class QSplitter;
class QStackedWidget;

namespace latentlab {

class AutoencoderPanel;
class EmPanel;
class GeneratorPanel;
class PcaDocument;
class PcaInspector;
class ScreePlot;

class PcaView : public QWidget {
    Q_OBJECT
public:
    enum class Panel { Manifold = 0, Story, Em, Autoencoder };
    struct Actions {
        QAction* inspectTool = nullptr; ///< I
        QAction* sprayTool = nullptr;   ///< S
        QAction* eraseTool = nullptr;   ///< X
        QAction* residuals = nullptr;   ///< checkable
        QAction* posterior = nullptr;   ///< T, checkable
        QAction* ellipses = nullptr;    ///< checkable
    };

    /// Actions are added to `actionOwner` (the page), so their shortcuts work while the page
    /// is in front whatever panel shows.
    PcaView(PcaDocument* document, QWidget* actionOwner, QWidget* parent = nullptr);
    ~PcaView() override;

    PcaPlot* plot() const { return m_plot; }
    const Actions& actions() const { return m_actions; }
    // The panels' parts.
    PcaInspector* inspector() const { return m_inspector; }
    GeneratorPanel* generator() const { return m_generator; }
    EmPanel* em() const { return m_em; }
    AutoencoderPanel* autoencoder() const { return m_ae; }
    ScreePlot* scree() const { return m_scree; }

    Panel panel() const { return m_panel; }
    void setPanel(Panel panel);
    void setShowPosterior(bool on);
    bool showPosterior() const;
    void setShowResiduals(bool on);
    bool showResiduals() const;
    /// The status line as plain text (tests).
    QString statusText() const;
    void setScale(double scale);
    /// Stops the animations (EM play, autoencoder play, the story).
    void stopAnimations();
    /// Lecture mode: the picture and the text only (the 2D scree plot goes).
    void setLectureMode(bool on);

signals:
    void panelChanged(Panel panel);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void applySplit();
    /// Counts strokes: a press on the plot starts a new spray or erase undo step.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void createActions(QWidget* owner);
    void onDataChanged();
    void updatePicture();
    void updateStatus();

    PcaDocument* m_doc;
    PcaPlot* m_plot;
    QSplitter* m_splitter;
    QStackedWidget* m_side;
    QStackedWidget* m_bottom;
    QLabel* m_status;
    PcaInspector* m_inspector;
    ScreePlot* m_scree;
    GeneratorPanel* m_generator;
    EmPanel* m_em;
    AutoencoderPanel* m_ae;
    Actions m_actions;
    Panel m_panel = Panel::Manifold;
    double m_scale = 1.0;
    QWidget* m_sideColumn = nullptr;
    bool m_lecture = false;
    bool m_userSplit = false; ///< the user dragged the splitter: keep their layout
    int m_strokeId = 0;
    int m_dragId = 0;
    std::string m_lastDataName;
    Eigen::Index m_lastDataSize = 0;
};

} // namespace latentlab
