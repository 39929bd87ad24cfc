"""Built-in checks, one module per family; each ``@check`` declares the check of one catalog rule."""

from __future__ import annotations

from reslint.checks import (
    backup,
    certificates,
    deletion,
    dependency,
    disruption,
    health,
    monitoring,
    replicas,
    rollout,
    zones,
)
from reslint.rule import Check

MODULES = (backup, certificates, deletion, dependency, disruption, health, monitoring, replicas, rollout, zones)


def all_checks() -> list[Check]:
    """Every ``Check`` the built-in modules declare. Declaring it (``@check``) is all a new check
    needs: no second list to keep in step, and ``rules_from`` fails on a catalog entry without one."""
    return [value for module in MODULES for value in vars(module).values() if isinstance(value, Check)]
