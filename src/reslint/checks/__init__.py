"""Built-in checks, one module per category; each function implements one catalog rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.checks import backup, certificates, deletion, dependency, disruption, health, replicas, rollout, zones

if TYPE_CHECKING:
    from reslint.rule import Check

MODULES = (backup, certificates, deletion, dependency, disruption, health, replicas, rollout, zones)


def all_checks() -> list[Check]:
    """Every function marked with ``@check`` in the built-in modules."""
    return [
        value
        for module in MODULES
        for value in vars(module).values()
        if callable(value) and hasattr(value, "reslint_rule_id")
    ]
