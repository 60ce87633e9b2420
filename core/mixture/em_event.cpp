#include "mixture/em_event.h"

#include <sstream>

namespace latentlab {

namespace {

std::string eventNumber(double x) {
    std::ostringstream out;
    out.precision(3);
    out << x;
    return out.str();
}

std::string component(int k) {
    return "Component " + std::to_string(k + 1);
}

} // namespace

std::string toString(EmEvent::Kind kind) {
    return kind == EmEvent::Kind::EmptyComponent ? "empty_component" : "not_positive_definite";
}

std::string describe(const EmEvent& e) {
    if (e.kind == EmEvent::Kind::EmptyComponent) {
        const std::string kept =
            e.initial
                ? "placed it at its initial centre with the data set's covariance"
                : (e.tied ? "kept its previous mean" : "kept its previous mean and covariance");
        return component(e.component) +
               (e.initial ? " received no points (total responsibility N_k = "
                          : " has lost its points (total responsibility N_k = ") +
               eventNumber(e.totalResponsibility) + "): " + kept +
               " with weight N_k/N near 0; reseed, move its initial mean, or lower K.";
    }
    const std::string instead =
        e.initial
            ? "used the data set's covariance instead (floored to be positive definite)"
            : (e.tied ? "kept the previous shared covariance" : "kept its previous covariance");
    const std::string what =
        e.tied
            ? "The shared (tied) covariance is not positive definite (smallest eigenvalue " +
                  eventNumber(e.smallestEigenvalue) + "; the points lie on a lower-dimensional set)"
            : component(e.component) +
                  "'s covariance is not positive definite (smallest eigenvalue " +
                  eventNumber(e.smallestEigenvalue) +
                  ": its points coincide or lie on a lower-dimensional set)";
    return what + ": " + instead + "; raise the regularisation above 0, reseed, or lower K.";
}

} // namespace latentlab
