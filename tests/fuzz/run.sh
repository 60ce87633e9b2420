#!/usr/bin/env bash
# Fuzzes every harness of tests/fuzz for SECONDS each (or only the harnesses named), with
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer (the `fuzz` preset: clang).
#
#   tests/fuzz/run.sh 300            # five minutes per harness
#   tests/fuzz/run.sh 60 csv model   # one minute each for two of them
#
# The committed seed corpus (tests/fuzz/corpus/NAME) is only read; what libFuzzer learns
# goes to build/fuzz/corpus/NAME and findings to build/fuzz/findings/NAME. A finding makes
# the script fail; once fixed, copy the input into tests/fuzz/regressions/NAME/ so that the
# test suite replays it (fuzz_replay_NAME).
set -euo pipefail
seconds=${1:?usage: tests/fuzz/run.sh SECONDS [HARNESS...]}
shift
cd "$(dirname "$0")/../.."
if [ $# -gt 0 ]; then
    harnesses=("$@")
else
    harnesses=()
    for f in tests/fuzz/*_fuzz.cpp; do
        n=$(basename "$f" _fuzz.cpp)
        harnesses+=("$n")
    done
fi
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$(nproc)" --target "${harnesses[@]/#/fuzz_}"

failed=()
for h in "${harnesses[@]}"; do
    corpus=build/fuzz/corpus/$h
    findings=build/fuzz/findings/$h
    mkdir -p "$corpus" "$findings"
    case $h in
        model) max_len=16384 ;;
        *) max_len=4096 ;;
    esac
    echo "== fuzz_$h for ${seconds} s"
    # One allocation above 256 MB, or 2 GB in all, is a finding: readers must stay bounded
    # by what they have read (inputs here are at most $max_len bytes).
    if ! build/fuzz/tests/fuzz/fuzz_"$h" -max_total_time="$seconds" -max_len="$max_len" \
        -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=256 -print_final_stats=1 \
        -artifact_prefix="$findings/" "$corpus" "tests/fuzz/corpus/$h" 2>"$findings/log"; then
        failed+=("$h")
        tail -n 40 "$findings/log"
    else
        grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$findings/log" || true
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "findings in: ${failed[*]} (inputs in build/fuzz/findings/)" >&2
    exit 1
fi
echo "no findings"
