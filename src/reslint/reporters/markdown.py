"""Markdown for a pull/merge-request comment or a CI job summary: findings grouped by tier.

The first line is an HTML comment (``<!-- reslint -->``) that renders as nothing, so a bot can find
and update its previous comment instead of adding a new one on every push.
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import TYPE_CHECKING

from reslint.reporters.text import TextReporter

if TYPE_CHECKING:
    from reslint.formats import Problem
    from reslint.reporting import Finding, Report

MARKER = "<!-- reslint -->"
_BACKTICKS = re.compile("`+")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Escaped with a backslash: what would start emphasis, code, links or strike-through, and column breaks.
_PUNCTUATION = frozenset("\\`*_[]~|")


def cell(text: str) -> str:
    """Plain text safe in a table cell: no HTML, no emphasis or code, no column breaks; ``<br>`` lines."""
    escaped = "".join(_ENTITIES.get(char, f"\\{char}" if char in _PUNCTUATION else char) for char in text)
    return "<br>".join(escaped.splitlines())


def code(text: str) -> str:
    """A code span that survives backticks and pipes in *text* (HTML entities would show literally)."""
    flat = " ".join(text.splitlines()).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _level(finding: Finding) -> str:
    return f"**{finding.level}**" if finding.blocking else f"{finding.level} (not blocking)"


def _row(finding: Finding, names: dict[str, str]) -> str:
    rule = code(finding.rule)
    if finding.rule in names:
        rule += f" {cell(names[finding.rule])}"
    message = cell(finding.message)
    if finding.evidence:
        message += f" · {code(finding.evidence)}"
    location = code(f"{finding.file}:{finding.line}")
    return f"| {_level(finding)} | {rule} | {code(finding.address)} | {location} | {message} |"


def _problem_rows(problems: list[Problem]) -> list[str]:
    rows = ["| File | Line | Message |", "| --- | --- | --- |"]
    rows += [f"| {code(p.file)} | {p.line or '-'} | {cell(p.message)} |" for p in problems]
    return rows


def render_markdown(report: Report) -> str:
    """The comment: a summary line, one table per tier (tier 1 first), then errors and skipped files."""
    names = {rule.meta.id: rule.meta.name for rule in report.rules}
    verdict = ":x:" if report.exit_code() else ":white_check_mark:"
    lines = [MARKER, "## reslint", "", f"{verdict} {TextReporter().summary(report, color=False)}"]
    if not report.findings:
        lines += ["", "No findings."]
    by_tier = sorted(report.findings, key=lambda f: f.tier)  # stable: keeps file/line order inside a tier
    for tier, group in groupby(by_tier, key=lambda f: f.tier):
        findings = list(group)
        blocking = sum(1 for f in findings if f.blocking)
        title = f"Tier {tier}: {_plural(len(findings), 'finding')}"
        if blocking:
            title += f", {blocking} blocking"
        lines += ["", f"### {title}", "", "| Level | Rule | Resource | Location | Message |",
                  "| --- | --- | --- | --- | --- |"]
        lines += [_row(f, names) for f in findings]
    if report.errors:
        lines += ["", f"### {_plural(len(report.errors), 'error')} (files reslint could not check)", ""]
        lines += _problem_rows(report.errors)
    if report.skipped:
        lines += ["", f"### Skipped ({len(report.skipped)})", ""]
        lines += _problem_rows(report.skipped)
    return "\n".join(lines) + "\n"


class MarkdownReporter:
    """``--format markdown``."""

    name = "markdown"
    description = "Markdown for a pull-request comment, grouped by tier"

    def render(self, report: Report, color: bool) -> str:
        """GitHub/GitLab-flavoured Markdown."""
        return render_markdown(report)
