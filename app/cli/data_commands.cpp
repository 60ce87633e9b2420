// The table of latentlab-cli's data and EM commands.
#include "commands.h"

#include <array>

namespace latentlab::cli {

namespace {
constexpr std::string_view kIdxSubsetUsage =
    R"(usage: latentlab-cli idx-subset --images F --labels F --range A:B
           --out-images F --out-labels F [--raw]

Copies images A..B-1 (a half-open row range) of an IDX image file and the matching labels
into new IDX files, gzip-compressed unless --raw is given. Inputs may be raw or gzip.
Outputs are written atomically (temporary file, then rename).
)";

constexpr std::string_view kEmUsage =
    R"(usage: latentlab-cli em (--data FILE.csv | --preset NAME) --k K
           [--covariance full|diag|spherical|tied] [--init kmeans++|random|INIT.json]
           [--seed S] [--reg R] [--tol T] [--max-iter M] [--threads N] [--json]

Fits a mixture of K Gaussians by EM and prints a short summary, or with --json one JSON
object: n, d, k, covariance, converged, iterations ([{"iteration": i, "log_likelihood": L}],
i = 0 the initial parameters, i >= 1 after the i-th M-step, L the total log-likelihood),
log_likelihood, bic, aic, weights, means, covariances (full d x d), events and
timing {"seconds_per_iteration": median wall time of one E+M iteration}.

  --data FILE.csv   points, one per row; header optional; separated by comma, semicolon,
                    tab or spaces
  --preset NAME     a built-in data set (see latentlab-cli presets)
  --k K             number of components, 1 to 8 (and at most the number of points)
  --covariance      full (default), diag, spherical or tied, as in scikit-learn
  --init            kmeans++ (default), random, or a JSON file
                    {"weights": [K], "means": [[d] x K], "covariances": [[[d] x d] x K]}
                    with full covariance matrices whatever --covariance
  --seed S          seed of kmeans++ / random initialisation (default 0)
  --reg R           added to every covariance diagonal (default 1e-6)
  --tol T           stop when the mean log-likelihood per point changes less (default 1e-3;
                    0 runs exactly --max-iter iterations)
  --max-iter M      at most M iterations (default 100)
  --threads N       worker threads (default 0 = all cores; results never change)

Example: latentlab-cli em --preset faithful --k 2 --json
)";

constexpr std::string_view kPresetsUsage =
    R"(usage: latentlab-cli presets

Lists the built-in data sets usable with `em --preset NAME`: the name, the suggested number
of components K and a one-line description.
)";

const std::array kCommands = {
    Command{"em", "fit a Gaussian mixture by EM to a CSV file or a preset", kEmUsage, &runEm},
    Command{"presets", "list the built-in data sets", kPresetsUsage, &runPresets},
    Command{"idx-subset", "cut a row range out of an IDX image/label pair", kIdxSubsetUsage,
            &runIdxSubset},
};
} // namespace

std::span<const Command> dataCommands() {
    return kCommands;
}

} // namespace latentlab::cli
