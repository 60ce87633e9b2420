#include "mixture/mixture_session.h"

#include "common/error.h"
#include "io/json.h"

#include <array>
#include <charconv>
#include <cmath>

namespace latentlab {

namespace {

using nlohmann::json;

/// Integers from 2^53 on lose digits in a double: such seeds are written as strings.
constexpr std::uint64_t kExactIntegerLimit = std::uint64_t(1) << 53;
constexpr std::array<std::string_view, 3> kInitNames = {"kmeans++", "random", "manual"};
constexpr std::array<std::string_view, 4> kCovarianceNames = {"full", "diag", "spherical", "tied"};

json pairJson(const Eigen::Vector2d& v) {
    return json::array({v.x(), v.y()});
}

Eigen::Vector2d readPair(const SessionFields& f, const json& v, const std::string& where) {
    const json& a = f.array(v, where);
    if (a.size() != 2)
        f.fail(where + ": expected [x, y]");
    return {f.number(a[0], where + "[0]"), f.number(a[1], where + "[1]")};
}

std::string sessionIndexed(const std::string& name, std::size_t i) {
    return name + "[" + std::to_string(i) + "]";
}

std::uint64_t readSeed(const SessionFields& f, const json& seed) {
    const std::string where = "model.seed";
    if (seed.is_string()) {
        const std::string& s = seed.get_ref<const std::string&>();
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
        if (s.empty() || ec != std::errc() || end != s.data() + s.size())
            f.fail(where + ": expected a whole number >= 0");
        return value;
    }
    const double x = f.number(seed, where);
    if (x < 0 || x != std::floor(x) || x >= double(kExactIntegerLimit))
        f.fail(where + ": expected a whole number >= 0");
    return static_cast<std::uint64_t>(x);
}

MixtureParams readManual(const SessionFields& f, const json& manual) {
    const std::string where = "model.manual";
    f.object(manual, where);
    const json& weights = f.array(f.required(manual, "weights", where), where + ".weights");
    const json& means = f.array(f.required(manual, "means", where), where + ".means");
    const json& covs = f.array(f.required(manual, "covariances", where), where + ".covariances");
    const std::size_t k = weights.size();
    if (k < 1 || k > std::size_t(kMaxComponents) || means.size() != k || covs.size() != k)
        f.fail(where + ": weights, means and covariances need the same number (1 to " +
               std::to_string(kMaxComponents) + ") of components");
    MixtureParams p;
    p.weights.resize(Eigen::Index(k));
    p.means.resize(2, Eigen::Index(k));
    for (std::size_t j = 0; j < k; ++j) {
        const Eigen::Index c = Eigen::Index(j);
        p.weights(c) = f.number(weights[j], sessionIndexed(where + ".weights", j));
        if (p.weights(c) <= 0)
            f.fail(sessionIndexed(where + ".weights", j) + ": expected a positive number");
        p.means.col(c) = readPair(f, means[j], sessionIndexed(where + ".means", j));
        const std::string at = sessionIndexed(where + ".covariances", j);
        const json& rows = f.array(covs[j], at);
        if (rows.size() != 2)
            f.fail(at + ": expected a 2 x 2 matrix");
        Eigen::Matrix2d sigma;
        for (std::size_t row = 0; row < 2; ++row)
            sigma.row(Eigen::Index(row)) =
                readPair(f, rows[row], sessionIndexed(at, row)).transpose();
        if (std::abs(sigma(0, 1) - sigma(1, 0)) > 1e-9 * (std::abs(sigma(0, 1)) + 1) ||
            sigma(0, 0) <= 0 || sigma(1, 1) <= 0 ||
            sigma(0, 0) * sigma(1, 1) - sigma(0, 1) * sigma(1, 0) <= 0)
            f.fail(at + ": not a symmetric positive-definite matrix");
        p.covariances.push_back(sigma);
    }
    p.weights /= p.weights.sum();
    return p;
}

ModelSettings readModel(const SessionFields& f, const json& model) {
    ModelSettings m;
    m.k = int(f.integer(f.required(model, "k", "model"), "model.k", 1, kMaxComponents));
    m.covariance = *parseCovarianceType(
        f.choice(f.required(model, "covariance", "model"), "model.covariance", kCovarianceNames));
    const std::string& init =
        f.choice(f.required(model, "init", "model"), "model.init", kInitNames);
    m.init = *parseInitMethod(init);
    m.seed = readSeed(f, f.required(model, "seed", "model"));
    m.reg = f.number(f.required(model, "reg", "model"), "model.reg");
    if (m.reg < 0 || m.reg > 1e6)
        f.fail("model.reg: expected a number from 0 to 1e6");
    if (const json* tol = SessionFields::optional(model, "tol")) {
        m.tol = f.number(*tol, "model.tol");
        if (m.tol < 0)
            f.fail("model.tol: expected a number >= 0");
    }
    // "max_iter" as the CLI spells it; sessions written before said "maxIter".
    if (const json* maxIter = SessionFields::optional(model, "max_iter"))
        m.maxIter = int(f.integer(*maxIter, "model.max_iter", 0, 10000));
    else if (const json* old = SessionFields::optional(model, "maxIter"))
        m.maxIter = int(f.integer(*old, "model.maxIter", 0, 10000));
    if (const json* manual = SessionFields::optional(model, "manual")) {
        m.manualParams = readManual(f, *manual);
        if (m.manualParams->k() != m.k && m.init == InitMethod::Manual)
            f.fail("model.manual: the number of components differs from model.k");
    } else if (m.init == InitMethod::Manual) {
        f.fail("model.manual: missing, but model.init is \"manual\"");
    }
    return m;
}

} // namespace

PointSet sessionDataFromJson(const SessionFields& f, const json& data) {
    PointSet set;
    if (const json* name = SessionFields::optional(data, "name"))
        set.name = f.string(*name, "data.name");
    if (const json* columns = SessionFields::optional(data, "columns")) {
        f.array(*columns, "data.columns");
        if (!columns->empty() && columns->size() != 2)
            f.fail("data.columns: expected two names");
        for (std::size_t i = 0; i < columns->size(); ++i)
            set.columnNames.push_back(f.string((*columns)[i], sessionIndexed("data.columns", i)));
    }
    const json& points = f.array(f.required(data, "points", "data"), "data.points");
    if (points.size() > std::size_t(kMaxSessionPoints))
        f.fail("data.points: " + std::to_string(points.size()) +
               " points is more than the limit of " + std::to_string(kMaxSessionPoints));
    set.points.resize(2, Eigen::Index(points.size()));
    for (std::size_t i = 0; i < points.size(); ++i) {
        const json& p = points[i];
        // The field's name is only spelled out for a point that is not [x, y].
        if (p.is_array() && p.size() == 2 && p[0].is_number() && p[1].is_number())
            set.points.col(Eigen::Index(i)) << p[0].get<double>(), p[1].get<double>();
        else
            set.points.col(Eigen::Index(i)) = readPair(f, p, sessionIndexed("data.points", i));
        // What the pages and the CLI can fit and draw (checkFittable): refused here, naming
        // the file, rather than by the document after the file was accepted.
        if (!fittable(set.points.col(Eigen::Index(i))))
            f.fail(sessionIndexed("data.points", i) + ": a coordinate exceeds 1e100 in magnitude: "
                                                      "rescale the data");
    }
    return set;
}

json sessionDataToJson(const PointSet& set) {
    if (set.dimension() != 2 && set.size() > 0)
        throw ArgumentError("a session holds 2D points");
    json points = json::array();
    points.get_ref<json::array_t&>().reserve(std::size_t(set.size()));
    for (Eigen::Index i = 0; i < set.size(); ++i)
        points.push_back(pairJson(set.points.col(i)));
    json data;
    data["name"] = set.name;
    data["columns"] = set.columnNames;
    data["points"] = std::move(points);
    return data;
}

MixtureSession mixtureSessionFromJson(const json& payload, const std::string& path) {
    const SessionFields f(path);
    f.object(payload, kMixturePage);
    MixtureSession s;
    s.data = sessionDataFromJson(f, f.object(f.required(payload, "data", kMixturePage), "data"));
    s.settings = readModel(f, f.object(f.required(payload, "model", kMixturePage), "model"));
    if (const json* state = SessionFields::optional(payload, "state"))
        s.state = int(f.integer(*state, "state", 0, kMaxSessionState));
    return s;
}

json toJson(const MixtureSession& s) {
    const json data = sessionDataToJson(s.data);

    const ModelSettings& m = s.settings;
    json model;
    model["k"] = m.k;
    model["covariance"] = toString(m.covariance);
    model["init"] = toString(m.init);
    if (m.seed < kExactIntegerLimit)
        model["seed"] = m.seed;
    else
        model["seed"] = std::to_string(m.seed);
    model["reg"] = m.reg;
    model["tol"] = m.tol;
    model["max_iter"] = m.maxIter;
    if (m.manualParams) {
        const MixtureParams& p = *m.manualParams;
        json weights = json::array(), means = json::array(), covs = json::array();
        for (int j = 0; j < p.k(); ++j) {
            weights.push_back(p.weights(j));
            means.push_back(pairJson(p.means.col(j)));
            const Eigen::MatrixXd& c = p.covariances[static_cast<std::size_t>(j)];
            covs.push_back(
                json::array({pairJson(c.row(0).transpose()), pairJson(c.row(1).transpose())}));
        }
        model["manual"] = {{"weights", weights}, {"means", means}, {"covariances", covs}};
    }
    return {{"data", std::move(data)}, {"model", std::move(model)}, {"state", s.state}};
}

MixtureSession mixtureSessionFrom(const SessionFile& file, const std::string& path) {
    if (file.page != kMixturePage)
        throw FileError(path, "this is a " + quoteForMessage(file.page) +
                                  " session, not a mixture session");
    return mixtureSessionFromJson(file.payload, path);
}

} // namespace latentlab
