// The four-step walkthrough: step 2 never raises the decoder loss on its pairs, step 3 never
// lowers log p(x|z) + log p(z) (per image and in total), the same seed gives the same states,
// Back restores the previous state exactly, and step 4 ends in a VAE whose ELBO is compared.
// A few hundred MNIST images keep it fast.
#include "common/error.h"
#include "io/idx.h"
#include "vae/four_step.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace latentlab;

namespace {

std::shared_ptr<const VaeDataset> mnistRows(std::size_t begin, std::size_t end) {
    const std::string dir = LATENTLAB_SHARED_DATA_DIR;
    const IdxImages images = readIdxImages(dir + "/mnist10k-images-idx3-ubyte.gz");
    const auto labels = readIdxLabels(dir + "/mnist10k-labels-idx1-ubyte.gz");
    return std::make_shared<const VaeDataset>(VaeDataset::fromRows(
        images.pixels, int(images.rows * images.cols), labels, begin, end, "mnist10k"));
}

FourStepOptions small() {
    FourStepOptions o;
    o.hidden = {32, 16};
    o.rounds = 2;
    o.decoderPasses = 6;
    o.inferenceIterations = 6;
    o.encoderEpochs = 30;
    o.vaeEpochs = 1;
    o.seed = 3;
    return o;
}

FourStepWalkthrough make(const FourStepOptions& o = small()) {
    return FourStepWalkthrough(mnistRows(0, 300), mnistRows(8000, 8100), o);
}

// Bit for bit. memcmp must not see the null data() of an empty vector (UBSan: nonnull).
bool sameFloats(const float* a, const float* b, std::size_t n) {
    return n == 0 || std::memcmp(a, b, n * sizeof(float)) == 0;
}

bool same(const FourStepParameters& a, const FourStepParameters& b) {
    return a.size() == b.size() && sameFloats(a.data(), b.data(), a.size());
}

bool same(const FourStepState& a, const FourStepState& b) {
    return a.stage == b.stage && a.round == b.round && a.z.rows() == b.z.rows() &&
           a.z.cols() == b.z.cols() &&
           sameFloats(a.z.data(), b.z.data(), std::size_t(a.z.size())) &&
           same(a.decoder, b.decoder) && same(a.vae, b.vae) && a.curve == b.curve &&
           a.decoderLoss == b.decoderLoss && a.inference == b.inference;
}

} // namespace

TEST(FourStep, ScheduleAndLabels) {
    FourStepWalkthrough w = make();
    EXPECT_EQ(w.stepsDone(), 0);
    std::vector<std::string> labels;
    while (w.step())
        labels.push_back(FourStepWalkthrough::label(w.state().stage, w.state().round));
    EXPECT_EQ(labels, (std::vector<std::string>{"1", "2", "3", "2b", "3b", "4"}));
    EXPECT_TRUE(w.atEnd());
    for (std::size_t i = 0; i < labels.size(); ++i)
        EXPECT_EQ(FourStepWalkthrough::stepsFor(labels[i], 2), int(i) + 1) << labels[i];
    for (const char* bad : {"5", "2c", "3a", "", "2bb", "x"})
        EXPECT_EQ(FourStepWalkthrough::stepsFor(bad, 2), -1) << bad;
}

TEST(FourStep, StepOneDrawsCodesFromThePrior) {
    FourStepOptions o = small();
    FourStepWalkthrough w(mnistRows(0, 2000), mnistRows(8000, 8010), o);
    w.step();
    const Eigen::MatrixXf& z = w.state().z;
    ASSERT_EQ(z.cols(), 2000);
    const Eigen::Vector2f mean = z.rowwise().mean();
    const Eigen::Matrix2f cov =
        (z.colwise() - mean) * (z.colwise() - mean).transpose() / float(z.cols());
    // Standard errors about 0.022 for the means and 0.03 for the variances.
    EXPECT_NEAR(mean.x(), 0, 0.1);
    EXPECT_NEAR(mean.y(), 0, 0.1);
    EXPECT_NEAR(cov(0, 0), 1, 0.12);
    EXPECT_NEAR(cov(1, 1), 1, 0.12);
    EXPECT_NEAR(cov(0, 1), 0, 0.1);
}

TEST(FourStep, StepTwoNeverIncreasesTheDecoderLossOnItsPairs) {
    FourStepWalkthrough w = make();
    w.step();
    for (int round = 0; round < 2; ++round) {
        const FourStepState before = w.state();
        w.step(); // step 2
        const FourStepState& s = w.state();
        ASSERT_EQ(s.stage, FourStepStage::FitDecoder);
        ASSERT_EQ(int(s.decoderLoss.size()), small().decoderPasses + 1);
        for (std::size_t k = 1; k < s.decoderLoss.size(); ++k)
            EXPECT_LE(s.decoderLoss[k], s.decoderLoss[k - 1]) << "pass " << k;
        // Measured independently on the pairs: no higher after than before, and lower.
        const double after = w.decoderLoss(s.decoder, s.z);
        EXPECT_EQ(after, s.decoderLoss.back());
        if (!before.decoder.empty()) {
            EXPECT_EQ(w.decoderLoss(before.decoder, before.z), s.decoderLoss.front());
        }
        EXPECT_LT(after, s.decoderLoss.front() - 1.0); // it did learn (nats per image)
        w.step();                                      // step 3
    }
}

TEST(FourStep, NoDecoderBeforeStepTwo) {
    FourStepWalkthrough w = make();
    w.step();
    EXPECT_TRUE(w.state().decoder.empty());
}

TEST(FourStep, StepThreeNeverDecreasesTheObjectivePerImageAndInTotal) {
    FourStepWalkthrough w = make();
    w.step();
    for (int round = 0; round < 2; ++round) {
        w.step(); // step 2
        const FourStepState before = w.state();
        const Eigen::VectorXd J0 = w.objective(before.decoder, before.z);
        w.step(); // step 3
        const FourStepState& s = w.state();
        ASSERT_EQ(s.stage, FourStepStage::InferCodes);
        EXPECT_TRUE(same(s.decoder, before.decoder)); // the decoder is fixed
        const Eigen::VectorXd J1 = w.objective(s.decoder, s.z);
        int moved = 0;
        for (Eigen::Index i = 0; i < J0.size(); ++i) {
            ASSERT_GE(J1[i], J0[i]) << "image " << i;
            moved += s.z.col(i) != before.z.col(i);
        }
        EXPECT_GE(J1.sum(), J0.sum());
        EXPECT_GT(J1.mean(), J0.mean() + 1.0); // and it climbs (nats per image)
        EXPECT_GT(moved, int(J0.size()) / 2);
        for (std::size_t k = 1; k < s.inference.size(); ++k)
            EXPECT_GE(s.inference[k], s.inference[k - 1]);
        EXPECT_DOUBLE_EQ(s.inference.back(), J1.mean());
    }
    // The curve: the mean objective after each of 2, 3, 2b, 3b, rising.
    const FourStepState& s = w.state();
    ASSERT_EQ(s.curve.size(), 4u);
    EXPECT_EQ(s.curveLabels, (std::vector<std::string>{"2", "3", "2b", "3b"}));
    for (std::size_t k = 1; k < s.curve.size(); ++k)
        EXPECT_GE(s.curve[k], s.curve[k - 1]);
}

TEST(FourStep, SameSeedSameStatesAndBackRestoresExactly) {
    FourStepWalkthrough a = make(), b = make();
    std::vector<FourStepState> seen{a.state()};
    while (a.step()) {
        b.step();
        EXPECT_TRUE(same(a.state(), b.state())) << "step " << a.stepsDone();
        seen.push_back(a.state());
    }
    // Back through every state, then forward again: the same states.
    for (int k = int(seen.size()) - 2; k >= 0; --k) {
        ASSERT_TRUE(a.back());
        EXPECT_TRUE(same(a.state(), seen[std::size_t(k)])) << "back to " << k;
    }
    EXPECT_FALSE(a.back());
    a.step();
    a.step();
    EXPECT_TRUE(same(a.state(), seen[2]));
    // Another seed gives other codes.
    FourStepOptions o = small();
    o.seed = 4;
    FourStepWalkthrough c = make(o);
    c.step();
    EXPECT_FALSE(same(c.state(), seen[1]));
    a.reset();
    EXPECT_EQ(a.stepsDone(), 0);
}

TEST(FourStep, StepFourAmortisesAndComparesWithDirectTraining) {
    FourStepWalkthrough w = make();
    while (!w.atEnd())
        w.step();
    const FourStepState s = w.state(); // a copy: back() drops it from the history
    ASSERT_EQ(s.stage, FourStepStage::Encoder);
    ASSERT_EQ(s.vae.size(), Vae(w.architecture(), std::vector<float>(s.vae.begin(), s.vae.end()))
                                .net()
                                .parameterCount());
    EXPECT_TRUE(std::isfinite(s.elboWalkthrough));
    EXPECT_TRUE(std::isfinite(s.elboDirect));
    EXPECT_LT(s.elboWalkthrough, 0);
    // The codes shown are the final encoder's means of the training images.
    const VaeDataset& train = w.train();
    Eigen::MatrixXf x(train.dimension, Eigen::Index(train.count)), mu, logVar;
    Random unused(0);
    for (Eigen::Index i = 0; i < x.cols(); ++i)
        train.target(std::size_t(i), Binarization::None, unused, x.col(i).data());
    Vae(w.architecture(), std::vector<float>(s.vae.begin(), s.vae.end())).encode(x, mu, logVar);
    EXPECT_TRUE(mu.isApprox(s.z));
    // The regression learnt something: its error is well under the codes' own spread.
    ASSERT_TRUE(w.back());
    const double spread = w.state().z.colwise().squaredNorm().mean();
    EXPECT_LT(s.encoderError, 0.8 * spread);
}

TEST(FourStep, RejectsBadOptions) {
    FourStepOptions o = small();
    o.rounds = 0;
    EXPECT_THROW(make(o), ArgumentError);
    o = small();
    o.decoderLearningRate = -1;
    EXPECT_THROW(make(o), ArgumentError);
    EXPECT_THROW(FourStepWalkthrough(nullptr, mnistRows(0, 5), small()), ArgumentError);
}
