// The start-up check of the CPU: every LatentLab executable links this object (the CMake
// target latentlab_cpu_check), and it runs before any code compiled with the build's CPU
// flags (cmake/LatentLabCpu.cmake) can run. On a CPU that lacks a feature those flags assume
// it prints one line naming the missing features and what to do, and exits with status 1,
// instead of dying later on an illegal instruction.
//
// Why it is written like this:
// - It is compiled for the compiler's default target (no -march), so its own instructions run
//   on any CPU of the architecture.
// - It uses the C library only, with internal linkage: an inline C++ function (a template of
//   the standard library, say) could be emitted here and in a file compiled with AVX2, and
//   the linker would keep one of the two copies, perhaps the AVX2 one.
// - It runs as a constructor of priority 101, the first one the C++ run time allows for
//   programs, so before the static initialisers of any of our other files (priority 65535).
// - The features to check arrive in LATENTLAB_ARCH_FEATURES ("AVX,AVX2,FMA,..."): the feature
//   macros (__AVX2__, ...) that the build's flags add to the compiler's default target.
//   __builtin_cpu_supports needs a literal name, hence the table below; it also asks the
//   operating system whether it saves the AVX and AVX-512 registers. (A macro without a row
//   there, such as __CRC32__, comes with a feature that is checked: SSE4.2.)
//
// For tests only: LATENTLAB_PRETEND_CPU_LACKS=avx2,fma (or "all") makes the check treat those
// required features as missing.

#include <cerrno> // program_invocation_short_name (glibc)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

#ifndef LATENTLAB_ARCH_DESCRIPTION
#define LATENTLAB_ARCH_DESCRIPTION "default"
#endif
#ifndef LATENTLAB_ARCH_FEATURES
#define LATENTLAB_ARCH_FEATURES ""
#endif

namespace {

#if defined(__x86_64__) || defined(__i386__)

struct Feature {
    const char* macro; ///< the compiler's macro without its underscores, as CMake lists it
    const char* name;  ///< as /proc/cpuinfo and __builtin_cpu_supports spell it
    bool present;
};

/// True if `name` is an entry of the comma-separated `list`.
bool listed(const char* list, const char* name) {
    const std::size_t length = std::strlen(name);
    for (const char* p = list; *p;) {
        const char* end = std::strchr(p, ',');
        const std::size_t n = end ? static_cast<std::size_t>(end - p) : std::strlen(p);
        if (n == length && std::strncmp(p, name, n) == 0)
            return true;
        if (!end)
            break;
        p = end + 1;
    }
    return false;
}

#define LATENTLAB_FEATURE(macro, name) {macro, name, __builtin_cpu_supports(name) != 0}

__attribute__((constructor(101))) void checkCpu() {
    __builtin_cpu_init(); // needed before other constructors have run
    // Every feature a -march level or -march=native may add that __builtin_cpu_supports
    // knows; the final entry only ends the list.
    const Feature known[] = {
        LATENTLAB_FEATURE("SSE3", "sse3"),
        LATENTLAB_FEATURE("SSSE3", "ssse3"),
        LATENTLAB_FEATURE("SSE4_1", "sse4.1"),
        LATENTLAB_FEATURE("SSE4_2", "sse4.2"),
        LATENTLAB_FEATURE("POPCNT", "popcnt"),
        LATENTLAB_FEATURE("AVX", "avx"),
        LATENTLAB_FEATURE("AVX2", "avx2"),
        LATENTLAB_FEATURE("FMA", "fma"),
        LATENTLAB_FEATURE("BMI", "bmi"),
        LATENTLAB_FEATURE("BMI2", "bmi2"),
        LATENTLAB_FEATURE("AVX512F", "avx512f"),
        LATENTLAB_FEATURE("AVX512BW", "avx512bw"),
        LATENTLAB_FEATURE("AVX512CD", "avx512cd"),
        LATENTLAB_FEATURE("AVX512DQ", "avx512dq"),
        LATENTLAB_FEATURE("AVX512VL", "avx512vl"),
        LATENTLAB_FEATURE("AVX512VBMI", "avx512vbmi"),
        LATENTLAB_FEATURE("AVX512IFMA", "avx512ifma"),
        LATENTLAB_FEATURE("AVX512VNNI", "avx512vnni"),
        LATENTLAB_FEATURE("AVX512BF16", "avx512bf16"),
        LATENTLAB_FEATURE("GFNI", "gfni"),
        LATENTLAB_FEATURE("PCLMUL", "pclmul"),
        LATENTLAB_FEATURE("AES", "aes"),
#if !defined(__clang__) // names Clang's __builtin_cpu_supports does not know; GCC's does
        LATENTLAB_FEATURE("F16C", "f16c"),
        LATENTLAB_FEATURE("LZCNT", "lzcnt"),
        LATENTLAB_FEATURE("MOVBE", "movbe"),
        LATENTLAB_FEATURE("LAHF_SAHF", "lahf_lm"),
        LATENTLAB_FEATURE("XSAVE", "xsave"),
        LATENTLAB_FEATURE("AVX512VBMI2", "avx512vbmi2"),
        LATENTLAB_FEATURE("AVX512BITALG", "avx512bitalg"),
        LATENTLAB_FEATURE("AVX512VPOPCNTDQ", "avx512vpopcntdq"),
        LATENTLAB_FEATURE("AVX512VP2INTERSECT", "avx512vp2intersect"),
        LATENTLAB_FEATURE("AVXVNNI", "avxvnni"),
        LATENTLAB_FEATURE("VAES", "vaes"),
        LATENTLAB_FEATURE("VPCLMULQDQ", "vpclmulqdq"),
        LATENTLAB_FEATURE("SHA", "sha"),
        LATENTLAB_FEATURE("ADX", "adx"),
        LATENTLAB_FEATURE("SSE4A", "sse4a"),
        LATENTLAB_FEATURE("FMA4", "fma4"),
        LATENTLAB_FEATURE("XOP", "xop"),
#endif
        {nullptr, nullptr, true},
    };

    const char* pretend = std::getenv("LATENTLAB_PRETEND_CPU_LACKS");
    const bool pretendAll = pretend && std::strcmp(pretend, "all") == 0;
    char missing[512] = "";
    std::size_t used = 0;
    for (const Feature* f = known; f->name; ++f) {
        if (!listed(LATENTLAB_ARCH_FEATURES, f->macro))
            continue;
        if (f->present && !pretendAll && !(pretend && listed(pretend, f->name)))
            continue;
        const int n =
            std::snprintf(missing + used, sizeof missing - used, "%s%s", used ? ", " : "", f->name);
        if (n > 0) // snprintf truncates; keep `used` inside the buffer
            used += static_cast<std::size_t>(n) < sizeof missing - used
                        ? static_cast<std::size_t>(n)
                        : sizeof missing - 1 - used;
    }
    if (used == 0)
        return;
#if defined(__GLIBC__)
    const char* program = program_invocation_short_name;
#else
    const char* program = "latentlab";
#endif
    std::fprintf(stderr,
                 "%s: this CPU lacks %s, which this build assumes (it was compiled for %s); "
                 "build LatentLab from source for this CPU with cmake -DLATENTLAB_BASELINE=x86-64 "
                 "(any x86-64 CPU) or -DLATENTLAB_NATIVE=ON (this one)\n",
                 program, missing, LATENTLAB_ARCH_DESCRIPTION);
    std::fflush(stderr);
    _exit(1);
}

#endif // x86

} // namespace
