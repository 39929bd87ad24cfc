"""The JSON report (``src/reslint/schemas/report.schema.json``) as types, for tests that read it.

``load_report`` validates the text against the schema before it gives the document this type, so
the cast states what the validation has just checked. Keys the schema makes optional are in the
``total=False`` halves.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, TypedDict, cast

import jsonschema


class ToolJSON(TypedDict):
    name: str
    version: str


class ResourceJSON(TypedDict):
    address: str
    type: str
    format: str


class _FindingRequired(TypedDict):
    rule: str
    category: str
    level: str
    tier: int
    blocking: bool
    message: str
    remediation: str
    file: str
    line: int
    resource: ResourceJSON


class FindingJSON(_FindingRequired, total=False):
    tier_source: str
    evidence: str | None
    fix: str | None
    fixable: bool
    fingerprint: str


class ProblemJSON(TypedDict):
    file: str
    line: int | None
    message: str


class _SummaryRequired(TypedDict):
    files: int
    resources: int
    findings: int
    blocking: int
    fail_tier: int
    by_level: dict[str, int]
    by_tier: dict[str, int]
    errors: int
    exit_code: int


class SummaryJSON(_SummaryRequired, total=False):
    resources_by_format: dict[str, int]
    untiered_resources: int
    rules_run: int
    rules_total: int
    skipped: int
    blocking_by_tier: dict[str, int]
    suppressed: int
    baselined: int
    unused_suppressions: int


class _ReportRequired(TypedDict):
    tool: ToolJSON
    summary: SummaryJSON
    findings: list[FindingJSON]
    errors: list[ProblemJSON]


class ReportJSON(_ReportRequired, total=False):
    config: str | None
    skipped: list[ProblemJSON]
    unused_suppressions: list[ProblemJSON]
    suppressed: list[dict[str, Any]]


def report_schema() -> dict[str, Any]:
    """The JSON report's schema, as installed with the package."""
    text = (resources.files("reslint") / "schemas" / "report.schema.json").read_text(encoding="utf-8")
    return cast("dict[str, Any]", json.loads(text))


def load_report(text: str) -> ReportJSON:
    """*text*, a JSON report, validated against the schema."""
    document = json.loads(text)
    jsonschema.Draft202012Validator(report_schema()).validate(document)
    return cast("ReportJSON", document)
