// latentlab-cli pca, ppca-em and linear-ae: PCA with probabilistic PCA's likelihood, EM for
// PPCA, and a linear autoencoder trained by gradient descent, on a CSV file, a preset or IDX
// images; a short summary, or one JSON object (--json) for scripts and for checking our
// numbers against scikit-learn (tests/reference/bench_sklearn_pca.py).
#include "commands.h"
#include "options.h"

#include "common/error.h"
#include "common/point_set.h"
#include "data/image_matrix.h"
#include "data/presets.h"
#include "io/csv.h"
#include "io/idx.h"
#include "io/json.h"
#include "linear/linear_autoencoder.h"
#include "linear/pca.h"
#include "linear/ppca.h"
#include "linear/ppca_em.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <memory>

namespace latentlab::cli {

namespace {

using OutJson = nlohmann::ordered_json; // keys in the order the README lists them
using Clock = std::chrono::steady_clock;

// ---- The data: --data F.csv | --preset NAME | --images F [--range A:B] -----------------

struct DataOptions {
    std::optional<std::string> data, preset, images;
    std::optional<RowRange> range;
};

void addDataOptions(CLI::App& command, DataOptions& o) {
    addText(command, "--data", o.data, "F.csv",
            "points, one per row; header optional; separated by comma,\n"
            "semicolon, tab or spaces");
    addText(command, "--preset", o.preset, "NAME",
            "a built-in data set (see latentlab-cli presets)");
    addText(command, "--images", o.images, "F",
            "IDX images (raw or gzip), one point per image: its pixels\n"
            "/ 255 (give one of --data, --preset and --images)");
    addRange(command, "--range", o.range, "with --images: image rows (default all)");
}

struct Data {
    Eigen::MatrixXd points; ///< d x N
    std::string name;
    std::string file; ///< the file the points came from; empty for a preset
};

/// `fit()` (a model built from `data`), with what it refuses about the data (all points
/// equal, collinear, too few) naming the file the data came from (issue 14).
template <typename Fit> auto fitTo(const Data& data, Fit&& fit) -> decltype(fit()) {
    try {
        return fit();
    } catch (const ArgumentError& e) {
        if (data.file.empty())
            throw;
        throw FileError(data.file, e.what());
    }
}

/// Refuses up front the --images data PCA could not take, before a pixel becomes a double:
/// more dimensions than PCA supports, or more pixels than imageColumns converts.
void checkImageData(const IdxImages& images, const RowRange& range, const std::string& file) {
    const std::uint64_t d = std::uint64_t(images.rows) * images.cols;
    if (d > std::uint64_t(Pca::kMaxDimension))
        throw FileError(file, "images of " + std::to_string(images.rows) + " x " +
                                  std::to_string(images.cols) + " = " + std::to_string(d) +
                                  " dimensions: PCA supports at most " +
                                  std::to_string(Pca::kMaxDimension));
    const std::uint64_t values = std::uint64_t(range.second - range.first) * d;
    if (values > kImageColumnsMaxValues)
        throw FileError(file, "--range " + rangeText(range) + " holds " + std::to_string(values) +
                                  " pixels, more than the limit of " +
                                  std::to_string(kImageColumnsMaxValues) +
                                  " (512 MiB as doubles): choose a smaller --range");
}

Data loadData(const DataOptions& o, const std::string& command) {
    const int given =
        int(o.data.has_value()) + int(o.preset.has_value()) + int(o.images.has_value());
    if (given != 1)
        throw UsageError(command +
                         ": give exactly one of --data F.csv, --preset NAME and --images F");
    if (o.range && !o.images)
        throw UsageError(command + ": --range goes with --images");
    Data out;
    if (o.data) {
        out.points = readCsv(*o.data).points;
        out.name = *o.data;
    } else if (o.preset) {
        out.points = makePreset(*o.preset).points;
        out.name = *o.preset;
    } else {
        const IdxImages images = readIdxImages(*o.images);
        const RowRange range = o.range.value_or(RowRange{0, images.count});
        if (range.second > static_cast<long long>(images.count))
            throw UsageError(command + ": --range " + rangeText(range) + " goes beyond the " +
                             std::to_string(images.count) + " images of " + *o.images);
        checkImageData(images, range, *o.images);
        out.points = imageColumns(images, std::uint32_t(range.first), std::uint32_t(range.second));
        out.name = *o.images + "[" + rangeText(range) + "]";
    }
    if (!o.preset)
        out.file = o.data ? *o.data : *o.images;
    // What the models would refuse, refused here naming the file (issue 14: every message
    // about a file names it).
    if (!o.preset) {
        if (out.points.rows() > Pca::kMaxDimension)
            throw FileError(out.file, std::to_string(out.points.rows()) +
                                          " dimensions: PCA supports at most " +
                                          std::to_string(Pca::kMaxDimension));
        checkFittable(out.points, out.file);
    }
    return out;
}

/// q from --q, checked against the data: 1 <= q < d.
int latentDimension(const std::optional<int>& q, int fallback, const Data& data,
                    const std::string& command) {
    const int d = static_cast<int>(data.points.rows());
    const int value = q.value_or(fallback);
    if (value < 1 || value >= d)
        throw UsageError(command + ": --q must be between 1 and d - 1 = " + std::to_string(d - 1) +
                         " for the " + std::to_string(d) + "-dimensional " + data.name + ", got " +
                         std::to_string(value));
    return value;
}

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

OutJson vectorJson(const Eigen::VectorXd& v) {
    return OutJson(std::vector<double>(v.data(), v.data() + v.size()));
}

/// A matrix as a list of its rows.
OutJson rowsOf(const Eigen::MatrixXd& m) {
    OutJson a = OutJson::array();
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        a.push_back(vectorJson(Eigen::VectorXd(m.row(r).transpose())));
    return a;
}

void printVector(const char* label, const Eigen::VectorXd& v, Eigen::Index most = 10) {
    std::printf("%s", label);
    for (Eigen::Index i = 0; i < std::min(v.size(), most); ++i)
        std::printf(" %.6g", v(i));
    if (v.size() > most)
        std::printf(" ... (%lld in all)", static_cast<long long>(v.size()));
    std::printf("\n");
}

// ---- pca -----------------------------------------------------------------------------------

struct PcaSettings {
    DataOptions data;
    std::optional<int> q;
    PcaSolver solver = PcaSolver::Auto;
    std::string signs = "largest-loading";
    int threads = 0;
    bool json = false;
};

void runPca(const PcaSettings& s) {
    const Data data = loadData(s.data, "pca");
    const int d = static_cast<int>(data.points.rows());
    const int q = latentDimension(s.q, std::min(d - 1, 10), data, "pca");
    PcaOptions options;
    options.components = q;
    options.solver = s.solver;
    options.signs =
        s.signs == "largest-score" ? SignConvention::LargestScore : SignConvention::LargestLoading;
    options.threads = s.threads;
    const auto start = Clock::now();
    const Pca pca = fitTo(data, [&] { return Pca(data.points, options); });
    const double seconds = secondsSince(start);
    const Ppca ppca = fitTo(data, [&] { return Ppca::fromPca(pca, q); });
    const double logLikelihood = ppca.logLikelihood(data.points);

    if (s.json) {
        OutJson out;
        out["n"] = static_cast<long long>(pca.n());
        out["d"] = d;
        out["q"] = q;
        out["solver"] = toString(pca.solver());
        out["signs"] = s.signs;
        out["mean"] = vectorJson(pca.mean());
        out["eigenvalues"] = vectorJson(pca.eigenvalues());
        out["components"] = rowsOf(pca.components().transpose());
        out["explained_variance_ratio"] = vectorJson(pca.explainedVarianceRatio());
        out["total_variance"] = pca.totalVariance();
        out["reconstruction_error"] = vectorJson(pca.reconstructionErrors());
        out["noise_variance"] = pca.noiseVariance(q);
        out["log_likelihood"] = logLikelihood;
        out["mean_log_likelihood"] = logLikelihood / double(pca.n());
        out["timing"]["seconds"] = seconds;
        std::printf("%s\n", writeJson(out).c_str());
        return;
    }
    std::printf("PCA of %s: %lld points in %d dimensions, q = %d (%s solver, %.3g s)\n",
                data.name.c_str(), static_cast<long long>(pca.n()), d, q,
                toString(pca.solver()).c_str(), seconds);
    printVector("eigenvalues:", pca.eigenvalues());
    Eigen::VectorXd cumulative = pca.explainedVarianceRatio();
    for (Eigen::Index j = 1; j < cumulative.size(); ++j)
        cumulative(j) += cumulative(j - 1);
    printVector("cumulative explained variance ratio:", cumulative);
    std::printf("total variance %.6g, reconstruction error with q components %.6g\n",
                pca.totalVariance(), pca.reconstructionError(q));
    std::printf("PPCA: noise variance sigma^2 = %.6g, log-likelihood %.6f (%.6f per point)\n",
                ppca.sigma2(), logLikelihood, logLikelihood / double(pca.n()));
}

void addPcaCommand(CLI::App& app) {
    auto s = std::make_shared<PcaSettings>();
    CLI::App& c =
        *app.add_subcommand("pca", "principal components, noise variance and PPCA likelihood");
    addDataOptions(c, s->data);
    addInteger(c, "--q", s->q, 1, Pca::kMaxDimension, "Q",
               "components, 1 <= Q < d (default min(d - 1, 10))");
    addChoice(c, "--solver", s->solver, {PcaSolver::Auto, PcaSolver::Full, PcaSolver::Leading},
              "all eigenpairs (full), the leading Q by Lanczos (leading),\n"
              "or leading for d > 64 and Q <= d / 4 (auto)");
    addOption(
        c, "--signs",
        [s](const std::string& text) {
            if (text != "largest-loading" && text != "largest-score")
                throwNotAChoice("pca: --signs", {"largest-loading", "largest-score"}, text);
            s->signs = text;
        },
        "largest-loading|largest-score", s->signs,
        "each component's largest entry positive (scikit-learn\n"
        ">= 1.5), or its largest score positive (scikit-learn <= 1.4)");
    addInteger(c, "--threads", s->threads, 0, 1024, "N",
               "threads; 0: all cores (the results never change)");
    addFlag(c, "--json", s->json, "print one JSON object instead of a summary");
    c.callback([s] { runPca(*s); });
}

// ---- ppca-em -------------------------------------------------------------------------------

/// INIT.json: {"w": [[q] x d], "sigma2": s}, W row by row.
void readEmStart(const std::string& path, int d, int q, PpcaEmOptions& options) {
    const nlohmann::json root = readJsonFile(path);
    if (!root.is_object())
        throw FileError(path, "expected a JSON object {\"w\": [[q] x d], \"sigma2\": s}");
    for (const auto& item : root.items())
        if (item.key() != "w" && item.key() != "sigma2")
            throw FileError(path, "unknown key " + nlohmann::json(item.key()).dump() +
                                      " (expected w and sigma2)");
    if (!root.contains("w") || !root.contains("sigma2"))
        throw FileError(path, "needs both \"w\" and \"sigma2\"");
    const auto& w = root.at("w");
    const std::string shape =
        "\"w\" must be " + std::to_string(d) + " rows of " + std::to_string(q) + " numbers (d x q)";
    if (!w.is_array() || w.size() != std::size_t(d))
        throw FileError(path, shape);
    Eigen::MatrixXd m(d, q);
    for (int r = 0; r < d; ++r) {
        const auto& row = w[std::size_t(r)];
        if (!row.is_array() || row.size() != std::size_t(q))
            throw FileError(path, shape + "; row " + std::to_string(r + 1) + " is not");
        for (int j = 0; j < q; ++j) {
            if (!row[std::size_t(j)].is_number())
                throw FileError(path, "w[" + std::to_string(r) + "][" + std::to_string(j) +
                                          "] is not a number");
            m(r, j) = row[std::size_t(j)].get<double>();
        }
    }
    const auto& s2 = root.at("sigma2");
    if (!s2.is_number() || !(s2.get<double>() > 0.0))
        throw FileError(path, "\"sigma2\" must be a positive number");
    options.initialW = m;
    options.initialSigma2 = s2.get<double>();
}

struct PpcaEmSettings {
    DataOptions data;
    std::optional<int> q;
    PpcaEmOptions options;
    std::optional<std::string> init;
    bool json = false;
};

void runPpcaEm(PpcaEmSettings s) {
    const Data data = loadData(s.data, "ppca-em");
    s.options.q = latentDimension(s.q, 0, data, "ppca-em");
    if (s.init)
        readEmStart(*s.init, static_cast<int>(data.points.rows()), s.options.q, s.options);
    PpcaEm em = fitTo(data, [&] { return PpcaEm(data.points, s.options); });
    std::vector<double> seconds;
    while (em.iteration() < s.options.maxIter && !em.converged()) {
        const auto start = Clock::now();
        em.iterate();
        seconds.push_back(secondsSince(start));
    }
    std::sort(seconds.begin(), seconds.end());
    const double medianSeconds = seconds.empty() ? 0.0 : seconds[seconds.size() / 2];
    const Ppca& model = em.model();
    const Ppca& closed = em.closedForm();
    const double closedLogLikelihood = closed.logLikelihood(data.points);

    if (s.json) {
        OutJson out;
        out["n"] = static_cast<long long>(em.n());
        out["d"] = em.d();
        out["q"] = em.q();
        out["init"] = s.init ? *s.init : "random";
        out["seed"] = s.options.seed;
        out["tol"] = s.options.tol;
        out["max_iter"] = s.options.maxIter;
        out["converged"] = em.converged();
        OutJson history = OutJson::array();
        for (int i = 0; i <= em.iteration(); ++i) {
            OutJson entry;
            entry["iteration"] = i;
            entry["log_likelihood"] = em.logLikelihood(2 * i); // state 2i: after the i-th M
            history.push_back(std::move(entry));
        }
        out["iterations"] = std::move(history);
        out["log_likelihood"] = em.logLikelihood();
        out["w"] = rowsOf(model.w());
        out["sigma2"] = model.sigma2();
        out["subspace_angles_degrees"] = vectorJson(em.anglesToPrincipalSubspace());
        out["closed_form"]["log_likelihood"] = closedLogLikelihood;
        out["closed_form"]["sigma2"] = closed.sigma2();
        out["timing"]["seconds_per_iteration"] =
            seconds.empty() ? OutJson() : OutJson(medianSeconds);
        std::printf("%s\n", writeJson(out).c_str());
        return;
    }
    std::printf("EM for PPCA on %s: %lld points in %d dimensions, q = %d\n", data.name.c_str(),
                static_cast<long long>(em.n()), em.d(), em.q());
    std::printf("%s after %d iterations (tol %g, max %d)\n",
                em.converged() ? "converged" : "stopped without converging", em.iteration(),
                s.options.tol, s.options.maxIter);
    std::printf("log-likelihood %.6f; the closed form's %.6f\n", em.logLikelihood(),
                closedLogLikelihood);
    std::printf("sigma^2 %.6g; the closed form's %.6g; largest angle to the principal subspace "
                "%.3g degrees\n",
                model.sigma2(), closed.sigma2(), em.anglesToPrincipalSubspace().maxCoeff());
}

void addPpcaEmCommand(CLI::App& app) {
    auto s = std::make_shared<PpcaEmSettings>();
    CLI::App& c = *app.add_subcommand(
        "ppca-em", "fit probabilistic PCA by EM and compare with the closed form");
    addDataOptions(c, s->data);
    addInteger(c, "--q", s->q, 1, Pca::kMaxDimension, "Q", "latent dimensions, 1 <= Q < d")
        ->required();
    addText(c, "--init", s->init, "INIT.json",
            "start from {\"w\": [[Q] x d], \"sigma2\": s} (W row by row)\n"
            "instead of a random W");
    addSeed(c, "--seed", s->options.seed, "seed of the random initial W");
    addNumber(c, "--tol", s->options.tol, 0.0, std::numeric_limits<double>::max(), "T",
              "stop when the mean log-likelihood per point changes less;\n"
              "0 runs exactly --max-iter iterations");
    addInteger(c, "--max-iter", s->options.maxIter, 0, 100000000, "M", "at most M iterations");
    addInteger(c, "--threads", s->options.threads, 0, 1024, "N",
               "threads; 0: all cores (the results never change)");
    addFlag(c, "--json", s->json, "print one JSON object instead of a summary");
    c.callback([s] { runPpcaEm(*s); });
}

// ---- linear-ae -----------------------------------------------------------------------------

struct LinearAeSettings {
    DataOptions data;
    std::optional<int> q;
    int steps = 1000;
    double lr = 0.0;
    bool tied = false, orthonormal = false;
    std::uint64_t seed = 0;
    int threads = 0;
    bool json = false;
};

void runLinearAe(const LinearAeSettings& s) {
    const Data data = loadData(s.data, "linear-ae");
    LinearAutoencoderOptions options;
    options.q = latentDimension(s.q, 0, data, "linear-ae");
    options.kind = s.orthonormal ? AutoencoderKind::TiedOrthonormal
                   : s.tied      ? AutoencoderKind::Tied
                                 : AutoencoderKind::Unconstrained;
    options.learningRate = s.lr;
    options.seed = s.seed;
    options.threads = s.threads;
    LinearAutoencoder ae = fitTo(data, [&] { return LinearAutoencoder(data.points, options); });
    const auto start = Clock::now();
    ae.run(s.steps);
    const double seconds = secondsSince(start);

    if (s.json) {
        OutJson out;
        out["n"] = static_cast<long long>(data.points.cols());
        out["d"] = static_cast<int>(data.points.rows());
        out["q"] = options.q;
        out["kind"] = toString(options.kind);
        out["learning_rate"] = ae.learningRate();
        out["seed"] = s.seed;
        out["pca_loss"] = ae.pcaLoss();
        OutJson history = OutJson::array();
        for (const auto& r : ae.history()) {
            OutJson entry;
            entry["step"] = r.step;
            entry["loss"] = r.loss;
            entry["angles_degrees"] = vectorJson(r.anglesDegrees);
            entry["projector_distance"] = r.projectorDistance;
            history.push_back(std::move(entry));
        }
        out["steps"] = std::move(history);
        out["encoder"] = rowsOf(ae.encoder());
        out["decoder"] = rowsOf(ae.decoder());
        out["timing"]["seconds_per_step"] = s.steps > 0 ? OutJson(seconds / s.steps) : OutJson();
        std::printf("%s\n", writeJson(out).c_str());
        return;
    }
    std::printf("Linear autoencoder (%s) on %s: %lld points in %d dimensions, q = %d, "
                "learning rate %.4g\n",
                toString(options.kind).c_str(), data.name.c_str(),
                static_cast<long long>(data.points.cols()), static_cast<int>(data.points.rows()),
                options.q, ae.learningRate());
    const auto& first = ae.history().front();
    const auto& last = ae.current();
    for (const auto* r : {&first, &last})
        std::printf("step %d: loss %.6g (PCA's %.6g), largest angle to the principal subspace "
                    "%.4g degrees, |DE - UU^T| %.4g\n",
                    r->step, r->loss, ae.pcaLoss(), r->anglesDegrees.maxCoeff(),
                    r->projectorDistance);
}

void addLinearAeCommand(CLI::App& app) {
    auto s = std::make_shared<LinearAeSettings>();
    CLI::App& c = *app.add_subcommand(
        "linear-ae", "train a linear autoencoder by gradient descent and watch it find PCA");
    addDataOptions(c, s->data);
    addInteger(c, "--q", s->q, 1, Pca::kMaxDimension, "Q", "code size, 1 <= Q < d")->required();
    addInteger(c, "--steps", s->steps, 0, LinearAutoencoder::kMaxSteps, "S",
               "gradient steps (full batch)");
    addNumber(c, "--lr", s->lr, 0.0, std::numeric_limits<double>::max(), "R",
              "learning rate; 0: 0.1 / l_1 tied, 0.05 / l_1 unconstrained\n"
              "(l_1 the largest variance)");
    addFlag(c, "--tied", s->tied, "decoder = encoder transposed");
    addFlag(c, "--orthonormal", s->orthonormal,
            "tied, its columns kept orthonormal by a QR retraction after\n"
            "each step");
    addSeed(c, "--seed", s->seed, "seed of the initial weights");
    addInteger(c, "--threads", s->threads, 0, 1024, "N",
               "threads; 0: all cores (the results never change)");
    addFlag(c, "--json", s->json, "print one JSON object instead of a summary");
    c.callback([s] { runLinearAe(*s); });
}

} // namespace

void addPcaCommands(CLI::App& app) {
    addPcaCommand(app);
    addPpcaEmCommand(app);
    addLinearAeCommand(app);
}

} // namespace latentlab::cli
