#include "common/session.h"

#include "common/error.h"
#include "io/file_io.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

namespace latentlab {

namespace {

// JSON numbers are doubles: integers above 2^53 (large seeds) are written as strings.
constexpr double kExactIntegerLimit = 9007199254740992.0;

[[noreturn]] void fail(const QString& path, const QString& what) {
    throw FileError(path.toStdString(), what.toStdString());
}

class Reader {
public:
    explicit Reader(QString path) : m_path(std::move(path)) {}

    QJsonObject object(const QJsonValue& v, const QString& where) const {
        if (!v.isObject())
            fail(m_path, where + ": expected an object");
        return v.toObject();
    }
    QJsonArray array(const QJsonValue& v, const QString& where) const {
        if (!v.isArray())
            fail(m_path, where + ": expected an array");
        return v.toArray();
    }
    double number(const QJsonValue& v, const QString& where) const {
        if (!v.isDouble())
            fail(m_path, where + ": expected a number");
        const double x = v.toDouble();
        if (!std::isfinite(x))
            fail(m_path, where + ": not a finite number");
        return x;
    }
    qint64 integer(const QJsonValue& v, const QString& where, qint64 lo, qint64 hi) const {
        const double x = number(v, where);
        if (x != std::floor(x) || x < double(lo) || x > double(hi))
            fail(m_path,
                 where + QStringLiteral(": expected a whole number from %1 to %2").arg(lo).arg(hi));
        return static_cast<qint64>(x);
    }
    QString string(const QJsonValue& v, const QString& where) const {
        if (!v.isString())
            fail(m_path, where + ": expected a string");
        return v.toString();
    }
    QJsonValue required(const QJsonObject& o, const QString& key, const QString& where) const {
        if (!o.contains(key))
            fail(m_path, where + QStringLiteral(": missing field \"%1\"").arg(key));
        return o.value(key);
    }
    Eigen::Vector2d pair(const QJsonValue& v, const QString& where) const {
        const QJsonArray a = array(v, where);
        if (a.size() != 2)
            fail(m_path, where + ": expected [x, y]");
        return {number(a[0], where + "[0]"), number(a[1], where + "[1]")};
    }
    const QString& path() const { return m_path; }

private:
    QString m_path;
};

QJsonArray pairJson(const Eigen::Vector2d& v) {
    return QJsonArray{v.x(), v.y()};
}

QString initName(InitMethod m) {
    switch (m) {
    case InitMethod::KMeansPlusPlus:
        return QStringLiteral("kmeans++");
    case InitMethod::Random:
        return QStringLiteral("random");
    case InitMethod::Explicit:
        return QStringLiteral("manual");
    }
    return {};
}

} // namespace

QString paletteName(PaletteKind kind) {
    switch (kind) {
    case PaletteKind::Lecture:
        return QStringLiteral("lecture");
    case PaletteKind::ColorBlindSafe:
        return QStringLiteral("colorblind");
    case PaletteKind::HighContrast:
        return QStringLiteral("highcontrast");
    }
    return {};
}

std::optional<PaletteKind> parsePaletteName(const QString& name) {
    for (PaletteKind k :
         {PaletteKind::Lecture, PaletteKind::ColorBlindSafe, PaletteKind::HighContrast})
        if (paletteName(k) == name)
            return k;
    return std::nullopt;
}

QByteArray serializeSession(const Session& s) {
    QJsonObject root;
    root["format"] = "latentlab-session";
    root["version"] = 1;

    QJsonObject data;
    data["name"] = QString::fromStdString(s.data.name);
    QJsonArray columns;
    for (const std::string& c : s.data.columnNames)
        columns.append(QString::fromStdString(c));
    data["columns"] = columns;
    QJsonArray points;
    for (Eigen::Index i = 0; i < s.data.size(); ++i)
        points.append(pairJson(s.data.points.col(i)));
    data["points"] = points;
    root["data"] = data;

    const ModelSettings& m = s.settings;
    QJsonObject model;
    model["k"] = m.k;
    model["covariance"] = QString::fromStdString(toString(m.covariance));
    model["init"] = initName(m.init);
    if (double(m.seed) < kExactIntegerLimit)
        model["seed"] = double(m.seed);
    else
        model["seed"] = QString::number(m.seed);
    model["reg"] = m.reg;
    model["tol"] = m.tol;
    model["maxIter"] = m.maxIter;
    if (m.manualParams) {
        const MixtureParams& p = *m.manualParams;
        QJsonObject manual;
        QJsonArray weights, means, covs;
        for (int j = 0; j < p.k(); ++j) {
            weights.append(p.weights(j));
            means.append(pairJson(p.means.col(j)));
            const Eigen::MatrixXd& c = p.covariances[static_cast<std::size_t>(j)];
            covs.append(QJsonArray{QJsonArray{c(0, 0), c(0, 1)}, QJsonArray{c(1, 0), c(1, 1)}});
        }
        manual["weights"] = weights;
        manual["means"] = means;
        manual["covariances"] = covs;
        model["manual"] = manual;
    }
    root["model"] = model;

    QJsonObject view;
    view["state"] = s.state;
    view["palette"] = paletteName(s.palette);
    root["view"] = view;
    // Small sessions stay readable in an editor; large ones would be mostly indentation.
    return QJsonDocument(root).toJson(s.data.size() <= 5000 ? QJsonDocument::Indented
                                                            : QJsonDocument::Compact);
}

void writeSession(const QString& path, const Session& session) {
    // As every file LatentLab writes (io/file_io.h): fsynced, permissions and symbolic links
    // kept, a full disk named (QSaveFile said "Unknown error").
    const QByteArray bytes = serializeSession(session);
    writeFileAtomically(path.toStdString(),
                        std::string_view(bytes.constData(), std::size_t(bytes.size())));
}

Session readSession(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        fail(path, QStringLiteral("cannot open: %1").arg(file.errorString()));
    if (file.size() > kMaxSessionBytes)
        fail(path, QStringLiteral("the file is %1 MB; sessions are limited to %2 MB")
                       .arg(file.size() >> 20)
                       .arg(kMaxSessionBytes >> 20));
    return parseSession(file.readAll(), path);
}

Session parseSession(const QByteArray& json, const QString& path) {
    if (json.trimmed().isEmpty())
        fail(path, "empty file");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        long line = 1, column = 1;
        for (int i = 0; i < error.offset && i < json.size(); ++i) {
            if (json[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        throw FileError(path.toStdString(), line, column,
                        "not valid JSON: " + error.errorString().toStdString());
    }
    Reader r(path);
    if (!doc.isObject())
        fail(path, "expected a JSON object at the top level");
    const QJsonObject root = doc.object();
    if (r.string(r.required(root, "format", "session"), "format") != "latentlab-session")
        fail(path, "not a LatentLab session (\"format\" is not \"latentlab-session\")");
    const qint64 version = r.integer(r.required(root, "version", "session"), "version", 1, 1000);
    if (version != 1)
        fail(path, QStringLiteral("session version %1 is newer than this LatentLab understands "
                                  "(1): update LatentLab")
                       .arg(version));

    Session s;
    // data
    const QJsonObject data = r.object(r.required(root, "data", "session"), "data");
    if (data.contains("name"))
        s.data.name = r.string(data["name"], "data.name").toStdString();
    if (data.contains("columns")) {
        const QJsonArray columns = r.array(data["columns"], "data.columns");
        if (!columns.isEmpty() && columns.size() != 2)
            fail(path, "data.columns: expected two names");
        for (qsizetype i = 0; i < columns.size(); ++i)
            s.data.columnNames.push_back(
                r.string(columns[i], QStringLiteral("data.columns[%1]").arg(i)).toStdString());
    }
    const QJsonArray points = r.array(r.required(data, "points", "data"), "data.points");
    if (points.size() > kMaxSessionPoints)
        fail(path, QStringLiteral("data.points: %1 points is more than the limit of %2")
                       .arg(points.size())
                       .arg(kMaxSessionPoints));
    s.data.points.resize(2, points.size());
    for (qsizetype i = 0; i < points.size(); ++i)
        s.data.points.col(i) = r.pair(points[i], QStringLiteral("data.points[%1]").arg(i));

    // model
    const QJsonObject model = r.object(r.required(root, "model", "session"), "model");
    ModelSettings& m = s.settings;
    m.k = int(r.integer(r.required(model, "k", "model"), "model.k", 1, 8));
    const QString cov = r.string(r.required(model, "covariance", "model"), "model.covariance");
    const auto type = parseCovarianceType(cov.toStdString());
    if (!type)
        fail(path, QStringLiteral("model.covariance: \"%1\" is not one of full, diag, "
                                  "spherical, tied")
                       .arg(cov));
    m.covariance = *type;
    const QString init = r.string(r.required(model, "init", "model"), "model.init");
    if (init == "kmeans++")
        m.init = InitMethod::KMeansPlusPlus;
    else if (init == "random")
        m.init = InitMethod::Random;
    else if (init == "manual")
        m.init = InitMethod::Explicit;
    else
        fail(path,
             QStringLiteral("model.init: \"%1\" is not one of kmeans++, random, manual").arg(init));
    const QJsonValue seed = r.required(model, "seed", "model");
    if (seed.isString()) {
        bool ok = false;
        m.seed = seed.toString().toULongLong(&ok);
        if (!ok)
            fail(path, "model.seed: expected a whole number >= 0");
    } else {
        const double x = r.number(seed, "model.seed");
        if (x < 0 || x != std::floor(x) || x >= kExactIntegerLimit)
            fail(path, "model.seed: expected a whole number >= 0");
        m.seed = static_cast<std::uint64_t>(x);
    }
    m.reg = r.number(r.required(model, "reg", "model"), "model.reg");
    if (m.reg < 0 || m.reg > 1e6)
        fail(path, "model.reg: expected a number from 0 to 1e6");
    if (model.contains("tol")) {
        m.tol = r.number(model["tol"], "model.tol");
        if (m.tol < 0)
            fail(path, "model.tol: expected a number >= 0");
    }
    if (model.contains("maxIter"))
        m.maxIter = int(r.integer(model["maxIter"], "model.maxIter", 0, 10000));
    if (model.contains("manual")) {
        const QJsonObject manual = r.object(model["manual"], "model.manual");
        const QJsonArray weights =
            r.array(r.required(manual, "weights", "model.manual"), "model.manual.weights");
        const QJsonArray means =
            r.array(r.required(manual, "means", "model.manual"), "model.manual.means");
        const QJsonArray covs =
            r.array(r.required(manual, "covariances", "model.manual"), "model.manual.covariances");
        const qsizetype k = weights.size();
        if (k < 1 || k > 8 || means.size() != k || covs.size() != k)
            fail(path, "model.manual: weights, means and covariances need the same number "
                       "(1 to 8) of components");
        MixtureParams p;
        p.weights.resize(k);
        p.means.resize(2, k);
        for (qsizetype j = 0; j < k; ++j) {
            const QString at = QStringLiteral("[%1]").arg(j);
            p.weights(j) = r.number(weights[j], "model.manual.weights" + at);
            if (p.weights(j) <= 0)
                fail(path, "model.manual.weights" + at + ": expected a positive number");
            p.means.col(j) = r.pair(means[j], "model.manual.means" + at);
            const QJsonArray rows = r.array(covs[j], "model.manual.covariances" + at);
            if (rows.size() != 2)
                fail(path, "model.manual.covariances" + at + ": expected a 2 x 2 matrix");
            Eigen::Matrix2d c;
            for (int row = 0; row < 2; ++row) {
                const Eigen::Vector2d v = r.pair(rows[row], "model.manual.covariances" + at +
                                                                QStringLiteral("[%1]").arg(row));
                c.row(row) = v.transpose();
            }
            if (std::abs(c(0, 1) - c(1, 0)) > 1e-9 * (std::abs(c(0, 1)) + 1) || c(0, 0) <= 0 ||
                c(1, 1) <= 0 || c(0, 0) * c(1, 1) - c(0, 1) * c(1, 0) <= 0)
                fail(path, "model.manual.covariances" + at +
                               ": not a symmetric positive-definite matrix");
            p.covariances.push_back(c);
        }
        p.weights /= p.weights.sum();
        m.manualParams = std::move(p);
        if (m.manualParams->k() != m.k && m.init == InitMethod::Explicit)
            fail(path, "model.manual: the number of components differs from model.k");
    } else if (m.init == InitMethod::Explicit) {
        fail(path, "model.manual: missing, but model.init is \"manual\"");
    }

    // view
    if (root.contains("view")) {
        const QJsonObject view = r.object(root["view"], "view");
        if (view.contains("state"))
            s.state = int(r.integer(view["state"], "view.state", 0, kMaxSessionState));
        if (view.contains("palette")) {
            const QString name = r.string(view["palette"], "view.palette");
            const auto kind = parsePaletteName(name);
            if (!kind)
                fail(path, QStringLiteral("view.palette: \"%1\" is not one of lecture, "
                                          "colorblind, highcontrast")
                               .arg(name));
            s.palette = *kind;
        }
    }
    return s;
}

// ---- The envelope of every page's session (format version 2) ---------------------------

SessionFile readSessionFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        fail(path, QStringLiteral("cannot open: %1").arg(file.errorString()));
    if (file.size() > kMaxSessionBytes)
        fail(path, QStringLiteral("the file is %1 MB; sessions are limited to %2 MB")
                       .arg(file.size() >> 20)
                       .arg(kMaxSessionBytes >> 20));
    const QByteArray bytes = file.readAll();
    if (bytes.trimmed().isEmpty())
        fail(path, "empty file");
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(bytes.constBegin(), bytes.constEnd());
    } catch (const nlohmann::json::parse_error& e) {
        long line = 1, column = 1;
        for (std::size_t i = 0; i + 1 < e.byte && i < std::size_t(bytes.size()); ++i) {
            if (bytes[qsizetype(i)] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        throw FileError(path.toStdString(), line, column, "not valid JSON");
    } catch (const nlohmann::json::exception&) {
        fail(path, "not valid JSON: a number is out of the range of doubles");
    }
    if (!root.is_object())
        fail(path, "expected a JSON object at the top level");
    if (!root.contains("format") || root["format"] != "latentlab-session")
        fail(path, "not a LatentLab session (\"format\" is not \"latentlab-session\")");
    if (!root.contains("version") || !root["version"].is_number_integer())
        fail(path, "session: missing or non-integer \"version\"");
    const auto version = root["version"].get<long long>();
    SessionFile s;
    if (version == 1) {
        s.page = QStringLiteral("mixture");
        s.payload = nlohmann::json::object();
        for (const char* key : {"data", "model"})
            if (root.contains(key))
                s.payload[key] = root[key];
        if (root.contains("view") && root["view"].is_object()) {
            const nlohmann::json& view = root["view"];
            if (view.contains("state"))
                s.payload["state"] = view["state"];
            if (view.contains("palette")) {
                if (!view["palette"].is_string() ||
                    !parsePaletteName(QString::fromStdString(view["palette"].get<std::string>())))
                    fail(path, "view.palette: \"" + QString::fromStdString(view["palette"].dump()) +
                                   "\" is not one of lecture, colorblind, highcontrast");
                s.palette = parsePaletteName(
                    QString::fromStdString(view["palette"].get<std::string>()));
            }
        }
        return s;
    }
    if (version != 2)
        fail(path, QStringLiteral("session version %1 is not one this LatentLab understands (1 "
                                  "or 2): update LatentLab")
                       .arg(version));
    if (!root.contains("page") || !root["page"].is_string())
        fail(path, "session: missing \"page\" (which lesson the session belongs to)");
    s.page = QString::fromStdString(root["page"].get<std::string>());
    if (root.contains("palette")) {
        const auto name = root["palette"].is_string()
                              ? QString::fromStdString(root["palette"].get<std::string>())
                              : QString();
        s.palette = parsePaletteName(name);
        if (!s.palette)
            fail(path, "palette: expected one of lecture, colorblind, highcontrast");
    }
    const std::string key = s.page.toStdString();
    if (!root.contains(key) || !root[key].is_object())
        fail(path, QStringLiteral("session: missing the \"%1\" object").arg(s.page));
    s.payload = root[key];
    return s;
}

void writeSessionFile(const QString& path, const SessionFile& session) {
    nlohmann::json root = {{"format", "latentlab-session"},
                           {"version", 2},
                           {"page", session.page.toStdString()}};
    if (session.palette)
        root["palette"] = paletteName(*session.palette).toStdString();
    root[session.page.toStdString()] = session.payload;
    const std::string text = root.dump(1) + "\n";
    writeFileAtomically(path.toStdString(), text);
}

} // namespace latentlab
