#!/usr/bin/env python3
"""A release archive as scripts/package.sh made it is what users and tools download:

    check_archive.py ARCHIVE TARGET

- ARCHIVE.sha256 exists, names ARCHIVE and holds its SHA-256 (as `sha256sum -c` checks it);
- ARCHIVE's name and the binary's path in it are those Cargo.toml's
  [package.metadata.binstall] templates give for TARGET (cargo binstall finds it);
- the archive holds the licenses, README and CHANGELOG, and its binary (when TARGET is the
  local platform's) prints the version.
"""

import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def expand(template, values):
    for key, value in values.items():
        template = template.replace("{ " + key + " }", value)
    if "{" in template:
        sys.exit("unexpanded template: " + template)
    return template


def main():
    archive, target = os.path.abspath(sys.argv[1]), sys.argv[2]
    with open(os.path.join(ROOT, "Cargo.toml"), "rb") as f:
        cargo = tomllib.load(f)
    package = cargo["package"]
    meta = dict(package["metadata"]["binstall"])
    meta.update(meta.pop("overrides", {}).get(target, {}))
    windows = "-windows-" in target
    values = {
        "repo": package["repository"],
        "name": package["name"],
        "version": package["version"],
        "target": target,
        "bin": package["name"],
        "binary-ext": ".exe" if windows else "",
        "archive-suffix": {"tgz": ".tar.gz", "zip": ".zip"}[meta["pkg-fmt"]],
    }
    problems = []

    url = expand(meta["pkg-url"], values)
    expected = "{}/releases/download/v{}/{}".format(values["repo"], values["version"],
                                                   os.path.basename(archive))
    if url != expected:
        problems.append("binstall's pkg-url gives {}, the archive is {}".format(url, archive))

    sums = archive + ".sha256"
    digest = hashlib.sha256(open(archive, "rb").read()).hexdigest()
    line = open(sums, encoding="utf-8").read().split()
    if line != [digest, os.path.basename(archive)]:
        problems.append("{} holds {}, not `{}  {}`".format(sums, line, digest,
                                                           os.path.basename(archive)))

    if meta["pkg-fmt"] == "zip":
        names = zipfile.ZipFile(archive).namelist()
    else:
        names = tarfile.open(archive).getnames()
    names = {n.rstrip("/") for n in names}
    binary = expand(meta["bin-dir"], values)
    folder = binary.split("/")[0]
    wanted = {binary} | {folder + "/" + f for f in
                         ("README.md", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE")}
    if not wanted <= names:
        problems.append("the archive lacks {} (it holds {})".format(sorted(wanted - names),
                                                                    sorted(names)))
    elif not windows and meta["pkg-fmt"] == "tgz":
        host = subprocess.run(["rustc", "-vV"], capture_output=True, text=True).stdout
        if "host: " + target in host:
            with tempfile.TemporaryDirectory() as tmp:
                tarfile.open(archive).extractall(tmp)
                out = subprocess.run([os.path.join(tmp, binary), "--version"],
                                     capture_output=True, text=True).stdout
            # The version, and the commit it was built from in a git checkout.
            said = out.strip()
            version = "yizhi " + values["version"]
            if said != version and not (said.startswith(version + " (") and said.endswith(")")):
                problems.append("the binary says {!r}".format(out))

    if problems:
        sys.exit("\n".join(problems))
    print("release archive: {} ({} bytes), checksum and binstall names ok".format(
        os.path.basename(archive), os.path.getsize(archive)))


if __name__ == "__main__":
    main()
