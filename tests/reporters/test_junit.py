"""JUnit XML, read back by junitparser (a real consumer) and checked against what GitLab needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from junitparser import Error, Failure, JUnitXml, Skipped

from _support.factories import finding
from _support.golden import CASES
from reslint.errors import Problem
from reslint.reporters.junit import JunitReporter
from reslint.reporting import RenderOptions

if TYPE_CHECKING:
    from collections.abc import Callable

    from junitparser import TestCase

    from reslint.reporting import Report


def parse(report: Report) -> JUnitXml:
    text = JunitReporter().render(report, RenderOptions())
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<testsuites")
    xml = JUnitXml.fromstring(text.encode())  # as a consumer reads the file: bytes, declaration included
    assert isinstance(xml, JUnitXml)
    return xml


def cases(xml: JUnitXml) -> list[TestCase]:
    return [case for suite in xml for case in suite]


def totals(xml: JUnitXml) -> tuple[int, int, int, int]:
    return xml.tests, xml.failures, xml.errors, xml.skipped


@pytest.mark.parametrize("case", sorted(CASES))
def test_counts_match_the_report(case: str, case_report: Callable[[str], Report]) -> None:
    report = case_report(case)
    xml = parse(report)
    declared = totals(xml), [(s.tests, s.failures, s.errors, s.skipped) for s in xml]
    xml.update_statistics()  # type: ignore[no-untyped-call]  # junitparser: unannotated; recounts the testcases
    assert (totals(xml), [(s.tests, s.failures, s.errors, s.skipped) for s in xml]) == declared
    pairs = {(f.file, f.rule, f.address): f.blocking for f in report.findings}
    assert xml.failures == sum(pairs.values())
    assert xml.skipped == len(pairs) - sum(pairs.values())
    assert xml.errors == len(report.errors)
    assert xml.tests == len(pairs) + len(report.errors)


@pytest.mark.parametrize("case", sorted(CASES))
def test_names_are_unique_and_classname_is_the_file(case: str, case_report: Callable[[str], Report]) -> None:
    xml = parse(case_report(case))
    names = [case.name for case in cases(xml)]
    assert len(names) == len(set(names))
    for suite in xml:
        assert {case.classname for case in suite} <= {suite.name}


def test_blocking_is_failure_and_the_rest_is_skipped(case_report: Callable[[str], Report]) -> None:
    xml = parse(case_report("examples"))
    by_name = {case.name: case for case in cases(xml)}
    failed = by_name["RSL201 shop/Deployment/payments"]
    assert isinstance(failed.result[0], Failure)
    assert failed.result[0].message == "runs 1 replica; tier 1 requires at least 2"
    assert failed.result[0].type == "error"
    assert "examples/kubernetes/payments.yaml:6" in (failed.result[0].text or "")  # metadata.name
    note = by_name["RSL201 internal/Deployment/report-ui"]
    assert isinstance(note.result[0], Skipped)
    assert note.result[0].message.startswith("not blocking (note, tier 3): ")


def test_parse_errors_are_error_testcases(case_report: Callable[[str], Report]) -> None:
    report = case_report("problems")
    errored = [case for case in cases(parse(report)) if case.result and isinstance(case.result[0], Error)]
    assert [case.result[0].message for case in errored] == [p.message for p in report.errors]
    assert errored[0].classname == report.errors[0].file


def test_findings_of_one_rule_on_one_resource_share_a_testcase(make_report: Callable[..., Report]) -> None:
    report = make_report(
        [
            finding(rule="RSL301", message="container 'a' has no readiness check", line=10),
            finding(rule="RSL301", message="container 'b' has no readiness check", line=20),
        ]
    )
    (case,) = cases(parse(report))
    assert len(case.result) == 1
    assert case.result[0].message == "container 'a' has no readiness check (+1 more)"
    assert "container 'b'" in (case.result[0].text or "")


def test_same_resource_in_two_files_gets_distinct_names(make_report: Callable[..., Report]) -> None:
    report = make_report(
        [finding(file="overlays/a.yaml"), finding(file="overlays/b.yaml")],
        errors=[Problem("x.yaml", None, "unreadable"), Problem("x.yaml", None, "unreadable")],
    )
    names = [case.name for case in cases(parse(report))]
    assert names == ["RSL201 shop/Deployment/web", "RSL201 shop/Deployment/web #2", "error x.yaml", "error x.yaml #2"]


def test_characters_xml_forbids_are_replaced(make_report: Callable[..., Report]) -> None:
    report = make_report([finding(message="bad \x00 byte \x1b[31m & <tag>", evidence="\x07")])
    (case,) = cases(parse(report))
    assert case.result[0].message == "bad \ufffd byte \ufffd[31m & <tag>"


def test_empty_report_is_an_empty_testsuites(make_report: Callable[..., Report]) -> None:
    xml = parse(make_report())
    assert totals(xml) == (0, 0, 0, 0)
    assert cases(xml) == []
