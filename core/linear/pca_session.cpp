#include "linear/pca_session.h"

#include "common/error.h"
#include "linear/view3d.h"
#include "mixture/mixture_session.h"

#include <Eigen/LU>
#include <cmath>

namespace latentlab {

namespace {

using nlohmann::json;

Eigen::Vector2d readPcaPair(const SessionFields& f, const json& v, const std::string& where) {
    const json& a = f.array(v, where);
    if (a.size() != 2)
        f.fail(where + ": expected [x, y]");
    return {f.number(a[0], where + "[0]"), f.number(a[1], where + "[1]")};
}

bool readBool(const SessionFields& f, const json& v, const std::string& where) {
    if (!v.is_boolean())
        f.fail(where + ": expected true or false");
    return v.get<bool>();
}

double readPositive(const SessionFields& f, const json& v, const std::string& where) {
    const double x = f.number(v, where);
    if (!(x > 0))
        f.fail(where + ": expected a positive number");
    return x;
}

PcaSession::View3d readView3d(const SessionFields& f, const json& v) {
    f.object(v, "view3d");
    PcaSession::View3d out;
    const json& data = f.object(f.required(v, "data", "view3d"), "view3d.data");
    if (const json* name = SessionFields::optional(data, "name"))
        out.data.name = f.string(*name, "view3d.data.name");
    const json& points = f.array(f.required(data, "points", "view3d.data"), "view3d.data.points");
    if (points.size() > std::size_t(kMaxSessionPoints))
        f.fail("view3d.data.points: " + std::to_string(points.size()) +
               " points is more than the limit of " + std::to_string(kMaxSessionPoints));
    out.data.points.resize(3, Eigen::Index(points.size()));
    for (std::size_t i = 0; i < points.size(); ++i) {
        const std::string where = "view3d.data.points[" + std::to_string(i) + "]";
        const json& p = f.array(points[i], where);
        if (p.size() != 3)
            f.fail(where + ": expected [x, y, z]");
        for (int k = 0; k < 3; ++k)
            out.data.points(k, Eigen::Index(i)) =
                f.number(p[std::size_t(k)], where + "[" + std::to_string(k) + "]");
    }
    out.data.columnNames = {"x1", "x2", "x3"};
    if (const json* q = SessionFields::optional(v, "q"))
        out.q = int(f.integer(*q, "view3d.q", 1, 2));
    if (const json* r = SessionFields::optional(v, "rotation")) {
        const json& rows = f.array(*r, "view3d.rotation");
        if (rows.size() != 3)
            f.fail("view3d.rotation: expected three rows");
        for (std::size_t i = 0; i < 3; ++i) {
            const std::string where = "view3d.rotation[" + std::to_string(i) + "]";
            const json& row = f.array(rows[i], where);
            if (row.size() != 3)
                f.fail(where + ": expected three numbers");
            for (std::size_t j = 0; j < 3; ++j)
                out.rotation(Eigen::Index(i), Eigen::Index(j)) =
                    f.number(row[j], where + "[" + std::to_string(j) + "]");
        }
        const double off = (out.rotation * out.rotation.transpose() - Eigen::Matrix3d::Identity())
                               .cwiseAbs()
                               .maxCoeff();
        if (!(off < 1e-6) || !(std::abs(out.rotation.determinant() - 1.0) < 1e-6))
            f.fail("view3d.rotation: not a rotation (rows must be orthonormal, determinant 1)");
        if (off > 1e-12) // written by hand: the nearest exact rotation; else bit for bit
            out.rotation = orthonormalized(out.rotation);
    }
    if (const json* res = SessionFields::optional(v, "residuals"))
        out.residuals = readBool(f, *res, "view3d.residuals");
    return out;
}

json view3dToJson(const PcaSession::View3d& v) {
    json points = json::array();
    for (Eigen::Index i = 0; i < v.data.points.cols(); ++i)
        points.push_back({v.data.points(0, i), v.data.points(1, i), v.data.points(2, i)});
    json rotation = json::array();
    for (int i = 0; i < 3; ++i)
        rotation.push_back({v.rotation(i, 0), v.rotation(i, 1), v.rotation(i, 2)});
    return {{"data", {{"name", v.data.name}, {"points", std::move(points)}}},
            {"q", v.q},
            {"rotation", std::move(rotation)},
            {"residuals", v.residuals}};
}

} // namespace

PcaSession pcaSessionFromJson(const json& payload, const std::string& path) {
    const SessionFields f(path);
    f.object(payload, kPcaPage);
    PcaSession s;
    s.data = sessionDataFromJson(f, f.object(f.required(payload, "data", kPcaPage), "data"));
    // 2D data: the latent line is the only choice (q = 0 keeps the mean, q = 2 has no noise).
    if (const json* q = SessionFields::optional(payload, "q"))
        s.q = int(f.integer(*q, "q", 1, 1));
    if (const json* t = SessionFields::optional(payload, "truth")) {
        f.object(*t, "truth");
        PcaSession::Truth truth;
        truth.mean = readPcaPair(f, f.required(*t, "mean", "truth"), "truth.mean");
        truth.w = readPcaPair(f, f.required(*t, "w", "truth"), "truth.w");
        truth.sigma2 = readPositive(f, f.required(*t, "sigma2", "truth"), "truth.sigma2");
        s.truth = truth;
    }
    if (const json* v = SessionFields::optional(payload, "panel"))
        s.panel = f.choice(*v, "panel", kPcaPanels);
    if (const json* v = SessionFields::optional(payload, "residuals"))
        s.residuals = readBool(f, *v, "residuals");
    if (const json* v = SessionFields::optional(payload, "posterior"))
        s.posterior = readBool(f, *v, "posterior");
    if (const json* v = SessionFields::optional(payload, "sigma2"))
        s.sigma2 = readPositive(f, *v, "sigma2");
    if (const json* v = SessionFields::optional(payload, "autoencoder"))
        s.autoencoder = f.choice(*v, "autoencoder", kPcaAutoencoders);
    if (const json* v = SessionFields::optional(payload, "emState"))
        s.emState = int(f.integer(*v, "emState", 0, kPcaMaxEmState));
    if (const json* im = SessionFields::optional(payload, "images")) {
        f.object(*im, "images");
        if (const json* v = SessionFields::optional(*im, "set"))
            s.imageSet = f.choice(*v, "images.set", kPcaImageSets);
        if (const json* v = SessionFields::optional(*im, "q"))
            s.imageQ = int(f.integer(*v, "images.q", 1, kPcaMaxImageComponents));
        if (const json* v = SessionFields::optional(*im, "test"))
            s.testImage = int(f.integer(*v, "images.test", 0, 1'000'000));
    }
    if (const json* v = SessionFields::optional(payload, "view3d"))
        s.view3d = readView3d(f, *v);
    return s;
}

json toJson(const PcaSession& s) {
    json j;
    j["data"] = sessionDataToJson(s.data);
    j["q"] = s.q;
    if (s.truth)
        j["truth"] = {{"mean", {s.truth->mean.x(), s.truth->mean.y()}},
                      {"w", {s.truth->w.x(), s.truth->w.y()}},
                      {"sigma2", s.truth->sigma2}};
    j["panel"] = s.panel;
    j["residuals"] = s.residuals;
    j["posterior"] = s.posterior;
    j["sigma2"] = s.sigma2;
    j["autoencoder"] = s.autoencoder;
    j["emState"] = s.emState;
    j["images"] = {{"set", s.imageSet}, {"q", s.imageQ}, {"test", s.testImage}};
    if (s.view3d) {
        if (s.view3d->data.dimension() != 3 && s.view3d->data.size() > 0)
            throw ArgumentError("the session's 3D view holds 3D points");
        j["view3d"] = view3dToJson(*s.view3d);
    }
    return j;
}

} // namespace latentlab
