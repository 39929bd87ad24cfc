"""Every rule fires on its failing fixture exactly as recorded, and nothing fires on its passing one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from _support.golden import updating
from _support.paths import FIXTURES
from reslint.testing import assert_rule_fixtures

if TYPE_CHECKING:
    from pathlib import Path

    from reslint.plugins import Registry

RULE_DIRS = sorted(p for p in (FIXTURES / "rules").iterdir() if p.is_dir())


@pytest.mark.parametrize("rule_dir", RULE_DIRS, ids=[p.name for p in RULE_DIRS])
def test_rule_fixtures(rule_dir: Path, registry: Registry, request: pytest.FixtureRequest) -> None:
    assert_rule_fixtures(rule_dir, registry, update=updating(request.config))


def test_every_rule_has_fixtures(registry: Registry) -> None:
    assert {rule.meta.id for rule in registry.rules} == {p.name for p in RULE_DIRS}
