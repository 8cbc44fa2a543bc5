#!/usr/bin/env bash
# Builds yizhi for one target and packs the release archive and its checksum:
#
#   scripts/package.sh TARGET [OUT]   # e.g. x86_64-unknown-linux-gnu; OUT: target/dist
#
# writes OUT/yizhi-vVERSION-TARGET.tar.gz (.zip for Windows) holding the folder
# yizhi-vVERSION-TARGET/ (the binary, README, licenses, changelog), and beside it the
# archive's SHA-256 in `sha256sum` form (ARCHIVE.sha256). The names are those Cargo.toml's
# [package.metadata.binstall] and the action expect. The release workflow runs it once per
# target; .ci/run runs it for the local one and checks what it made.
#
# The target's Rust standard library must be installed (rustup target add TARGET), and its
# linker: musl-tools for *-linux-musl.
set -euo pipefail
target=${1:?usage: scripts/package.sh TARGET [OUT]}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$root/target/dist}
cd "$root"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
[ -n "$version" ] || { echo "no version in Cargo.toml" >&2; exit 1; }
name="yizhi-v$version-$target"
case "$target" in
  *-windows-*) exe=.exe suffix=.zip ;;
  *) exe="" suffix=.tar.gz ;;
esac

cargo build --release --locked --target "$target"
target_dir=${CARGO_TARGET_DIR:-$root/target}

mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$target_dir/$target/release/yizhi$exe" README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE \
  "$stage/$name/"

archive="$name$suffix"
rm -f "$out/$archive" "$out/$archive.sha256"
if [ "$suffix" = .zip ]; then
  # 7-Zip is on GitHub's Windows runners; Python's zipfile wherever it is not.
  if command -v 7z >/dev/null; then
    (cd "$stage" && 7z a -tzip -bd "$out/$archive" "$name" >/dev/null)
  else
    (cd "$stage" && python3 -m zipfile -c "$out/$archive" "$name")
  fi
else
  tar -C "$stage" -czf "$out/$archive" "$name"
fi

# `sha256sum -c ARCHIVE.sha256` (or `shasum -a 256 -c`) checks it in the folder of both.
if command -v sha256sum >/dev/null; then
  (cd "$out" && sha256sum "$archive" > "$archive.sha256")
else
  (cd "$out" && shasum -a 256 "$archive" > "$archive.sha256")
fi
echo "$out/$archive"
