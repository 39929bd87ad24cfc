"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers (one run, every rule, every finding).

Paths stay relative to the directory reslint ran in, under the ``%SRCROOT%`` base: the output must be
the same on every machine, and GitHub resolves relative URIs against the repository root.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from reslint.errors import Problem
    from reslint.reporting import Finding, RenderOptions, Report
    from reslint.rule import RuleMeta

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/reslint/reslint"
SRCROOT = "%SRCROOT%"
_DRIVE = re.compile(r"[A-Za-z]:/")
# GitHub treats `security-severity` as a security rule; resilience rules use `problem.severity` instead.
_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}


def _unwrap(text: str) -> str:
    """Catalog prose is hard-wrapped YAML; plain-text viewers show it better as one line per paragraph."""
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in text.split("\n\n"))


def _uri(path: str) -> dict[str, str]:
    """An artifactLocation: relative paths under %SRCROOT%, absolute ones (another drive) as file URIs."""
    if path.startswith("/"):
        return {"uri": "file://" + quote(path)}
    if _DRIVE.match(path):
        return {"uri": "file:///" + quote(path, safe="/:")}
    # A colon stays encoded: in a relative reference's first segment it would read as a scheme.
    return {"uri": quote(path), "uriBaseId": SRCROOT}


def _physical_location(file: str, line: int | None) -> dict[str, object]:
    location: dict[str, object] = {"artifactLocation": _uri(file)}
    # SARIF lines start at 1; a problem without a line (an unreadable file) gets no region.
    if line is not None and line >= 1:
        location["region"] = {"startLine": line}
    return location


def rule_descriptor(meta: RuleMeta) -> dict[str, object]:
    """A reportingDescriptor: what GitHub shows in the alert's rule panel."""
    references = list(meta.references)
    text = f"{_unwrap(meta.rationale)}\n\nHow to fix it: {_unwrap(meta.remediation)}"
    markdown = f"**Why it matters**\n\n{meta.rationale}\n\n**How to fix it**\n\n{meta.remediation}"
    if references:
        text += "\n\nReferences:\n" + "\n".join(references)
        markdown += "\n\n**References**\n\n" + "\n".join(f"- <{ref}>" for ref in references)
    level = meta.level_for(1).value
    descriptor: dict[str, object] = {
        "id": meta.id,
        "name": meta.name,
        "shortDescription": {"text": meta.title},
        "fullDescription": {"text": _unwrap(meta.rationale)},
        "help": {"text": text, "markdown": markdown},
    }
    if references:
        descriptor["helpUri"] = references[0]
    descriptor["defaultConfiguration"] = {"level": level}
    properties: dict[str, object] = {
        "tags": ["resilience", meta.category],
        "problem.severity": _PROBLEM_SEVERITY[level],
        # The rule's lifecycle: stable, preview or deprecated, and the version that first shipped it.
        "status": meta.status.value,
    }
    if meta.since is not None:
        properties["since"] = meta.since
    descriptor["properties"] = properties
    return descriptor


def result(
    finding: Finding, rule_index: int | None, edits: tuple[tuple[str, int, int, int, int, str], ...] = ()
) -> dict[str, object]:
    """One finding as a SARIF result; *edits* are the replacements ``reslint fix`` makes for it."""
    text = f"{finding.address}: {finding.message}"
    if finding.evidence:
        text += f" (evidence: {finding.evidence})"
    if finding.fix:
        text += f"; fix: {finding.fix}"
    entry: dict[str, object] = {"ruleId": finding.rule}
    # A report built without rule metadata (a plugin's own tests) still yields valid SARIF.
    if rule_index is not None:
        entry["ruleIndex"] = rule_index
    properties: dict[str, object] = {
        "tier": finding.tier,
        "tier_source": finding.tier_source,
        "blocking": finding.blocking,
        "category": finding.category,
        "resource": {"address": finding.address, "type": finding.type, "format": finding.format},
    }
    if finding.fix:
        # The fix for this resource in its own spelling; the rule's `help` has the general text.
        properties["fix"] = finding.fix
    entry.update(
        {
            "level": finding.level,
            "message": {"text": text},
            "locations": [{"physicalLocation": _physical_location(finding.file, finding.line)}],
            "partialFingerprints": {"reslint/v1": finding.fingerprint},
            "properties": properties,
        }
    )
    if edits:
        entry["fixes"] = [_fix(finding.fix or finding.remediation, edits)]
    return entry


def _fix(description: str, edits: tuple[tuple[str, int, int, int, int, str], ...]) -> dict[str, object]:
    """A SARIF fix: per file, replacements of regions (an empty region is an insertion)."""
    files: dict[str, list[dict[str, object]]] = {}
    for file, start_line, start_column, end_line, end_column, text in edits:
        files.setdefault(file, []).append(
            {
                "deletedRegion": {
                    "startLine": start_line,
                    "startColumn": start_column,
                    "endLine": end_line,
                    "endColumn": end_column,
                },
                "insertedContent": {"text": text},
            }
        )
    return {
        "description": {"text": description},
        "artifactChanges": [
            {"artifactLocation": _uri(file), "replacements": replacements}
            for file, replacements in sorted(files.items())
        ],
    }


def _notification(problem: Problem, level: str) -> dict[str, object]:
    return {
        "level": level,
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": _physical_location(problem.file, problem.line)}],
    }


def sarif_log(report: Report) -> dict[str, object]:
    """The whole log as JSON-ready data."""
    metas = sorted((rule.meta for rule in report.rules), key=lambda meta: meta.id)
    index = {meta.id: position for position, meta in enumerate(metas)}
    # Skipped files are reported as notes so a viewer shows what was deliberately not linted.
    notifications = [_notification(p, "error") for p in report.errors]
    notifications += [_notification(p, "note") for p in report.skipped]
    invocation: dict[str, object] = {"executionSuccessful": not report.errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "reslint",
                "version": report.version,
                "semanticVersion": report.version,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(meta) for meta in metas],
            }
        },
        "automationDetails": {"id": "reslint/"},
        "originalUriBaseIds": {
            SRCROOT: {
                "description": {"text": "The directory reslint ran in; result paths are relative to it."},
            }
        },
        "invocations": [invocation],
        "results": [result(f, index.get(f.rule), report.fix_edits.get(f.fingerprint, ())) for f in report.findings],
    }
    if report.config_file is not None:  # which configuration gated this run
        run["properties"] = {"config": report.config_file}
    if report.fix_edits:
        run["columnKind"] = "unicodeCodePoints"  # fix regions count characters, as reslint reads files
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


class SarifReporter:
    """``--format sarif``."""

    name = "sarif"
    description = "SARIF 2.1.0 for GitHub code scanning and SARIF viewers"

    def render(self, report: Report, options: RenderOptions) -> str:
        """Indented, stable JSON."""
        return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
