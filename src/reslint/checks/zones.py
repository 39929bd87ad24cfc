"""Placement: copies spread over failure zones, so one zone outage leaves capacity."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.model import Role
from reslint.rule import Violation, check

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reslint.model import Resource
    from reslint.tiers import TierPolicy


@check("RSL101", Role.WORKLOAD)
def replicas_not_spread_over_zones(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """Several copies with nothing that places them in different zones."""
    facts = resource.facts
    if policy.min_zones < 2 or not isinstance(facts.replicas, int) or facts.replicas < 2:
        return
    if facts.zone_spread is False:
        yield Violation(
            f"runs {facts.replicas} replicas with no zone spread; one zone outage can take all of them down",
            resource.fact_line("zone_spread"),
        )
