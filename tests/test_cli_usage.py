"""Command-line errors that help: the command's own usage, "did you mean", the valid tier range."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reslint.cli import main

if TYPE_CHECKING:
    from pathlib import Path


def _fails(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    return capsys.readouterr().err


def test_a_mistyped_flag_shows_the_command_usage_and_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    err = _fails(["check", "--fail-teir", "2"], capsys)
    assert err.startswith("usage: reslint check ")
    assert err.rstrip().endswith(
        "reslint check: error: unrecognized arguments: --fail-teir; did you mean '--fail-tier'?"
    )
    err = _fails(["check", "--formt=json"], capsys)
    assert "unrecognized arguments: --formt=json; did you mean '--format'?" in err
    err = _fails(["--versoin"], capsys)
    assert "did you mean '--version'?" in err


def test_an_unknown_command_gets_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    err = _fails(["chek", "."], capsys)
    assert err.rstrip().endswith("reslint: error: unknown command 'chek'; did you mean 'check'?")
    assert "did you mean" not in _fails(["frobnicate"], capsys)


def test_explain_suggests_a_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "RSL21"]) == 2
    assert "did you mean 'RSL201'?" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("flag", "value", "valid"),
    [
        ("--fail-tier", "4", "use 0 (never fail), 1, 2 or 3"),
        ("--fail-tier", "-1", "use 0 (never fail), 1, 2 or 3"),
        ("--default-tier", "0", "use 1, 2 or 3"),
    ],
)
def test_tier_errors_name_the_valid_range(
    flag: str, value: str, valid: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _fails(["check", f"{flag}={value}", "."], capsys)
    assert err.startswith("usage: reslint check ")
    assert f"argument {flag}: '{value}' is not a tier: {valid}" in err


def test_fail_tier_help_names_the_range(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "N from 0 to 3: 0 never fails" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("fail_tier", ["0", "1", "2", "3"])
def test_every_fail_tier_in_the_range_is_accepted(
    fail_tier: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    assert main(["check", "--no-color", "--fail-tier", fail_tier, "."]) == 0


def test_a_missing_path_reads_well(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for layout in ("text", "concise"):
        assert main(["check", "--no-color", "--format", layout, "nosuchdir"]) == 2
        out = capsys.readouterr().out
        assert "nosuchdir: " in out and ":-:" not in out and "no such file" in out


def test_an_unknown_format_gets_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "concize", "."]) == 2
    assert "unknown format 'concize'; did you mean 'concise'? (choose from concise, " in capsys.readouterr().err
