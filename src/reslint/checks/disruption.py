"""Voluntary disruptions: node drains and upgrades must not take every copy at once, nor be blocked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.model import Role
from reslint.rule import Violation, check

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reslint.model import Resource
    from reslint.tiers import TierPolicy


@check("RSL601", Role.WORKLOAD)
def missing_disruption_budget(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A multi-copy workload that a drain may empty at once."""
    facts = resource.facts
    replicas = facts.replicas.value
    if isinstance(replicas, int) and replicas >= 2 and facts.disruption_budget.value is False:
        yield Violation(
            f"runs {replicas} replicas but no disruption budget limits how many a drain may evict",
            facts.disruption_budget.line_or(resource.line),
        )


@check("RSL602", Role.DISRUPTION_BUDGET)
def budget_blocks_all_disruptions(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A budget that allows no eviction blocks node drains and cluster upgrades."""
    if resource.facts.disruption_allowed.value is False:
        yield Violation.about(
            resource,
            resource.facts.disruption_allowed,
            "allows zero voluntary disruptions; node drains and upgrades will block",
        )
