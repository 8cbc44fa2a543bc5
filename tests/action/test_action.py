#!/usr/bin/env python3
"""The action, run step by step as the runner runs it (tests/action/run_action.py), on a
fixture repository whose pairs and yizhi.toml sit in a subfolder, `docs/`:

    python3 tests/action/test_action.py ARCHIVE

ARCHIVE is a release archive of the local build made by scripts/package.sh (.ci/run makes
it). The test serves it, under the name the action asks for on a Linux x64 runner, from a
release folder on disk ($GITHUB_SERVER_URL is a file: URL), as GitHub serves a release.

It checks that the action downloads, verifies and caches the binary; refuses an archive
whose checksum does not match; refuses to guess a version; runs yizhi once; and that every
annotation and every SARIF location names a file that exists relative to the repository
root, though yizhi ran in `docs/`.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from run_action import REPO, run_action  # noqa: E402

VERSION = "v" + re.search(r'^version = "(.*)"$', open(os.path.join(REPO, "Cargo.toml"),
                          encoding="utf-8").read(), re.M).group(1)
TARGET = "x86_64-unknown-linux-musl"  # what the action downloads on Linux/X64
SEED = os.path.join(REPO, "examples", "A-RES-71-14")

passed, failed = 0, 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok: " + name)
    else:
        failed += 1
        print("FAILED: {}\n{}".format(name, detail))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def fixture(root):
    en = open(os.path.join(SEED, "en.txt"), encoding="utf-8").read()
    # The published Chinese calls the thirtieth special session the thirteenth.
    zh = open(os.path.join(SEED, "zh.txt"), encoding="utf-8").read().replace(
        "第十三届特别会议", "第三十届特别会议")
    write(os.path.join(root, "README.md"), "# Documents\n")
    write(os.path.join(root, "docs", "yizhi.toml"),
          '[[pair]]\nen = "res/en/{name}.txt"\nzh = "res/zh/{name}.txt"\n')
    write(os.path.join(root, "docs", "res", "en", "r14.txt"), en)
    write(os.path.join(root, "docs", "res", "zh", "r14.txt"),
          zh.replace("2004年12月2日", "2004年12月3日"))
    write(os.path.join(root, "docs", "res", "en", "r15.txt"), en)
    write(os.path.join(root, "docs", "res", "zh", "r15.txt"), zh)
    write(os.path.join(root, "clean", "res", "en", "r16.txt"), en)
    write(os.path.join(root, "clean", "res", "zh", "r16.txt"), zh)
    write(os.path.join(root, "clean", "yizhi.toml"),
          '[[pair]]\nen = "res/en/{name}.txt"\nzh = "res/zh/{name}.txt"\n')


def release(server, archive, tamper=False):
    """A release of OWNER/yizhi at VERSION on the file: server, holding the local binary
    under the Linux x64 archive's name, with its checksum."""
    folder = os.path.join(server, "OWNER", "yizhi", "releases", "download", VERSION)
    os.makedirs(folder, exist_ok=True)
    name = "yizhi-{}-{}".format(VERSION, TARGET)
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(archive) as t:
            t.extractall(tmp)
        (inner,) = os.listdir(tmp)
        os.rename(os.path.join(tmp, inner), os.path.join(tmp, name))
        with tarfile.open(os.path.join(folder, name + ".tar.gz"), "w:gz") as t:
            t.add(os.path.join(tmp, name), arcname=name)
    data = open(os.path.join(folder, name + ".tar.gz"), "rb").read()
    digest = hashlib.sha256(data + (b"x" if tamper else b"")).hexdigest()
    write(os.path.join(folder, name + ".tar.gz.sha256"), "{}  {}.tar.gz\n".format(digest, name))


def annotations(text):
    return [line for line in text.splitlines() if re.match(r"::(error|warning|notice) ", line)]


def annotation_paths(line):
    """The file the annotation is on, and the files its message names (`path:line:col:`)."""
    props, message = line.split("::", 2)[1:]
    file = re.search(r"file=([^,]*)", props).group(1)
    unescape = lambda s: s.replace("%0A", "\n").replace("%0D", "\r").replace(  # noqa: E731
        "%3A", ":").replace("%2C", ",").replace("%25", "%")
    named = re.findall(r"^(.+?):\d+:\d+: ", unescape(message), re.M)
    return [unescape(file)] + named


def main():
    archive = os.path.realpath(sys.argv[1])
    work = tempfile.mkdtemp()
    try:
        root = os.path.join(work, "repo")
        server = os.path.join(work, "server")
        runner_temp = os.path.join(work, "runner-temp")
        os.makedirs(runner_temp)
        fixture(root)
        release(server, archive)
        env = {"GITHUB_SERVER_URL": "file://" + server}

        runs = os.path.join(work, "runs.log")

        def counting(binary):
            wrapper = os.path.join(work, "yizhi-counted")
            write(wrapper, '#!/bin/sh\necho run >> "{}"\nexec "{}" "$@"\n'.format(runs, binary))
            os.chmod(wrapper, 0o755)
            return wrapper

        # From the subfolder, with SARIF, the version from the action's own tag.
        steps = run_action(root, {"working-directory": "docs", "sarif-file": "yizhi.sarif"},
                           runner_temp, env=env, action_ref=VERSION,
                           action_repository="OWNER/yizhi", wrap_bin=counting)
        names = [(s.name, s.status) for s in steps]
        log = "\n".join("== {} ({})\n{}{}".format(s.name, s.status, s.stdout, s.stderr)
                        for s in steps)
        check("the release is downloaded and verified, and the check fails on the broken pair",
              names == [("Choose the yizhi release", 0), ("Install yizhi", 0),
                        ("Run yizhi", 1)] and "OK" in steps[1].stdout, log)
        if len(steps) < 3:
            return
        run = steps[2]
        check("yizhi ran once, SARIF written all the same",
              open(runs).read() == "run\n"
              and os.path.isfile(os.path.join(root, "docs", "yizhi.sarif")), log)
        lines = annotations(run.stdout)
        paths = [p for line in lines for p in annotation_paths(line)]
        missing = [p for p in paths if not os.path.isfile(os.path.join(root, p))]
        check("every annotation names files that exist relative to the repository root",
              lines and paths and not missing and all(p.startswith("docs/res/") for p in paths),
              "missing: {}\n{}".format(missing, run.stdout))
        # What yizhi prints itself when run from the root, where its paths are the root's.
        binary = os.path.join(runner_temp, "yizhi", VERSION, TARGET, "bin", "yizhi")
        own = subprocess.run([binary, "check", "--format", "github", "--config",
                              "docs/yizhi.toml"], cwd=root, capture_output=True, text=True)
        check("the annotations are those of `yizhi check --format github` run from the root",
              lines == annotations(own.stdout),
              "action:\n{}\nyizhi:\n{}".format("\n".join(lines), own.stdout))

        sarif = json.load(open(os.path.join(root, "docs", "yizhi.sarif"), encoding="utf-8"))
        base = sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        uris = [loc["physicalLocation"]["artifactLocation"]
                for r in sarif["runs"][0]["results"]
                for loc in r["locations"] + r["relatedLocations"]]
        bad = [u for u in uris if u.get("uriBaseId") != "%SRCROOT%"
               or not os.path.isfile(os.path.join(root, u["uri"]))]
        check("every SARIF location is relative to %SRCROOT%, the repository root",
              base == "file://" + os.path.realpath(root) + "/" and uris and not bad,
              "base {}, bad {}".format(base, bad))
        own_json = subprocess.run([binary, "check", "--format", "json"], cwd=os.path.join(
            root, "docs"), capture_output=True, text=True)
        findings = len(json.loads(own_json.stdout))
        check("the output `findings` is the number of findings",
              run.outputs.get("findings") == str(findings) == str(
                  len(sarif["runs"][0]["results"])) and findings > 0,
              "output {!r}, json {}".format(run.outputs.get("findings"), findings))

        # The next use in the job finds the binary where the cache restores it.
        shutil.rmtree(server)
        steps = run_action(root, {"working-directory": "clean"}, runner_temp, env=env,
                           action_ref=VERSION, action_repository="OWNER/yizhi")
        check("a cached binary is used without downloading; a consistent pair passes",
              [s.status for s in steps] == [0, 0, 0] and "cached" in steps[1].stdout
              and steps[2].outputs.get("findings") == "0",
              "\n".join(s.stdout + s.stderr for s in steps))

        # A checksum that does not match: nothing is installed.
        release(server, archive, tamper=True)
        fresh = os.path.join(work, "runner-temp-2")
        os.makedirs(fresh)
        steps = run_action(root, {"working-directory": "clean"}, fresh, env=env,
                           action_ref=VERSION, action_repository="OWNER/yizhi")
        check("an archive whose checksum does not match is refused",
              [s.status for s in steps][-1] != 0 and len(steps) == 2
              and not os.path.exists(os.path.join(fresh, "yizhi", VERSION, TARGET, "bin")),
              "\n".join(s.stdout + s.stderr for s in steps))

        # Used by a branch, with no version given: no guess.
        steps = run_action(root, {}, fresh, env=env, action_ref="main",
                           action_repository="OWNER/yizhi")
        check("used by a branch without `version`, the action says what to set",
              len(steps) == 1 and steps[0].status != 0
              and "build-from-source" in steps[0].stdout,
              steps[0].stdout + steps[0].stderr)
        # The context without the action's ref and repository, as composite actions may
        # get it: both read from the action's folder, …/_actions/OWNER/yizhi/VERSION.
        release(server, archive)
        folder = os.path.join(work, "_actions", "OWNER", "yizhi", VERSION)
        os.makedirs(os.path.dirname(folder))
        os.symlink(REPO, folder)
        steps = run_action(root, {"working-directory": "clean"}, fresh, env=env,
                           action_path=folder)
        check("the action's folder tells its repository and version when the context does not",
              [s.status for s in steps] == [0, 0, 0]
              and steps[0].outputs.get("repository") == "OWNER/yizhi"
              and steps[0].outputs.get("version") == VERSION,
              "\n".join(s.stdout + s.stderr for s in steps))
        # An explicit `version` wins, written with or without its v.
        shutil.rmtree(os.path.join(fresh, "yizhi"))
        steps = run_action(root, {"version": VERSION.lstrip("v"), "working-directory": "clean"},
                           fresh, env=env, action_ref="main", action_repository="OWNER/yizhi")
        check("`version` without its v downloads that release",
              [s.status for s in steps] == [0, 0, 0] and "OK" in steps[1].stdout,
              "\n".join(s.stdout + s.stderr for s in steps))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        print("action: {} passed, {} failed".format(passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
