#include "linear/pca_session.h"

#include "common/error.h"
#include "mixture/mixture_session.h"

namespace latentlab {

namespace {

using nlohmann::json;

Eigen::Vector2d readPair(const SessionFields& f, const json& v, const std::string& where) {
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
        truth.mean = readPair(f, f.required(*t, "mean", "truth"), "truth.mean");
        truth.w = readPair(f, f.required(*t, "w", "truth"), "truth.w");
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
    return j;
}

} // namespace latentlab
