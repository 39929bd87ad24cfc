"""Suppressions (comments, annotations) with reasons and expiry, and baselines that survive edits."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

import pytest

from _support.factories import deployment
from reslint.cli import main

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.reporting import Report

TODAY = date(2026, 11, 26)


def test_comment_above_suppresses_with_reason(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "# reslint:ignore RSL201 singleton by design: leader-elected cron\n" + deployment("a")
    )
    report = lint(tmp_path, today=TODAY)
    assert report.findings == []
    [(finding, suppression)] = report.suppressed
    assert finding.rule == "RSL201" and suppression.reason == "singleton by design: leader-elected cron"
    assert report.unused_suppressions == [] and report.exit_code() == 0


def test_comment_inside_the_resource_applies_to_it(lint: Callable[..., Report], tmp_path: Path) -> None:
    text = deployment("a").replace("spec:\n", "spec:  # reslint:ignore RSL201 -- scaled by an operator\n", 1)
    (tmp_path / "a.yaml").write_text(deployment("other") + "---\n" + text)
    report = lint(tmp_path, today=TODAY)
    assert [f.address for f in report.findings] == ["shop/Deployment/other"]


def test_expired_suppression_lets_the_finding_back(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("# reslint:ignore RSL201 migration pending until=2026-11-25\n" + deployment("a"))
    report = lint(tmp_path, today=TODAY)
    assert [f.rule for f in report.findings] == ["RSL201"]
    [expired] = report.unused_suppressions
    assert "expired on 2026-11-25" in expired.message and expired.line == 1
    (tmp_path / "a.yaml").write_text("# reslint:ignore RSL201 migration pending until=2026-11-26\n" + deployment("a"))
    assert lint(tmp_path, today=TODAY).findings == []  # valid through the whole `until` day


def test_annotation_suppresses(lint: Callable[..., Report], tmp_path: Path) -> None:
    annotations = {"reslint.io/ignore": "RSL201 batch consumer, at-least-once; RSL101 n/a"}
    (tmp_path / "a.yaml").write_text(deployment("a", annotations=annotations))
    report = lint(tmp_path, today=TODAY)
    assert report.findings == [] and len(report.suppressed) == 1
    [unused] = report.unused_suppressions
    assert "RSL101" in unused.message and "matches no finding" in unused.message


@pytest.mark.parametrize(
    "comment",
    [
        "# reslint:ignore RSL201\n",
        "# reslint:ignore RSL201 until=2027-01-01\n",
        "# reslint:ignore RSL201 reason until=2027-13-01\n",
    ],
)
def test_a_suppression_without_reason_or_with_a_bad_date_is_an_error(
    lint: Callable[..., Report], tmp_path: Path, comment: str
) -> None:
    (tmp_path / "a.yaml").write_text(comment + deployment("a"))
    report = lint(tmp_path, today=TODAY)
    assert [f.rule for f in report.findings] == ["RSL201"]  # not applied
    [error] = report.errors
    assert error.line == 1 and report.exit_code() == 2


def test_show_suppressed_lists_them_in_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text("# reslint:ignore RSL201 singleton by design\n" + deployment("a"))
    main(["check", "--format", "json", "."])
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["suppressed"] == 1 and "suppressed" not in data
    main(["check", "--format", "json", "--show-suppressed", "."])
    [entry] = json.loads(capsys.readouterr().out)["suppressed"]
    assert entry["rule"] == "RSL201" and entry["suppression"]["reason"] == "singleton by design"


def test_baseline_survives_an_inserted_line_and_reports_new_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(deployment("a"))
    assert main(["check", "--write-baseline", "baseline.json", "."]) == 0
    recorded = json.loads((tmp_path / "baseline.json").read_text())["findings"]
    assert [entry["rule"] for entry in recorded] == ["RSL201"]
    (tmp_path / "a.yaml").write_text("# a new comment shifts every line\n\n" + deployment("a"))
    capsys.readouterr()
    assert main(["check", "--baseline", "baseline.json", "--format", "json", "."]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["findings"] == [] and data["summary"]["baselined"] == 1
    (tmp_path / "b.yaml").write_text(deployment("b"))
    assert main(["check", "--baseline", "baseline.json", "--format", "json", "."]) == 1
    assert [f["resource"]["address"] for f in json.loads(capsys.readouterr().out)["findings"]] == ["shop/Deployment/b"]


def test_a_broken_baseline_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "baseline.json").write_text("[]")
    assert main(["check", "--baseline", "baseline.json", "."]) == 2
    assert main(["check", "--baseline", "missing.json", "."]) == 2
