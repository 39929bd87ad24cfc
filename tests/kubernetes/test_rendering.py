"""Rendered sources mapped back: --stdin-filename, Helm ``# Source:`` comments, Kustomize folders
rendered with the real ``kubectl kustomize`` and Helm charts with ``helm template``."""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reslint.cli import main

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.reporting import Report

KUSTOMIZE = shutil.which("kubectl") or shutil.which("kustomize")
needs_kustomize = pytest.mark.skipif(KUSTOMIZE is None, reason="neither kubectl nor kustomize is installed")
needs_helm = pytest.mark.skipif(shutil.which("helm") is None, reason="helm is not installed")

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: api}}
  template:
    metadata:
      labels: {{app: api}}
    spec:
      containers:
        - name: api
          image: nginx
"""


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def layout(root: Path, base_replicas: int, patch_replicas: int) -> None:
    """A base Deployment and a prod overlay whose patch sets the replica count."""
    write(root, "base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
    write(root, "base/deployment.yaml", DEPLOYMENT.format(replicas=base_replicas))
    write(root, "overlays/prod/kustomization.yaml", "resources:\n  - ../../base\npatches:\n  - path: replicas.yaml\n")
    write(
        root,
        "overlays/prod/replicas.yaml",
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: {patch_replicas}\n",
    )


def located(report: Report, rule_id: str, root: Path) -> list[tuple[str, int]]:
    """Where *rule_id*'s findings point, relative to *root*."""
    return [
        (Path(f.file).resolve().relative_to(root.resolve()).as_posix(), f.line)
        for f in report.findings
        if f.rule == rule_id
    ]


@needs_kustomize
def test_the_overlay_value_wins_over_the_base(lint: Callable[..., Report], tmp_path: Path) -> None:
    layout(tmp_path, base_replicas=1, patch_replicas=3)
    report = lint(tmp_path)
    assert report.errors == []
    assert located(report, "RSL201", tmp_path) == []  # the base says 1, the prod overlay 3: no finding
    # Findings on fields only the base writes point into the base, once (not again for the base alone).
    assert located(report, "RSL301", tmp_path) == [("base/deployment.yaml", 14)]


@needs_kustomize
def test_a_value_set_by_a_patch_points_into_the_patch(lint: Callable[..., Report], tmp_path: Path) -> None:
    layout(tmp_path, base_replicas=3, patch_replicas=1)
    report = lint(tmp_path)
    [finding] = [f for f in report.findings if f.rule == "RSL201"]
    assert finding.file.endswith("overlays/prod/replicas.yaml")
    assert finding.line == 6
    assert finding.evidence is not None and "replicas: 1" in finding.evidence
    assert "kustomize" in finding.evidence and "overlays/prod" in finding.evidence
    assert report.snippets[(finding.file, finding.line)] == "  replicas: 1"


@needs_kustomize
def test_json6902_inline_patch_and_name_prefix(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, "base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
    write(tmp_path, "base/deployment.yaml", DEPLOYMENT.format(replicas=3))
    write(
        tmp_path,
        "dev/kustomization.yaml",
        (
            "namePrefix: dev-\n"
            "resources:\n  - ../base\n"
            "patches:\n"
            "  - target: {kind: Deployment, name: api}\n"
            "    patch: |-\n"
            "      - op: replace\n"
            "        path: /spec/replicas\n"
            "        value: 1\n"
        ),
    )
    report = lint(tmp_path)
    [finding] = [f for f in report.findings if f.rule == "RSL201"]
    assert finding.address == "default/Deployment/dev-api"
    assert finding.file.endswith("dev/kustomization.yaml")
    assert finding.line == 7  # the `- op: replace` entry of the inline patch


@needs_kustomize
def test_rendered_overlay_on_stdin_maps_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    layout(tmp_path, base_replicas=3, patch_replicas=1)
    monkeypatch.chdir(tmp_path)
    rendered = subprocess.run(
        ["kubectl", "kustomize", "overlays/prod"]
        if shutil.which("kubectl")
        else ["kustomize", "build", "overlays/prod"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    monkeypatch.setattr(sys, "stdin", _Stdin(rendered))
    code = main(["check", "-", "--stdin-filename", "overlays/prod", "--format", "github", "--no-config"])
    out = capsys.readouterr().out
    assert code == 1
    assert "file=overlays/prod/replicas.yaml,line=6" in out
    assert "file=base/deployment.yaml,line=14" in out  # the container, written only in the base
    assert "<stdin>" not in out


def test_remote_bases_are_refused_before_any_tool_runs(
    lint: Callable[..., Report], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "ran"
    bin_dir = _fake_tool(tmp_path, "kubectl", f"touch {marker}\n")
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    write(
        tmp_path / "repo",
        "overlay/kustomization.yaml",
        (
            "resources:\n  - https://github.com/example/app//base?ref=v1\n  - deployment.yaml\n"
            "components:\n  - ../../../outside\n"
            "helmCharts:\n  - {name: x, repo: https://charts.example.com}\n"
        ),
    )
    write(tmp_path / "repo", "overlay/deployment.yaml", DEPLOYMENT.format(replicas=1))
    report = lint(tmp_path / "repo")
    assert not marker.exists()
    reasons = " | ".join(p.message for p in report.skipped)
    assert "remote resources entry 'https://github.com/example/app//base?ref=v1' is not fetched" in reasons
    assert "components entry '../../../outside' leaves the scan root" in reasons
    assert "`helmCharts` inflates Helm charts" in reasons
    assert all("kubectl kustomize" in p.message and "--stdin-filename" in p.message for p in report.skipped)
    # The overlay's own files are not linted as if the overlay did not exist.
    assert report.findings == [] and report.errors == []


def test_without_kubectl_or_kustomize_a_notice_says_how(
    lint: Callable[..., Report], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    layout(tmp_path, base_replicas=1, patch_replicas=3)
    report = lint(tmp_path)
    assert report.findings == []  # the base's replicas: 1 is fixed by the overlay: no finding
    [notice] = report.skipped
    assert notice.file.endswith("overlays/prod/kustomization.yaml")
    assert "neither kubectl nor kustomize is on PATH" in notice.message
    assert "kubectl kustomize" in notice.message and "--stdin-filename" in notice.message


@needs_kustomize
def test_a_kustomization_the_tool_rejects_is_an_error(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, "app/kustomization.yaml", "resources:\n  - deployment.yaml\npatches:\n  - path: p.yaml\n")
    write(tmp_path, "app/deployment.yaml", DEPLOYMENT.format(replicas=1))
    write(
        tmp_path,
        "app/p.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: missing\nspec:\n  replicas: 2\n",
    )
    report = lint(tmp_path)
    [error] = report.errors
    assert error.file.endswith("app/kustomization.yaml") and "failed" in error.message
    assert report.exit_code() == 2


HELM_OUTPUT = """\
---
# Source: api/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: rel-api
spec:
  ports: [{port: 80}]
---
# Source: api/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: rel-api
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: api
          image: nginx
"""

TEMPLATE = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-api
  labels:
    {{- include "api.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - name: api
          image: nginx
"""


def chart(root: Path) -> Path:
    write(root, "charts/api/Chart.yaml", "apiVersion: v2\nname: api\nversion: 0.1.0\n")
    write(root, "charts/api/values.yaml", "replicaCount: 1\n")
    write(root, "charts/api/templates/deployment.yaml", TEMPLATE)
    return root / "charts/api"


def test_helm_output_on_stdin_maps_to_the_chart_templates(
    lint: Callable[..., Report], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart(tmp_path)
    monkeypatch.chdir(tmp_path)
    report = lint(stdin=HELM_OUTPUT, stdin_filename="charts/api")
    replicas = next(f for f in report.findings if f.rule == "RSL201")
    assert (replicas.file, replicas.line) == ("charts/api/templates/deployment.yaml", 8)
    assert report.snippets[(replicas.file, replicas.line)] == "  replicas: {{ .Values.replicaCount }}"
    probe = next(f for f in report.findings if f.rule == "RSL301")
    assert (probe.file, probe.line) == ("charts/api/templates/deployment.yaml", 12)
    assert all(f.file.startswith("charts/api/templates/") for f in report.findings)


def test_helm_output_without_a_chart_keeps_helms_paths(
    lint: Callable[..., Report], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    report = lint(stdin=HELM_OUTPUT)
    assert {f.file for f in report.findings} == {"api/templates/deployment.yaml"}
    replicas = next(f for f in report.findings if f.rule == "RSL201")
    assert replicas.line == 6  # the line within that template's rendered output (no template to read)


def test_stdin_filename_names_plain_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", _Stdin(DEPLOYMENT.format(replicas=1)))
    code = main(["check", "-", "--stdin-filename", "k8s/api.yaml", "--format", "sarif", "--no-config"])
    out = capsys.readouterr().out
    assert code == 1
    assert '"uri": "k8s/api.yaml"' in out and "stdin" not in out


def test_stdin_filename_needs_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "examples", "--stdin-filename", "x.yaml"]) == 2
    assert "--stdin-filename names standard input" in capsys.readouterr().err


def test_chart_templates_without_helm_say_which_chart(
    lint: Callable[..., Report], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.chdir(tmp_path)
    chart(tmp_path)
    report = lint(Path("charts"))
    [notice] = report.skipped
    assert "helm template charts/api | reslint check - --stdin-filename charts/api" in notice.message


def test_a_chart_is_rendered_with_helm_template(
    lint: Callable[..., Report], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a stand-in ``helm`` on PATH: what reslint runs, and where the findings land."""
    calls = tmp_path / "calls"
    output = tmp_path / "out.yaml"
    output.write_text(HELM_OUTPUT, encoding="utf-8")
    bin_dir = _fake_tool(tmp_path, "helm", f'echo "$@" >> {calls}; cat {output}\n')
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.chdir(tmp_path)
    chart(tmp_path)
    write(tmp_path, "prod.yaml", "replicaCount: 1\n")
    report = lint(Path("charts"), helm_values=("prod.yaml",))
    assert calls.read_text().split() == [
        "template",
        str((tmp_path / "charts/api").resolve()),
        "--values",
        str((tmp_path / "prod.yaml").resolve()),
    ]
    assert report.skipped == [] and report.errors == []
    replicas = next(f for f in report.findings if f.rule == "RSL201")
    assert (replicas.file, replicas.line) == ("charts/api/templates/deployment.yaml", 8)


@needs_helm
def test_real_helm_renders_a_chart(
    lint: Callable[..., Report], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    chart(tmp_path)
    write(tmp_path, "charts/api/templates/_helpers.tpl", '{{- define "api.labels" -}}\napp: api\n{{- end }}\n')
    report = lint(Path("charts"))
    assert report.errors == [] and report.skipped == []
    replicas = next(f for f in report.findings if f.rule == "RSL201")
    assert (replicas.file, replicas.line) == ("charts/api/templates/deployment.yaml", 8)


class _Stdin:
    def __init__(self, text: str) -> None:
        self.text = text

    def read(self) -> str:
        return self.text


def _fake_tool(root: Path, name: str, body: str) -> Path:
    bin_dir = root / "bin"
    bin_dir.mkdir(exist_ok=True)
    tool = bin_dir / name
    tool.write_text("#!/bin/sh\n" + body, encoding="utf-8")  # a stand-in for the user's tool
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    return bin_dir


def test_a_base_whose_overlay_is_outside_the_scan_says_lint_the_overlay(
    lint: Callable[..., Report], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    layout(tmp_path, base_replicas=1, patch_replicas=3)
    monkeypatch.chdir(tmp_path)
    report = lint(Path("base"))
    assert report.findings == []  # replicas: 1 is what the overlay fixes
    [notice] = report.skipped
    assert notice.file == "base/kustomization.yaml"
    assert "a base of the Kustomize overlay overlays/prod" in notice.message
    assert "reslint check overlays/prod" in notice.message


def test_a_symlink_leaving_the_scan_root_is_refused(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, "outside/deployment.yaml", DEPLOYMENT.format(replicas=1))
    write(tmp_path, "repo/app/kustomization.yaml", "resources:\n  - linked.yaml\n")
    (tmp_path / "repo/app/linked.yaml").symlink_to(tmp_path / "outside/deployment.yaml")
    report = lint(tmp_path / "repo")
    [notice] = report.skipped
    assert "resources entry 'linked.yaml' leaves the scan root" in notice.message
    assert report.findings == []


def test_an_invalid_kustomization_is_an_error_with_its_line(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, "app/kustomization.yaml", "resources:\n  - a.yaml\n - b.yaml\n")
    write(tmp_path, "app/a.yaml", DEPLOYMENT.format(replicas=1))
    report = lint(tmp_path)
    [error] = report.errors
    assert error.file.endswith("app/kustomization.yaml") and error.line == 3
    assert error.message.startswith("invalid YAML")
    assert report.exit_code() == 2
