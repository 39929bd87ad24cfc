"""Every report format, byte for byte, on the examples, a rule fixture, a clean file and a broken folder."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from _support.factories import reporters
from _support.golden import CASES, SUFFIXES
from _support.paths import ROOT
from reslint.cli import main
from reslint.reporting import RenderOptions

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.reporting import Report


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str, fmt: str, case_report: Callable[[str], Report], golden: Callable[[str, str], None]) -> None:
    golden(f"{case}.{SUFFIXES[fmt]}", reporters()[fmt].render(case_report(case), RenderOptions()))


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
def test_color_changes_nothing(fmt: str, case_report: Callable[[str], Report]) -> None:
    report = case_report("examples")
    reporter = reporters()[fmt]
    assert reporter.render(report, RenderOptions(color=True)) == reporter.render(report, RenderOptions())


def test_two_scans_render_identically(case_report: Callable[[str], Report]) -> None:
    first, second = case_report("examples"), case_report("examples")
    for reporter in reporters().values():
        assert reporter.render(first, RenderOptions()) == reporter.render(second, RenderOptions())


def test_output_does_not_depend_on_hash_seed(tmp_path: Path) -> None:
    """Two processes with different string hashing write identical files (no set or dict-order leaks)."""
    outputs = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        folder.mkdir()
        args = [
            arg for fmt in ("sarif", "junit", "gitlab", "markdown") for arg in ("--format", f"{fmt}:{folder / fmt}")
        ]
        env = {key: value for key, value in os.environ.items() if key != "GITHUB_STEP_SUMMARY"}
        result = subprocess.run(
            [sys.executable, "-m", "reslint", "check", *CASES["examples"], *args, "--format", "github"],
            cwd=ROOT,
            env={**env, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1, result.stderr
        outputs.append(
            [result.stdout]
            + [(folder / fmt).read_text(encoding="utf-8") for fmt in ("sarif", "junit", "gitlab", "markdown")]
        )
    assert outputs[0] == outputs[1]


def test_cli_writes_several_formats(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    golden: Callable[[str, str], None],
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    code = main(
        [
            "check",
            *CASES["examples"],
            "--no-color",
            "--format",
            "text",
            "--format",
            f"sarif:{sarif}",
            "--format",
            f"junit:{junit}",
        ]
    )
    assert code == 1
    out = capsys.readouterr().out
    assert "RSL201" in out
    assert "blocking finding" in out.rstrip("\n").split("\n\n")[-1].splitlines()[0]
    # The command line adds the `fixes` that `reslint fix` makes, which a report alone does not carry.
    golden("examples.cli.sarif", sarif.read_text(encoding="utf-8"))
    golden("examples.junit.xml", junit.read_text(encoding="utf-8"))


def test_cli_parse_error_still_writes_reports(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    golden: Callable[[str, str], None],
) -> None:
    monkeypatch.chdir(ROOT)
    gitlab = tmp_path / "gl-code-quality-report.json"
    code = main(["check", *CASES["problems"], "--format", "markdown", "--format", f"gitlab:{gitlab}"])
    assert code == 2
    golden("problems.md", capsys.readouterr().out)
    golden("problems.gitlab.json", gitlab.read_text(encoding="utf-8"))


def test_formats_are_registered(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats"]) == 0
    listed = {line.split()[0] for line in capsys.readouterr().out.splitlines()}
    assert set(SUFFIXES) <= listed
