"""GitLab Code Quality (``artifacts:reports:codequality``): a JSON array of Code Climate issues.

Severity says what a finding does to the pipeline first, then how loud its rule is:

==========================================  ==========
finding                                     severity
==========================================  ==========
a file reslint could not check (exit 2)     blocker
blocking finding (fails the job, exit 1)    critical
``error`` level, not blocking               major
``warning`` level, not blocking             minor
``note``                                    info
==========================================  ==========

GitLab merges issues with equal fingerprints into one, so every issue gets a distinct fingerprint
that stays stable across runs (no line number in it).
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reslint.errors import Problem
    from reslint.reporting import Finding, RenderOptions, Report

_NOT_BLOCKING = {"error": "major", "warning": "minor", "note": "info"}
ERROR_CHECK = "reslint-error"


def severity(finding: Finding) -> str:
    """The Code Quality severity of a finding (see the module docstring)."""
    return "critical" if finding.blocking else _NOT_BLOCKING[finding.level]


class _Fingerprints:
    """A finding's own fingerprint, re-hashed with a counter when two findings share it."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def unique(self, fingerprint: str) -> str:
        count = self._seen.get(fingerprint, 0)
        self._seen[fingerprint] = count + 1
        if not count:
            return fingerprint
        return hashlib.sha256(f"{fingerprint}\x1f{count}".encode()).hexdigest()[:32]


def _location(file: str, line: int | None) -> dict[str, object]:
    # Code Quality lines start at 1 and are required; an unreadable file has no line of its own.
    return {"path": file, "lines": {"begin": max(line or 1, 1)}}


def _issue(
    description: str, check: str, fingerprint: str, level: str, location: dict[str, object]
) -> dict[str, object]:
    # type and categories are ignored by GitLab but make the file valid Code Climate for other readers.
    return {
        "type": "issue",
        "description": description,
        "check_name": check,
        "categories": ["Bug Risk"],
        "fingerprint": fingerprint,
        "severity": level,
        "location": location,
    }


def _problem_issue(problem: Problem, fingerprints: _Fingerprints) -> dict[str, object]:
    key = "\x1f".join((ERROR_CHECK, problem.file, problem.message))
    fingerprint = fingerprints.unique(hashlib.sha256(key.encode()).hexdigest()[:32])
    description = f"reslint could not check this file: {problem.message}"
    return _issue(description, ERROR_CHECK, fingerprint, "blocker", _location(problem.file, problem.line))


def code_quality(report: Report) -> list[dict[str, object]]:
    """The issues: unreadable files first, then findings in report order."""
    fingerprints = _Fingerprints()
    issues = [_problem_issue(p, fingerprints) for p in report.errors]
    for f in report.findings:
        description = f"{f.rule} {f.address}: {f.message}"
        if f.evidence:
            description += f" ({f.evidence})"
        fingerprint = fingerprints.unique(f.fingerprint)
        issues.append(_issue(description, f.rule, fingerprint, severity(f), _location(f.file, f.line)))
    return issues


class GitlabReporter:
    """``--format gitlab``."""

    name = "gitlab"
    description = "GitLab Code Quality report (merge-request widget)"

    def render(self, report: Report, options: RenderOptions) -> str:
        """Indented JSON array, UTF-8 without BOM (GitLab rejects a BOM)."""
        return json.dumps(code_quality(report), indent=2, ensure_ascii=False) + "\n"
