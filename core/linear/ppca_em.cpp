#include "linear/ppca_em.h"

#include "common/error.h"
#include "common/random.h"
#include "linear/subspace.h"

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace latentlab {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {
const double kLog2Pi = std::log(2.0 * std::numbers::pi);
} // namespace

struct PpcaEm::Impl {
    struct State { // its kind follows from its number: HalfSteps::kindOf
        Ppca model;
        double logLikelihood = 0.0;
        std::optional<double> lowerBound;
    };

    MatrixXd x;
    VectorXd mean;
    MatrixXd s; ///< S = (1/N) sum_i (x_i - mu)(x_i - mu)^T
    double traceS = 0.0;
    Index n = 0;
    int d = 0, q = 0;
    Pca pca; ///< with the divisor N: the principal subspace and the closed form
    Ppca closed;
    std::vector<State> states;
    HalfSteps steps;

    /// log p(X | theta) = -N/2 [d log 2 pi + log det C + tr(C^-1 S)],
    /// tr(C^-1 S) = (tr S - tr(M^-1 W^T S W)) / sigma^2.
    double logLikelihood(const Ppca& p) const {
        const MatrixXd wsw = p.w().transpose() * (s * p.w());
        const double trace = (traceS - p.m().ldlt().solve(wsw).trace()) / p.sigma2();
        return -0.5 * double(n) * (double(d) * kLog2Pi + p.logDetCovariance() + trace);
    }

    /// The E-step's sums A = S W M^-1 and B = sigma^2 M^-1 + M^-1 W^T S W M^-1 for the
    /// posteriors under `p`.
    void posteriorSums(const Ppca& p, MatrixXd& a, MatrixXd& b) const {
        const auto mChol = p.m().llt();
        const MatrixXd mInv = mChol.solve(MatrixXd::Identity(q, q));
        a = s * p.w() * mInv;
        b = p.sigma2() * mInv + mInv * p.w().transpose() * a;
        b = 0.5 * (b + b.transpose());
    }

    /// L(q, theta) with q the posteriors under `old`, per the formulas in ppca_em.h:
    /// E_q[log p(x|z)] + E_q[log p(z)] + H[q], summed over the points.
    double lowerBound(const Ppca& old, const Ppca& p) const {
        MatrixXd a, b;
        posteriorSums(old, a, b);
        const MatrixXd& w = p.w();
        const double expectedSquares =
            traceS - 2.0 * (w.transpose() * a).trace() + (b * (w.transpose() * w)).trace();
        const double logPxz = -0.5 * double(d) * (kLog2Pi + std::log(p.sigma2())) -
                              0.5 * expectedSquares / p.sigma2();
        const double logPz = -0.5 * double(q) * kLog2Pi - 0.5 * b.trace();
        const double logDetM = 2.0 * old.m().llt().matrixLLT().diagonal().array().log().sum();
        const double entropy = 0.5 * double(q) * (1.0 + kLog2Pi) +
                               0.5 * (double(q) * std::log(old.sigma2()) - logDetM);
        return double(n) * (logPxz + logPz + entropy);
    }

    void freshE() {
        const State& prev = states[static_cast<std::size_t>(steps.current())];
        State next;
        next.model = prev.model;
        next.logLikelihood = prev.logLikelihood;
        next.lowerBound = lowerBound(prev.model, prev.model);
        push(std::move(next));
    }

    void freshM() {
        const State& prev = states[static_cast<std::size_t>(steps.current())];
        MatrixXd a, b;
        posteriorSums(prev.model, a, b);
        // W_new = A B^-1 (B is symmetric positive definite).
        const MatrixXd w = b.llt().solve(a.transpose()).transpose();
        double sigma2 = (traceS - (w.transpose() * a).trace()) / double(d);
        // A floor for rounding only: with sigma^2 of the closed form above zero (checked in
        // the constructor) EM's rising likelihood keeps sigma^2 away from zero.
        sigma2 = std::max(sigma2, 1e3 * Ppca::kMinNoiseRatio * traceS);
        State next;
        next.model = Ppca(mean, w, sigma2);
        next.logLikelihood = logLikelihood(next.model);
        next.lowerBound = lowerBound(prev.model, next.model);
        push(std::move(next));
    }

    void push(State s) {
        states.push_back(std::move(s));
        steps.recorded();
    }
};

PpcaEm::PpcaEm(MatrixXd data, PpcaEmOptions options) : m(std::make_unique<Impl>()) {
    const std::string what = "PPCA EM";
    const Index d = data.rows();
    if (options.q < 1 || options.q >= d)
        throw ArgumentError(what + ": the latent dimension q must be between 1 and d - 1 = " +
                            std::to_string(d - 1) + ", got " + std::to_string(options.q));
    if (!(options.tol >= 0.0) || !std::isfinite(options.tol))
        throw ArgumentError(what + ": the tolerance must be a finite number >= 0");
    if (options.maxIter < 0)
        throw ArgumentError(what + ": the iteration limit must be >= 0");
    const SampleMoments moments = sampleMoments(data, what, options.threads);
    m->x = std::move(data);
    m->n = moments.n;
    m->d = static_cast<int>(d);
    m->q = options.q;
    m->mean = moments.mean;
    m->s = moments.covariance(CovarianceDivisor::N);
    m->traceS = m->s.trace();
    PcaOptions pcaOptions;
    pcaOptions.components = options.q;
    pcaOptions.divisor = CovarianceDivisor::N;
    m->pca = Pca(moments, pcaOptions);
    m->closed = Ppca::fromPca(m->pca, options.q);

    MatrixXd w0;
    if (options.initialW) {
        w0 = *options.initialW;
        if (w0.rows() != d || w0.cols() != options.q)
            throw ArgumentError(what + ": the initial W must be " + std::to_string(d) + " x " +
                                std::to_string(options.q) + ", got " + std::to_string(w0.rows()) +
                                " x " + std::to_string(w0.cols()));
        if (!w0.allFinite())
            throw ArgumentError(what + ": the initial W must be finite");
    } else {
        Random rng(options.seed);
        const double scale = std::sqrt(m->traceS / double(d * options.q));
        w0.resize(d, options.q);
        for (Index r = 0; r < d; ++r)
            for (int j = 0; j < options.q; ++j)
                w0(r, j) = scale * rng.normal();
    }
    const double sigma2 = options.initialSigma2.value_or(m->traceS / double(d));
    if (!std::isfinite(sigma2) || !(sigma2 > 0.0))
        throw ArgumentError(what + ": the initial sigma^2 must be a positive number");
    m_options = std::move(options);
    m_n = m->n;
    m_d = m->d;

    Impl::State s0;
    s0.model = Ppca(m->mean, w0, sigma2);
    s0.logLikelihood = m->logLikelihood(s0.model);
    m->states.push_back(std::move(s0));
}

PpcaEm::~PpcaEm() = default;
PpcaEm::PpcaEm(PpcaEm&&) noexcept = default;
PpcaEm& PpcaEm::operator=(PpcaEm&&) noexcept = default;

StepKind PpcaEm::nextStep() const {
    return m->steps.next();
}

void PpcaEm::step() {
    if (m->steps.replay())
        return;
    if (m->steps.next() == StepKind::E)
        m->freshE();
    else
        m->freshM();
}

void PpcaEm::eStep() {
    m->steps.expect(StepKind::E);
    step();
}

void PpcaEm::mStep() {
    m->steps.expect(StepKind::M);
    step();
}

void PpcaEm::iterate() {
    completeIteration(*this);
}

int PpcaEm::run() {
    return runIterations(*this, m_options.maxIter);
}

int PpcaEm::currentState() const {
    return m->steps.current();
}

int PpcaEm::stateCount() const {
    return m->steps.count();
}

void PpcaEm::goTo(int state) {
    m->steps.goTo(state);
}

StepKind PpcaEm::kindOf(int state) const {
    return HalfSteps::kindOf(state);
}

int PpcaEm::iteration() const {
    return m->steps.iteration();
}

const Ppca& PpcaEm::model() const {
    return model(currentState());
}

const Ppca& PpcaEm::model(int state) const {
    return m->states.at(static_cast<std::size_t>(state)).model;
}

double PpcaEm::logLikelihood() const {
    return logLikelihood(currentState());
}

double PpcaEm::logLikelihood(int state) const {
    return m->states.at(static_cast<std::size_t>(state)).logLikelihood;
}

double PpcaEm::meanLogLikelihood() const {
    return logLikelihood() / double(m->n);
}

std::optional<double> PpcaEm::lowerBound() const {
    return lowerBound(currentState());
}

std::optional<double> PpcaEm::lowerBound(int state) const {
    return m->states.at(static_cast<std::size_t>(state)).lowerBound;
}

std::optional<MatrixXd> PpcaEm::posteriorMeans() const {
    const int now = currentState();
    if (now == 0)
        return std::nullopt;
    // After an E-step its own parameters; after an M-step those of the E-step before it.
    const int e = kindOf(now) == StepKind::E ? now : now - 1;
    return model(e).posteriorMean(m->x);
}

bool PpcaEm::converged() const {
    return likelihoodSettled(*this, m_options.tol);
}

const Ppca& PpcaEm::closedForm() const {
    return m->closed;
}

VectorXd PpcaEm::anglesToPrincipalSubspace() const {
    return principalAnglesDegrees(model().w(), m->pca.leading(m->q));
}

const MatrixXd& PpcaEm::data() const {
    return m->x;
}

} // namespace latentlab
