"""GitHub Actions workflow commands and the job summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from _support.factories import finding
from reslint.errors import Problem
from reslint.reporters.github import GithubReporter, escape_data, escape_property, fit_summary
from reslint.reporters.markdown import MARKER
from reslint.reporters.text import TextReporter
from reslint.reporting import RenderOptions

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.reporting import Report


def test_escaping_follows_the_workflow_command_rules() -> None:
    assert escape_data("50% of\r\nreplicas: a,b") == "50%25 of%0D%0Areplicas: a,b"
    assert escape_property("50% of\nreplicas: a,b") == "50%25 of%0Areplicas%3A a%2Cb"


@pytest.mark.parametrize(
    ("changes", "command"),
    [
        ({}, "error"),
        ({"level": "warning", "tier": 2, "blocking": True}, "error"),  # --fail-tier 2
        ({"level": "warning", "tier": 2, "blocking": False}, "warning"),
        ({"level": "error", "blocking": False}, "warning"),  # --fail-tier 0
        ({"level": "note", "tier": 3, "blocking": False}, "notice"),
    ],
)
def test_command_follows_what_the_finding_does_to_the_run(
    changes: dict[str, object], command: str, make_report: Callable[..., Report]
) -> None:
    out = GithubReporter(environ={}).render(make_report([finding(**changes)]), RenderOptions())
    assert out.splitlines()[0].startswith(f"::{command} file=k8s/app.yaml,line=7,title=RSL201%3A ")


def test_annotation_carries_message_evidence_and_fix(make_report: Callable[..., Report]) -> None:
    out = GithubReporter(environ={}).render(make_report([finding(file="a,b:c.yaml")]), RenderOptions())
    first = out.splitlines()[0]
    assert first == (
        "::error file=a%2Cb%3Ac.yaml,line=7,title=RSL201%3A Workload runs fewer replicas than its tier requires"
        "::shop/Deployment/web: runs 1 replica; tier 1 requires at least 2%0Atier 1 (tag) · replicas: 1"
        "%0Afix: Set the replica count to at least 2."
    )
    assert out.splitlines()[-1] == TextReporter().summary(make_report([finding()]), color=False)


def test_problems_come_first_and_lines_are_optional(make_report: Callable[..., Report]) -> None:
    report = make_report([finding()], errors=[Problem("bad.yaml", None, "cannot read: denied")])
    lines = GithubReporter(environ={}).render(report, RenderOptions()).splitlines()
    assert lines[0] == "::error file=bad.yaml,title=reslint could not check this file::cannot read: denied"
    assert lines[1].startswith("::error file=k8s/app.yaml,line=7,")


def test_summary_is_appended_to_the_step_summary_file(tmp_path: Path, make_report: Callable[..., Report]) -> None:
    summary = tmp_path / "step_summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    reporter = GithubReporter(environ={"GITHUB_STEP_SUMMARY": str(summary)})
    out = reporter.render(make_report([finding()]), RenderOptions())
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(f"earlier step\n{MARKER}\n## reslint\n")
    assert "`shop/Deployment/web`" in text
    assert "::" not in text
    assert "## reslint" not in out


def test_no_summary_file_without_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_report: Callable[..., Report]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    GithubReporter().render(make_report([finding()]), RenderOptions())
    assert list(tmp_path.iterdir()) == []


def test_process_environment_is_read_at_render_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_report: Callable[..., Report]
) -> None:
    reporter = GithubReporter()
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    reporter.render(make_report(), RenderOptions())
    assert "No findings." in summary.read_text(encoding="utf-8")


def test_unwritable_summary_is_a_warning_not_a_crash(tmp_path: Path, make_report: Callable[..., Report]) -> None:
    reporter = GithubReporter(environ={"GITHUB_STEP_SUMMARY": str(tmp_path / "missing" / "summary.md")})
    lines = reporter.render(make_report([finding()]), RenderOptions()).splitlines()
    assert lines[0].startswith("::error ")
    assert lines[1].startswith("::warning::reslint could not write the job summary: ")


def test_summary_is_cut_at_a_line_under_the_limit() -> None:
    markdown = "".join(f"| row {n} |\n" for n in range(1000))
    assert fit_summary(markdown, limit=len(markdown.encode())) == markdown
    cut = fit_summary(markdown, limit=100)
    kept, note = cut[: cut.index("\n_Truncated")], cut[cut.index("\n_Truncated") :]
    assert len(kept.encode()) <= 100
    assert kept.endswith("|\n")
    assert "1 MiB" in note
