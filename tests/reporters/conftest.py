"""Reporter fixtures: scans of the golden cases and hand-built reports.

``--update-goldens`` and the ``golden`` fixture are defined once for the whole suite in
``tests/conftest.py``. Run ``python -m pytest tests/reporters --update-goldens`` and review the
diff of ``tests/fixtures/golden/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from _support.golden import CASES
from _support.paths import ROOT
from reslint.reporting import Finding, Report

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reslint.errors import Problem
    from reslint.plugins import Registry


@pytest.fixture
def case_report(lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Report]:
    """Scan a golden case from the repository root, so report paths are repository-relative."""

    def run(case: str) -> Report:
        monkeypatch.chdir(ROOT)
        return lint(*CASES[case])

    return run


@pytest.fixture
def make_report(registry: Registry) -> Callable[..., Report]:
    """A report of hand-built findings and problems, with the built-in rules' metadata."""

    def build(
        findings: Sequence[Finding] = (),
        errors: Sequence[Problem] = (),
        skipped: Sequence[Problem] = (),
        with_rules: bool = True,
    ) -> Report:
        ordered = sorted(findings, key=Finding.sort_key)
        return Report(
            version="9.9.9",
            fail_tier=1,
            files=len({f.file for f in ordered} | {p.file for p in errors}),
            resources=len({f.address for f in ordered}),
            resources_by_format={"kubernetes": len({f.address for f in ordered})},
            untiered_resources=0,
            findings=ordered,
            errors=list(errors),
            skipped=list(skipped),
            rules=registry.rules if with_rules else (),
        )

    return build
