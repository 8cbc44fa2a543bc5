#!/usr/bin/env python3
"""The action's report: reads the SARIF log of the action's one `yizhi check` run and

- makes every path in it relative to the repository root (the run's paths are relative to
  the folder it ran in, the action's `working-directory`), with `uriBaseId` `%SRCROOT%` and
  the root's `file://` URI in `originalUriBaseIds`, and writes the log back;
- prints a GitHub workflow command for each location of each result, as
  `yizhi check --format github` would (one annotation on each file a finding involves, with
  the finding's message, the label, the other labels and the help);
- writes `findings=N`, the number of results, to $GITHUB_OUTPUT.

    report.py SARIF ROOT

Paths are resolved from the working directory; ROOT is the repository root
($GITHUB_WORKSPACE). A path outside ROOT stays absolute. Standard library only: it runs on
whatever Python the runner has.
"""

import json
import os
import sys
from urllib.parse import quote, unquote, urlparse

SRCROOT = "%SRCROOT%"
COMMANDS = {"error": "error", "warning": "warning", "note": "notice", "none": "notice"}


def escape_data(s):
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s):
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def from_root(uri, root):
    """The path `uri` (relative to the working directory, or a file: URI) names, relative
    to `root` where it lies under it, with `/` as separator."""
    if uri.startswith("file:"):
        path = unquote(urlparse(uri).path)
        if os.name == "nt" and path[:1] == "/" and path[2:3] == ":":
            path = path[1:]
    else:
        path = os.path.join(os.getcwd(), unquote(uri))
    path = os.path.realpath(path)
    rel = os.path.relpath(path, root) if _same_drive(path, root) else path
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return path.replace(os.sep, "/"), False
    return rel.replace(os.sep, "/"), True


def _same_drive(a, b):
    return os.path.splitdrive(a)[0].lower() == os.path.splitdrive(b)[0].lower()


def rebase(location, root, paths):
    """Rewrites a location's artifact to the root; remembers the path for the annotations."""
    artifact = location.get("physicalLocation", {}).get("artifactLocation")
    if not artifact or "uri" not in artifact:
        return
    path, under_root = from_root(artifact["uri"], root)
    paths[id(location)] = path
    if under_root:
        artifact["uri"] = quote(path, safe="/-._~")
        artifact["uriBaseId"] = SRCROOT
    else:
        artifact["uri"] = "file://" + quote(path if path.startswith("/") else "/" + path,
                                            safe="/-._~:")
        artifact.pop("uriBaseId", None)


def annotation(result, location, paths):
    region = location["physicalLocation"]["region"]
    line, end_line = region["startLine"], region.get("endLine", region["startLine"])
    properties = [("file", paths[id(location)]), ("line", line)]
    if line == end_line:
        properties += [("col", region["startColumn"]), ("endLine", end_line),
                       ("endColumn", region["endColumn"])]
    else:
        properties.append(("endLine", end_line))
    properties.append(("title", "yizhi ({})".format(result["ruleId"])))

    # The result's text is the finding's message, then its help; the annotation puts the
    # labels in between, as `--format github` does.
    text = result["message"]["text"]
    message, help_at, help_text = text.partition("\nhelp: ")
    label = location.get("message", {}).get("text", "")
    lines = [message, label]
    region_of = json.dumps(region, sort_keys=True)
    skipped = False
    for other in result.get("relatedLocations", []):
        o_region = other["physicalLocation"]["region"]
        same = (not skipped and paths[id(other)] == paths[id(location)]
                and json.dumps(o_region, sort_keys=True) == region_of
                and other.get("message", {}).get("text", "") == label)
        if same:
            skipped = True
            continue
        lines.append("{}:{}:{}: {}".format(paths[id(other)], o_region["startLine"],
                                           o_region["startColumn"],
                                           other.get("message", {}).get("text", "")))
    if help_at:
        lines.append("help: " + help_text)
    command = COMMANDS.get(result.get("level", "warning"), "warning")
    props = ",".join("{}={}".format(k, escape_property(str(v))) for k, v in properties)
    return "::{} {}::{}".format(command, props, escape_data("\n".join(lines)))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: report.py SARIF ROOT")
    sarif_path, root = sys.argv[1], os.path.realpath(sys.argv[2])
    try:
        with open(sarif_path, encoding="utf-8") as f:
            log = json.load(f)
    except (OSError, ValueError) as e:
        # yizhi failed before writing its log (bad arguments, a broken yizhi.toml): its
        # message is on stderr above.
        print("no SARIF log to report ({})".format(e), file=sys.stderr)
        return

    root_uri = "file://" + quote(root.replace(os.sep, "/") if root.startswith("/")
                                 else "/" + root.replace(os.sep, "/"), safe="/-._~:")
    findings = 0
    out = []
    for run in log.get("runs", []):
        run.setdefault("originalUriBaseIds", {})[SRCROOT] = {"uri": root_uri.rstrip("/") + "/"}
        for result in run.get("results", []):
            findings += 1
            paths = {}
            for location in result.get("locations", []) + result.get("relatedLocations", []):
                rebase(location, root, paths)
            for location in result.get("locations", []):
                out.append(annotation(result, location, paths))

    with open(sarif_path, "w", encoding="utf-8") as f:
        json.dump(log, f, indent=2, ensure_ascii=False)
        f.write("\n")
    for line in out:
        print(line)
    output = os.environ.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as f:
            f.write("findings={}\n".format(findings))


if __name__ == "__main__":
    main()
