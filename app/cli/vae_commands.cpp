// The VAE commands: vae-train, vae-eval, vae-encode, vae-decode (issue 4's CLI contract).
#include "commands.h"

#include "common/error.h"
#include "io/file_io.h"
#include "io/idx.h"
#include "io/json.h"
#include "io/png_writer.h"
#include "vae/vae_evaluation.h"
#include "vae/vae_model_io.h"
#include "vae/vae_trainer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace latentlab::cli {

namespace {

std::string baseName(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string rangeText(std::pair<long long, long long> r) {
    return std::to_string(r.first) + ":" + std::to_string(r.second);
}

/// Images (and labels, when given) as flat 8-bit pixels, checked for matching counts.
struct LoadedImages {
    IdxImages images;
    std::vector<std::uint8_t> labels;
    std::string path;
};

LoadedImages loadImages(const std::string& imagesPath,
                        const std::optional<std::string>& labelsPath) {
    LoadedImages r;
    r.path = imagesPath;
    r.images = readIdxImages(imagesPath);
    if (labelsPath) {
        r.labels = readIdxLabels(*labelsPath);
        checkSameCount(r.images, r.labels, imagesPath, *labelsPath);
    }
    return r;
}

VaeDataset rows(const LoadedImages& li, std::pair<long long, long long> range,
                const std::string& command, const char* option) {
    if (range.second > static_cast<long long>(li.images.count))
        throw UsageError(command + ": --" + option + " " + rangeText(range) + " goes beyond the " +
                         std::to_string(li.images.count) + " images of " + li.path);
    const int dim = int(li.images.rows * li.images.cols);
    return VaeDataset::fromRows(li.images.pixels, dim, li.labels, std::size_t(range.first),
                                std::size_t(range.second),
                                baseName(li.path) + "[" + rangeText(range) + "]");
}

std::vector<int> parseHidden(const std::string& text) {
    std::vector<int> h;
    if (text == "none" || text.empty())
        return h;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string::npos)
            comma = text.size();
        const long long v = parseInteger(text.substr(start, comma - start), "--hidden");
        if (v < 1 || v > 65536)
            throw UsageError("--hidden: layer sizes must be between 1 and 65536");
        h.push_back(int(v));
        if (h.size() > 16)
            throw UsageError("--hidden: at most 16 hidden layers");
        start = comma + 1;
    }
    return h;
}

void checkInput(const Vae& vae, const IdxImages& images, const std::string& path) {
    const long long dim = static_cast<long long>(images.rows) * images.cols;
    if (dim != vae.input())
        throw FileError(path, "images have " + std::to_string(dim) +
                                  " pixels but the model expects " + std::to_string(vae.input()));
}

nlohmann::ordered_json evaluationJson(const VaeEvaluation& e) {
    nlohmann::ordered_json o = nlohmann::ordered_json::object();
    o["n"] = e.n;
    o["elbo"] = e.elbo;
    o["reconstruction"] = e.reconstruction;
    o["kl"] = e.kl;
    if (e.hasLogLikelihood)
        o["log_likelihood_iw"] = e.logLikelihoodIw;
    return o;
}

std::string joinArgs(const char* command, std::span<const std::string> argv) {
    std::string s = std::string("latentlab-cli ") + command;
    for (const auto& a : argv)
        s += " " + a;
    return s;
}

// ------------------------------------------------------------------------------------------

int runVaeTrain(std::span<const std::string> argv) {
    const Args args("vae-train", argv,
                    {"images", "labels", "train", "test", "test-images", "test-labels", "epochs",
                     "batch", "hidden", "latent", "lr", "beta", "binarize", "seed", "threads",
                     "out"});
    const std::string out = args.required("out");
    const LoadedImages data = loadImages(args.required("images"), args.optional("labels"));
    const auto trainRange = args.range("train", {0, std::min<long long>(8000, data.images.count)});
    VaeArchitecture arch;
    arch.input = int(data.images.rows * data.images.cols);
    arch.hidden = parseHidden(args.value("hidden", "512,256"));
    arch.latent = int(args.integer("latent", 2, 1, 65536));

    VaeTrainingOptions o;
    o.epochs = int(args.integer("epochs", 50, 1, 100000));
    o.batchSize = int(args.integer("batch", 128, 1, 65536));
    o.learningRate = args.number("lr", 1e-3, 1e-9, 10);
    o.beta = args.number("beta", 1.0, 0, 1000);
    o.binarization = parseBinarization(args.value("binarize", "dynamic"));
    o.seed = args.unsignedInteger("seed", 1);
    o.threads = int(args.integer("threads", 1, 1, 256));

    auto train = std::make_shared<const VaeDataset>(rows(data, trainRange, "vae-train", "train"));
    std::shared_ptr<const VaeDataset> test;
    if (const auto testImages = args.optional("test-images")) {
        const LoadedImages t = loadImages(*testImages, args.optional("test-labels"));
        if (t.images.rows * t.images.cols != data.images.rows * data.images.cols)
            throw FileError(*testImages, "test images are not the size of the training images");
        test = std::make_shared<const VaeDataset>(
            rows(t, args.range("test", {0, t.images.count}), "vae-train", "test"));
    } else {
        const long long n = data.images.count;
        const auto testRange =
            args.range("test", {std::min<long long>(8000, n - 1), std::min<long long>(10000, n)});
        test = std::make_shared<const VaeDataset>(rows(data, testRange, "vae-train", "test"));
    }

    VaeTrainer trainer(arch, o, train, test);
    trainer.setEpochCallback([](const VaeEpochProgress& p) {
        nlohmann::ordered_json j = nlohmann::ordered_json::object();
        j["epoch"] = p.epoch;
        j["seconds"] = std::round(p.seconds * 1e4) / 1e4;
        j["samples_per_second"] = std::round(p.samplesPerSecond * 10) / 10;
        j["train_elbo"] = p.trainElbo;
        j["test_elbo"] = p.test.elbo;
        j["test_kl"] = p.test.kl;
        std::printf("%s\n", writeJson(j).c_str());
        std::fflush(stdout);
    });
    trainer.start();
    trainer.wait();
    const VaeEpochProgress& last = trainer.lastEpoch();

    VaeTrainingRecord r;
    r.dataset = train->name;
    r.datasetChecksum = train->checksum();
    r.trainImages = train->count;
    r.seed = o.seed;
    r.epochs = o.epochs;
    r.batchSize = o.batchSize;
    r.learningRate = o.learningRate;
    r.beta = o.beta;
    r.binarization = o.binarization;
    r.threads = o.threads;
    r.testDataset = test->name;
    r.testElbo = last.test.elbo;
    r.testKl = last.test.kl;
    r.command = joinArgs("vae-train", argv);
    saveVaeModel(out, *trainer.snapshot(), r);
    return 0;
}

int runVaeEval(std::span<const std::string> argv) {
    const Args args(
        "vae-eval", argv,
        {"model", "images", "labels", "range", "binarize", "iw-samples", "seed", "threads"});
    const VaeModel model = loadVaeModel(args.required("model"));
    const LoadedImages data = loadImages(args.required("images"), args.optional("labels"));
    checkInput(*model.vae, data.images, data.path);
    const auto range = args.range("range", {0, data.images.count});
    VaeEvaluationOptions o;
    o.binarization = parseBinarization(args.value("binarize", "dynamic"));
    o.importanceSamples = int(args.integer("iw-samples", 0, 0, 100000));
    o.seed = args.unsignedInteger("seed", 1);
    o.threads = int(args.integer("threads", 1, 1, 256));
    if (range.first == 0 && range.second == 0)
        throw UsageError("vae-eval: empty --range");
    const VaeEvaluation e = evaluateVae(*model.vae, rows(data, range, "vae-eval", "range"), o);
    std::printf("%s\n", writeJson(evaluationJson(e)).c_str());
    return 0;
}

int runVaeEncode(std::span<const std::string> argv) {
    const Args args("vae-encode", argv, {"model", "images", "labels", "range", "out"});
    const VaeModel model = loadVaeModel(args.required("model"));
    const std::string out = args.required("out");
    const LoadedImages data = loadImages(args.required("images"), args.optional("labels"));
    checkInput(*model.vae, data.images, data.path);
    const VaeDataset d =
        rows(data, args.range("range", {0, data.images.count}), "vae-encode", "range");
    const int D = d.dimension, L = model.vae->latent();
    Eigen::MatrixXf x(D, Eigen::Index(d.count)), mu, logVar;
    Random unused(0);
    for (std::size_t i = 0; i < d.count; ++i)
        d.target(i, Binarization::None, unused, x.col(Eigen::Index(i)).data());
    model.vae->encode(x, mu, logVar);

    std::string csv;
    for (int l = 1; l <= L; ++l)
        csv += "mu" + std::to_string(l) + ",";
    for (int l = 1; l <= L; ++l)
        csv += "logvar" + std::to_string(l) + ",";
    csv += "label\n";
    char buf[32];
    for (std::size_t i = 0; i < d.count; ++i) {
        for (int l = 0; l < L; ++l) {
            std::snprintf(buf, sizeof buf, "%.9g,", double(mu(l, Eigen::Index(i))));
            csv += buf;
        }
        for (int l = 0; l < L; ++l) {
            std::snprintf(buf, sizeof buf, "%.9g,", double(logVar(l, Eigen::Index(i))));
            csv += buf;
        }
        if (!d.labels.empty())
            csv += std::to_string(d.labels[i]);
        csv += "\n";
    }
    writeFileAtomically(out, csv);
    return 0;
}

int runVaeDecode(std::span<const std::string> argv) {
    const Args args("vae-decode", argv, {"model", "z", "grid", "extent", "out", "side"});
    const VaeModel model = loadVaeModel(args.required("model"));
    const std::string out = args.required("out");
    const Vae& vae = *model.vae;
    const int L = vae.latent();
    // Images are square when the pixel count is (784 = 28 x 28), else one row.
    const int side = int(std::lround(std::sqrt(double(vae.input()))));
    const bool square = side * side == vae.input();
    const int w = square ? side : vae.input(), h = square ? side : 1;

    Eigen::MatrixXf z;
    int gridN = 0;
    if (args.has("z") == args.has("grid"))
        throw UsageError("vae-decode: give exactly one of --z X,Y,... and --grid N");
    if (args.has("z")) {
        const std::string text = args.required("z");
        std::vector<double> v;
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t comma = text.find(',', start);
            if (comma == std::string::npos)
                comma = text.size();
            v.push_back(parseNumber(text.substr(start, comma - start), "vae-decode: --z"));
            start = comma + 1;
        }
        if (int(v.size()) != L)
            throw UsageError("vae-decode: --z needs " + std::to_string(L) +
                             " comma-separated numbers for this model's latent space");
        // The prior is N(0, I): anything beyond 1e6 is a typo, and beyond float range it
        // would decode to NaN.
        for (double c : v)
            if (std::abs(c) > 1e6)
                throw UsageError("vae-decode: --z coordinates must lie in [-1e6, 1e6]");
        z = Eigen::Map<Eigen::VectorXd>(v.data(), L).cast<float>();
    } else {
        if (L != 2)
            throw UsageError("vae-decode: --grid needs a model with a 2-dimensional latent space");
        gridN = int(args.integer("grid", 10, 1, 200));
        const double extent = args.number("extent", 3.0, 1e-6, 1e6);
        // Row r (top to bottom) has z2 from +extent down to -extent, column c has z1 from
        // -extent to +extent: the picture reads like a plot of the latent plane.
        z.resize(2, gridN * gridN);
        for (int r = 0; r < gridN; ++r)
            for (int c = 0; c < gridN; ++c) {
                const double t1 = gridN == 1 ? 0.5 : double(c) / (gridN - 1);
                const double t2 = gridN == 1 ? 0.5 : double(r) / (gridN - 1);
                z(0, r * gridN + c) = float(-extent + 2 * extent * t1);
                z(1, r * gridN + c) = float(extent - 2 * extent * t2);
            }
    }
    const Eigen::MatrixXf p = vae.decode(z);
    const int tiles = gridN > 0 ? gridN : 1;
    const int W = w * tiles, H = h * tiles;
    std::vector<std::uint8_t> pixels(std::size_t(W) * std::size_t(H));
    for (int k = 0; k < int(p.cols()); ++k) {
        const int tr = k / tiles, tc = k % tiles;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                pixels[std::size_t(tr * h + y) * std::size_t(W) + std::size_t(tc * w + x)] =
                    std::uint8_t(
                        std::lround(255.0 * std::clamp(double(p(y * w + x, k)), 0.0, 1.0)));
    }
    writeGrayPng(out, W, H, pixels);
    return 0;
}

constexpr Command kCommands[] = {
    {"vae-train", "train a VAE on IDX images, one JSON line per epoch",
     "usage: latentlab-cli vae-train --images F [--labels F] [--train A:B] [--test C:D]\n"
     "           [--test-images F [--test-labels F]] [--epochs 50] [--batch 128]\n"
     "           [--hidden 512,256] [--latent 2] [--lr 1e-3] [--beta 1]\n"
     "           [--binarize dynamic|none] [--seed 1] [--threads 1] --out MODEL\n"
     "Ranges are half-open image rows (defaults: train 0:8000, test 8000:10000, the MNIST-10k\n"
     "split). --test-images takes the test set from another file (--test then defaults to all\n"
     "of it). Prints one JSON object per epoch: epoch, seconds, samples_per_second,\n"
     "train_elbo, test_elbo, test_kl (ELBO in nats per image, higher is better).\n",
     runVaeTrain},
    {"vae-eval", "test ELBO (and importance-weighted log-likelihood) of a VAE",
     "usage: latentlab-cli vae-eval --model MODEL --images F [--labels F] [--range C:D]\n"
     "           [--binarize dynamic|none] [--iw-samples K] [--seed 1] [--threads 1]\n"
     "Prints one JSON object: n, elbo, reconstruction, kl, and log_likelihood_iw when K > 0\n"
     "(nats per image). With dynamic binarisation the images are binarised once from the seed.\n",
     runVaeEval},
    {"vae-encode", "write mu and log sigma^2 of q(z|x) per image as CSV",
     "usage: latentlab-cli vae-encode --model MODEL --images F [--labels F] [--range C:D]\n"
     "           --out OUT.csv\n"
     "Writes rows mu1,mu2,...,logvar1,logvar2,...,label (label empty without --labels).\n",
     runVaeEncode},
    {"vae-decode", "decode latent points into a PNG",
     "usage: latentlab-cli vae-decode --model MODEL (--z X,Y | --grid N [--extent 3])\n"
     "           --out OUT.png\n"
     "--z decodes one point; --grid decodes an N x N grid over [-extent, extent]^2 (z1 left to\n"
     "right, z2 bottom to top) into one image of Bernoulli means.\n",
     runVaeDecode},
};

} // namespace

std::span<const Command> vaeCommands() {
    return kCommands;
}

} // namespace latentlab::cli
