"""Baselines: record today's findings, then report only new ones (adopting reslint on an estate).

Format version 2 (this one) records each finding's fingerprint: rule, file relative to the
repository root, resource address and member (container), never the message or line, so edits
above a finding and improvements that do not fix it keep it accepted. Version 1 baselines (which
hashed the message) are still read: their entries match on rule, file and resource, and a notice
asks for the file to be rewritten. Entries that match no finding are reported, like unused
suppressions, so fixed gaps leave the baseline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reslint.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from reslint.reporting import Finding

BASELINE_VERSION = 2
READABLE_VERSIONS = (1, 2)


@dataclass(frozen=True)
class Entry:
    """One recorded finding."""

    fingerprint: str
    rule: str
    file: str
    resource: str


@dataclass
class Baseline:
    """The findings a baseline file accepts."""

    source: str = ""
    version: int = BASELINE_VERSION
    entries: tuple[Entry, ...] = ()
    #: Former rule ids and names -> the current id, so version-1 entries written before a rename match.
    renamed: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_key: dict[tuple[str, ...], Entry] = {}
        for entry in self.entries:
            key = (
                (entry.fingerprint,)
                if self.version > 1
                else (self.renamed.get(entry.rule, entry.rule), entry.file, entry.resource)
            )
            self._by_key.setdefault(key, entry)

    def entry_for(self, finding: Finding) -> Entry | None:
        """The entry that accepts *finding*, or None."""
        key = (finding.fingerprint,) if self.version > 1 else (finding.rule, finding.file, finding.address)
        return self._by_key.get(key)


def write_baseline(path: Path, findings: Sequence[Finding]) -> None:
    """Record the findings by fingerprint, with rule, file and resource for people to read."""
    entries = sorted(
        {
            f.fingerprint: {
                "fingerprint": f.fingerprint,
                "rule": f.rule,
                "file": f.project_file or f.file,
                "resource": f.address,
            }
            for f in findings
        }.values(),
        key=lambda e: (e["file"], e["rule"], e["resource"], e["fingerprint"]),
    )
    document = {"tool": "reslint", "version": BASELINE_VERSION, "findings": entries}
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def read_baseline(path: Path, renamed: dict[str, str] | None = None) -> Baseline:
    """A baseline file; anything unreadable or of an unknown version is a UsageError."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict) or document.get("tool") != "reslint":
            raise ValueError('not a reslint baseline (no "tool": "reslint")')
        version = document.get("version")
        if version not in READABLE_VERSIONS:
            raise ValueError(
                f"baseline version {version!r} is not one this reslint reads "
                f"({', '.join(map(str, READABLE_VERSIONS))}); rewrite it with --write-baseline"
            )
        entries = tuple(
            Entry(str(e["fingerprint"]), str(e["rule"]), str(e["file"]), str(e["resource"]))
            for e in document["findings"]
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(f"{path}: cannot use as a baseline: {exc}") from exc
    return Baseline(str(path), version, entries, dict(renamed or {}))
