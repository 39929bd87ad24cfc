"""The JSON report: the contract CI scripts read (schema: ``reslint/schemas/report.schema.json``)."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reslint.errors import Problem
    from reslint.reporting import Finding, RenderOptions, Report


def report_dict(report: Report, show_suppressed: bool = False) -> dict[str, object]:
    """The report as JSON-ready data, keys in a fixed order."""
    findings = report.findings
    data: dict[str, object] = {
        "tool": {"name": "reslint", "version": report.version},
        "config": report.config_file,
        "summary": {
            "files": report.files,
            "resources": report.resources,
            "resources_by_format": report.resources_by_format,
            "untiered_resources": report.untiered_resources,
            "findings": len(findings),
            "blocking": len(report.blocking),
            "fail_tier": report.fail_tier,
            "rules_run": report.rules_run,
            "rules_total": len(report.rules),
            "by_level": {level: sum(1 for f in findings if f.level == level) for level in ("error", "warning", "note")},
            "by_tier": {str(tier): count for tier, count in sorted(Counter(f.tier for f in findings).items())},
            "blocking_by_tier": {str(tier): count for tier, count in report.blocking_by_tier().items()},
            "suppressed": len(report.suppressed),
            "baselined": report.baselined,
            "unused_suppressions": len(report.unused_suppressions),
            "errors": len(report.errors),
            "skipped": len(report.skipped),
            "exit_code": report.exit_code(),
        },
        "findings": [finding_dict(f) for f in findings],
        "errors": [problem_dict(p) for p in report.errors],
        "skipped": [problem_dict(p) for p in report.skipped],
        "unused_suppressions": [problem_dict(p) for p in report.unused_suppressions],
    }
    if show_suppressed:
        data["suppressed"] = [
            {
                **finding_dict(finding),
                "suppression": {"reason": s.reason, "until": s.until, "file": s.file, "line": s.line},
            }
            for finding, s in report.suppressed
        ]
    return data


def finding_dict(finding: Finding) -> dict[str, object]:
    """One finding as the JSON report spells it."""
    return {
        "rule": finding.rule,
        "category": finding.category,
        "level": finding.level,
        "tier": finding.tier,
        "tier_source": finding.tier_source,
        "blocking": finding.blocking,
        "message": finding.message,
        "evidence": finding.evidence,
        # Additive: present only when the evaluator knows where the quoted value is set.
        **({"evidence_origin": finding.evidence_origin} if finding.evidence_origin is not None else {}),
        "remediation": finding.remediation,
        "fix": finding.fix,
        "fixable": finding.fixable,
        "file": finding.file,
        "line": finding.line,
        "resource": {"address": finding.address, "type": finding.type, "format": finding.format},
        "fingerprint": finding.fingerprint,
    }


def problem_dict(problem: Problem) -> dict[str, object]:
    """An error or a skipped file."""
    return {"file": problem.file, "line": problem.line, "message": problem.message}


class JsonReporter:
    """``--format json``."""

    name = "json"
    description = "machine-readable report for scripts (schema in the package)"

    def render(self, report: Report, options: RenderOptions) -> str:
        """Indented, stable JSON."""
        return json.dumps(report_dict(report, options.show_suppressed), indent=2, ensure_ascii=False) + "\n"
