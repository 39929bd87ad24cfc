"""The text layouts for people: ``text``, ``concise``, ``--statistics``, ``--show-fixes``, ``--quiet``."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

import pytest

from _support.factories import finding
from _support.paths import ROOT
from reslint.cli import main
from reslint.errors import Problem
from reslint.reporters.text import WIDTH, ConciseReporter, TextReporter
from reslint.reporting import RenderOptions

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.reporting import Report

#: Text golden cases: the Kubernetes examples, a folder with errors, and CloudFormation (YAML and
#: JSON), Google and Azure resources whose fixes use their own spellings.
TEXT_CASES = {
    "examples": ("examples/kubernetes",),
    "problems": ("tests/fixtures/golden/inputs/problems",),
    "kinds": ("tests/fixtures/golden/inputs/kinds",),
}
LAYOUTS: dict[str, RenderOptions] = {
    "text": RenderOptions(),
    "concise": RenderOptions(),
    "statistics": RenderOptions(statistics=True),
    "show-fixes": RenderOptions(show_fixes=True),
    "quiet": RenderOptions(quiet=True),
}
_LOCATION = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+):(?P<col>\d+): (?P<rule>RSL\d{3}) \[tier \d, ")


@pytest.fixture
def text_report(lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Report]:
    def run(case: str) -> Report:
        monkeypatch.chdir(ROOT)
        return lint(*TEXT_CASES[case])

    return run


def _render(layout: str, report: Report, color: bool = False) -> str:
    reporter = ConciseReporter() if layout == "concise" else TextReporter()
    return reporter.render(report, dataclasses.replace(LAYOUTS[layout], color=color))


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("case", sorted(TEXT_CASES))
def test_text_golden(
    case: str,
    layout: str,
    text_report: Callable[[str], Report],
    golden: Callable[[str, str], None],
) -> None:
    golden(f"{case}.{layout}.txt", _render(layout, text_report(case)))


@pytest.mark.parametrize("layout", ["text", "show-fixes", "statistics", "quiet"])
@pytest.mark.parametrize("case", sorted(TEXT_CASES))
def test_text_fits_80_columns_and_keeps_every_message(
    case: str, layout: str, text_report: Callable[[str], Report]
) -> None:
    report = text_report(case)
    out = _render(layout, report)
    assert all(len(line) <= WIDTH for line in out.splitlines()), out
    flat = " ".join(out.split())
    if layout != "statistics":
        for f in report.findings if layout != "quiet" else report.blocking:
            assert " ".join(f"{f.address}: {f.message}".split()) in flat
    for problem in report.errors:
        assert " ".join(problem.message.split()) in flat


@pytest.mark.parametrize("case", sorted(TEXT_CASES))
def test_every_finding_starts_with_a_clickable_location(case: str, text_report: Callable[[str], Report]) -> None:
    report = text_report(case)
    for layout in ("text", "concise"):
        starts = [m for line in _render(layout, report).splitlines() if (m := _LOCATION.match(line))]
        assert [(m["path"], int(m["line"]), m["rule"]) for m in starts] == [
            (f.file, f.line, f.rule) for f in report.findings
        ]
        for m in starts:  # the column is where the line's text starts
            source = (ROOT / m["path"]).read_text(encoding="utf-8").splitlines()[int(m["line"]) - 1]
            assert int(m["col"]) == len(source) - len(source.lstrip()) + 1


def test_blocking_is_said_in_words_not_only_in_colour(make_report: Callable[..., Report]) -> None:
    blocking, warning = finding(), finding(level="warning", tier=2, blocking=False, line=9)
    for color in (False, True):
        out = TextReporter().render(make_report([blocking, warning]), RenderOptions(color=color))
        plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
        assert "k8s/app.yaml:7:1: RSL201 [tier 1, BLOCKING]" in plain
        assert "k8s/app.yaml:9:1: RSL201 [tier 2, warning]" in plain
    concise = ConciseReporter().render(make_report([blocking, warning]), RenderOptions()).splitlines()
    assert concise[:2] == [
        "k8s/app.yaml:7:1: RSL201 [tier 1, blocking] shop/Deployment/web: runs 1 replica; tier 1 requires at least 2",
        "k8s/app.yaml:9:1: RSL201 [tier 2, warning] shop/Deployment/web: runs 1 replica; tier 1 requires at least 2",
    ]


def test_a_fix_is_shown_once_per_rule_and_type_unless_asked(make_report: Callable[..., Report]) -> None:
    fix = "set `spec.replicas: 2` or more"
    first = finding(fix=fix)
    same = dataclasses.replace(first, address="shop/Deployment/api", line=20)
    other_type = dataclasses.replace(first, type="StatefulSet", address="shop/StatefulSet/db", line=30)
    report = make_report([first, same, other_type])
    out = TextReporter().render(report, RenderOptions())
    assert out.count(f"fix: {fix}") == 2 and "(1 repeated fix left out: --show-fixes shows every one)" in out
    out = TextReporter().render(report, RenderOptions(show_fixes=True))
    assert out.count(f"fix: {fix}") == 3 and "left out" not in out


def test_without_a_specific_fix_the_rule_general_fix_is_one_sentence(make_report: Callable[..., Report]) -> None:
    general = finding(remediation="Enable multi-zone: on AWS `multi_az`, on Google ...\n\nMore.", fix=None)
    out = TextReporter().render(make_report([general]), RenderOptions())
    assert "fix: Enable multi-zone (reslint explain RSL201)" in out
    assert "Google" not in out


def test_problems_without_a_line_read_well(make_report: Callable[..., Report]) -> None:
    report = make_report(errors=[Problem("nosuchdir", None, "no such file or folder")])
    for reporter in (TextReporter(), ConciseReporter()):
        out = reporter.render(report, RenderOptions())
        assert "nosuchdir: " in out and ":-:" not in out


def test_statistics_count_findings_per_rule(make_report: Callable[..., Report]) -> None:
    findings = [finding(line=n) for n in range(1, 4)] + [
        finding(rule="RSL301", line=9, blocking=False, level="warning", tier=2)
    ]
    report = make_report(findings)
    out = TextReporter().render(report, RenderOptions(statistics=True)).splitlines()
    assert out[:2] == ["3  RSL201  too-few-replicas (3 blocking)", "1  RSL301  missing-readiness-check"]


def test_fail_tier_zero_says_it_never_fails(make_report: Callable[..., Report]) -> None:
    report = make_report([finding(blocking=False)])
    report.fail_tier = 0
    summary = TextReporter().render(report, RenderOptions()).split("\n\n")[-1]
    assert summary.startswith("--fail-tier 0: never fails · 1 finding")


def test_cli_layout_flags(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["check", *TEXT_CASES["kinds"], "--format", "concise"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert all(_LOCATION.match(line) for line in lines[:-2])
    assert main(["check", *TEXT_CASES["kinds"], "--statistics", "--no-color"]) == 1
    assert capsys.readouterr().out.startswith("6  RSL103  no-standby-in-another-zone (5 blocking)\n")
    assert main(["check", *TEXT_CASES["kinds"], "--show-fixes", "--no-color"]) == 1
    assert capsys.readouterr().out.count('fix: set `account_replication_type = "GZRS"`') == 2


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("case", sorted(TEXT_CASES))
def test_colour_only_paints(case: str, layout: str, text_report: Callable[[str], Report]) -> None:
    report = text_report(case)
    painted = _render(layout, report, color=True)
    assert re.sub(r"\x1b\[[0-9;]*m", "", painted) == _render(layout, report)
    if report.blocking and layout != "statistics":
        assert "\x1b[31m[tier 1, " in painted  # blocking findings are red as well as marked in words


def test_fixable_findings_are_marked_and_counted_before_the_summary(make_report: Callable[..., Report]) -> None:
    fixable, manual = finding(fixable=True), finding(line=9, address="shop/Deployment/api")
    report = make_report([fixable, manual])
    concise = ConciseReporter().render(report, RenderOptions()).splitlines()
    assert concise[0].startswith("k8s/app.yaml:7:1: RSL201 [tier 1, blocking] [fixable] shop/Deployment/web: ")
    assert concise[1].startswith("k8s/app.yaml:9:1: RSL201 [tier 1, blocking] shop/Deployment/api: ")
    assert concise[-2] == "1 finding fixable with `reslint fix` (it shows the diff first)"
    text = TextReporter().render(report, RenderOptions())
    assert "k8s/app.yaml:7:1: RSL201 [tier 1, BLOCKING] [fixable]\n" in text
    assert "k8s/app.yaml:9:1: RSL201 [tier 1, BLOCKING]\n" in text
    # The hint is a paragraph of its own: the summary stays the last one.
    assert text.split("\n\n")[-2] == "1 finding fixable with `reslint fix` (it shows the diff first)"
    assert "fixable" not in TextReporter().render(make_report([manual]), RenderOptions())
