"""Every rule fires on its failing fixture exactly as recorded, and nothing fires on its passing one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from conftest import FIXTURES

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.reporting import Report

RULE_DIRS = sorted(p for p in (FIXTURES / "rules").iterdir() if p.is_dir())



@pytest.mark.parametrize("rule_dir", RULE_DIRS, ids=[p.name for p in RULE_DIRS])
def test_failing_fixture_matches_expected(
    rule_dir: Path, lint: Callable[..., Report], request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(rule_dir)
    fails = sorted(p.name for p in rule_dir.glob("fail*"))
    assert fails, f"{rule_dir.name} has no failing fixture"
    report = lint(*fails)
    assert not report.errors
    assert {f.rule for f in report.findings} == {rule_dir.name}, "a failing fixture must fail its rule only"
    got = "".join(f"{f.file}:{f.line} {f.rule} [{f.level}] {f.address}: {f.message}\n" for f in report.findings)
    expected = rule_dir / "expected.txt"
    if request.config.getoption("--update-goldens", default=False):
        expected.write_text(got, encoding="utf-8")
    assert expected.exists(), f"run pytest --update-goldens to record {expected}"
    assert got == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("rule_dir", RULE_DIRS, ids=[p.name for p in RULE_DIRS])
def test_passing_fixture_is_clean(rule_dir: Path, lint: Callable[..., Report]) -> None:
    passes = sorted(rule_dir.glob("pass*"))
    assert passes, f"{rule_dir.name} has no passing fixture"
    report = lint(*passes)
    assert not report.errors
    assert report.resources > 0
    assert report.findings == []


def test_every_rule_has_fixtures(registry: object) -> None:
    from reslint.plugins import Registry

    assert isinstance(registry, Registry)
    assert {rule.meta.id for rule in registry.rules} == {p.name for p in RULE_DIRS}
