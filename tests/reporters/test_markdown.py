"""The pull-request comment: tier 1 first, escaped cells, errors last."""

from __future__ import annotations

from typing import TYPE_CHECKING

from _support.factories import finding
from reslint.errors import Problem
from reslint.reporters.markdown import MARKER, MarkdownReporter, cell, code, location, rule_link
from reslint.reporters.text import TextReporter
from reslint.reporting import RenderOptions

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.reporting import Report


def render(report: Report) -> str:
    return MarkdownReporter().render(report, RenderOptions())


def test_blocking_findings_lead_and_the_rest_is_folded_by_tier(make_report: Callable[..., Report]) -> None:
    report = make_report(
        [
            finding(file="a.yaml", tier=3, level="note", blocking=False, address="ns/Deployment/a"),
            finding(file="b.yaml", tier=1, address="ns/Deployment/b"),
            finding(file="c.yaml", tier=2, level="warning", blocking=False, address="ns/Deployment/c"),
        ]
    )
    text = render(report)
    assert text.startswith(f"{MARKER}\n## reslint\n\n:x: {TextReporter().summary(report, color=False)}\n")
    assert "\n### :x: 1 blocking finding\n\n- `b.yaml:7` " in text
    assert text.index("ns/Deployment/b") < text.index("<details><summary>Tier 2: 1 finding, not blocking</summary>")
    assert text.index("Tier 2: 1 finding") < text.index("ns/Deployment/c") < text.index("Tier 3: 1 finding")
    assert text.index("Tier 3: 1 finding") < text.index("ns/Deployment/a")
    assert "<details open" not in text
    # No table: the message gets its own line, the full width of the comment.
    assert "| --- |" not in text
    assert (
        "- `b.yaml:7` [**RSL201**](https://github.com/reslint/reslint/blob/main/docs/rules/RSL201.md) "
        "too-few-replicas · `ns/Deployment/b` (error, tier 1)<br>\n"
        "  runs 1 replica; tier 1 requires at least 2 · `replicas: 1`\n"
    ) in text


def test_locations_link_to_the_reviewed_commit(make_report: Callable[..., Report]) -> None:
    report = make_report([finding(file="k8s/my app.yaml", line=12)], errors=[Problem("bad.yaml", 3, "invalid YAML")])
    text = MarkdownReporter().render(report, RenderOptions(link_base="https://github.com/org/repo/blob/0123abc/"))
    assert "- [`k8s/my app.yaml:12`](https://github.com/org/repo/blob/0123abc/k8s/my%20app.yaml#L12) " in text
    assert "- [`bad.yaml:3`](https://github.com/org/repo/blob/0123abc/bad.yaml#L3) invalid YAML" in text


def test_link_targets_cannot_break_out_of_the_link() -> None:
    assert location("a) [x](javascript:alert(1)", 1, "https://h/blob/s") == (
        "[`a) [x](javascript:alert(1):1`](https://h/blob/s/a%29%20[x]%28javascript:alert%281%29#L1)"
    )
    assert location("<stdin>", 3, "https://h/blob/s/") == "`<stdin>:3`"  # not a repository file: no link


def test_plugin_rules_link_their_first_reference() -> None:
    assert rule_link("ACME001", {"ACME001": "https://acme.example/rules/1"}) == (
        "[**ACME001**](https://acme.example/rules/1)"
    )
    assert rule_link("ACME002", {}) == "**ACME002**"


def test_errors_follow_the_blocking_findings_skipped_files_are_folded(make_report: Callable[..., Report]) -> None:
    report = make_report(
        [finding()],
        errors=[Problem("bad.yaml", 3, "invalid YAML")],
        skipped=[Problem("chart/templates/x.yaml", None, "Helm chart template")],
    )
    text = render(report)
    assert text.startswith(f"{MARKER}\n## reslint\n\n:x: ")
    assert "### :x: 1 file reslint could not check\n\n- `bad.yaml:3` invalid YAML" in text
    assert "<details><summary>Skipped: 1 file</summary>\n\n- `chart/templates/x.yaml` Helm chart template" in text
    assert text.index("blocking finding") < text.index("could not check") < text.index("Skipped")


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
