// The VAE commands: vae-train, vae-eval, vae-encode, vae-decode (issue 4's CLI contract).
#include "commands.h"
#include "options.h"

#include "common/error.h"
#include "io/file_io.h"
#include "io/idx.h"
#include "io/json.h"
#include "io/png_writer.h"
#include "io/resource_paths.h"
#include "vae/vae_evaluation.h"
#include "vae/vae_model_io.h"
#include "vae/vae_trainer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

namespace latentlab::cli {

namespace {

std::string baseName(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
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

VaeDataset rows(const LoadedImages& li, RowRange range, const std::string& command,
                const char* option) {
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
        const long long v = parseInteger(text.substr(start, comma - start), "vae-train: --hidden");
        if (v < 1 || v > 65536)
            throw UsageError("vae-train: --hidden: layer sizes must be between 1 and 65536");
        h.push_back(int(v));
        if (h.size() > 16)
            throw UsageError("vae-train: --hidden: at most 16 hidden layers");
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

std::string sizesText(const std::vector<int>& sizes) {
    std::string s;
    for (int v : sizes)
        s += (s.empty() ? "" : ",") + std::to_string(v);
    return s.empty() ? "none" : s;
}

// ---- The options the commands share -------------------------------------------------------

/// An IDX image file and, optionally, its labels.
struct ImageFiles {
    std::optional<std::string> images, labels;
};

/// --images F (required) and --labels F.
void addImageFiles(CLI::App& command, ImageFiles& files) {
    addText(command, "--images", files.images, "F", "IDX images (raw or gzip)")->required();
    addText(command, "--labels", files.labels, "F", "IDX labels of those images (optional)");
}

/// --model MODEL: a model file, or the short name of a model LatentLab ships ("mnist",
/// "fashion"), found where LatentLab is installed (io/resource_paths.h) unless a file of that
/// name is in the working folder.
VaeModel loadModelArgument(const std::string& model) {
    const std::string shipped = shippedModelFile(model);
    if (shipped.empty() || std::filesystem::exists(model))
        return loadVaeModel(model);
    return loadVaeModel(findResource(shipped).string());
}
constexpr const char* kModelHelp = "a model file written by vae-train, or a shipped model "
                                   "(mnist, fashion)";

/// --model MODEL, --images F, --labels F and --range A:B: the input of a trained model.
struct ModelAndImages {
    std::string model;
    ImageFiles files;
    std::optional<RowRange> range;
};

void addModelAndImages(CLI::App& command, ModelAndImages& m) {
    addText(command, "--model", m.model, "MODEL", kModelHelp)->required();
    addImageFiles(command, m.files);
    addRange(command, "--range", m.range, "image rows (default all)");
}

/// --binarize, --seed and --threads of the trainer's and the evaluation's options.
template <class Options> void addSamplingOptions(CLI::App& command, Options& o) {
    addChoice(command, "--binarize", o.binarization, {Binarization::Dynamic, Binarization::None},
              "dynamic: each pixel a fresh Bernoulli draw; none: grey levels");
    addSeed(command, "--seed", o.seed, "seed of every random draw");
    addInteger(command, "--threads", o.threads, 1, 256, "N",
               "worker threads (the numbers do not depend on them)");
}

// ---- vae-train ------------------------------------------------------------------------------

struct TrainSettings {
    ImageFiles data, testData;
    std::optional<RowRange> train, test;
    VaeArchitecture arch;
    VaeTrainingOptions o;
    std::string out;
    TrainSettings() { o.epochs = 50; }
};

void runVaeTrain(const TrainSettings& s, const std::string& command) {
    const std::string& out = s.out;
    const LoadedImages data = loadImages(*s.data.images, s.data.labels);
    const auto trainRange =
        s.train.value_or(RowRange{0, std::min<long long>(8000, data.images.count)});
    VaeArchitecture arch = s.arch;
    arch.input = int(data.images.rows * data.images.cols);
    const VaeTrainingOptions& o = s.o;

    auto train = std::make_shared<const VaeDataset>(rows(data, trainRange, "vae-train", "train"));
    std::shared_ptr<const VaeDataset> test;
    if (const auto& testImages = s.testData.images) {
        const LoadedImages t = loadImages(*testImages, s.testData.labels);
        if (t.images.rows * t.images.cols != data.images.rows * data.images.cols)
            throw FileError(*testImages, "test images are not the size of the training images");
        test = std::make_shared<const VaeDataset>(
            rows(t, s.test.value_or(RowRange{0, t.images.count}), "vae-train", "test"));
    } else {
        const long long n = data.images.count;
        const auto testRange = s.test.value_or(
            RowRange{std::min<long long>(8000, n - 1), std::min<long long>(10000, n)});
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
    r.beta = o.klWeight();
    r.binarization = o.binarization;
    r.threads = o.threads;
    r.testDataset = test->name;
    r.testElbo = last.test.elbo;
    r.testKl = last.test.kl;
    r.command = command;
    saveVaeModel(out, *trainer.snapshot(), r);
}

// ---- vae-eval and vae-encode ----------------------------------------------------------------

/// The model, its input images and the rows asked for (all by default).
struct ModelInput {
    VaeModel model;
    LoadedImages data;
    RowRange range;
};

ModelInput loadModelInput(const ModelAndImages& m) {
    ModelInput in{loadModelArgument(m.model), loadImages(*m.files.images, m.files.labels), {}};
    checkInput(*in.model.vae, in.data.images, in.data.path);
    in.range = m.range.value_or(RowRange{0, in.data.images.count});
    return in;
}

struct EvalSettings {
    ModelAndImages input;
    VaeEvaluationOptions o;
};

void runVaeEval(const EvalSettings& s) {
    const ModelInput in = loadModelInput(s.input);
    const auto& [model, data, range] = in;
    const VaeEvaluationOptions& o = s.o;
    if (range.first == 0 && range.second == 0)
        throw UsageError("vae-eval: empty --range");
    const VaeEvaluation e = evaluateVae(*model.vae, rows(data, range, "vae-eval", "range"), o);
    std::printf("%s\n", writeJson(evaluationJson(e)).c_str());
}

struct EncodeSettings {
    ModelAndImages input;
    std::string out;
};

void runVaeEncode(const EncodeSettings& s) {
    const ModelInput in = loadModelInput(s.input);
    const auto& [model, data, range] = in;
    const std::string& out = s.out;
    const VaeDataset d = rows(data, range, "vae-encode", "range");
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
}

// ---- vae-decode -------------------------------------------------------------------------------

struct DecodeSettings {
    std::string model, out;
    std::optional<std::string> z;
    std::optional<int> grid;
    double extent = 3.0;
};

void runVaeDecode(const DecodeSettings& s) {
    const VaeModel model = loadModelArgument(s.model);
    const std::string& out = s.out;
    const Vae& vae = *model.vae;
    const int L = vae.latent();
    // Images are square when the pixel count is (784 = 28 x 28), else one row.
    const int side = int(std::lround(std::sqrt(double(vae.input()))));
    const bool square = side * side == vae.input();
    const int w = square ? side : vae.input(), h = square ? side : 1;

    Eigen::MatrixXf z;
    int gridN = 0;
    if (s.z.has_value() == s.grid.has_value())
        throw UsageError("vae-decode: give exactly one of --z X,Y,... and --grid N");
    if (s.z) {
        const std::string& text = *s.z;
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
        gridN = *s.grid;
        const double extent = s.extent;
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
}

} // namespace

void addVaeCommands(CLI::App& app) {
    auto train = std::make_shared<TrainSettings>();
    CLI::App& t =
        *app.add_subcommand("vae-train", "train a VAE on IDX images, one JSON line per epoch");
    addImageFiles(t, train->data);
    addRange(t, "--train", train->train, "training image rows (default 0:8000, at most all)");
    addRange(t, "--test", train->test,
             "test image rows (default 8000:10000 of --images,\nor all of --test-images)");
    addText(t, "--test-images", train->testData.images, "F", "test images from another IDX file");
    addText(t, "--test-labels", train->testData.labels, "F", "IDX labels of those test images");
    addInteger(t, "--epochs", train->o.epochs, 1, 100000, "N", "passes over the training images");
    addInteger(t, "--batch", train->o.batchSize, 1, 65536, "N", "images per gradient step");
    addOption(
        t, "--hidden",
        [&arch = train->arch](const std::string& text) { arch.hidden = parseHidden(text); },
        "N,N,...|none", sizesText(train->arch.hidden),
        "hidden layer sizes of the encoder; the decoder mirrors them");
    addInteger(t, "--latent", train->arch.latent, 1, 65536, "L", "dimensions of the latent space");
    addNumber(t, "--lr", train->o.learningRate, 1e-9, 10, "R", "Adam's learning rate");
    addNumber(t, "--beta", train->o.beta, 0, 1000, "B", "weight of the KL term (1: the ELBO)");
    addFlag(t, "--autoencoder", train->o.autoencoder,
            "a plain autoencoder: z = mu (no noise) and no KL term (--beta is ignored)");
    addSamplingOptions(t, train->o);
    addText(t, "--out", train->out, "MODEL", "the model file to write")->required();
    t.footer("Ranges are half-open image rows (the defaults are the MNIST-10k split).\n"
             "Prints one JSON object per epoch: epoch, seconds, samples_per_second,\n"
             "train_elbo, test_elbo, test_kl (ELBO in nats per image, higher is better).");
    t.callback([train, &t] { runVaeTrain(*train, commandLine(t)); });

    auto eval = std::make_shared<EvalSettings>();
    CLI::App& e = *app.add_subcommand(
        "vae-eval", "test ELBO (and importance-weighted log-likelihood) of a VAE");
    addModelAndImages(e, eval->input);
    addSamplingOptions(e, eval->o);
    addInteger(e, "--iw-samples", eval->o.importanceSamples, 0, 100000, "K",
               "samples of the importance-weighted estimate (0: none)");
    e.footer("Prints one JSON object: n, elbo, reconstruction, kl, and log_likelihood_iw when\n"
             "K > 0 (nats per image). With dynamic binarisation the images are binarised once\n"
             "from the seed.");
    e.callback([eval] { runVaeEval(*eval); });

    auto encode = std::make_shared<EncodeSettings>();
    CLI::App& c =
        *app.add_subcommand("vae-encode", "write mu and log sigma^2 of q(z|x) per image as CSV");
    addModelAndImages(c, encode->input);
    addText(c, "--out", encode->out, "OUT.csv", "the CSV file to write")->required();
    c.footer("Writes rows mu1,mu2,...,logvar1,logvar2,...,label (label empty without --labels).");
    c.callback([encode] { runVaeEncode(*encode); });

    auto decode = std::make_shared<DecodeSettings>();
    CLI::App& d = *app.add_subcommand("vae-decode", "decode latent points into a PNG");
    addText(d, "--model", decode->model, "MODEL", kModelHelp)->required();
    addText(d, "--z", decode->z, "X,Y", "one latent point, a number per latent dimension");
    addInteger(d, "--grid", decode->grid, 1, 200, "N",
               "an N x N grid over [-extent, extent]^2 (2-D latent spaces)");
    addNumber(d, "--extent", decode->extent, 1e-6, 1e6, "E", "half the side of the grid");
    addText(d, "--out", decode->out, "OUT.png", "the PNG file to write")->required();
    d.footer("Give --z or --grid. The grid has z1 left to right and z2 bottom to top, in one\n"
             "image of Bernoulli means.");
    d.callback([decode] { runVaeDecode(*decode); });
}

} // namespace latentlab::cli
