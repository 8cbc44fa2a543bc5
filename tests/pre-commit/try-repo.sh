#!/usr/bin/env bash
# The pre-commit hook, for real. A temporary git repository with a yizhi.toml and a pair runs
# this repository's hook through `pre-commit try-repo`, which builds yizhi with cargo as
# pre-commit does for a user and passes it the staged files. A change that keeps the pair
# consistent must pass; one that breaks a date in the Chinese file alone must fail.
#
# Needs pre-commit (.ci/run installs it). Without it: fails when CI is set, skips otherwise.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)

if ! python3 -m pre_commit --version >/dev/null 2>&1; then
  if [ -n "${CI:-}" ]; then
    echo "pre-commit is not installed: .ci/run installs it (pip install pre-commit)" >&2
    exit 1
  fi
  echo "skipped: pre-commit is not installed (pip install pre-commit)"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A fresh pre-commit cache, so the hook is built from this checkout, not an earlier one.
export PRE_COMMIT_HOME="$work/cache"
# Compiled dependencies are kept between runs; yizhi itself is rebuilt every time. Thin LTO
# only slows this debug-purpose build down.
export CARGO_TARGET_DIR="$repo/target/pre-commit"
export CARGO_PROFILE_RELEASE_LTO=false

project="$work/project"
mkdir -p "$project/english" "$project/chinese"
cd "$project"
git init -q .
git config user.email "test@example.invalid"
git config user.name "yizhi test"
git config commit.gpgsign false
cat > yizhi.toml <<'TOML'
[[pair]]
en = "english/{name}.txt"
zh = "chinese/{name}.txt"
TOML
seed="$repo/examples/A-RES-71-14"
# The published Chinese calls the thirtieth special session the thirteenth (yizhi reports
# it): the consistent pair is the seed with that corrected.
clean_zh() { sed 's/第十三届特别会议/第三十届特别会议/' "$seed/zh.txt"; }
cp "$seed/en.txt" english/res-71-14.txt
clean_zh > chinese/res-71-14.txt
echo "# Resolutions" > README.md
git add -A
git commit -qm "A consistent pair"

# What a commit would run: the hook on the staged files.
hook() {
  python3 -m pre_commit try-repo "$repo" yizhi --verbose > "$work/$1.log" 2>&1
}

failed=0

echo "== a consistent change passes"
echo "More resolutions." >> README.md
cp "$seed/en.txt" english/res-71-15.txt
clean_zh > chinese/res-71-15.txt
git add -A
if hook good; then
  echo "ok"
  git commit -qm "Another consistent pair"
else
  cat "$work/good.log"
  echo "FAILED: the hook refused a consistent change"
  failed=$((failed + 1))
fi

echo "== a changed Chinese date fails"
sed -i 's/2004年12月2日/2004年12月3日/' chinese/res-71-14.txt
git add chinese/res-71-14.txt
if hook bad; then
  cat "$work/bad.log"
  echo "FAILED: the hook passed a broken date"
  failed=$((failed + 1))
elif ! grep -q "date-mismatch" "$work/bad.log"; then
  cat "$work/bad.log"
  echo "FAILED: the hook failed, but not with date-mismatch"
  failed=$((failed + 1))
else
  grep -m1 "preambular paragraph 3" "$work/bad.log" || true
  echo "ok"
fi

echo "pre-commit: $((2 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
