"""Markdown for a pull/merge-request comment or a CI job summary: what blocks first, the rest folded.

Each finding is a list item, not a table row: a table gives the message, the part worth reading,
a sliver of a pull request's width. Locations link to the file at the reviewed commit
(``--link-base``), rule ids to their documentation.

The first line is an HTML comment (``<!-- reslint -->``) that renders as nothing, so a bot can find
and update its previous comment instead of adding a new one on every push.
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import TYPE_CHECKING

from reslint.reporters.text import TextReporter

if TYPE_CHECKING:
    from reslint.errors import Problem
    from reslint.reporting import Finding, RenderOptions, Report

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


#: Where the built-in rules' pages are; a plugin rule links its first reference instead.
RULE_DOCS = "https://github.com/reslint/reslint/blob/main/docs/rules/"
_BUILTIN_RULE = re.compile(r"RSL[0-9]{3}")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _url(text: str) -> str:
    """A link target that cannot close the link or break out of it."""
    return text.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def location(file: str, line: int | None, link_base: str | None) -> str:
    """``file:line`` as code, linked to ``<link_base><file>#L<line>`` when a link base is given."""
    shown = code(f"{file}:{line}" if line else file)
    if not link_base or file.startswith(("<", "/", "..")):
        return shown
    anchor = f"#L{line}" if line else ""
    return f"[{shown}]({_url(link_base.rstrip('/') + '/' + file)}{anchor})"


def rule_link(rule_id: str, references: dict[str, str]) -> str:
    """The rule id in bold, linked to its documentation."""
    target = RULE_DOCS + f"{rule_id}.md" if _BUILTIN_RULE.fullmatch(rule_id) else references.get(rule_id)
    return f"[**{rule_id}**]({_url(target)})" if target else f"**{rule_id}**"


def _item(finding: Finding, names: dict[str, str], references: dict[str, str], link_base: str | None) -> str:
    """One finding as a list item: where and what on the first line, the message on its own line."""
    name = f" {cell(names[finding.rule])}" if finding.rule in names else ""
    level = f"{finding.level}, tier {finding.tier}"
    head = (
        f"- {location(finding.file, finding.line, link_base)} {rule_link(finding.rule, references)}{name}"
        f" · {code(finding.address)} ({level})"
    )
    message = cell(finding.message)
    if finding.evidence:
        message += f" · {code(finding.evidence)}"
    return f"{head}<br>\n  {message}"


def _problems(problems: list[Problem], link_base: str | None) -> list[str]:
    return [f"- {location(p.file, p.line, link_base)} {cell(p.message)}" for p in problems]


def _folded(summary: str, lines: list[str]) -> list[str]:
    """A ``<details>`` block, closed: blank lines around the body so Markdown inside still renders."""
    return ["", f"<details><summary>{summary}</summary>", "", *lines, "", "</details>"]


def render_markdown(report: Report, link_base: str | None = None) -> str:
    """The comment: the verdict, blocking findings and unreadable files in full, the rest folded;
    locations link to *link_base* (``--link-base``) when given."""
    names = {rule.meta.id: rule.meta.name for rule in report.rules}
    references = {rule.meta.id: rule.meta.references[0] for rule in report.rules if rule.meta.references}
    verdict = ":x:" if report.exit_code() else ":white_check_mark:"
    lines = [MARKER, "## reslint", "", f"{verdict} {TextReporter().summary(report, color=False)}"]
    if not report.findings:
        lines += ["", "No findings."]
    blocking = sorted(report.blocking, key=lambda f: f.tier)  # stable: keeps file/line order inside a tier
    if blocking:
        lines += ["", f"### :x: {_plural(len(blocking), 'blocking finding')}", ""]
        lines += [_item(f, names, references, link_base) for f in blocking]
    if report.errors:
        lines += ["", f"### :x: {_plural(len(report.errors), 'file')} reslint could not check", ""]
        lines += _problems(report.errors, link_base)
    rest = sorted((f for f in report.findings if not f.blocking), key=lambda f: f.tier)
    for tier, group in groupby(rest, key=lambda f: f.tier):
        findings = list(group)
        lines += _folded(
            f"Tier {tier}: {_plural(len(findings), 'finding')}, not blocking",
            [_item(f, names, references, link_base) for f in findings],
        )
    if report.skipped:
        lines += _folded(f"Skipped: {_plural(len(report.skipped), 'file')}", _problems(report.skipped, link_base))
    return "\n".join(lines) + "\n"


class MarkdownReporter:
    """``--format markdown``."""

    name = "markdown"
    description = "Markdown for a pull-request comment, grouped by tier"

    def render(self, report: Report, options: RenderOptions) -> str:
        """GitHub/GitLab-flavoured Markdown."""
        return render_markdown(report, options.link_base)
