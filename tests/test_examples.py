"""Golden findings for the whole example configurations the README runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from _support.paths import ROOT

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.reporting import Report

EXAMPLES = ["kubernetes", "terraform", "terraform-plan", "cloudformation"]


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_findings_match_golden(
    example: str, lint: Callable[..., Report], golden: Callable[[str, str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    report = lint(f"examples/{example}")
    assert report.errors == []
    got = "".join(
        f"{f.file}:{f.line} {f.rule} [{f.level}, tier {f.tier} {f.tier_source}] {f.address}: {f.message}"
        f" ({f.evidence})\n"
        for f in report.findings
    )
    golden(f"examples-{example}.txt", got)
