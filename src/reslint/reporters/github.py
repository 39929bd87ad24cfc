"""GitHub Actions: workflow-command annotations on stdout, and a job summary.

Each finding becomes ``::error``, ``::warning`` or ``::notice`` by what it does to the run, not by
its level alone: a blocking finding is an error, a finding that does not block is a warning (a
note is a notice), so the annotations never disagree with the check's status.

GitHub shows only the first 10 error and 10 warning annotations of a step, so the full list also
goes to the job summary: when ``GITHUB_STEP_SUMMARY`` names a file (as it does in every Actions
step), the Markdown report is appended to it. That append is this reporter's only side effect.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from reslint.reporters.markdown import render_markdown
from reslint.reporters.text import TextReporter

if TYPE_CHECKING:
    from collections.abc import Mapping

    from reslint.errors import Problem
    from reslint.reporting import Finding, RenderOptions, Report

#: GitHub rejects a step summary over 1 MiB; leave room for the truncation note.
SUMMARY_LIMIT = 1024 * 1024 - 1024


def escape_data(text: str) -> str:
    """A workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (``file=``, ``title=``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, message: str, file: str, line: int | None, title: str) -> str:
    properties = f"file={escape_property(file)}"
    if line:
        properties += f",line={line}"
    properties += f",title={escape_property(title)}"
    return f"::{kind} {properties}::{escape_data(message)}"


def _kind(finding: Finding) -> str:
    if finding.blocking:
        return "error"
    return "notice" if finding.level == "note" else "warning"


def finding_command(finding: Finding, titles: Mapping[str, str]) -> str:
    """The annotation of one finding: what, where, and how to fix it."""
    title = f"{finding.rule}: {titles[finding.rule]}" if finding.rule in titles else finding.rule
    detail = f"tier {finding.tier} ({finding.tier_source})"
    if finding.evidence:
        detail += f" · {finding.evidence}"
    fix = finding.fix or " ".join(finding.remediation.split("\n\n")[0].split())
    message = f"{finding.address}: {finding.message}\n{detail}\nfix: {fix}"
    return _command(_kind(finding), message, finding.file, finding.line, title)


def problem_command(problem: Problem) -> str:
    """The annotation of a file reslint could not check."""
    return _command("error", problem.message, problem.file, problem.line, "reslint could not check this file")


def fit_summary(markdown: str, limit: int = SUMMARY_LIMIT) -> str:
    """*markdown* cut at a line boundary to at most *limit* UTF-8 bytes, saying so when cut."""
    if len(markdown.encode()) <= limit:
        return markdown
    kept: list[str] = []
    size = 0
    for line in markdown.splitlines(keepends=True):
        size += len(line.encode())
        if size > limit:
            break
        kept.append(line)
    return "".join(kept) + "\n_Truncated: the summary is limited to 1 MiB. Use `--format sarif` or `json` for all._\n"


class GithubReporter:
    """``--format github``."""

    name = "github"
    description = "GitHub Actions annotations, and a job summary when GITHUB_STEP_SUMMARY is set"

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        # None reads the process environment at render time (tests pass their own mapping).
        self._environ = environ

    def render(self, report: Report, options: RenderOptions) -> str:
        """Problems first (they are what GitHub's 10-per-type cap must not hide), then the findings."""
        titles = {rule.meta.id: rule.meta.title for rule in report.rules}
        lines = [problem_command(p) for p in report.errors]
        lines += [finding_command(f, titles) for f in report.findings]
        environ = os.environ if self._environ is None else self._environ
        summary = environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            try:
                with Path(summary).open("a", encoding="utf-8") as handle:
                    handle.write(fit_summary(render_markdown(report, options.link_base)))
            except OSError as exc:
                # The annotations and the exit code matter more than the summary: report, carry on.
                lines.append(f"::warning::{escape_data(f'reslint could not write the job summary: {exc}')}")
        lines.append(TextReporter().summary(report, color=False))
        return "\n".join(lines) + "\n"
