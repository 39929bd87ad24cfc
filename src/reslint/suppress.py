"""Suppressions: ``# reslint:ignore RSL201 reason until=2027-03-31`` next to a resource, a
``reslint.io/ignore`` label, annotation or tag, or what a format attaches (CloudFormation Metadata).

Every suppression needs a reason. After its ``until`` date the findings come back. A suppression
that matches no finding is reported, so stale ones get cleaned up.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import TYPE_CHECKING

from reslint.errors import Problem
from reslint.reporting import SuppressionOutcome
from reslint.suppressions import parse

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from reslint.formats import SourceFile
    from reslint.model import Resource, Suppression
    from reslint.reporting import Finding

IGNORE_TAG = "reslint.io/ignore"
#: ``# ...``, ``// ...`` and ``/* ... */`` comments (YAML; HCL's three kinds); a block comment's
#: reason ends at ``*/`` or at the end of its first line.
_COMMENT = re.compile(r"(?:#|//|/\*)\s*reslint:\s*ignore\b(?P<body>.*?)(?:\*/.*)?$")
_FILLER = re.compile(r"^\s*(#.*|//.*|/\*.*|\*.*|---\s*|)$")
#: Where a tag or Metadata suppression is written: the ``reslint.io/ignore`` key, or CloudFormation's
#: ``reslint:`` Metadata key (not a ``reslint:ignore`` comment).
_TAG_LINE = re.compile(r"reslint\.io/ignore")
_METADATA_LINE = re.compile(r"""(?:^|[\s{,"'])["']?reslint["']?\s*:(?!\s*ignore\b)""")


def attach(resources: Sequence[Resource], sources: Iterable[SourceFile]) -> list[Problem]:
    """Attach comment and tag suppressions to their resources; return malformed ones as errors."""
    errors: list[Problem] = []
    by_file: dict[str, list[Resource]] = {}
    sources = list(sources)
    texts = {source.path: source.text for source in sources}
    for resource in resources:
        by_file.setdefault(resource.file, []).append(resource)
    split: dict[str, list[str]] = {}
    for resource in resources:
        if not resource.suppressions and all(key != IGNORE_TAG for key, _ in resource.tags):
            continue  # the common case: nothing to place, and no need to read the file's lines
        if resource.file not in split and resource.file in texts:
            split[resource.file] = texts[resource.file].splitlines()
        placed = _written_at(resource, by_file[resource.file], split.get(resource.file))
        if resource.suppressions:
            # A format's own suppressions (CloudFormation Metadata) point at the resource: move them
            # to the Metadata key, so "matches no finding" names the line to delete.
            metadata_line = placed(_METADATA_LINE)
            resource.suppressions[:] = [
                dataclasses.replace(s, line=metadata_line) if s.line == resource.line else s
                for s in resource.suppressions
            ]
        for key, value in resource.tags:
            if key == IGNORE_TAG:
                for entry in re.split(r"[;\n]", str(value)):
                    if entry.strip():
                        _add(parse(entry, resource.file, placed(_TAG_LINE)), resource, errors)
    for source in sources:
        if "reslint:" not in source.text or source.path not in by_file:
            continue
        owners = sorted(by_file[source.path], key=lambda r: r.line)
        lines = source.text.splitlines()
        for number, text in enumerate(lines, start=1):
            match = _COMMENT.search(text)
            if match is None:
                continue
            # A block comment that goes on past this line belongs where it ends.
            end = number
            if text[match.start() :].startswith("/*") and "*/" not in text[match.start() :]:
                end = next((n for n in range(number + 1, len(lines) + 1) if "*/" in lines[n - 1]), number)
            owner = _owner(owners, lines, end)
            suppression = parse(match.group("body"), source.path, number)
            if owner is None:
                errors.append(Problem(source.path, number, "reslint:ignore is not next to a resource"))
            else:
                _add(suppression, owner, errors)
    return errors


def _written_at(
    resource: Resource, neighbours: list[Resource], lines: list[str] | None
) -> Callable[[re.Pattern[str]], int]:
    """Finds the first line of the resource's own text (up to the next resource in its file) that
    matches a pattern; the resource's first line when none does or the text is not at hand."""
    if lines is None:
        return lambda pattern: resource.line
    end = min((r.line for r in neighbours if r.line > resource.line), default=len(lines) + 1)

    def find(pattern: re.Pattern[str]) -> int:
        return next(
            (n for n in range(resource.line, end) if 0 < n <= len(lines) and pattern.search(lines[n - 1])),
            resource.line,
        )

    return find


def _add(parsed: Suppression | Problem, resource: Resource, errors: list[Problem]) -> None:
    if isinstance(parsed, Problem):
        errors.append(parsed)
    else:
        resource.suppressions.append(parsed)


def _owner(owners: list[Resource], lines: list[str], number: int) -> Resource | None:
    """The resource a comment on line *number* belongs to.

    A comment above a resource, separated from it only by comments, blank lines or ``---``,
    belongs to it; otherwise the comment is inside (or after) the closest resource above.
    """
    following = next((r for r in owners if r.line > number), None)
    if following is not None and all(_FILLER.match(lines[i - 1]) for i in range(number + 1, following.line)):
        return following
    preceding = [r for r in owners if r.line <= number]
    return preceding[-1] if preceding else None


def apply(findings: Sequence[Finding], resources: Sequence[Resource], today: date) -> SuppressionOutcome:
    """Drop suppressed findings; expired suppressions let findings through and are reported."""
    outcome = SuppressionOutcome()
    by_resource = {(r.file, r.address): r.suppressions for r in resources if r.suppressions}
    used: set[int] = set()
    for finding in findings:
        match = next(
            (s for s in by_resource.get((finding.file, finding.address), ()) if finding.rule in s.rules),
            None,
        )
        if match is not None and (match.until is None or date.fromisoformat(match.until) >= today):
            outcome.suppressed.append((finding, match))
            used.add(id(match))
        else:
            if match is not None:
                used.add(id(match))
            outcome.kept.append(finding)
    for suppressions in by_resource.values():
        for suppression in suppressions:
            rules = ",".join(suppression.rules)
            if suppression.until is not None and date.fromisoformat(suppression.until) < today:
                outcome.unused.append(
                    Problem(
                        suppression.file, suppression.line, f"suppression of {rules} expired on {suppression.until}"
                    )
                )
            elif id(suppression) not in used:
                outcome.unused.append(
                    Problem(suppression.file, suppression.line, f"suppression of {rules} matches no finding")
                )
    return outcome
