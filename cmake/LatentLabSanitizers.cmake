# Sanitizer and fuzzing builds (see the asan and fuzz presets in CMakePresets.json).
#
# LATENTLAB_SANITIZE: AddressSanitizer + UndefinedBehaviorSanitizer on every target, any
# finding fatal (-fno-sanitize-recover), so that the test suite fails on it. GCC leaves
# float-cast-overflow (a NaN or infinity cast to int) out of -fsanitize=undefined: it is
# asked for by name, as that is what PointCloud's grid did with points at +-1e308.
#
# LATENTLAB_BUILD_FUZZERS (clang only): everything compiled for libFuzzer's coverage and with
# both sanitizers; tests/fuzz/ then adds one fuzz_<name> executable per harness.
option(LATENTLAB_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(LATENTLAB_BUILD_FUZZERS "Build the libFuzzer harnesses of tests/fuzz (clang)" OFF)

if(LATENTLAB_SANITIZE OR LATENTLAB_BUILD_FUZZERS)
  set(latentlab_sanitizers address,undefined,float-cast-overflow)
  add_compile_options(-fsanitize=${latentlab_sanitizers} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${latentlab_sanitizers})
endif()

if(LATENTLAB_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LATENTLAB_BUILD_FUZZERS needs clang (libFuzzer): "
                        "cmake --preset fuzz, or -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
