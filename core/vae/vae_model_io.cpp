#include "vae/vae_model_io.h"

#include "common/error.h"
#include "io/model_file.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace latentlab {

namespace {

std::string recordDouble(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::string recordHex32(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08x", v);
    return buf;
}

struct MetaReader {
    const ModelFile& file;
    const std::string& path;

    const std::string& text(const std::string& key) const {
        const std::string* v = file.meta(key);
        if (!v)
            throw FileError(path, "VAE model has no '" + key + "' entry");
        return *v;
    }
    std::string textOr(const std::string& key) const {
        const std::string* v = file.meta(key);
        return v ? *v : std::string();
    }
    long long integer(const std::string& key, long long lo, long long hi) const {
        const std::string& t = text(key);
        errno = 0;
        char* end = nullptr;
        const long long v = std::strtoll(t.c_str(), &end, 10);
        if (t.empty() || end != t.c_str() + t.size() || errno == ERANGE || v < lo || v > hi)
            throw FileError(path, "VAE model entry '" + key + "' = '" + t +
                                      "' is not an integer in [" + std::to_string(lo) + ", " +
                                      std::to_string(hi) + "]");
        return v;
    }
    double number(const std::string& key) const {
        const std::string& t = text(key);
        char* end = nullptr;
        const double v = std::strtod(t.c_str(), &end);
        if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(v))
            throw FileError(path, "VAE model entry '" + key + "' = '" + t + "' is not a number");
        return v;
    }
};

std::string tensorName(const char* part, int l, const char* what) {
    return std::string(part) + "." + std::to_string(l) + "." + what;
}

} // namespace

ModelFile toModelFile(const Vae& vae, const VaeTrainingRecord& r) {
    const VaeArchitecture& a = vae.architecture();
    ModelFile f;
    f.kind = "vae";
    std::string hidden;
    for (int h : a.hidden)
        hidden += (hidden.empty() ? "" : ",") + std::to_string(h);
    f.metadata = {
        {"architecture", a.describe()},
        {"input", std::to_string(a.input)},
        {"hidden", hidden},
        {"latent", std::to_string(a.latent)},
        {"likelihood", "bernoulli"},
        {"dataset", r.dataset},
        {"dataset_crc32", recordHex32(r.datasetChecksum)},
        {"train_images", std::to_string(r.trainImages)},
        {"seed", std::to_string(r.seed)},
        {"epochs", std::to_string(r.epochs)},
        {"batch", std::to_string(r.batchSize)},
        {"learning_rate", recordDouble(r.learningRate)},
        {"beta", recordDouble(r.beta)},
        {"binarize", toString(r.binarization)},
        {"threads", std::to_string(r.threads)},
        {"test_dataset", r.testDataset},
        {"test_elbo", recordDouble(r.testElbo)},
        {"test_kl", recordDouble(r.testKl)},
        {"command", r.command},
    };
    const float* p = vae.parameters().data();
    auto add = [&](const char* part, const Mlp& mlp, const float* base) {
        for (int l = 1; l <= mlp.layers(); ++l) {
            const int out = mlp.sizes()[std::size_t(l)], in = mlp.sizes()[std::size_t(l) - 1];
            const float* w = base + mlp.weightOffset(l);
            const float* b = base + mlp.biasOffset(l);
            f.tensors.push_back({tensorName(part, l, "weight"), out, in,
                                 std::vector<float>(w, w + std::size_t(out) * std::size_t(in))});
            f.tensors.push_back(
                {tensorName(part, l, "bias"), out, 1, std::vector<float>(b, b + out)});
        }
    };
    add("encoder", vae.net().encoder(), p);
    add("decoder", vae.net().decoder(), p + vae.net().decoderOffset());
    return f;
}

VaeModel vaeFromModelFile(const ModelFile& f, const std::string& path) {
    if (f.kind != "vae")
        throw FileError(path, "this is a '" + f.kind + "' model, not a VAE");
    const MetaReader m{f, path};
    VaeArchitecture a;
    a.input = int(m.integer("input", 1, 65536));
    a.latent = int(m.integer("latent", 1, 65536));
    a.hidden.clear();
    const std::string& hidden = m.text("hidden");
    std::size_t start = 0;
    while (start < hidden.size()) {
        std::size_t comma = hidden.find(',', start);
        if (comma == std::string::npos)
            comma = hidden.size();
        const std::string item = hidden.substr(start, comma - start);
        char* end = nullptr;
        const long v = std::strtol(item.c_str(), &end, 10);
        if (item.empty() || end != item.c_str() + item.size() || v < 1 || v > 65536 ||
            a.hidden.size() >= 64)
            throw FileError(path, "VAE model entry 'hidden' = '" + hidden +
                                      "' is not a list of layer sizes");
        a.hidden.push_back(int(v));
        start = comma + 1;
    }
    const std::string* likelihood = f.meta("likelihood");
    if (likelihood && *likelihood != "bernoulli")
        throw FileError(path, "VAE likelihood '" + *likelihood + "' is not supported");

    // The declared network is only a claim: its size is checked (ArgumentError named as
    // this file's), then every tensor it needs must be in the file with the right shape
    // before the parameter buffer is allocated, so a tiny file declaring a huge network
    // costs nothing.
    std::optional<VaeNet> checked;
    try {
        checked.emplace(a);
    } catch (const ArgumentError& e) {
        throw FileError(path, e.what());
    }
    const VaeNet& net = *checked;
    struct Slot {
        const ModelTensor* tensor;
        std::size_t offset;
    };
    std::vector<Slot> slots;
    auto find = [&](const char* part, const Mlp& mlp, std::size_t base) {
        for (int l = 1; l <= mlp.layers(); ++l) {
            const int out = mlp.sizes()[std::size_t(l)], in = mlp.sizes()[std::size_t(l) - 1];
            for (const char* what : {"weight", "bias"}) {
                const std::string name = tensorName(part, l, what);
                const bool isWeight = what[0] == 'w';
                const int cols = isWeight ? in : 1;
                const ModelTensor* t = f.tensor(name);
                if (!t)
                    throw FileError(path, "tensor '" + name +
                                              "' is missing for the declared architecture " +
                                              a.describe());
                if (t->rows != out || t->cols != cols ||
                    t->values.size() != std::size_t(out) * std::size_t(cols))
                    throw FileError(path, "tensor '" + name + "' is " + std::to_string(t->rows) +
                                              " x " + std::to_string(t->cols) +
                                              " but the declared architecture " + a.describe() +
                                              " needs " + std::to_string(out) + " x " +
                                              std::to_string(cols));
                slots.push_back(
                    {t, base + (isWeight ? mlp.weightOffset(l) : mlp.biasOffset(l))});
            }
        }
    };
    find("encoder", net.encoder(), 0);
    find("decoder", net.decoder(), net.decoderOffset());
    if (f.tensors.size() != slots.size())
        throw FileError(path, "the file holds " + std::to_string(f.tensors.size()) +
                                  " tensors but the declared architecture " + a.describe() +
                                  " has " + std::to_string(slots.size()));
    std::vector<float> params(net.parameterCount());
    for (const Slot& slot : slots)
        std::copy(slot.tensor->values.begin(), slot.tensor->values.end(),
                  params.begin() + std::ptrdiff_t(slot.offset));
    for (float v : params)
        if (!std::isfinite(v))
            throw FileError(path, "VAE weights contain NaN or infinity");

    VaeModel model;
    model.vae = std::make_shared<const Vae>(a, std::move(params));
    VaeTrainingRecord& r = model.record;
    r.dataset = m.textOr("dataset");
    r.datasetChecksum = std::uint32_t(std::strtoul(m.textOr("dataset_crc32").c_str(), nullptr, 16));
    if (f.meta("train_images"))
        r.trainImages = std::uint64_t(m.integer("train_images", 0, 1LL << 40));
    if (f.meta("seed"))
        r.seed = std::strtoull(m.text("seed").c_str(), nullptr, 10);
    if (f.meta("epochs"))
        r.epochs = int(m.integer("epochs", 0, 1000000));
    if (f.meta("batch"))
        r.batchSize = int(m.integer("batch", 0, 1 << 20));
    if (f.meta("learning_rate"))
        r.learningRate = m.number("learning_rate");
    if (f.meta("beta"))
        r.beta = m.number("beta");
    if (f.meta("binarize")) {
        try {
            r.binarization = parseBinarization(m.text("binarize"));
        } catch (const ArgumentError& e) {
            throw FileError(path, e.what());
        }
    }
    if (f.meta("threads"))
        r.threads = int(m.integer("threads", 0, 1 << 16));
    r.testDataset = m.textOr("test_dataset");
    if (f.meta("test_elbo"))
        r.testElbo = m.number("test_elbo");
    if (f.meta("test_kl"))
        r.testKl = m.number("test_kl");
    r.command = m.textOr("command");
    return model;
}

void saveVaeModel(const std::string& path, const Vae& vae, const VaeTrainingRecord& record) {
    writeModelFile(path, toModelFile(vae, record));
}

VaeModel loadVaeModel(const std::string& path) {
    return vaeFromModelFile(readModelFile(path), path);
}

} // namespace latentlab
