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
// - The features to check arrive as LATENTLAB_ARCH_<MACRO> definitions: the feature macros
//   (__AVX2__, __FMA__, ...) that the build's flags add to the compiler's default target.
//   __builtin_cpu_supports needs a literal name, hence the table below; it also asks the
//   operating system whether it saves the AVX and AVX-512 registers. (A macro without a name
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

namespace {

#if defined(__x86_64__) || defined(__i386__)

struct Feature {
    const char* name; ///< as /proc/cpuinfo and __builtin_cpu_supports spell it
    bool present;
};

/// True if `name` is an entry of the comma-separated `list`, or the list is "all".
bool listed(const char* list, const char* name) {
    if (!list)
        return false;
    if (std::strcmp(list, "all") == 0)
        return true;
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

// Clang knows fewer names in __builtin_cpu_supports; GCC (Debian's compiler) knows them all.
#if defined(__clang__)
#define LATENTLAB_GCC_FEATURE_NAMES 0
#else
#define LATENTLAB_GCC_FEATURE_NAMES 1
#endif

__attribute__((constructor(101))) void checkCpu() {
    __builtin_cpu_init(); // needed before other constructors have run
    // One entry per feature the build assumes; the final entry only ends the list.
    const Feature required[] = {
#ifdef LATENTLAB_ARCH_SSE3
        {"sse3", __builtin_cpu_supports("sse3") != 0},
#endif
#ifdef LATENTLAB_ARCH_SSSE3
        {"ssse3", __builtin_cpu_supports("ssse3") != 0},
#endif
#ifdef LATENTLAB_ARCH_SSE4_1
        {"sse4.1", __builtin_cpu_supports("sse4.1") != 0},
#endif
#ifdef LATENTLAB_ARCH_SSE4_2
        {"sse4.2", __builtin_cpu_supports("sse4.2") != 0},
#endif
#ifdef LATENTLAB_ARCH_POPCNT
        {"popcnt", __builtin_cpu_supports("popcnt") != 0},
#endif
#ifdef LATENTLAB_ARCH_AVX
        {"avx", __builtin_cpu_supports("avx") != 0},
#endif
#ifdef LATENTLAB_ARCH_AVX2
        {"avx2", __builtin_cpu_supports("avx2") != 0},
#endif
#ifdef LATENTLAB_ARCH_FMA
        {"fma", __builtin_cpu_supports("fma") != 0},
#endif
#ifdef LATENTLAB_ARCH_BMI
        {"bmi", __builtin_cpu_supports("bmi") != 0},
#endif
#ifdef LATENTLAB_ARCH_BMI2
        {"bmi2", __builtin_cpu_supports("bmi2") != 0},
#endif
#if defined(LATENTLAB_ARCH_F16C) && LATENTLAB_GCC_FEATURE_NAMES
        {"f16c", __builtin_cpu_supports("f16c") != 0},
#endif
#if defined(LATENTLAB_ARCH_LZCNT) && LATENTLAB_GCC_FEATURE_NAMES
        {"lzcnt", __builtin_cpu_supports("lzcnt") != 0},
#endif
#if defined(LATENTLAB_ARCH_MOVBE) && LATENTLAB_GCC_FEATURE_NAMES
        {"movbe", __builtin_cpu_supports("movbe") != 0},
#endif
#if defined(LATENTLAB_ARCH_LAHF_SAHF) && LATENTLAB_GCC_FEATURE_NAMES
        {"lahf_lm", __builtin_cpu_supports("lahf_lm") != 0},
#endif
#if defined(LATENTLAB_ARCH_XSAVE) && LATENTLAB_GCC_FEATURE_NAMES
        {"xsave", __builtin_cpu_supports("xsave") != 0},
#endif
#ifdef LATENTLAB_ARCH_AVX512F
        {"avx512f", __builtin_cpu_supports("avx512f") != 0},
#endif
#ifdef LATENTLAB_ARCH_AVX512BW
        {"avx512bw", __builtin_cpu_supports("avx512bw") != 0},
#endif
#ifdef LATENTLAB_ARCH_AVX512CD
        {"avx512cd", __builtin_cpu_supports("avx512cd") != 0},
#endif
#ifdef LATENTLAB_ARCH_AVX512DQ
        {"avx512dq", __builtin_cpu_supports("avx512dq") != 0},
#endif
#ifdef LATENTLAB_ARCH_AVX512VL
        {"avx512vl", __builtin_cpu_supports("avx512vl") != 0},
#endif
#ifdef LATENTLAB_ARCH_AVX512VBMI
        {"avx512vbmi", __builtin_cpu_supports("avx512vbmi") != 0},
#endif
#ifdef LATENTLAB_ARCH_AVX512IFMA
        {"avx512ifma", __builtin_cpu_supports("avx512ifma") != 0},
#endif
#ifdef LATENTLAB_ARCH_AVX512VNNI
        {"avx512vnni", __builtin_cpu_supports("avx512vnni") != 0},
#endif
#ifdef LATENTLAB_ARCH_AVX512BF16
        {"avx512bf16", __builtin_cpu_supports("avx512bf16") != 0},
#endif
#if defined(LATENTLAB_ARCH_AVX512VBMI2) && LATENTLAB_GCC_FEATURE_NAMES
        {"avx512vbmi2", __builtin_cpu_supports("avx512vbmi2") != 0},
#endif
#if defined(LATENTLAB_ARCH_AVX512BITALG) && LATENTLAB_GCC_FEATURE_NAMES
        {"avx512bitalg", __builtin_cpu_supports("avx512bitalg") != 0},
#endif
#if defined(LATENTLAB_ARCH_AVX512VPOPCNTDQ) && LATENTLAB_GCC_FEATURE_NAMES
        {"avx512vpopcntdq", __builtin_cpu_supports("avx512vpopcntdq") != 0},
#endif
#if defined(LATENTLAB_ARCH_AVX512VP2INTERSECT) && LATENTLAB_GCC_FEATURE_NAMES
        {"avx512vp2intersect", __builtin_cpu_supports("avx512vp2intersect") != 0},
#endif
#if defined(LATENTLAB_ARCH_AVXVNNI) && LATENTLAB_GCC_FEATURE_NAMES
        {"avxvnni", __builtin_cpu_supports("avxvnni") != 0},
#endif
#ifdef LATENTLAB_ARCH_GFNI
        {"gfni", __builtin_cpu_supports("gfni") != 0},
#endif
#if defined(LATENTLAB_ARCH_VAES) && LATENTLAB_GCC_FEATURE_NAMES
        {"vaes", __builtin_cpu_supports("vaes") != 0},
#endif
#if defined(LATENTLAB_ARCH_VPCLMULQDQ) && LATENTLAB_GCC_FEATURE_NAMES
        {"vpclmulqdq", __builtin_cpu_supports("vpclmulqdq") != 0},
#endif
#ifdef LATENTLAB_ARCH_PCLMUL
        {"pclmul", __builtin_cpu_supports("pclmul") != 0},
#endif
#ifdef LATENTLAB_ARCH_AES
        {"aes", __builtin_cpu_supports("aes") != 0},
#endif
#if defined(LATENTLAB_ARCH_SHA) && LATENTLAB_GCC_FEATURE_NAMES
        {"sha", __builtin_cpu_supports("sha") != 0},
#endif
#if defined(LATENTLAB_ARCH_ADX) && LATENTLAB_GCC_FEATURE_NAMES
        {"adx", __builtin_cpu_supports("adx") != 0},
#endif
#if defined(LATENTLAB_ARCH_SSE4A) && LATENTLAB_GCC_FEATURE_NAMES
        {"sse4a", __builtin_cpu_supports("sse4a") != 0},
#endif
#if defined(LATENTLAB_ARCH_FMA4) && LATENTLAB_GCC_FEATURE_NAMES
        {"fma4", __builtin_cpu_supports("fma4") != 0},
#endif
#if defined(LATENTLAB_ARCH_XOP) && LATENTLAB_GCC_FEATURE_NAMES
        {"xop", __builtin_cpu_supports("xop") != 0},
#endif
        {nullptr, true},
    };

    const char* pretend = std::getenv("LATENTLAB_PRETEND_CPU_LACKS");
    char missing[512] = "";
    std::size_t used = 0;
    for (const Feature* f = required; f->name; ++f) {
        if (f->present && !listed(pretend, f->name))
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
