#pragma once
// A portable seeded random source. The standard library's engines are portable but its
// distributions are not (std::normal_distribution differs between libstdc++ and libc++), so
// the transforms are our own: the same seed gives the same numbers on every machine, which
// is what lets a lecturer show the same pictures every year.

#include <cstddef>
#include <cstdint>

namespace latentlab {

/// xoshiro256** (Blackman and Vigna, public domain algorithm) seeded through splitmix64.
class Random {
public:
    explicit Random(std::uint64_t seed = 0);

    std::uint64_t next();               ///< 64 random bits
    double uniform();                   ///< in [0, 1), 53-bit resolution
    double uniform(double a, double b); ///< in [a, b)
    double normal();                    ///< standard normal (Marsaglia's polar method)
    std::size_t index(std::size_t n);   ///< uniform in [0, n), unbiased; n > 0

private:
    std::uint64_t m_s[4];
    bool m_hasSpare = false;
    double m_spare = 0.0;
};

} // namespace latentlab
