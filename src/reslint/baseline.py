"""Baselines: record today's findings, then report only new ones (adopting reslint on an estate)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from reslint.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from reslint.reporting import Finding

BASELINE_VERSION = 1


def write_baseline(path: Path, findings: list[Finding]) -> None:
    """Record the findings by fingerprint (rule, file, resource, message: no line, so edits above survive)."""
    entries = sorted(
        ({"fingerprint": f.fingerprint, "rule": f.rule, "file": f.file, "resource": f.address} for f in findings),
        key=lambda e: (e["file"], e["rule"], e["resource"], e["fingerprint"]),
    )
    document = {"tool": "reslint", "version": BASELINE_VERSION, "findings": entries}
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def read_baseline(path: Path) -> set[str]:
    """The fingerprints a baseline file records."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("tool") != "reslint" or document.get("version") != BASELINE_VERSION:
            raise ValueError("not a reslint baseline (version 1)")
        return {str(entry["fingerprint"]) for entry in document["findings"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(f"{path}: cannot use as a baseline: {exc}") from exc
