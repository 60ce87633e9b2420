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

    /// 64 random bits. Inline: the VAE trainer takes four binarisation draws from each, some
    /// 200 calls per image.
    std::uint64_t next() {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    double uniform();                   ///< in [0, 1), 53-bit resolution
    double uniform(double a, double b); ///< in [a, b)
    double normal();                    ///< standard normal (Marsaglia's polar method)
    std::size_t index(std::size_t n);   ///< uniform in [0, n), unbiased; n > 0

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t m_s[4];
    bool m_hasSpare = false;
    double m_spare = 0.0;
};

} // namespace latentlab
