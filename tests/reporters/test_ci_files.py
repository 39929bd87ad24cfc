"""The GitHub Action and the CI examples: valid for their CI system, and the action's scripts work."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from _support.paths import ROOT

ACTION = ROOT / "action.yml"
EXAMPLES = ROOT / "examples" / "ci"


def steps() -> dict[str, dict[str, Any]]:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return {step.get("id", step["name"]): step for step in action["runs"]["steps"]}


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        (ACTION, "vendor.github-actions"),
        (EXAMPLES / "github-workflow.yml", "vendor.github-workflows"),
        (EXAMPLES / "gitlab-ci.yml", "vendor.gitlab-ci"),
    ],
    ids=["action", "github-workflow", "gitlab-ci"],
)
def test_valid_for_its_ci_system(path: Path, schema: str) -> None:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema (in the 'test' extra) ships the CI schemas")
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_action_inputs_and_upload() -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    defaults = {name: spec.get("default") for name, spec in action["inputs"].items()}
    # fail-tier is empty by default: the action then passes no --fail-tier, and the config decides.
    assert defaults == {"paths": ".", "fail-tier": "", "sarif": "true", "version": "", "args": ""}
    assert action["runs"]["using"] == "composite"
    upload = steps()["Upload SARIF to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), f"{step['name']}: pass inputs through env, not into the script"


def _reslint() -> str:
    beside = Path(sys.executable).with_name("reslint")
    found = str(beside) if beside.exists() else shutil.which("reslint")
    assert found, "the reslint console script is not installed"
    return found


def _run_step(step: str, tmp_path: Path, **env: str) -> dict[str, str]:
    """Run one step's script as the runner does (bash -e -o pipefail); returns what it wrote to GITHUB_OUTPUT."""
    output = tmp_path / "github_output"
    output.touch()
    script = steps()[step]["run"]
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=tmp_path,
        env={**os.environ, "GITHUB_OUTPUT": str(output), "RUNNER_TEMP": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())


def test_check_step_keeps_the_exit_code_and_writes_sarif(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    outputs = _run_step(
        "check",
        tmp_path,
        RESLINT=_reslint(),
        RESLINT_PATHS=f"{ROOT / 'examples' / 'kubernetes'}\n",
        RESLINT_FAIL_TIER="1",
        RESLINT_SARIF="true",
        RESLINT_ARGS="--exclude search.yaml",
        GITHUB_STEP_SUMMARY=str(summary),
    )
    assert outputs == {"exit-code": "1", "sarif-file": "reslint.sarif"}
    log = json.loads((tmp_path / "reslint.sarif").read_text(encoding="utf-8"))
    results = log["runs"][0]["results"]
    assert results
    assert not any(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("search.yaml") for r in results
    )
    assert "## reslint" in summary.read_text(encoding="utf-8")


def test_check_step_without_sarif(tmp_path: Path) -> None:
    outputs = _run_step(
        "check",
        tmp_path,
        RESLINT=_reslint(),
        RESLINT_PATHS=str(ROOT / "tests/fixtures/rules/RSL201/pass.yaml"),
        RESLINT_FAIL_TIER="0",
        RESLINT_SARIF="false",
        RESLINT_ARGS="",
        GITHUB_STEP_SUMMARY="",
    )
    assert outputs == {"exit-code": "0", "sarif-file": ""}
    assert not (tmp_path / "reslint.sarif").exists()


@pytest.mark.parametrize(("fail_tier", "expected"), [("", "1"), ("1", "0"), ("0", "0")])
def test_check_step_leaves_the_gate_to_the_config_unless_set(tmp_path: Path, fail_tier: str, expected: str) -> None:
    """A tier-2 gap under `fail_tier: 2` fails the action as it fails a local run; an explicit input wins."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".reslint.yaml").write_text("default_tier: 2\nfail_tier: 2\n", encoding="utf-8")
    shutil.copy(ROOT / "tests/fixtures/rules/RSL201/fail.yaml", repo / "app.yaml")
    local = subprocess.run([_reslint(), "check", str(repo)], capture_output=True, text=True, check=False)
    assert local.returncode == 1, local.stdout + local.stderr
    outputs = _run_step(
        "check",
        tmp_path,
        RESLINT=_reslint(),
        RESLINT_PATHS=str(repo),
        RESLINT_FAIL_TIER=fail_tier,
        RESLINT_SARIF="false",
        RESLINT_ARGS="",
        GITHUB_STEP_SUMMARY="",
    )
    assert outputs["exit-code"] == expected


@pytest.mark.network
def test_install_step_installs_the_action_checkout(tmp_path: Path) -> None:
    """Builds reslint from this repository into a virtualenv (needs the package index, as on a runner)."""
    outputs = _run_step("install", tmp_path, RESLINT_SPEC="", RESLINT_ACTION_PATH=str(ROOT))
    version = subprocess.run([outputs["reslint"], "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("reslint ")
