// latentlab-cli em: fit a Gaussian mixture by EM to a CSV file or a preset and print the
// result, as a short summary or as one JSON object (--json) for scripts and for checking
// our numbers against scikit-learn and mclust.
#include "commands.h"
#include "options.h"

#include "common/error.h"
#include "data/presets.h"
#include "io/csv.h"
#include "io/json.h"
#include "io/session.h"
#include "mixture/em_engine.h"
#include "mixture/init_file.h"
#include "mixture/mixture_session.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <vector>

namespace latentlab::cli {

namespace {

// ---- Output ------------------------------------------------------------------------------

// The output keeps its keys in the order the README lists them.
using OutJson = nlohmann::ordered_json;

OutJson toJson(const Eigen::VectorXd& v) {
    return OutJson(std::vector<double>(v.data(), v.data() + v.size()));
}

OutJson toJson(const Eigen::MatrixXd& m) {
    OutJson a = OutJson::array();
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        a.push_back(toJson(Eigen::VectorXd(m.row(r).transpose())));
    return a;
}

double median(std::vector<double> xs) {
    std::sort(xs.begin(), xs.end());
    const std::size_t n = xs.size();
    return n % 2 ? xs[n / 2] : 0.5 * (xs[n / 2 - 1] + xs[n / 2]);
}

/// em's command line; the defaults are EmOptions' own.
struct EmSettings {
    std::optional<std::string> data, preset, session;
    std::optional<int> k; ///< required unless --session
    EmOptions options;
    std::string init = "kmeans++";
    bool json = false;
    std::vector<std::string> modelOptions; ///< the options given that a session also holds
};

/// The options a session's model settings stand for.
constexpr const char* kModelOptions[] = {"--k",   "--covariance", "--init",    "--seed",
                                         "--reg", "--tol",        "--max-iter"};

/// The data, settings and initialisation of a mixture session (`em --session`).
PointSet readSession(const EmSettings& s, EmOptions& options, std::string& init) {
    if (!s.modelOptions.empty())
        throw UsageError("em: " + s.modelOptions.front() +
                         " cannot be given with --session (the session holds the settings)");
    MixtureSession session = mixtureSessionFrom(readSessionFile(*s.session), *s.session);
    options = session.settings.toOptions();
    options.threads = s.options.threads;
    init = toString(options.init);
    return std::move(session.data);
}

void runEm(const EmSettings& s) {
    if (s.data.has_value() + s.preset.has_value() + s.session.has_value() != 1)
        throw UsageError(
            "em: give exactly one of --data FILE.csv and --preset NAME (or --session F)");
    EmOptions options = s.options;
    std::string init = s.init;

    PointSet data;
    std::string source;
    if (s.session) {
        source = *s.session;
        data = readSession(s, options, init);
    } else {
        if (!s.k)
            throw UsageError("em: missing --k (the number of components)");
        options.k = *s.k;
        source = s.data ? *s.data : *s.preset;
        data = s.data ? readCsv(source) : makePreset(source);
    }
    // What a file holds is checked before EM allocates for it (the dimension limit) and fits it.
    EmEngine::checkDimension(data.dimension(), source);
    checkFittable(data.points, source);
    if (data.size() < options.k)
        throw UsageError(
            "em: " + source + " has " + std::to_string(data.size()) + " points, fewer than the " +
            std::to_string(options.k) +
            (s.session ? " components of its settings" : " components asked for with --k"));

    if (!s.session) { // a session's initialisation is already in options
        if (init == "kmeans++") {
            options.init = InitMethod::KMeansPlusPlus;
        } else if (init == "random") {
            options.init = InitMethod::Random;
        } else {
            options.init = InitMethod::Manual;
            options.initialParams = readMixtureInitFile(init, options.k, int(data.dimension()));
        }
    }

    EmEngine engine(data.points, options);
    // The same loop as EmEngine::run(), one iteration at a time to time each E+M.
    std::vector<double> seconds;
    while (engine.iteration() < options.maxIter && !engine.converged()) {
        const auto start = std::chrono::steady_clock::now();
        engine.iterate();
        seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }

    const MixtureParams& p = engine.params();
    const int iterations = engine.iteration();
    if (s.json) {
        OutJson out;
        out["n"] = static_cast<long long>(engine.n());
        out["d"] = engine.d();
        out["k"] = engine.k();
        out["covariance"] = toString(options.covariance);
        out["init"] = toString(options.init);
        out["seed"] = options.seed;
        out["reg"] = options.reg;
        out["tol"] = options.tol;
        out["max_iter"] = options.maxIter;
        out["converged"] = engine.converged();
        OutJson history = OutJson::array();
        for (int i = 0; i <= iterations; ++i) {
            OutJson entry;
            entry["iteration"] = i;
            // State 0 is the initial parameters, state 2i those after the i-th M-step.
            entry["log_likelihood"] = engine.logLikelihood(2 * i);
            history.push_back(std::move(entry));
        }
        out["iterations"] = std::move(history);
        out["log_likelihood"] = engine.logLikelihood();
        out["bic"] = engine.bic();
        out["aic"] = engine.aic();
        out["weights"] = toJson(p.weights);
        OutJson means = OutJson::array();
        OutJson covs = OutJson::array();
        for (int j = 0; j < p.k(); ++j) {
            means.push_back(toJson(Eigen::VectorXd(p.means.col(j))));
            covs.push_back(toJson(p.covariances[static_cast<std::size_t>(j)]));
        }
        out["means"] = std::move(means);
        out["covariances"] = std::move(covs);
        OutJson events = OutJson::array();
        for (const auto& e : engine.events()) {
            OutJson ev;
            ev["kind"] = toString(e.kind);
            ev["component"] = e.component;
            ev["state"] = e.state;
            ev["message"] = describe(e);
            events.push_back(std::move(ev));
        }
        out["events"] = std::move(events);
        out["timing"]["seconds_per_iteration"] =
            seconds.empty() ? OutJson() : OutJson(median(seconds));
        std::printf("%s\n", writeJson(out).c_str());
        return;
    }

    std::printf("EM on %s: %lld points in %d dimensions, K = %d, %s covariance, %s init",
                source.c_str(), static_cast<long long>(engine.n()), engine.d(), engine.k(),
                toString(options.covariance).c_str(), init.c_str());
    if (options.init != InitMethod::Manual)
        std::printf(" (seed %llu)", static_cast<unsigned long long>(options.seed));
    std::printf("\n%s after %d iteration%s (tol %g, max %d)\n",
                engine.converged() ? "converged" : "stopped without converging", iterations,
                iterations == 1 ? "" : "s", options.tol, options.maxIter);
    std::printf("log-likelihood %.6f (%.6f per point), BIC %.4f, AIC %.4f\n",
                engine.logLikelihood(), engine.meanLogLikelihood(), engine.bic(), engine.aic());
    for (int j = 0; j < p.k(); ++j) {
        std::printf("component %d: pi = %.4f, mu = (", j + 1, p.weights(j));
        for (int r = 0; r < p.d(); ++r)
            std::printf("%s%.4g", r ? ", " : "", p.means(r, j));
        std::printf("), sigma = (");
        for (int r = 0; r < p.d(); ++r)
            std::printf("%s%.4g", r ? ", " : "",
                        std::sqrt(p.covariances[static_cast<std::size_t>(j)](r, r)));
        std::printf(")\n");
    }
    // Identical notes are printed once, with every half-step they happened in.
    const auto events = engine.events();
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto same = [&](const EmEvent& e) {
            return e.kind == events[i].kind && e.component == events[i].component &&
                   describe(e) == describe(events[i]);
        };
        if (std::any_of(events.begin(), events.begin() + long(i), same))
            continue;
        std::string steps = std::to_string(events[i].state);
        bool several = false;
        for (std::size_t j = i + 1; j < events.size(); ++j)
            if (same(events[j])) {
                steps += ", " + std::to_string(events[j].state);
                several = true;
            }
        std::printf("note (step%s %s): %s\n", several ? "s" : "", steps.c_str(),
                    describe(events[i]).c_str());
    }
    if (!seconds.empty())
        std::printf("%.3g ms per iteration (median of %zu)\n", 1e3 * median(seconds),
                    seconds.size());
}

constexpr const char* kEmFooter =
    R"(Prints a short summary, or with --json one JSON object: n, d, k, covariance,
converged, iterations ([{"iteration": i, "log_likelihood": L}], i = 0 the initial
parameters, i >= 1 after the i-th M-step, L the total log-likelihood), log_likelihood,
bic, aic, weights, means, covariances (full d x d), events and timing
{"seconds_per_iteration": median wall time of one E+M iteration}.

Example: latentlab-cli em --preset faithful --k 2 --json)";

} // namespace

void addEmCommand(CLI::App& app) {
    auto s = std::make_shared<EmSettings>();
    CLI::App& em =
        *app.add_subcommand("em", "fit a Gaussian mixture by EM to a CSV file or a preset");
    addText(em, "--data", s->data, "FILE.csv",
            "points, one per row; header optional; separated by comma,\n"
            "semicolon, tab or spaces (give --data or --preset)");
    addText(em, "--preset", s->preset, "NAME", "a built-in data set (see latentlab-cli presets)");
    addText(em, "--session", s->session, "FILE.latentlab",
            "the data and every setting of a mixture session saved by\n"
            "latentlab (instead of --data or --preset and the settings)");
    addInteger(em, "--k", s->k, 1, kMaxComponents, "K",
               "number of components, 1 to " + std::to_string(kMaxComponents) +
                   " (and at most the number of\npoints); required unless --session");
    addChoice(em, "--covariance", s->options.covariance,
              {CovarianceType::Full, CovarianceType::Diag, CovarianceType::Spherical,
               CovarianceType::Tied},
              "the covariance type, as in scikit-learn");
    addText(em, "--init", s->init, "kmeans++|random|INIT.json",
            "kmeans++ or random seeding, or a JSON file {\"weights\": [K],\n"
            "\"means\": [[d] x K], \"covariances\": [[[d] x d] x K]} with full\n"
            "covariance matrices whatever --covariance");
    addSeed(em, "--seed", s->options.seed, "seed of kmeans++ / random initialisation");
    addNumber(em, "--reg", s->options.reg, 0.0, std::numeric_limits<double>::max(), "R",
              "added to every covariance diagonal");
    addNumber(em, "--tol", s->options.tol, 0.0, std::numeric_limits<double>::max(), "T",
              "stop when the mean log-likelihood per point changes less;\n"
              "0 runs exactly --max-iter iterations");
    addInteger(em, "--max-iter", s->options.maxIter, 0, 100000000, "M", "at most M iterations");
    addInteger(em, "--threads", s->options.threads, 0, 1024, "N",
               "worker threads; 0: all cores (the results never change)");
    addFlag(em, "--json", s->json, "print one JSON object instead of a summary");
    em.footer(kEmFooter);
    em.callback([s, &em] {
        for (const char* name : kModelOptions)
            if (em.count(name) > 0)
                s->modelOptions.emplace_back(name);
        runEm(*s);
    });
}

} // namespace latentlab::cli
