"""The pull-request comment: tier 1 first, escaped cells, errors last."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reporters.helpers import finding
from reslint.formats import Problem
from reslint.reporters.markdown import MARKER, MarkdownReporter, cell, code
from reslint.reporters.text import TextReporter

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.reporting import Report


def render(report: Report) -> str:
    return MarkdownReporter().render(report, color=False)


def test_tables_are_grouped_by_tier_tier_one_first(make_report: Callable[..., Report]) -> None:
    report = make_report([
        finding(file="a.yaml", tier=3, level="note", blocking=False, address="ns/Deployment/a"),
        finding(file="b.yaml", tier=1, address="ns/Deployment/b"),
        finding(file="c.yaml", tier=2, level="warning", blocking=False, address="ns/Deployment/c"),
    ])
    text = render(report)
    assert text.startswith(f"{MARKER}\n## reslint\n\n:x: {TextReporter().summary(report, color=False)}\n")
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert headings == ["### Tier 1: 1 finding, 1 blocking", "### Tier 2: 1 finding", "### Tier 3: 1 finding"]
    assert text.index("ns/Deployment/b") < text.index("ns/Deployment/c") < text.index("ns/Deployment/a")
    assert (
        "| **error** | `RSL201` too-few-replicas | `ns/Deployment/b` | `b.yaml:7` | "
        "runs 1 replica; tier 1 requires at least 2 · `replicas: 1` |"
    ) in text
    assert "| note (not blocking) |" in text


def test_errors_and_skipped_files_follow_the_findings(make_report: Callable[..., Report]) -> None:
    report = make_report(
        [finding()],
        errors=[Problem("bad.yaml", 3, "invalid YAML")],
        skipped=[Problem("chart/templates/x.yaml", None, "Helm chart template")],
    )
    text = render(report)
    assert text.startswith(f"{MARKER}\n## reslint\n\n:x: ")
    assert "### 1 error (files reslint could not check)\n\n| File | Line | Message |" in text
    assert "| `bad.yaml` | 3 | invalid YAML |" in text
    assert "| `chart/templates/x.yaml` | - | Helm chart template |" in text
    assert text.index("### Tier 1") < text.index("### 1 error") < text.index("### Skipped")


def test_clean_report(make_report: Callable[..., Report]) -> None:
    report = make_report()
    text = render(report)
    assert f"\n:white_check_mark: {TextReporter().summary(report, color=False)}\n" in text
    assert text.endswith("\nNo findings.\n")


def test_cells_cannot_break_the_table_or_inject_markup() -> None:
    assert cell("a|b <script> & *x* `y` [l](u)\nnext") == (
        "a\\|b &lt;script&gt; &amp; \\*x\\* \\`y\\` \\[l\\](u)<br>next"
    )


def test_code_spans_survive_backticks_and_pipes() -> None:
    assert code("plain") == "`plain`"
    assert code("a`b") == "``a`b``"
    assert code("`edge") == "`` `edge ``"
    assert code("x|y\nz") == "`x\\|y z`"
