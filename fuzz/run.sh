#!/usr/bin/env bash
# Runs each fuzz target for the given number of seconds, one after another, as one job.
#
#   fuzz/run.sh [SECONDS] [TARGET...]      (default: 60 seconds; targets document extract rules)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). libFuzzer's instrumentation takes -Z flags;
# RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them. The targets are safe Rust, so they
# build without a sanitizer (-s none), which also keeps them fast.
#
# Each target starts from a corpus seeded with the example documents (document, extract) or
# the built-in rule files (rules) and keeps what it learns in fuzz/corpus/ (not committed).
# A crash or timeout leaves its input in fuzz/artifacts/TARGET/ and stops the script with a
# non-zero status: minimise it (`cargo fuzz tmin TARGET FILE`) and add it as a regression test
# under tests/fuzz/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(document extract rules)
fi
export RUSTC_BOOTSTRAP=${RUSTC_BOOTSTRAP:-1}
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}

seed() {
    local target=$1 dir=corpus/$1
    mkdir -p "$dir"
    case $target in
        document)
            for f in ../examples/*/*.txt; do
                cp "$f" "$dir/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
            done
            ;;
        extract)
            for d in ../examples/*/; do
                # English, a NUL, then Chinese: the target splits the input there.
                { cat "$d/en.txt"; printf '\0'; cat "$d/zh.txt"; } > "$dir/seed-$(basename "$d")"
            done
            ;;
        rules)
            for f in ../rules/*.toml; do
                cp "$f" "$dir/seed-$(basename "$f")"
            done
            ;;
    esac
}

for target in "${targets[@]}"; do
    seed "$target"
    echo "== fuzzing $target for ${seconds}s"
    cargo fuzz run -s none "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1
done
