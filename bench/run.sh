#!/usr/bin/env bash
# Benchmarks yizhi and writes docs/performance.md: one pair, a corpus of at least 200 MB,
# ripgrep as the floor and pofilter as the reference (see bench/bench.py).
# Needs hyperfine and ripgrep (Debian: apt install hyperfine ripgrep); installs
# translate-toolkit into target/accuracy-venv on first use. Options go to bench.py
# (--size-mb, --runs, --corpus, --out, --only-worst-cases).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine rg; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 2; }
done
cargo build --release --quiet --bin yizhi --example pipeline
exec python3 bench/bench.py "$@"
