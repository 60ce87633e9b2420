#pragma once
// GeneratorPanel: probabilistic PCA run forwards, x = W z + mu + eps. A bar under the plot
// (a sigma^2 slider, "draw a sample", "generate a data set", "fit") and a side text that
// tells the story and, after "fit", sets the true W and sigma^2 beside the ones recovered
// from the generated points. "Draw a sample" animates the story on the plot: z ~ N(0, 1) on
// the z axis, carried to W z + mu on the line, noise added, and the point lands in the cloud
// (the story state is read by the view; sampling is core's Ppca::sample).

#include "common/random.h"
#include "pca/manifold_overlay.h"
#include "pca/pca_document.h"

#include "pca/pca_panel.h"
#include <optional>

class QAction;
class QLabel;
class QSlider;
class QVariantAnimation;
class QWidget;

namespace latentlab {

class GeneratorPanel : public PcaPanel {
    Q_OBJECT
public:
    struct Actions {
        QAction* sample;
        QAction* generate;
        QAction* fit;
    };
    static constexpr int kGeneratedPoints = 300;

    GeneratorPanel(PcaDocument* document, QWidget* parent);

    QWidget* bar() const override { return m_bar; }
    const Actions& actions() const { return m_actions; }

    /// The generator's model with the slider's sigma^2 (W and mu fixed: a line at 30 degrees).
    PcaTruth model() const;
    double sigma2() const;
    void setSigma2(double sigma2);
    /// The story being told on the plot, if any.
    const std::optional<ManifoldOverlay::Story>& story() const { return m_story; }
    void clearStory();
    /// Draws one sample and animates it (durationMs 0: at once, for tests and screenshots).
    void drawSample(int durationMs = 2400);
    /// Generates kGeneratedPoints points from model() as new data (undoable).
    void generate();
    /// Shows the true and recovered parameters.
    void showFit();
    bool fitShown() const { return m_fitShown; }

signals:
    void storyChanged();

private:
    void refresh();

    QWidget* m_bar;
    QSlider* m_slider;
    QLabel* m_sigmaLabel;
    QVariantAnimation* m_animation;
    Actions m_actions{};
    std::optional<ManifoldOverlay::Story> m_story;
    Random m_rng{2024};
    std::uint64_t m_dataSeed = 1;
    bool m_fitShown = false;
};

} // namespace latentlab
