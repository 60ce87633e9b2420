// The sentences people read for the EM engine's events (core/mixture/em_event.h): built from
// the event's data alone, one line, naming the component as people count, what was kept and
// what to do.
#include "mixture/em_event.h"

#include <gtest/gtest.h>

using namespace latentlab;

namespace {

EmEvent event(EmEvent::Kind kind, int component, bool initial, bool tied) {
    EmEvent e;
    e.kind = kind;
    e.component = component;
    e.state = initial ? 0 : 4;
    e.initial = initial;
    e.tied = tied;
    e.totalResponsibility = 3.25e-9;
    e.smallestEigenvalue = -1.5e-17;
    return e;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST(EmEvent, EmptyComponentSaysWhatWasKeptAndWhatHelps) {
    const std::string later = describe(event(EmEvent::Kind::EmptyComponent, 1, false, false));
    EXPECT_EQ(later, "Component 2 has lost its points (total responsibility N_k = 3.25e-09): "
                     "kept its previous mean and covariance with weight N_k/N near 0; reseed, "
                     "move its initial mean, or lower K.");
    const std::string tied = describe(event(EmEvent::Kind::EmptyComponent, 0, false, true));
    EXPECT_TRUE(has(tied, "Component 1 has lost its points")) << tied;
    EXPECT_TRUE(has(tied, "kept its previous mean with weight")) << tied;
    const std::string initial = describe(event(EmEvent::Kind::EmptyComponent, 2, true, false));
    EXPECT_TRUE(has(initial, "Component 3 received no points")) << initial;
    EXPECT_TRUE(has(initial, "placed it at its initial centre with the data set's covariance"))
        << initial;
}

TEST(EmEvent, NotPositiveDefiniteSaysWhatWasUsedAndWhatHelps) {
    const std::string later = describe(event(EmEvent::Kind::NotPositiveDefinite, 3, false, false));
    EXPECT_EQ(later, "Component 4's covariance is not positive definite (smallest eigenvalue "
                     "-1.5e-17: its points coincide or lie on a lower-dimensional set): kept its "
                     "previous covariance; raise the regularisation above 0, reseed, or lower K.");
    const std::string tied = describe(event(EmEvent::Kind::NotPositiveDefinite, 0, false, true));
    EXPECT_TRUE(has(tied, "The shared (tied) covariance is not positive definite")) << tied;
    EXPECT_TRUE(has(tied, "kept the previous shared covariance")) << tied;
    const std::string initial = describe(event(EmEvent::Kind::NotPositiveDefinite, 0, true, false));
    EXPECT_TRUE(has(initial, "used the data set's covariance instead")) << initial;
}

TEST(EmEvent, EverySentenceIsOneLineAndKindsHaveOneName) {
    for (auto kind : {EmEvent::Kind::EmptyComponent, EmEvent::Kind::NotPositiveDefinite})
        for (bool initial : {false, true})
            for (bool tied : {false, true}) {
                const std::string s = describe(event(kind, 0, initial, tied));
                EXPECT_EQ(s.find('\n'), std::string::npos) << s;
                EXPECT_EQ(s.back(), '.') << s;
            }
    EXPECT_EQ(toString(EmEvent::Kind::EmptyComponent), "empty_component");
    EXPECT_EQ(toString(EmEvent::Kind::NotPositiveDefinite), "not_positive_definite");
}
