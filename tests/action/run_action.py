"""Runs the `run` steps of the repository's action.yml as the GitHub runner does: each step's
`${{ … }}` expressions evaluated from the inputs, the contexts and the earlier steps' outputs,
its `env`, its `working-directory`, `bash --noprofile --norc -eo pipefail`, and
$GITHUB_OUTPUT read back. `uses:` steps (the cache) are skipped; an expression this runner
does not know is an error, so that the test cannot silently run something else than the
action says.
"""

import os
import re
import subprocess
import tempfile

import yaml

REPO = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXPR = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


class Step:
    def __init__(self, name, status, stdout, stderr, outputs):
        self.name, self.status = name, status
        self.stdout, self.stderr, self.outputs = stdout, stderr, outputs


def run_action(workspace, inputs, runner_temp, env=None, action_ref="",
               action_repository="", action_path=REPO, wrap_bin=None):
    """Runs the action's steps until one fails. Returns the steps run, in order.

    `wrap_bin(path) -> path` may replace the binary the install step reports (to count the
    runs of yizhi)."""
    action = yaml.safe_load(open(os.path.join(action_path, "action.yml"), encoding="utf-8"))
    given = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    for k, v in inputs.items():
        if k not in given:
            raise KeyError("action.yml has no input " + k)
        given[k] = v
    contexts = {
        "inputs": given,
        "github": {"action_path": action_path, "action_ref": action_ref,
                   "action_repository": action_repository, "workspace": workspace},
        "runner": {"temp": runner_temp, "os": "Linux", "arch": "X64"},
        "steps": {},
    }

    def value(expr):
        parts = expr.split(".")
        if not all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", p) for p in parts):
            raise ValueError("unsupported expression: " + expr)
        v = contexts
        for p in parts:
            if not isinstance(v, dict):
                raise ValueError("unsupported expression: " + expr)
            v = v.get(p, "")
        return v if isinstance(v, str) else ""

    def evaluate(text):
        return EXPR.sub(lambda m: value(m.group(1)), str(text))

    base_env = dict(os.environ)
    base_env.update({
        "GITHUB_WORKSPACE": workspace,
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "someone/documents",
        "RUNNER_OS": "Linux",
        "RUNNER_ARCH": "X64",
        "RUNNER_TEMP": runner_temp,
        "CI": "true",
    })
    base_env.update(env or {})

    done = []
    for index, step in enumerate(action["runs"]["steps"]):
        if "uses" in step:
            continue
        if "if" in step:
            raise ValueError("a run step with `if:` needs this runner to evaluate it")
        step_env = dict(base_env)
        step_env.update({k: evaluate(v) for k, v in step.get("env", {}).items()})
        step_env["GITHUB_ACTION"] = "__step{}".format(index)
        output = tempfile.NamedTemporaryFile("w", delete=False, dir=runner_temp)
        output.close()
        step_env["GITHUB_OUTPUT"] = output.name
        cwd = os.path.join(workspace, evaluate(step.get("working-directory", ".")))
        script = os.path.join(runner_temp, "step{}.sh".format(index))
        with open(script, "w", encoding="utf-8") as f:
            f.write(step["run"])
        r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
                           cwd=cwd, env=step_env, capture_output=True, text=True)
        outputs = {}
        with open(output.name, encoding="utf-8") as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    outputs[k] = v
        os.unlink(output.name)
        if step.get("id") == "install" and wrap_bin and "bin" in outputs:
            outputs["bin"] = wrap_bin(outputs["bin"])
        if "id" in step:
            contexts["steps"][step["id"]] = {"outputs": outputs}
        done.append(Step(step["name"], r.returncode, r.stdout, r.stderr, outputs))
        if r.returncode != 0:
            break
    return done
