"""The command line as CI scripts use it: exit codes, flags, the JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from _support.paths import ROOT
from _support.report_json import ReportJSON, load_report
from reslint.cli import main

if TYPE_CHECKING:
    from pathlib import Path

BAD = """\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: web, labels: {{reslint.io/tier: "{tier}"}}}}
spec:
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers:
        - name: app
          image: example/web:1
          readinessProbe: {{tcpSocket: {{port: 80}}}}
          livenessProbe: {{tcpSocket: {{port: 80}}}}
"""


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, ReportJSON]:
    code = main(["check", "--format", "json", *argv])
    return code, load_report(capsys.readouterr().out)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("tier", "fail_tier", "expected"),
    [
        ("1", "1", 1),
        ("2", "1", 0),
        ("2", "2", 1),
        ("1", "0", 0),
        # Tier-3 findings are notes: --fail-tier 2 lets them pass, 3 makes every finding block (#13).
        ("3", "2", 0),
        ("3", "3", 1),
    ],
)
def test_exit_code_follows_tier_and_fail_tier(
    repo: Path, capsys: pytest.CaptureFixture[str], tier: str, fail_tier: str, expected: int
) -> None:
    (repo / "app.yaml").write_text(BAD.format(tier=tier))
    code, data = run_json(capsys, "--fail-tier", fail_tier, ".")
    assert code == expected
    summary = data["summary"]
    assert isinstance(summary, dict)
    assert summary["exit_code"] == expected and summary["blocking"] == expected


def test_default_tier_applies_to_untagged_resources(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "app.yaml").write_text(BAD.format(tier=1).replace(', labels: {reslint.io/tier: "1"}', ""))
    code, data = run_json(capsys, "--default-tier", "2", ".")
    assert code == 0
    [finding] = data["findings"]
    assert (finding["tier"], finding["level"], finding["tier_source"]) == (2, "warning", "default")


def test_json_report_contract(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "k8s").mkdir()
    (repo / "k8s" / "app.yaml").write_text(BAD.format(tier=1))
    _, data = run_json(capsys, "k8s")
    assert data["tool"] == {"name": "reslint", "version": __import__("reslint").__version__}
    [finding] = data["findings"]
    assert finding["file"] == "k8s/app.yaml" and finding["line"] == 3  # metadata.name: replicas is missing
    assert finding["resource"] == {"address": "default/Deployment/web", "type": "Deployment", "format": "kubernetes"}
    assert finding["rule"] == "RSL201" and finding["category"] == "replicas" and finding["blocking"] is True


def test_parse_error_exits_2_and_is_listed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "bad.yaml").write_text("apiVersion: v1\nkind: Service\nmetadata: {name: [x\n")
    code, data = run_json(capsys, ".")
    assert code == 2
    [error] = data["errors"]
    assert error["file"] == "bad.yaml" and isinstance(error["line"], int)


def test_excluded_files_are_not_read(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "vendor").mkdir()
    (repo / "vendor" / "bad.yaml").write_text("apiVersion: v1\nkind: Service\nmetadata: {name: [x\n")
    (repo / "app.yaml").write_text(BAD.format(tier=3))
    (repo / "kept.yaml").write_text(BAD.format(tier=3))  # a named folder with nothing left to lint is an error
    code, data = run_json(capsys, "--exclude", "vendor", "--exclude", "app.yaml", ".")
    assert code == 0 and data["errors"] == [] and data["summary"]["files"] == 1
    assert [f["file"] for f in data["findings"]] == ["kept.yaml"] * len(data["findings"])


def test_missing_path_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run_json(capsys, "nowhere")
    assert code == 2 and data["errors"] == [{"file": "nowhere", "line": None, "message": "no such file or folder"}]


def test_output_file_and_second_format(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "app.yaml").write_text(BAD.format(tier=1))
    code = main(["check", "--format", "text", "--format", "json:out.json", "--no-color", "."])
    out = capsys.readouterr().out
    assert code == 1
    assert "RSL201" in out and "\x1b[" not in out
    assert json.loads((repo / "out.json").read_text())["summary"]["blocking"] == 1
    assert main(["check", "--output", "again.json", "--format", "json", "."]) == 1
    assert (repo / "again.json").read_text() == (repo / "out.json").read_text()


def test_usage_errors_exit_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "nope", "."]) == 2
    assert "unknown format 'nope'" in capsys.readouterr().err
    assert main(["check", "--format", "text", "--format", "json", "."]) == 2
    with pytest.raises(SystemExit) as caught:
        main(["check", "--default-tier", "4"])
    assert caught.value.code == 2
    assert main(["explain", "RSL999"]) == 2


def test_output_is_byte_for_byte_deterministic(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for index in range(5):
        (repo / f"app{index}.yaml").write_text(BAD.format(tier=1 + index % 3).replace("name: web", f"name: w{index}"))
    main(["check", "--format", "json", "."])
    first = capsys.readouterr().out
    main(["check", "--format", "json", "."])
    assert capsys.readouterr().out == first


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert "RSL201" in listing and "too-few-replicas" in listing
    assert main(["rules", "--format", "json"]) == 0
    assert any(rule["id"] == "RSL101" for rule in json.loads(capsys.readouterr().out))
    assert main(["explain", "too-few-replicas"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# RSL201 too-few-replicas") and "## How to fix it" in text


def test_examples_run_as_the_readme_says() -> None:
    """The README's first command: `reslint check examples/` prints findings and fails on tier 1."""
    result = subprocess.run(
        [sys.executable, "-m", "reslint", "check", "examples/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "examples/kubernetes/payments.yaml" in result.stdout and "RSL201" in result.stdout
    assert "blocking finding" in result.stdout.rstrip("\n").split("\n\n")[-1].splitlines()[0]


def test_version_is_fast_and_imports_nothing_heavy() -> None:
    code = (
        "import sys; from reslint.cli import main; import contextlib, io\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()): main(['--version'])\n"
        "print(sorted(m for m in ('yaml', 'hcl2', 'cfnlint', 'jsonschema', 'pluggy') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_kubernetes_run_does_not_import_terraform_or_cloudformation_parsers(tmp_path: Path) -> None:
    (tmp_path / "app.yaml").write_text(BAD.format(tier=1))
    code = (
        "import sys; from reslint.cli import main\n"
        f"main(['check', '--format', 'json', {str(tmp_path)!r}])\n"
        "heavy = ('hcl2', 'lark', 'tree_sitter', 'tree_sitter_hcl', 'cfnlint', 'jsonschema')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stderr.strip() == "[]"
