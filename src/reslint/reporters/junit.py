"""JUnit XML for CI test-report views (GitLab ``artifacts:reports:junit``, Jenkins ``junit``).

Shape: one ``<testsuite>`` per file; in it one ``<testcase>`` per (rule, resource) pair that has
findings, with ``classname`` = the file (GitLab shows it as the suite) and a name unique in the whole
report (GitLab keeps only the first of two equal names).

* Blocking findings are a ``<failure>``, so the failure count is what made the exit code 1.
* Findings that do not block (notes, tiers above ``--fail-tier``) are ``<skipped>`` with the
  finding as its message: they stay visible (GitLab and Jenkins count skipped tests separately)
  without showing a failed test in a run that passed.
* Files that could not be read or parsed (exit code 2) are testcases with an ``<error>``.

Several findings of one rule on one resource (two containers without probes) share one testcase and
one result element listing them all: GitLab and several other consumers read only one result per
testcase, and one rule failing on one resource is one failed check.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from reslint.errors import Problem
    from reslint.reporting import Finding, RenderOptions, Report

# Control characters other than tab and newlines are not allowed anywhere in XML 1.0.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _finding_text(finding: Finding) -> str:
    detail = f"tier {finding.tier} ({finding.tier_source})"
    if finding.evidence:
        detail += f" · {finding.evidence}"
    fix = finding.fix or " ".join(finding.remediation.split("\n\n")[0].split())
    return (
        f"{finding.file}:{finding.line}: {finding.level} {finding.rule} {finding.address}: {finding.message}\n"
        f"  {detail}\n  fix: {fix}"
    )


def _summary(findings: Sequence[Finding]) -> str:
    first = findings[0].message
    return first if len(findings) == 1 else f"{first} (+{len(findings) - 1} more)"


class _Names:
    """Hands out testcase names unique across the report, stable for a given report."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def unique(self, name: str) -> str:
        count = self._seen.get(name, 0) + 1
        self._seen[name] = count
        return name if count == 1 else f"{name} #{count}"


def _testcase(suite: ET.Element, file: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=_xml(file), name=_xml(name), file=_xml(file), time="0")


def _finding_case(suite: ET.Element, names: _Names, findings: Sequence[Finding]) -> str:
    """Add the testcase of one (rule, resource) pair; returns the result kind it got."""
    first = findings[0]
    case = _testcase(suite, first.file, names.unique(f"{first.rule} {first.address}"))
    body = "\n".join(_finding_text(f) for f in findings)
    if first.blocking:
        element = ET.SubElement(case, "failure", message=_xml(_summary(findings)), type=first.level)
        kind = "failures"
    else:
        message = f"not blocking ({first.level}, tier {first.tier}): {_summary(findings)}"
        element = ET.SubElement(case, "skipped", message=_xml(message))
        kind = "skipped"
    element.text = _xml(body)
    return kind


def _error_case(suite: ET.Element, names: _Names, problem: Problem) -> None:
    where = f"{problem.file}:{problem.line}" if problem.line else problem.file
    case = _testcase(suite, problem.file, names.unique(f"error {where}"))
    element = ET.SubElement(case, "error", message=_xml(problem.message), type="error")
    element.text = _xml(f"{where}: {problem.message}")


def _by_file(report: Report) -> Iterable[tuple[str, list[Finding], list[Problem]]]:
    findings: dict[str, list[Finding]] = {}
    for finding in report.findings:
        findings.setdefault(finding.file, []).append(finding)
    errors: dict[str, list[Problem]] = {}
    for problem in report.errors:
        errors.setdefault(problem.file, []).append(problem)
    for file in sorted(findings.keys() | errors.keys()):
        yield file, findings.get(file, []), errors.get(file, [])


def junit_tree(report: Report) -> ET.Element:
    """The ``<testsuites>`` element."""
    root = ET.Element("testsuites", name="reslint")
    names = _Names()
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for file, findings, errors in _by_file(report):
        suite = ET.SubElement(root, "testsuite", name=_xml(file))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        # Findings arrive sorted by line; a pair's testcase sits at its first finding.
        pairs: dict[tuple[str, str], list[Finding]] = {}
        for finding in findings:
            pairs.setdefault((finding.rule, finding.address), []).append(finding)
        for group in pairs.values():
            counts[_finding_case(suite, names, group)] += 1
        for problem in errors:
            _error_case(suite, names, problem)
            counts["errors"] += 1
        counts["tests"] = len(pairs) + len(errors)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("time", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
    return root


class JunitReporter:
    """``--format junit``."""

    name = "junit"
    description = "JUnit XML for CI test reports (GitLab, Jenkins, Azure DevOps)"

    def render(self, report: Report, options: RenderOptions) -> str:
        """Indented XML with a declaration."""
        root = junit_tree(report)
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
