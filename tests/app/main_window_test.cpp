// The main window driven from the keyboard, as a lecturer would: Space, Left, Right, Home,
// End, R and the number keys change the EM state exactly as the help overlay says.
#include "test_main.h"

#include "common/help_overlay.h"
#include "mixture/inspector_panel.h"
#include "mixture/log_likelihood_plot.h"
#include "main_window.h"
#include "mixture/mixture_document.h"
#include "mixture/mixture_plot.h"
#include "mixture/mixture_view.h"
#include "common/transport_bar.h"

#include <QAction>
#include <QComboBox>
#include <QMenu>
#include <QMessageBox>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>

using namespace latentlab;

namespace {
int stateOf(const MainWindow& w) {
    const auto s = mixturePage(w)->mixture()->snapshot();
    return s ? s->state : -1;
}

bool sameParams(const MixtureParams& a, const MixtureParams& b) {
    if (a.k() != b.k() || a.weights != b.weights || a.means != b.means)
        return false;
    for (int j = 0; j < a.k(); ++j)
        if (a.covariances[j] != b.covariances[j])
            return false;
    return true;
}
/// 60 scattered points and `copies` copies of the point (3, 9).
PointSet withCopiesOfOnePoint(int copies) {
    PointSet set;
    set.name = "duplicates";
    set.points.resize(2, 60 + copies);
    for (int i = 0; i < 60; ++i)
        set.points.col(i) << std::sin(i * 2.1) * 2 + (i % 2) * 6, std::cos(i * 1.3) * 2;
    for (int i = 60; i < 60 + copies; ++i)
        set.points.col(i) << 3, 9;
    return set;
}

/// Space steps once from wherever the focus is now.
void expectSpaceSteps(MainWindow& w, const char* after) {
    QApplication::processEvents();
    const int before = stateOf(w);
    QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : &w;
    QTest::keyClick(target, Qt::Key_Space);
    QVERIFY2(stateOf(w) == before + 1,
             qPrintable(QString("after %1: state %2 -> %3, focus on %4")
                            .arg(after)
                            .arg(before)
                            .arg(stateOf(w))
                            .arg(QApplication::focusWidget()
                                     ? QApplication::focusWidget()->metaObject()->className()
                                     : "nothing")));
}
} // namespace

class MainWindowTest : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<MainWindow> makeWindow() {
        auto w = std::make_unique<MainWindow>(false);
        w->setErrorReporter([this](const QString&, const QString& m) { m_errors << m; });
        w->show();
        QApplication::setActiveWindow(w.get());
        [&] { QVERIFY(QTest::qWaitForWindowActive(w.get())); }();
        return w;
    }
    QStringList m_errors;

private slots:
    void startsWithAPresetAtStateZero() {
        auto w = makeWindow();
        const auto s = mixturePage(*w)->mixture()->snapshot();
        QVERIFY(s);
        QCOMPARE(s->state, 0);
        QVERIFY(mixturePage(*w)->mixture()->data().size() > 10);
        QCOMPARE(mixturePage(*w)->mixture()->settings().k, 3);
        QVERIFY(!s->responsibilities); // grey before the first E-step
        QVERIFY(mixturePage(*w)->view()->statusText().contains("next: E-step"));
    }

    void axesAreNamedAfterTheDataColumns() {
        auto w = makeWindow();
        PointSet set;
        set.points = Eigen::MatrixXd::Random(2, 40);
        set.columnNames = {"eruptions (min)", "waiting (min)"};
        set.name = "named.csv";
        mixturePage(*w)->mixture()->setData(set, "load named.csv");
        MixturePlot* plot = mixturePage(*w)->view()->plot();
        QCOMPARE(plot->xAxis->label(), QString("eruptions (min)"));
        QCOMPARE(plot->yAxis->label(), QString("waiting (min)"));
        set.columnNames.clear();
        set.name = "unnamed";
        mixturePage(*w)->mixture()->setData(set, "unnamed data");
        QCOMPARE(plot->xAxis->label(), QString());
        // Undo brings the named data and its labels back.
        mixturePage(*w)->mixture()->undoStack()->undo();
        QCOMPARE(plot->yAxis->label(), QString("waiting (min)"));
    }

    void keyboardSteps() {
        auto w = makeWindow();
        QTest::keyClick(w.get(), Qt::Key_Space);
        QCOMPARE(stateOf(*w), 1);
        QVERIFY(mixturePage(*w)->mixture()->snapshot()->responsibilities);
        QVERIFY(mixturePage(*w)->view()->statusText().contains("next: M-step"));
        QTest::keyClick(w.get(), Qt::Key_Space);
        QCOMPARE(stateOf(*w), 2);
        QTest::keyClick(w.get(), Qt::Key_Left);
        QCOMPARE(stateOf(*w), 1);
        QTest::keyClick(w.get(), Qt::Key_Right); // completes the iteration: the M-step
        QCOMPARE(stateOf(*w), 2);
        QTest::keyClick(w.get(), Qt::Key_Right); // a whole iteration: E and M
        QCOMPARE(stateOf(*w), 4);
        QTest::keyClick(w.get(), Qt::Key_Backspace);
        QCOMPARE(stateOf(*w), 3);
        QTest::keyClick(w.get(), Qt::Key_Home);
        QCOMPARE(stateOf(*w), 0);
        QTest::keyClick(w.get(), Qt::Key_End);
        QCOMPARE(stateOf(*w), 4);
        QTest::keyClick(w.get(), Qt::Key_R);
        QCOMPARE(stateOf(*w), 0);
        QCOMPARE(mixturePage(*w)->mixture()->snapshot()->stateCount, 5); // reset keeps the history
        QTest::keyClick(w.get(), Qt::Key_E);
        QCOMPARE(stateOf(*w), 1);
        QTest::keyClick(w.get(), Qt::Key_E); // disabled: an M-step comes next
        QCOMPARE(stateOf(*w), 1);
        QTest::keyClick(w.get(), Qt::Key_M);
        QCOMPARE(stateOf(*w), 2);
    }

    void numberKeysSetKAndRestart() {
        auto w = makeWindow();
        QTest::keyClick(w.get(), Qt::Key_Space);
        QTest::keyClick(w.get(), Qt::Key_5);
        QCOMPARE(mixturePage(*w)->mixture()->settings().k, 5);
        QCOMPARE(stateOf(*w), 0);
        QCOMPARE(mixturePage(*w)->mixture()->snapshot()->params.k(), 5);
        QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier); // undo K = 5
        QCOMPARE(mixturePage(*w)->mixture()->settings().k, 3);
        QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(mixturePage(*w)->mixture()->settings().k, 5);
    }

    void backThenForwardIsIdentical() {
        auto w = makeWindow();
        for (int i = 0; i < 7; ++i)
            QTest::keyClick(w.get(), Qt::Key_Space);
        QCOMPARE(stateOf(*w), 7);
        std::vector<MixtureParams> forward;
        std::vector<Eigen::MatrixXd> q;
        for (int i = 7; i >= 0; --i) {
            forward.push_back(mixturePage(*w)->mixture()->snapshot()->params);
            const auto r = mixturePage(*w)->mixture()->snapshot()->responsibilities;
            q.push_back(r ? *r : Eigen::MatrixXd());
            if (i > 0)
                QTest::keyClick(w.get(), Qt::Key_Left);
        }
        QCOMPARE(stateOf(*w), 0);
        for (int i = 1; i <= 7; ++i) {
            QTest::keyClick(w.get(), Qt::Key_Space);
            QVERIFY2(sameParams(mixturePage(*w)->mixture()->snapshot()->params, forward[7 - i]),
                     qPrintable(QString("state %1").arg(i)));
            QVERIFY(*mixturePage(*w)->mixture()->snapshot()->responsibilities == q[7 - i]);
        }
    }

    void lectureModeHidesAdvancedPanelsKeepsInspector() {
        auto w = makeWindow();
        const double before = mixturePage(*w)->view()->scale();
        QTest::keyClick(w.get(), Qt::Key_L);
        QVERIFY(w->lectureMode());
        QVERIFY(mixturePage(*w)->view()->scale() > before);
        // The user's palette holds in lecture mode (issue 12: it was forced to high contrast).
        QCOMPARE(mixturePage(*w)->mixture()->palette(), PaletteKind::Lecture);
        QVERIFY(mixturePage(*w)->view()->inspector()->isVisible());
        QVERIFY(mixturePage(*w)->view()->likelihoodPlot()->isVisible());
        QTest::keyClick(w.get(), Qt::Key_Plus, Qt::ControlModifier);
        QVERIFY(w->userScale() > 1.0);
        QTest::keyClick(w.get(), Qt::Key_L);
        QVERIFY(!w->lectureMode());
        QCOMPARE(mixturePage(*w)->mixture()->palette(), PaletteKind::Lecture);
    }

    void inspectorShowsEStepNumbers() {
        auto w = makeWindow();
        QTest::keyClick(w.get(), Qt::Key_Space);
        mixturePage(*w)->view()->inspector()->showPoint(0);
        const QString text = mixturePage(*w)->view()->inspector()->plainText();
        QVERIFY2(text.contains("E-step"), qPrintable(text));
        // The Q(k|o_0) printed for the best component equals the engine's responsibility.
        const auto s = mixturePage(*w)->mixture()->snapshot();
        Eigen::Index best;
        const double q = s->responsibilities->col(0).maxCoeff(&best);
        QVERIFY2(text.contains(QString::number(q, 'f', 3)), qPrintable(text));
        mixturePage(*w)->view()->inspector()->showComponent(1);
        const QString m = mixturePage(*w)->view()->inspector()->plainText();
        QVERIFY2(m.contains("M-step"), qPrintable(m));
        const double nk = s->responsibilities->row(1).sum();
        QVERIFY2(m.contains(QString::number(nk, 'g', 5)), qPrintable(m));
    }

    void glidesWhenPlayingSlowlyJumpsWhenFast() {
        auto w = makeWindow();
        mixturePage(*w)->view()->setSpeed(2); // 500 ms per half-step: the means glide
        mixturePage(*w)->view()->setPlaying(true);
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(*w) >= 2, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(mixturePage(*w)->view()->plot()->isGliding(), 2000);
        mixturePage(*w)->view()->setPlaying(false);
        QTest::keyClick(w.get(), Qt::Key_Space); // stepping by hand jumps
        QVERIFY(!mixturePage(*w)->view()->plot()->isGliding());
        mixturePage(*w)->view()->setSpeed(30); // fast: no glide at all
        mixturePage(*w)->view()->setPlaying(true);
        const int from = stateOf(*w);
        for (int i = 0; i < 40 && stateOf(*w) < from + 4; ++i) {
            QTest::qWait(20);
            QVERIFY(!mixturePage(*w)->view()->plot()->isGliding());
        }
        QVERIFY(stateOf(*w) > from);
        mixturePage(*w)->view()->setPlaying(false);
    }

    void timelineAndLikelihoodPlotJump() {
        auto w = makeWindow();
        for (int i = 0; i < 6; ++i)
            QTest::keyClick(w.get(), Qt::Key_Space);
        mixturePage(*w)->view()->transport()->timeline()->setValue(2);
        QCOMPARE(stateOf(*w), 2);
        QCOMPARE(mixturePage(*w)->mixture()->snapshot()->stateCount, 7);
        emit mixturePage(*w)->view()->likelihoodPlot()->stateClicked(5);
        QCOMPARE(stateOf(*w), 5);
        QCOMPARE(mixturePage(*w)->view()->transport()->timeline()->value(), 5);
    }

    void helpOverlayOpensOnF1AndClosesOnAnyKey() {
        auto w = makeWindow();
        auto* overlay = w->findChild<HelpOverlay*>();
        QVERIFY(overlay);
        QVERIFY(!overlay->isVisible());
        QTest::keyClick(w.get(), Qt::Key_F1);
        QVERIFY(overlay->isVisible());
        QCOMPARE(overlay->geometry(), w->rect());
        QTest::keyClick(overlay, Qt::Key_Escape);
        QVERIFY(!overlay->isVisible());
        QCOMPARE(stateOf(*w), 0); // the key that closed it did not step
    }

    void paletteChoiceHoldsInLectureMode() {
        auto w = makeWindow();
        w->setPaletteKind(PaletteKind::ColorBlindSafe);
        w->setLectureMode(true);
        QCOMPARE(mixturePage(*w)->mixture()->palette(), PaletteKind::ColorBlindSafe);
        w->setPaletteKind(PaletteKind::HighContrast);
        QCOMPARE(mixturePage(*w)->mixture()->palette(), PaletteKind::HighContrast);
        w->setLectureMode(false);
        QCOMPARE(mixturePage(*w)->mixture()->palette(), PaletteKind::HighContrast);
        w->setPaletteKind(PaletteKind::Lecture);
    }

    // ---- Keyboard stepping after overlays, dialogs, menus and panels (issue 12) -----------

    void spaceStepsAfterTheKeyboardMapCloses() {
        auto w = makeWindow();
        auto* overlay = w->helpOverlay();
        QTest::keyClick(w.get(), Qt::Key_F1);
        QVERIFY(overlay->isVisible());
        QTest::keyClick(overlay, Qt::Key_Escape);
        expectSpaceSteps(*w, "the keyboard map closed with Escape");
        QTest::keyClick(w.get(), Qt::Key_Question);
        QVERIFY(overlay->isVisible());
        QTest::mouseClick(overlay, Qt::LeftButton);
        expectSpaceSteps(*w, "the keyboard map closed with a click");
        QTest::keyClick(w.get(), Qt::Key_F1);
        QTest::keyClick(overlay, Qt::Key_F1);
        QVERIFY(!overlay->isVisible());
        expectSpaceSteps(*w, "the keyboard map closed with F1");
    }

    void spaceStepsAfterAModelBarEdit() {
        auto w = makeWindow();
        auto* spin = mixturePage(*w)->modelBar()->findChild<QSpinBox*>();
        QVERIFY(spin);
        QCOMPARE(spin->focusPolicy(), Qt::ClickFocus); // never reached by the focus chain
        // Typing a K and Enter: the focus goes back to the page.
        spin->setFocus();
        QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(spin, Qt::Key_4);
        QTest::keyClick(spin, Qt::Key_Return);
        QCOMPARE(mixturePage(*w)->mixture()->settings().k, 4);
        expectSpaceSteps(*w, "K typed and Enter");
        QCOMPARE(mixturePage(*w)->mixture()->settings().k, 4);
        // Space while the field still has the focus steps, and does not blank K.
        spin->setFocus();
        expectSpaceSteps(*w, "Space in the K field");
        QCOMPARE(mixturePage(*w)->mixture()->settings().k, 4);
        // Escape leaves the field.
        spin->setFocus();
        QTest::keyClick(spin, Qt::Key_Escape);
        QVERIFY(!spin->hasFocus());
        expectSpaceSteps(*w, "Escape in the K field");
        // A covariance chosen in its combo box.
        auto* combo = mixturePage(*w)->modelBar()->findChild<QComboBox*>();
        combo->setFocus();
        combo->setCurrentIndex(1);
        emit combo->activated(1);
        expectSpaceSteps(*w, "a covariance chosen");
        // Lecture mode hides the model bar while its field has the focus.
        spin->setFocus();
        w->setLectureMode(true);
        expectSpaceSteps(*w, "lecture mode hid the focused model bar");
        w->setLectureMode(false);
    }

    void spaceStepsAfterDialogsAndMenusClose() {
        auto w = makeWindow();
        // An error message box (window-modal, opened without blocking) closed with Escape.
        w->setErrorReporter({});
        QVERIFY(!w->openFile("/nonexistent/file.csv"));
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = w->findChild<QMessageBox*>()) && box->isVisible());
        QTest::keyClick(box, Qt::Key_Escape);
        QTRY_VERIFY(!box->isVisible() || box == nullptr);
        expectSpaceSteps(*w, "an error box closed");
        // A modal input dialog (Data > Generate with seed...), cancelled.
        QTimer::singleShot(50, [] {
            if (QWidget* d = QApplication::activeModalWidget())
                QTest::keyClick(d, Qt::Key_Escape);
        });
        w->action("generateSeed")->trigger();
        expectSpaceSteps(*w, "an input dialog was cancelled");
        // A menu opened and closed with Escape.
        QMenu* menu = mixturePage(*w)->menus().first();
        menu->popup(w->mapToGlobal(QPoint(20, 20)));
        QTRY_VERIFY(menu->isVisible());
        QTest::keyClick(menu, Qt::Key_Escape);
        QTRY_VERIFY(!menu->isVisible());
        expectSpaceSteps(*w, "a menu closed");
    }

    void highlightGoesWithTheInspectorSelection() {
        // Issue 12: a component stayed highlighted after an edit cleared the inspector.
        auto w = makeWindow();
        MixtureView* view = mixturePage(*w)->view();
        emit view->plot()->componentClicked(1);
        QCOMPARE(view->plot()->highlightedComponent(), 1);
        mixturePage(*w)->loadPreset("faithful");
        QCOMPARE(view->inspector()->selectedComponent(), -1);
        QCOMPARE(view->plot()->highlightedComponent(), -1);
        emit view->plot()->pointClicked(3);
        QCOMPARE(view->plot()->highlightedPoint(), 3);
        mixturePage(*w)->mixture()->clearPoints();
        QCOMPARE(view->plot()->highlightedPoint(), -1);
    }

    void inspectorShowsTheCovarianceUpdate() {
        // Issue 12: the M-step section showed mu_k but not Sigma_k. After an M-step the
        // Sigma_k it computes from the responsibilities is the engine's.
        auto w = makeWindow();
        for (int i = 0; i < 4; ++i)
            QTest::keyClick(w.get(), Qt::Key_Space);
        const auto s = mixturePage(*w)->mixture()->snapshot();
        QCOMPARE(s->kind, StepKind::M);
        InspectorPanel* inspector = mixturePage(*w)->view()->inspector();
        for (int k = 0; k < s->params.k(); ++k) {
            inspector->showComponent(k);
            const QString text = inspector->plainText();
            QVERIFY2(text.contains(QString::fromUtf8("Σk = ")), qPrintable(text));
            const Eigen::MatrixXd& sigma = s->params.covariances[static_cast<std::size_t>(k)];
            const QString expected =
                QStringLiteral("[[%1, %2], [%3, %4]]")
                    .arg(QString::number(sigma(0, 0), 'g', 4), QString::number(sigma(0, 1), 'g', 4),
                         QString::number(sigma(1, 0), 'g', 4),
                         QString::number(sigma(1, 1), 'g', 4));
            // Once as the M-step's result, once as the current parameters.
            QVERIFY2(text.count(expected) >= 2, qPrintable(expected + "\n" + text));
        }
    }

    void noStateZeroOfZero() {
        auto w = makeWindow();
        const QString status = mixturePage(*w)->view()->statusText();
        QVERIFY2(!status.contains("0 of 0"), qPrintable(status));
        QTest::keyClick(w.get(), Qt::Key_Space);
        QVERIFY(mixturePage(*w)->view()->statusText().contains("state 1 of 1"));
    }

    void singularityIsAnExplainedEvent() {
        // Issue 12: 100 copies of one point among others: a component collapses onto them
        // and the likelihood jumps towards +infinity, with no message and no ellipse to see.
        auto w = makeWindow();
        MixtureDocument* doc = mixturePage(*w)->mixture();
        doc->setData(withCopiesOfOnePoint(100), "duplicates");
        QVERIFY(doc->snapshot());
        doc->runToConvergence();
        QTRY_VERIFY2_WITH_TIMEOUT(!doc->busy() && doc->snapshot()->state >= 2,
                                  qPrintable(QString("state %1, busy %2, %3")
                                                 .arg(doc->snapshot() ? doc->snapshot()->state : -1)
                                                 .arg(doc->busy())
                                                 .arg(doc->fitError())),
                                  20000);
        const auto s = doc->snapshot();
        QVERIFY2(!s->collapses.empty(), "no collapse detected");
        QVERIFY(s->logLikelihood > 0); // the jump the issue saw
        const QString status = mixturePage(*w)->view()->statusText();
        QVERIFY2(status.contains("Singularity") && status.contains("+∞") && status.contains("reg"),
                 qPrintable(status));
        // Marked on the plot (a label over the collapsed component) and on the
        // log-likelihood plot (a labelled line at the half-step where it happened).
        MixturePlot* plot = mixturePage(*w)->view()->plot();
        bool labelled = false;
        for (int i = 0; i < plot->itemCount(); ++i)
            if (auto* t = qobject_cast<QCPItemText*>(plot->item(i)))
                labelled = labelled || (t->visible() && t->text().contains("collapsed"));
        QVERIFY(labelled);
        LogLikelihoodPlot* ll = mixturePage(*w)->view()->likelihoodPlot();
        bool marked = false;
        for (int i = 0; i < ll->itemCount(); ++i)
            if (auto* t = qobject_cast<QCPItemText*>(ll->item(i)))
                marked = marked || (t->visible() && t->text() == "singular");
        QVERIFY(marked);
        QVERIFY(s->firstCollapseState >= 0 && s->firstCollapseState <= s->state);
        // Regularisation keeps it away: with reg = 0.1 nothing collapses.
        doc->setRegularisation(0.1);
        doc->runToConvergence();
        QTRY_VERIFY_WITH_TIMEOUT(!doc->busy() && doc->snapshot()->state >= 2, 20000);
        QVERIFY(doc->snapshot()->collapses.empty());
        QVERIFY(!mixturePage(*w)->view()->statusText().contains("Singularity"));
    }

    void tooltipsNameTheShortcuts() {
        auto w = makeWindow();
        QVERIFY2(w->action("next")->toolTip().contains("Space"),
                 qPrintable(w->action("next")->toolTip()));
        QVERIFY(w->action("back")->toolTip().contains("Backspace"));
        QVERIFY(w->action("play")->toolTip().contains("(P)"));
        QVERIFY(w->action("k5")->toolTip().contains("5"));
    }

    void settingsAreRememberedBetweenRuns() {
        {
            MainWindow first(true);
            first.show();
            first.setLectureMode(true);
            first.setUserScale(1.3);
            first.resize(1111, 777);
            first.close();
        }
        MainWindow second(true);
        QVERIFY(second.lectureMode());
        QCOMPARE(second.userScale(), 1.3);
        QCOMPARE(second.size(), QSize(1111, 777));
        second.setLectureMode(false);
        second.setUserScale(1.0);
    }

    void degenerateEventsAreExplainedInTheStatusLine() {
        auto w = makeWindow();
        // Six copies of one point and reg = 0: a component that settles on them loses its
        // positive definiteness, and the status line must say so and what to do.
        MixtureDocument* doc = mixturePage(*w)->mixture();
        doc->setData(withCopiesOfOnePoint(6), "duplicates");
        ModelSettings s = doc->settings();
        s.k = 8;
        s.reg = 0;
        doc->setSettings(s, "k8 reg0");
        bool seen = false;
        for (int i = 0; i < 60 && !seen; ++i) {
            QTest::keyClick(w.get(), Qt::Key_Space);
            const auto snap = doc->snapshot();
            if (!snap->eventsHere.empty()) {
                seen = true;
                const QString status = mixturePage(*w)->view()->statusText();
                QVERIFY2(status.contains(QString::fromStdString(describe(snap->eventsHere[0]))),
                         qPrintable(status));
                QVERIFY2(status.contains("Here:"), qPrintable(status));
            }
        }
        QVERIFY(seen);
    }

    void duplicatesAndTooFewPointsAreExplained() {
        // The GUI's path for the degenerate data of issue 14: 100 copies of one point, K
        // larger than N, and two points with K = 2, all with reg = 0. No crash, nothing
        // non-finite, and the status line says what happened.
        auto w = makeWindow();
        MixtureDocument* doc = mixturePage(*w)->mixture();
        MixtureView* view = mixturePage(*w)->view();
        const auto fit = [&](const Eigen::Matrix2Xd& points, int k) {
            PointSet set;
            set.name = "degenerate";
            set.points = points;
            doc->setData(set, "degenerate");
            ModelSettings s = doc->settings();
            s.k = k;
            s.reg = 0;
            s.init = InitMethod::KMeansPlusPlus;
            doc->setSettings(s, "degenerate settings");
        };
        const auto stepAndCheck = [&](QStringList& explained) {
            for (int i = 0; i <= 12; ++i) { // state 0, then twelve half-steps
                if (i > 0)
                    QTest::keyClick(w.get(), Qt::Key_Space);
                const auto snap = doc->snapshot();
                QVERIFY(snap);
                QVERIFY(std::isfinite(snap->logLikelihood));
                QVERIFY(snap->params.weights.allFinite() && snap->params.means.allFinite());
                for (const auto& c : snap->params.covariances)
                    QVERIFY(c.allFinite());
                for (const EmEvent& e : snap->eventsHere) {
                    const QString status = view->statusText();
                    QVERIFY2(status.contains(QString::fromStdString(describe(e))),
                             qPrintable(status));
                    explained << status;
                }
            }
        };

        fit(Eigen::Matrix2Xd::Constant(2, 100, 2.5), 3);
        QVERIFY2(doc->snapshot(), qPrintable(doc->fitError()));
        QStringList explained;
        stepAndCheck(explained);
        QVERIFY(!explained.isEmpty());

        Eigen::Matrix2Xd two(2, 2);
        two << 0, 4, 1, -3;
        fit(two, 3); // K > N: no fit, and the reason where the status line is
        QVERIFY(!doc->snapshot());
        QVERIFY2(view->statusText().contains("K = 3 components need at least 3 points"),
                 qPrintable(view->statusText()));

        doc->setK(2); // two points, K = 2: each component on one point
        QVERIFY2(doc->snapshot(), qPrintable(doc->fitError()));
        explained.clear();
        stepAndCheck(explained);
        QVERIFY(!explained.isEmpty()); // a zero covariance at the start, at least
        QVERIFY2(explained.first().contains("Here:"), qPrintable(explained.first()));
    }

    void draggingAMeanStartsTheFitThereAsOneUndoStep() {
        auto w = makeWindow();
        w->resize(1200, 800);
        QApplication::processEvents();
        MixtureDocument* doc = mixturePage(*w)->mixture();
        doc->setInit(InitMethod::Manual);
        MixturePlot* plot = mixturePage(*w)->view()->plot();
        plot->replot();
        QVERIFY(plot->manualEditing());
        const Eigen::Vector2d mean = doc->settings().manualParams->means.col(0);
        const QPoint from(qRound(plot->xAxis->coordToPixel(mean.x())),
                          qRound(plot->yAxis->coordToPixel(mean.y())));
        const QPoint to = from + QPoint(60, -40);
        const int undoBefore = doc->undoStack()->count();
        QTest::mousePress(plot, Qt::LeftButton, Qt::NoModifier, from);
        for (int i = 1; i <= 6; ++i)
            QTest::mouseMove(plot, from + (to - from) * i / 6);
        QTest::mouseRelease(plot, Qt::LeftButton, Qt::NoModifier, to);
        QCOMPARE(doc->undoStack()->count(), undoBefore + 1);
        const Eigen::Vector2d moved = doc->settings().manualParams->means.col(0);
        const Eigen::Vector2d expected(
            plot->xAxis->pixelToCoord(to.x()) - plot->xAxis->pixelToCoord(from.x()) + mean.x(),
            plot->yAxis->pixelToCoord(to.y()) - plot->yAxis->pixelToCoord(from.y()) + mean.y());
        const double pixel = std::abs(plot->xAxis->pixelToCoord(1) - plot->xAxis->pixelToCoord(0));
        QVERIFY2((moved - expected).norm() < 3 * pixel,
                 qPrintable(QString("moved (%1, %2), expected (%3, %4)")
                                .arg(moved.x())
                                .arg(moved.y())
                                .arg(expected.x())
                                .arg(expected.y())));
        // The fit starts from exactly the dragged parameters.
        QCOMPARE(doc->snapshot()->state, 0);
        QVERIFY(Eigen::Vector2d(doc->snapshot()->params.means.col(0)) == moved);
        doc->undoStack()->undo();
        QVERIFY((Eigen::Vector2d(doc->settings().manualParams->means.col(0)) - mean).norm() <
                1e-12);
    }

    void sprayStrokeAddsPointsAsOneUndoStep() {
        auto w = makeWindow();
        w->resize(1200, 800);
        QApplication::processEvents();
        MixtureDocument* doc = mixturePage(*w)->mixture();
        MixturePlot* plot = mixturePage(*w)->view()->plot();
        QTest::keyClick(w.get(), Qt::Key_Space);
        QTest::keyClick(w.get(), Qt::Key_S); // spray tool
        const Eigen::Index before = doc->data().size();
        const int undoBefore = doc->undoStack()->count();
        const QPoint at = plot->axisRect()->rect().center();
        QTest::mousePress(plot, Qt::LeftButton, Qt::NoModifier, at);
        for (int i = 0; i < 5; ++i) {
            QTest::mouseMove(plot, at + QPoint(8 * i, 4 * i));
            QTest::qWait(60); // the spray adds batches on a timer while the button is down
        }
        QTest::mouseRelease(plot, Qt::LeftButton, Qt::NoModifier, at + QPoint(40, 20));
        QVERIFY(doc->data().size() > before);
        QCOMPARE(doc->undoStack()->count(), undoBefore + 1);
        QCOMPARE(doc->snapshot()->state, 0); // the edit restarted the fit
        QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(doc->data().size(), before);
    }

    void playingAdvancesAndStopsAtConvergence() {
        auto w = makeWindow();
        mixturePage(*w)->view()->setSpeed(30);
        mixturePage(*w)->view()->setPlaying(true);
        QTRY_VERIFY_WITH_TIMEOUT(!mixturePage(*w)->view()->playing(), 20000);
        const auto s = mixturePage(*w)->mixture()->snapshot();
        QVERIFY(s->state > 2);
        QVERIFY(s->converged || s->iteration >= s->maxIter);
    }
};

LATENTLAB_APP_TEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
