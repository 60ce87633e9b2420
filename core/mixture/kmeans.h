#pragma once
// k-means++ seeding (Arthur and Vassilvitskii, 2007): the first centre is a uniformly chosen
// observation, every further centre an observation drawn with probability proportional to
// D(o_i)^2, its squared distance to the nearest centre chosen so far. Seeded through
// latentlab::Random, so the same seed gives the same centres on every machine.

#include "common/random.h"

#include <Eigen/Core>
#include <vector>

namespace latentlab {

/// K centres (d x K) chosen among the columns of `data` (d x N, N >= 1) by k-means++.
/// When every remaining observation coincides with a chosen centre (D^2 all zero), the next
/// centre is drawn uniformly.
Eigen::MatrixXd kmeansPlusPlusCentres(const Eigen::MatrixXd& data, int k, Random& rng);

/// Index of the nearest centre (squared Euclidean distance) for every column of `data`;
/// ties go to the lowest index.
std::vector<int> nearestCentres(const Eigen::MatrixXd& data, const Eigen::MatrixXd& centres);

} // namespace latentlab
