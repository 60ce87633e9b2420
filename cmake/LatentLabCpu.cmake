# Which CPU the compiled code may assume, and the start-up check that says so plainly.
#
# Default: x86-64-v3 on x86-64 (AVX2, FMA, BMI1/2, F16C, LZCNT, MOVBE: every x86-64 CPU since
# Intel Haswell, 2013, and AMD Excavator, 2015). The VAE's matrix products and the EM passes
# are most of the time, and AVX2 + FMA roughly double their float throughput over the plain
# x86-64 baseline (SSE2), so the portable default stays fast. Every machine of that baseline
# runs the same instructions, so the same seed gives the same numbers on every such machine
# (-march=native would give AVX-512 on one machine and AVX2 on the next, and different sums).
# Other architectures get no CPU flags at all (the compiler's default target).
#
#   LATENTLAB_BASELINE  the -march level on x86-64 (x86-64, x86-64-v2, x86-64-v3, x86-64-v4,
#                       or any -march value); empty = the compiler's default target
#   LATENTLAB_NATIVE    -march=native instead: the fastest build for this very machine; its
#                       binaries may not start on another CPU
#
# The flags live on the INTERFACE target latentlab_arch, which latentlab_core passes on
# (PUBLIC) to everything built on it, so every translation unit sees the same Eigen vector
# width and alignment. The one exception is latentlab_cpu_check (core/common/cpu_check.cpp),
# compiled for the compiler's default target: it runs first in every executable and stops
# with a one-line message, instead of an illegal-instruction crash, on a CPU that lacks a
# feature the flags assume. It learns those features here: the feature macros (__AVX2__, ...)
# that the flags add to the compiler's default target, listed in LATENTLAB_ARCH_FEATURES.

include(CheckCXXCompilerFlag)

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64|x64)$")
  set(latentlab_default_baseline "x86-64-v3")
else()
  set(latentlab_default_baseline "")
endif()
set(LATENTLAB_BASELINE "${latentlab_default_baseline}" CACHE STRING
    "-march level of the default build (x86-64-v3 on x86-64; empty: the compiler's default)")
option(LATENTLAB_NATIVE "Compile for this machine's CPU (-march=native) instead of LATENTLAB_BASELINE" OFF)

if(LATENTLAB_NATIVE)
  set(LATENTLAB_ARCH_FLAGS -march=native)
  set(LATENTLAB_ARCH_DESCRIPTION "native")
elseif(NOT LATENTLAB_BASELINE STREQUAL "")
  set(LATENTLAB_ARCH_FLAGS "-march=${LATENTLAB_BASELINE}")
  set(LATENTLAB_ARCH_DESCRIPTION "${LATENTLAB_BASELINE}")
else()
  set(LATENTLAB_ARCH_FLAGS "")
  set(LATENTLAB_ARCH_DESCRIPTION "default")
endif()

if(LATENTLAB_ARCH_FLAGS)
  string(MAKE_C_IDENTIFIER "LATENTLAB_ACCEPTS_${LATENTLAB_ARCH_DESCRIPTION}" latentlab_accepts)
  check_cxx_compiler_flag("${LATENTLAB_ARCH_FLAGS}" ${latentlab_accepts})
  if(NOT ${latentlab_accepts})
    message(FATAL_ERROR "The compiler does not accept ${LATENTLAB_ARCH_FLAGS}: set "
                        "LATENTLAB_BASELINE to a level it knows (or to empty for no CPU flags)")
  endif()
endif()
message(STATUS "LatentLab CPU flags: ${LATENTLAB_ARCH_FLAGS} (${LATENTLAB_ARCH_DESCRIPTION})")

add_library(latentlab_arch INTERFACE)
target_compile_options(latentlab_arch INTERFACE ${LATENTLAB_ARCH_FLAGS})

# The feature macros the flags add: "#define __AVX2__ 1" -> LATENTLAB_ARCH_AVX2.
function(latentlab_feature_macros out)
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} ${ARGN} -dM -E -x c++ /dev/null
                  OUTPUT_VARIABLE defines RESULT_VARIABLE status ERROR_QUIET)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "Could not list the predefined macros of ${CMAKE_CXX_COMPILER} ${ARGN}")
  endif()
  string(REGEX MATCHALL "#define __[A-Z0-9_]+__ 1" lines "${defines}")
  set(names "")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "#define __([A-Z0-9_]+)__ 1" "\\1" name "${line}")
    list(APPEND names "${name}")
  endforeach()
  set(${out} "${names}" PARENT_SCOPE)
endfunction()

set(LATENTLAB_ARCH_FEATURES "")
if(LATENTLAB_ARCH_FLAGS)
  latentlab_feature_macros(latentlab_plain)
  latentlab_feature_macros(latentlab_flagged ${LATENTLAB_ARCH_FLAGS})
  foreach(name IN LISTS latentlab_flagged)
    if(NOT name IN_LIST latentlab_plain)
      list(APPEND LATENTLAB_ARCH_FEATURES "${name}")
    endif()
  endforeach()
endif()
