#include "data/image_matrix.h"

#include "common/error.h"

#include <string>

namespace latentlab {

Eigen::MatrixXd imageColumns(const IdxImages& images, std::uint32_t begin, std::uint32_t end) {
    if (begin >= end || end > images.count)
        throw ArgumentError("the image range " + std::to_string(begin) + ":" + std::to_string(end) +
                            " is empty or beyond the " + std::to_string(images.count) + " images");
    const Eigen::Index d = Eigen::Index(images.rows) * images.cols;
    const Eigen::Index n = end - begin;
    if (std::uint64_t(n) * std::uint64_t(d) > kImageColumnsMaxValues)
        throw ArgumentError("the images " + std::to_string(begin) + ":" + std::to_string(end) +
                            " hold " + std::to_string(std::uint64_t(n) * std::uint64_t(d)) +
                            " pixels, more than the limit of " +
                            std::to_string(kImageColumnsMaxValues) + " (512 MiB as doubles)");
    Eigen::MatrixXd x(d, n);
    const std::uint8_t* p = images.pixels.data() + std::size_t(begin) * std::size_t(d);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index r = 0; r < d; ++r)
            x(r, i) = *p++ / 255.0;
    return x;
}

} // namespace latentlab
