"""GitLab Code Quality: the array GitLab's merge-request widget reads."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from _support.factories import finding
from _support.golden import CASES
from reslint.errors import Problem
from reslint.reporters.gitlab import GitlabReporter
from reslint.reporting import RenderOptions

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.reporting import Report

SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def issues(report: Report) -> list[dict[str, Any]]:
    text = GitlabReporter().render(report, RenderOptions())
    assert not text.startswith("\ufeff")
    data: list[dict[str, Any]] = json.loads(text)
    return data


@pytest.mark.parametrize("case", sorted(CASES))
def test_issues_have_what_gitlab_requires(case: str, case_report: Callable[[str], Report]) -> None:
    report = case_report(case)
    found = issues(report)
    assert isinstance(found, list)
    assert len(found) == len(report.findings) + len(report.errors)
    for issue in found:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert issue["severity"] in SEVERITIES
        assert not issue["location"]["path"].startswith("/")
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["location"]["lines"]["begin"] >= 1
    fingerprints = [issue["fingerprint"] for issue in found]
    assert len(fingerprints) == len(set(fingerprints))


@pytest.mark.parametrize(
    ("changes", "severity"),
    [
        ({}, "critical"),
        ({"level": "warning", "tier": 2, "blocking": True}, "critical"),
        ({"level": "error", "blocking": False}, "major"),
        ({"level": "warning", "tier": 2, "blocking": False}, "minor"),
        ({"level": "note", "tier": 3, "blocking": False}, "info"),
    ],
)
def test_severity_mapping(changes: dict[str, object], severity: str, make_report: Callable[..., Report]) -> None:
    (issue,) = issues(make_report([finding(**changes)]))
    assert issue["severity"] == severity


def test_issue_fields(make_report: Callable[..., Report]) -> None:
    f = finding()
    (issue,) = issues(make_report([f]))
    assert issue == {
        "type": "issue",
        "description": "RSL201 shop/Deployment/web: runs 1 replica; tier 1 requires at least 2 (replicas: 1)",
        "check_name": "RSL201",
        "categories": ["Bug Risk"],
        "fingerprint": f.fingerprint,
        "severity": "critical",
        "location": {"path": "k8s/app.yaml", "lines": {"begin": 7}},
    }


def test_fingerprint_ignores_the_line(make_report: Callable[..., Report]) -> None:
    (before,) = issues(make_report([finding(line=7)]))
    (after,) = issues(make_report([finding(line=42)]))
    assert before["fingerprint"] == after["fingerprint"]


def test_equal_findings_still_get_distinct_stable_fingerprints(make_report: Callable[..., Report]) -> None:
    report = make_report(
        [finding(line=7), finding(line=9)], errors=[Problem("x.yaml", None, "a"), Problem("x.yaml", None, "a")]
    )
    first = [issue["fingerprint"] for issue in issues(report)]
    assert len(set(first)) == 4
    assert first == [issue["fingerprint"] for issue in issues(report)]


def test_unreadable_file_is_a_blocker(make_report: Callable[..., Report]) -> None:
    (issue,) = issues(make_report(errors=[Problem("bad.yaml", None, "invalid YAML")]))
    assert issue["severity"] == "blocker"
    assert issue["check_name"] == "reslint-error"
    assert issue["location"] == {"path": "bad.yaml", "lines": {"begin": 1}}


def test_clean_run_is_an_empty_array(make_report: Callable[..., Report]) -> None:
    assert GitlabReporter().render(make_report(), RenderOptions()) == "[]\n"
