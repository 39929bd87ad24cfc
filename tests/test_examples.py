"""Golden findings for the whole example configurations the README runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from conftest import FIXTURES, ROOT

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.reporting import Report

EXAMPLES = ["kubernetes", "terraform", "terraform-plan", "cloudformation"]


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_findings_match_golden(
    example: str, lint: Callable[..., Report], request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    report = lint(f"examples/{example}")
    assert report.errors == []
    got = "".join(
        f"{f.file}:{f.line} {f.rule} [{f.level}, tier {f.tier} {f.tier_source}] {f.address}: {f.message}"
        f" ({f.evidence})\n"
        for f in report.findings
    )
    golden = FIXTURES / "golden" / f"examples-{example}.txt"
    if request.config.getoption("--update-goldens", default=False):
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"run pytest --update-goldens to record {golden}"
    assert got == golden.read_text(encoding="utf-8")
