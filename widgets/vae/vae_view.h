#pragma once
// VaeView: the VAE lecture view. It composes
//   LatentPlot (the plane: encoded test images, grid, prior, posteriors, z)  |  side panel:
//     the decoder's image at z with z written beside it (means or one Bernoulli sample),
//     the nearest test images, and tabs for the clicked test image (image, reconstruction,
//     ELBO), the drawing pad (drawing, the digit the encoder sees, its reconstruction) and
//     samples from the prior (an 8 x 8 sheet), then the inspector's words on what is shown;
// and observes a VaeDocument.

#include "plot/palette.h"
#include "vae/vae_document.h"

#include <QElapsedTimer>
#include <QList>
#include <QWidget>

class QBoxLayout;
class QCheckBox;
class QLabel;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTextBrowser;
class QTimer;
class QVariantAnimation;

namespace latentlab {

class DigitImage;
class DrawingPad;
class LatentPlot;
class VaeDocument;

class VaeView : public QWidget {
    Q_OBJECT
public:
    /// Lecture mode: the share of the window the plane keeps, and the decoded image's scale.
    static constexpr double kLecturePlaneShare = 0.47;
    static constexpr int kLectureDecodedScale = 8;

    explicit VaeView(VaeDocument* document, QWidget* parent = nullptr);
    ~VaeView() override;

    LatentPlot* plot() const { return m_plot; }
    DigitImage* decodedImage() const { return m_decoded; }
    const QList<DigitImage*>& nearestImages() const { return m_nearest; }
    DigitImage* selectedImage() const { return m_selectedImage; }
    DigitImage* selectedReconstruction() const { return m_selectedRecon; }
    DrawingPad* pad() const { return m_pad; }
    DigitImage* padDigit() const { return m_padDigit; }
    DigitImage* padReconstruction() const { return m_padRecon; }
    DigitImage* priorSheet() const { return m_priorSheet; }
    DigitImage* lineStrip() const { return m_lineStrip; }
    QTabWidget* tabs() const { return m_tabs; }
    /// z as written beside the decoded image.
    QString zText() const;
    /// The inspector's text, as plain text (tests, accessibility).
    QString inspectorText() const;

    enum Tab { TestImageTab, PadTab, PriorTab, LineTab };
    void showTab(Tab tab);
    /// The Train tab (the page's VaeTrainingPanel), added last; showTrainingTab() shows it.
    void addTrainingTab(QWidget* panel);
    void showTrainingTab();
    /// Whether the points are gliding from one training snapshot's codes to the next.
    bool gliding() const;
    /// Ends a glide at once, the codes in their new places (screenshots).
    void settleGlide();

    /// Walks z from A to B and back along the interpolation (an animation; any drag stops it).
    void setWalking(bool on);
    bool walking() const;

    void setScale(double scale);
    void setPaletteKind(PaletteKind kind);
    void setLectureMode(bool on);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void applySplit();
    int lectureSideWidth() const;
    int sideMaximumWidth() const;
    QWidget* createSidePanel();
    void styleTabBar();
    void updateDecodedStretch();
    void updateNearestVisibility();
    bool trainTabInFront() const;
    void updateTabTitles();
    bool eventFilter(QObject* watched, QEvent* event) override;
    QWidget* createTestImageTab();
    QWidget* createPadTab();
    QWidget* createPriorTab();
    QWidget* createLineTab();
    void walkStep();
    void onModelChanged();
    void onTestSetChanged();
    void onZChanged();
    void onSettingsChanged();
    void onGridChanged();
    void onSelectionChanged();
    void onDrawingChanged();
    void onTrainingSnapshot();
    void glideTo(double t);
    void updateViewRect();
    void updateMessage();
    void updateInspector();

    VaeDocument* m_doc;
    LatentPlot* m_plot;
    QSplitter* m_split = nullptr;
    QWidget* m_side = nullptr;
    DigitImage* m_decoded = nullptr;
    QLabel* m_decodedTitle = nullptr;
    QBoxLayout* m_decodedRow = nullptr;
    QBoxLayout* m_sideLayout = nullptr;
    QLabel* m_zLabel = nullptr;
    QCheckBox* m_sampleBox = nullptr;
    QPushButton* m_resample = nullptr;
    QLabel* m_nearestTitle = nullptr;
    QList<DigitImage*> m_nearest;
    QTabWidget* m_tabs = nullptr;
    QList<std::pair<QString, QString>> m_tabTitles; ///< full and lecture-mode titles
    DigitImage* m_selectedImage = nullptr;
    DigitImage* m_selectedRecon = nullptr;
    QLabel* m_selectedText = nullptr;
    DrawingPad* m_pad = nullptr;
    DigitImage* m_padDigit = nullptr;
    DigitImage* m_padRecon = nullptr;
    QLabel* m_padText = nullptr;
    QCheckBox* m_priorBox = nullptr;
    DigitImage* m_priorSheet = nullptr;
    DigitImage* m_lineStrip = nullptr;
    QCheckBox* m_lineBox = nullptr;
    QPushButton* m_walkButton = nullptr;
    QTimer* m_walkTimer = nullptr;
    double m_walkPhase = 0; ///< 0..2: A to B, then back
    QTextBrowser* m_inspector = nullptr;
    double m_scale = 1.0;
    bool m_lecture = false;
    LatentLayers m_shownLayers = LatentLayers::Scatter;
    bool m_userSplit = false; ///< the user moved the splitter: keep their layout
    QWidget* m_trainTab = nullptr;
    // Training snapshots: the codes glide from where they are shown to the new ones.
    QVariantAnimation* m_glide = nullptr;
    Eigen::Matrix2Xf m_glideFrom, m_glideTo, m_shownMu;
    QElapsedTimer m_glideFrame;
    bool m_followingTraining = false; ///< a snapshot is being shown: keep the current tab
};

} // namespace latentlab
