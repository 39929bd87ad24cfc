"""The text report for people: findings grouped by file, then errors, then a summary line."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reslint.reporting import Report

_COLORS = {"error": "31", "warning": "33", "note": "36", "path": "1", "dim": "2", "ok": "32"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_COLORS[style]}m{text}\x1b[0m" if color else text


def _first_paragraph(text: str) -> str:
    return " ".join(text.split("\n\n", maxsplit=1)[0].split())


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class TextReporter:
    """``--format text`` (the default)."""

    name = "text"
    description = "findings grouped by file, for people"

    def render(self, report: Report, color: bool) -> str:
        """Findings, errors, skipped files and a one-line summary."""
        lines: list[str] = []
        shown = [f for f in report.findings if f.blocking] if report.quiet else report.findings
        for file, group in groupby(shown, key=lambda f: f.file):
            lines.append(_paint(file, "path", color))
            for f in group:
                level = _paint(f"{f.level:<7}", f.level, color)
                marker = "" if f.blocking else _paint(" (not blocking)", "dim", color)
                lines.append(f"  {f.line:>4}  {level} {f.rule}  {f.address}: {f.message}{marker}")
                if report.quiet:
                    continue
                snippet = report.snippets.get((f.file, f.line))
                if snippet is not None and snippet.strip():
                    lines.append(_paint(f"        | {snippet.strip()[:150]}", "dim", color))
                detail = f"tier {f.tier} ({f.tier_source})"
                if f.evidence:
                    detail += f" · {f.evidence}"
                lines.append(_paint(f"        {detail}", "dim", color))
                lines.append(_paint(f"        fix: {_first_paragraph(f.remediation)}", "dim", color))
            lines.append("")
        if report.errors:
            lines.append(_paint("errors", "error", color))
            lines += [f"  {p.file}:{p.line or '-'}: {p.message}" for p in report.errors]
            lines.append("")
        if report.show_suppressed and report.suppressed:
            lines.append("suppressed")
            for f, s in report.suppressed:
                until = f" until {s.until}" if s.until else ""
                lines.append(f"  {f.file}:{f.line} {f.rule} {f.address}: {s.reason}{until}")
            lines.append("")
        if report.unused_suppressions:
            lines.append("suppressions to clean up")
            lines += [f"  {p.file}:{p.line or '-'}: {p.message}" for p in report.unused_suppressions]
            lines.append("")
        if report.skipped:
            lines.append("skipped")
            lines += [f"  {p.file}: {p.message}" for p in report.skipped]
            lines.append("")
        lines.append(self.summary(report, color))
        return "\n".join(lines) + "\n"

    def summary(self, report: Report, color: bool) -> str:
        """The gate line a reviewer reads: what blocks and at which tiers, what was read, what was accepted."""
        blocking = len(report.blocking)
        if blocking:
            tiers = ", ".join(f"tier {tier}: {count}" for tier, count in report.blocking_by_tier().items())
            verdict = _paint(f"{_plural(blocking, 'blocking finding')} ({tiers})", "error", color)
        else:
            verdict = _paint(f"nothing blocking at tier <= {report.fail_tier}", "ok", color)
        parts = [
            verdict,
            _plural(len(report.findings), "finding"),
            f"{_plural(report.resources, 'resource')} in {_plural(report.files, 'file')}, "
            f"{report.untiered_resources} without a tier of their own",
        ]
        parts.append(f"{report.rules_run} of {_plural(len(report.rules), 'rule')}")
        parts.append(f"config {report.config_file}" if report.config_file else "no config file")
        if report.suppressed:
            parts.append(f"{len(report.suppressed)} suppressed")
        if report.baselined:
            parts.append(f"{report.baselined} in the baseline")
        if report.errors:
            parts.append(_paint(_plural(len(report.errors), "error"), "error", color))
        if report.skipped:
            parts.append(f"{len(report.skipped)} skipped")
        return " · ".join(parts)
