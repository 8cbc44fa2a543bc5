#!/usr/bin/env python3
"""The versions agree: Cargo.toml's, the hook package's (pyproject.toml) and the yizhi wheel
it pins; the wheel (python/pyproject.toml) takes Cargo.toml's itself; the install snippets of
the README, docs/install.md and .pre-commit-hooks.yaml pin that version.

    versions.py              # check them (.ci/run)
    versions.py --tag TAG    # also: TAG is v + that version, and CHANGELOG.md has its section
    versions.py --notes      # print the CHANGELOG section of that version (release notes)
"""

import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def read(name):
    with open(os.path.join(ROOT, name), encoding="utf-8") as f:
        return f.read()


def first(pattern, text, what):
    m = re.search(pattern, text, re.M)
    if not m:
        sys.exit("no {} found".format(what))
    return m.group(1)


def section(version):
    """The body of `## [VERSION]` in CHANGELOG.md, or None."""
    text = read("CHANGELOG.md")
    m = re.search(r"^## \[{}\][^\n]*\n(.*?)(?=^## |^\[|\Z)".format(re.escape(version)), text,
                  re.M | re.S)
    return m.group(1).strip() if m else None


def main():
    cargo = first(r'^version = "([^"]+)"', read("Cargo.toml"), "version in Cargo.toml")
    hook = read("pyproject.toml")
    hook_version = first(r'^version = "([^"]+)"', hook, "version in pyproject.toml")
    pinned = first(r'"yizhi==([^"]+)"', hook, "yizhi== dependency in pyproject.toml")
    wheel = read("python/pyproject.toml")
    problems = []
    if hook_version != cargo or pinned != cargo:
        problems.append("pyproject.toml: version {} and yizhi=={}, but Cargo.toml's version is "
                        "{}".format(hook_version, pinned, cargo))
    if not re.search(r'^dynamic = \[[^\]]*"version"', wheel, re.M):
        problems.append("python/pyproject.toml: the version must be dynamic (Cargo.toml's)")
    pins = re.compile(r"yizhi==([0-9][^\s`\"]*)|yizhi@v?([0-9][^\s`]*)|rev: v([0-9][^\s`]*)")
    for name in ("README.md", "docs/install.md", ".pre-commit-hooks.yaml"):
        for m in pins.finditer(read(name)):
            pinned_there = next(g for g in m.groups() if g)
            if pinned_there.rstrip(".,)") != cargo:
                problems.append("{}: `{}` pins another version than {}".format(
                    name, m.group(0), cargo))
    args = sys.argv[1:]
    if args[:1] == ["--tag"]:
        if len(args) != 2 or args[1] != "v" + cargo:
            problems.append("tag {} is not v{}, Cargo.toml's version".format(args[1:], cargo))
        if not section(cargo):
            problems.append("CHANGELOG.md has no section `## [{}]`".format(cargo))
    elif args == ["--notes"]:
        notes = section(cargo)
        if not notes:
            sys.exit("CHANGELOG.md has no section `## [{}]`".format(cargo))
        print(notes)
        return
    elif args:
        sys.exit(__doc__)
    if problems:
        sys.exit("\n".join(problems))
    print("versions: {} everywhere".format(cargo))


if __name__ == "__main__":
    main()
