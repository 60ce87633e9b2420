#pragma once
// The scikit-learn fixtures of tests/reference/make_pca_fixtures.py (tests/fixtures/pca/) and
// the data they were made from, for the PCA, PPCA and EM tests.

#include "common/error.h"
#include "data/image_matrix.h"
#include "io/csv.h"
#include "io/idx.h"
#include "named_vectors.h"

#include <Eigen/Core>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace latentlab::test {

struct PcaFixture {
    std::map<std::string, std::vector<double>> v;
    Eigen::MatrixXd data; ///< d x N
    int n = 0, d = 0, q = 0;

    const std::vector<double>& at(const std::string& key) const {
        static const std::vector<double> none;
        const auto it = v.find(key);
        return it == v.end() ? none : it->second;
    }
    Eigen::VectorXd vec(const std::string& key) const {
        const auto& x = at(key);
        return Eigen::Map<const Eigen::VectorXd>(x.data(), Eigen::Index(x.size()));
    }
    /// A row-major rows x cols block of the fixture as a matrix (rows x cols).
    Eigen::MatrixXd rowMajor(const std::string& key, Eigen::Index rows, Eigen::Index cols) const {
        const auto& x = at(key);
        if (Eigen::Index(x.size()) != rows * cols)
            return {};
        using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
        return Eigen::Map<const RowMajor>(x.data(), rows, cols);
    }
};

/// name: "faithful", "plane3d" or "mnist2000". An unreadable fixture has n == 0.
inline PcaFixture loadPcaFixture(const std::string& name) {
    PcaFixture f;
    f.v = readNamedVectors(std::string(LATENTLAB_FIXTURE_DIR) + "/pca/" + name + ".txt");
    if (f.at("n").empty())
        return f;
    f.n = int(f.at("n")[0]);
    f.d = int(f.at("d")[0]);
    f.q = int(f.at("q")[0]);
    if (name == "faithful") {
        f.data = readCsv(std::string(LATENTLAB_SHARED_DATA_DIR) + "/faithful.csv").points;
    } else if (name == "mnist2000") {
        const IdxImages im = readIdxImages(std::string(LATENTLAB_SHARED_DATA_DIR) +
                                           "/mnist10k-images-idx3-ubyte.gz");
        f.data = imageColumns(im, 0, std::uint32_t(f.n));
    } else {
        f.data = f.rowMajor("data", f.n, f.d).transpose();
    }
    return f;
}

/// max_i |a_i - e_i| / max(|e_i|, floor): relative error, absolute below `floor`.
inline double relativeError(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& expected,
                            double floor = 0.0) {
    if (actual.rows() != expected.rows() || actual.cols() != expected.cols())
        return INFINITY;
    double worst = 0.0;
    for (Eigen::Index j = 0; j < actual.cols(); ++j)
        for (Eigen::Index i = 0; i < actual.rows(); ++i) {
            const double e =
                std::abs(actual(i, j) - expected(i, j)) / std::max(std::abs(expected(i, j)), floor);
            if (std::isnan(e))
                return INFINITY;
            worst = std::max(worst, e);
        }
    return worst;
}

/// The message of the ArgumentError that f throws, or "no error".
inline std::string argumentErrorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const ArgumentError& e) {
        return e.what();
    }
    return "no error";
}

} // namespace latentlab::test
