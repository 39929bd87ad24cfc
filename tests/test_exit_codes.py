"""Exit codes documented completely (README, docs/ci.md, --help) and --write-baseline's one line."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest

from _support.paths import ROOT
from reslint.cli import EXIT_CODES, build_parser, main

if TYPE_CHECKING:
    from pathlib import Path

# The kinds of exit-2 causes --help lists ("- usage: ..."), each of which the docs must name.
CAUSES = re.findall(r"^\s+- ([a-z ]+):", EXIT_CODES, flags=re.MULTILINE)

BAD = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {reslint.io/tier: "1"}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: example/web:1
          readinessProbe: {tcpSocket: {port: 80}}
          livenessProbe: {tcpSocket: {port: 80}}
"""


def test_help_lists_every_cause(capsys: pytest.CaptureFixture[str]) -> None:
    assert CAUSES == ["usage", "configuration", "rule selection", "input", "suppressions", "baseline"]
    for argv in (["--help"], ["check", "--help"]):
        with pytest.raises(SystemExit):
            build_parser().parse_args(argv)
        out = capsys.readouterr().out
        assert "exit codes:" in out and "--write-baseline prints one line" in out
        assert all(f"- {cause}:" in out for cause in CAUSES)


@pytest.mark.parametrize("doc", ["README.md", "docs/ci.md"])
def test_docs_list_every_cause(doc: str) -> None:
    text = " ".join((ROOT / doc).read_text(encoding="utf-8").split())
    for cause in CAUSES:
        assert re.search(rf"\*?\*?{cause}\*?\*? \(|\*\*{cause}\*\*:", text), f"{doc} does not name {cause!r}"
    for detail in ("tier value that is not a tier", "without a reason", "leaves no rule", "--write-baseline"):
        assert detail in text or detail.replace("without a", "no") in text, f"{doc}: {detail}"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.yaml").write_text(BAD)
    return tmp_path


def test_write_baseline_prints_one_line_and_exits_0(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--write-baseline", "base.json", "--format", "json:report.json"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["reslint: recorded 1 finding (1 blocking) in base.json"]
    assert err == ""
    assert json.loads((repo / "report.json").read_text())["summary"]["findings"] == 1  # :FILE reports still written


def test_write_baseline_with_an_error_exits_2_and_says_why(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "app.yaml").write_text("# reslint:ignore RSL101\n" + BAD)  # a suppression without a reason
    assert main(["check", "--write-baseline", "base.json"]) == 2
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "reslint: recorded 1 finding (1 blocking) in base.json; 1 error: findings of the files in error are missing"
    ]
    assert "app.yaml:1: error: reslint:ignore RSL101 needs a reason" in err
    assert (repo / "base.json").exists()


def test_fail_tier_range_names_0(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["check", "--fail-tier", "4"])
    assert raised.value.code == 2
    assert "'4' is not a tier: use 0 (never fail), 1, 2 or 3" in capsys.readouterr().err
