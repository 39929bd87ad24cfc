"""The text reports for people: ``text`` (a few lines per finding) and ``concise`` (one line each).

Every finding starts with ``path:line:col:``, which terminals, editors and ``grep`` understand.
``text`` wraps at 80 columns (a message is wrapped, never cut), marks blocking findings with the
word ``BLOCKING`` (colour is only a help), and shows a fix once per rule and resource kind unless
``--show-fixes`` asks for all of them; ``--statistics`` replaces the findings with counts per rule.
A finding ``reslint fix`` can edit is marked ``[fixable]``, and a line before the summary counts
them (as ruff's ``[*]``).
"""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reslint.errors import Problem
    from reslint.reporting import Finding, RenderOptions, Report

WIDTH = 80
INDENT = "    "
_COLORS = {"error": "31", "warning": "33", "note": "36", "path": "1", "dim": "2", "ok": "32"}
#: After the tier marker of a finding ``reslint fix`` can edit.
FIXABLE = " [fixable]"
# Stands for a space that wrapping must not break at (inside "[tier 1, BLOCKING]").
_GLUE = "\x00"


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_COLORS[style]}m{text}\x1b[0m" if color else text


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _wrap(text: str, indent: str = INDENT, first: str = "") -> list[str]:
    """Lines of at most WIDTH columns; words longer than a line (paths) stay whole."""
    lines = textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace(_GLUE, " ") for line in lines] or [first.rstrip()]


def _join(parts: list[str], separator: str) -> list[str]:
    """*parts* joined by *separator* into lines of at most WIDTH columns, breaking only between parts
    (the summary line: joining its lines with the separator gives the one-line form)."""
    lines = [parts[0]]
    for part in parts[1:]:
        if len(lines[-1]) + len(separator) + len(part) <= WIDTH:
            lines[-1] += separator + part
        else:
            lines.append(part)
    return lines


def general_fix(remediation: str) -> str:
    """The first sentence of a rule's general remediation (up to its list of cases)."""
    text = " ".join(remediation.split("\n\n", maxsplit=1)[0].split())
    for stop in (": ", ". "):
        if stop in text:
            text = text.split(stop, maxsplit=1)[0]
    return text.rstrip(".")


def marker(finding: Finding) -> str:
    """``tier 1, blocking`` or ``tier 2, warning``: what the finding does to the run, in words."""
    return f"tier {finding.tier}, {'blocking' if finding.blocking else finding.level}"


def column(report: Report, finding: Finding) -> int:
    """The column of the first character on the finding's line (1 without a source line)."""
    snippet = report.snippets.get((finding.file, finding.line), "")
    return len(snippet) - len(snippet.lstrip()) + 1 if snippet.strip() else 1


def location(report: Report, finding: Finding) -> str:
    return f"{finding.file}:{finding.line}:{column(report, finding)}:"


def problem_location(problem: Problem) -> str:
    """``path:line:`` or, for a problem without a line (a missing path), ``path:``."""
    return f"{problem.file}:{problem.line}:" if problem.line else f"{problem.file}:"


def statistics(report: Report) -> list[str]:
    """Findings per rule, most first (``--statistics``)."""
    names = {rule.meta.id: rule.meta.name for rule in report.rules}
    counts = Counter(f.rule for f in report.findings)
    blocking = Counter(f.rule for f in report.findings if f.blocking)
    if not counts:
        return []
    width = len(str(max(counts.values())))
    lines = []
    for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        text = f"{count:>{width}}  {rule}  {names.get(rule, '')}".rstrip()
        if blocking[rule]:
            text += f" ({blocking[rule]} blocking)"
        lines += _wrap(text, indent=" " * (width + 2))
    return lines


class TextReporter:
    """``--format text`` (the default)."""

    name = "text"
    description = "findings with source, evidence and fix, for people (80 columns)"

    def render(self, report: Report, options: RenderOptions) -> str:
        """Findings (or statistics), errors, suppressions, skipped files and a one-line summary."""
        lines: list[str] = []
        color = options.color
        if options.statistics:
            lines += statistics(report)
        else:
            lines += self.findings(report, options)
        if lines:
            lines.append("")
        lines += sections(report, options)
        if hint := fixable_hint(report):
            lines += [*hint, ""]  # the summary stays a paragraph of its own
        last = _join(summary(report).split(" · "), " · ")
        last[0] = last[0].replace(verdict(report), self.summary(report, color).split(" · ")[0], 1)
        return "\n".join(lines + last) + "\n"

    def summary(self, report: Report, color: bool) -> str:
        """The summary line, its verdict coloured (also the GitHub step summary's and the PR comment's)."""
        style = "error" if report.blocking else "ok"
        return summary(report).replace(verdict(report), _paint(verdict(report), style, color), 1)

    def findings(self, report: Report, options: RenderOptions) -> list[str]:
        color = options.color
        lines: list[str] = []
        shown = report.blocking if options.quiet else report.findings
        fixes_shown: set[tuple[str, str, str]] = set()
        left_out = 0
        for f in shown:
            mark = f"[{marker(f).replace(' ', _GLUE)}]".replace("blocking", "BLOCKING")
            header = _wrap(f"{location(report, f)} {f.rule} {mark}{FIXABLE * f.fixable}")
            if color:
                style = "error" if f.blocking else f.level
                plain = mark.replace(_GLUE, " ")
                header[0] = header[0].replace(location(report, f), _paint(location(report, f), "path", color), 1)
                header = [line.replace(plain, _paint(plain, style, color), 1) for line in header]
            lines += header
            lines += _wrap(f"{f.address}: {f.message}", first=INDENT)
            if options.quiet:
                continue
            snippet = report.snippets.get((f.file, f.line), "").strip()
            if snippet:
                room = WIDTH - len(INDENT) - 2
                cut = snippet if len(snippet) <= room else snippet[: room - 1] + "…"
                lines.append(_paint(f"{INDENT}| {cut}", "dim", color))
            detail = f"tier {f.tier} ({f.tier_source})"
            if f.evidence:
                origin = f" (from {f.evidence_origin})" if f.evidence_origin else ""
                detail = f"{f.evidence}{origin} · {detail}"
            lines += [_paint(line, "dim", color) for line in _wrap(detail, first=INDENT)]
            fix = f.fix or f"{general_fix(f.remediation)} (reslint explain {f.rule})"
            key = (f.rule, f.type, fix)
            if options.show_fixes or key not in fixes_shown:
                fixes_shown.add(key)
                lines += _wrap(f"fix: {fix}", first=INDENT, indent=INDENT + "     ")
            else:
                left_out += 1
        if left_out:
            fixes = "1 repeated fix" if left_out == 1 else f"{left_out} repeated fixes"
            lines.append(_paint(f"({fixes} left out: --show-fixes shows every one)", "dim", color))
        return lines


class ConciseReporter:
    """``--format concise``: one line per finding, for editors, ``grep`` and quick reading."""

    name = "concise"
    description = "one line per finding: path:line:col: RULE [tier N, blocking] resource: message"

    def render(self, report: Report, options: RenderOptions) -> str:
        """One line per finding (or the statistics), then errors and the summary line."""
        color = options.color
        if options.statistics:
            lines = statistics(report)
        else:
            shown = report.blocking if options.quiet else report.findings
            lines = [
                f"{_paint(location(report, f), 'path', color)} {f.rule} "
                f"{_paint(f'[{marker(f)}]', 'error' if f.blocking else f.level, color)}{FIXABLE * f.fixable} "
                f"{f.address}: {f.message}"
                for f in shown
            ]
        lines += [f"{problem_location(p)} error: {p.message}" for p in report.errors]
        lines += [f"{problem_location(p)} {p.message}" for p in report.unused_suppressions]
        lines += fixable_hint(report)
        lines.append(summary(report))
        return "\n".join(lines) + "\n"


def fixable_hint(report: Report) -> list[str]:
    """``N findings fixable with `reslint fix```, when there are any (the line before the summary)."""
    count = sum(f.fixable for f in report.findings)
    return [f"{_plural(count, 'finding')} fixable with `reslint fix` (it shows the diff first)"] if count else []


def sections(report: Report, options: RenderOptions) -> list[str]:
    """Errors, suppressed findings (with ``--show-suppressed``), suppressions to clean up and
    skipped files, each under a heading."""
    lines: list[str] = []
    if report.errors:
        lines.append(_paint("errors", "error", options.color))
        for p in report.errors:
            lines += _wrap(f"{problem_location(p)} {p.message}", first="  ")
        lines.append("")
    if options.show_suppressed and report.suppressed:
        lines.append("suppressed")
        for f, s in report.suppressed:
            until = f" until {s.until}" if s.until else ""
            lines += _wrap(f"{f.file}:{f.line}: {f.rule} {f.address}: {s.reason}{until}", first="  ")
        lines.append("")
    if report.unused_suppressions:
        lines.append("suppressions to clean up")
        for p in report.unused_suppressions:
            lines += _wrap(f"{problem_location(p)} {p.message}", first="  ")
        lines.append("")
    if report.skipped:
        lines.append("skipped")
        for p in report.skipped:
            lines += _wrap(f"{p.file}: {p.message}", first="  ")
        lines.append("")
    return lines


def verdict(report: Report) -> str:
    """What the gate decided, and under which ``--fail-tier``."""
    blocking = len(report.blocking)
    if blocking:
        tiers = ", ".join(f"tier {tier}: {count}" for tier, count in report.blocking_by_tier().items())
        return f"{_plural(blocking, 'blocking finding')} ({tiers})"
    if report.fail_tier == 0:
        return "--fail-tier 0: never fails"
    return f"nothing blocking at tier <= {report.fail_tier}"


def summary(report: Report) -> str:
    """The gate line a reviewer reads: what blocks and at which tiers, what was read, what was accepted."""
    parts = [
        verdict(report),
        _plural(len(report.findings), "finding"),
        f"{_plural(report.resources, 'resource')} in {_plural(report.files, 'file')}, "
        f"{report.untiered_resources} without a tier of their own",
        f"{report.rules_run} of {_plural(len(report.rules), 'rule')}",
        f"config {report.config_file}" if report.config_file else "no config file",
    ]
    if report.suppressed:
        parts.append(f"{len(report.suppressed)} suppressed")
    if report.baselined:
        parts.append(f"{report.baselined} in the baseline")
    if report.errors:
        parts.append(_plural(len(report.errors), "error"))
    if report.skipped:
        parts.append(f"{len(report.skipped)} skipped")
    return " · ".join(parts)
