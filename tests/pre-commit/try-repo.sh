#!/usr/bin/env bash
# The pre-commit hooks, for real. A temporary git repository with a yizhi.toml and a pair runs
# a hook of this repository through `pre-commit try-repo`, which installs it as pre-commit
# does for a user and passes it the staged files. A change that keeps the pair consistent
# must pass; one that breaks a date in the Chinese file alone must fail.
#
#   tests/pre-commit/try-repo.sh yizhi WHEELS   # the wheel's hook (language: python)
#   tests/pre-commit/try-repo.sh yizhi-rust     # the hook that builds with cargo
#
# `yizhi` installs the package of the root's pyproject.toml, which depends on the yizhi
# wheel; pip finds it in WHEELS (a folder with the wheel .ci/run built and the setuptools
# wheel the root package builds with), never on an index. The folders of cargo and rustc are
# taken off the PATH for it, so that the hook's install cannot compile Rust. try-repo installs
# the hook afresh on every run, as a first commit with it does: each run's time is the
# install's and the check's together (pre-commit's --verbose gives the check's alone).
#
# Needs pre-commit (.ci/run installs it). Without it: fails when CI is set, skips otherwise.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
hook_id=${1:?usage: try-repo.sh yizhi WHEELS | yizhi-rust}

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
# A fresh pre-commit cache, so the hook is installed from this checkout, not an earlier one.
export PRE_COMMIT_HOME="$work/cache"

case "$hook_id" in
  yizhi)
    wheels=$(cd "${2:?usage: try-repo.sh yizhi WHEELS}" && pwd)
    ls "$wheels"/yizhi-*.whl >/dev/null
    export PIP_FIND_LINKS="$wheels" PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
    # No Rust toolchain: the PATH without the folders that hold cargo or rustc, and
    # CARGO/RUSTC pointing at `false` for builders that read them.
    IFS=: read -ra dirs <<< "$PATH"
    path=""
    for dir in "${dirs[@]}"; do
      [ -e "$dir/cargo" ] || [ -e "$dir/rustc" ] || path="$path${path:+:}$dir"
    done
    export PATH="$path" CARGO=/bin/false RUSTC=/bin/false
    if command -v cargo >/dev/null || command -v rustc >/dev/null; then
      echo "FAILED: cargo is still on the PATH" >&2
      exit 1
    fi
    command -v git >/dev/null && python3 -m pre_commit --version >/dev/null
    ;;
  yizhi-rust)
    # Compiled dependencies are kept between runs (CARGO_TARGET_DIR may be given); yizhi
    # itself is rebuilt every time. Thin LTO only slows this test's build down.
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target/pre-commit}"
    export CARGO_PROFILE_RELEASE_LTO=false
    ;;
  *)
    echo "unknown hook: $hook_id" >&2
    exit 2
    ;;
esac

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
  local start=$SECONDS status=0
  python3 -m pre_commit try-repo "$repo" "$hook_id" --verbose > "$work/$1.log" 2>&1 \
    || status=$?
  echo "$hook_id: install and $1 run took $((SECONDS - start)) s;" \
    "the check alone$(grep -m1 -o 'duration: .*' "$work/$1.log" | sed 's/duration//')"
  return "$status"
}

failed=0

echo "== $hook_id: a consistent change passes"
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

echo "== $hook_id: a changed Chinese date fails"
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

echo "pre-commit $hook_id: $((2 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
