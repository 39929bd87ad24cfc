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
    replicas = facts.replicas.value
    if policy.min_zones < 2 or not isinstance(replicas, int) or replicas < 2:
        return
    if facts.zone_spread.value is False:
        yield Violation(
            f"runs {replicas} replicas with no zone spread; one zone outage can take all of them down",
            facts.zone_spread.line_or(resource.line),
        )


@check("RSL102", Role.WORKLOAD, Role.LOAD_BALANCER)
def too_few_zones(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """Capacity that can only be placed in fewer zones than the tier requires."""
    zones = resource.facts.zone_count
    if isinstance(zones.value, int) and zones.value < policy.min_zones:
        yield Violation.about(
            resource,
            zones,
            f"is placed in {zones.value} zone{'s' if zones.value != 1 else ''}; tier {policy.tier} requires at least "
            f"{policy.min_zones}",
        )


@check("RSL103", Role.DATABASE, Role.CACHE, Role.SEARCH, Role.MESSAGING, Role.STORAGE)
def no_standby_in_another_zone(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A data store that fails with its zone."""
    if policy.min_zones >= 2 and resource.facts.zone_redundant.value is False:
        yield Violation.about(
            resource,
            resource.facts.zone_redundant,
            "has no standby in another zone; a zone outage makes it unavailable",
        )


@check("RSL104", Role.NETWORK)
def shared_zonal_gateway(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """One zonal gateway that several zones depend on."""
    zones = resource.facts.serves_zones
    if policy.min_zones >= 2 and isinstance(zones.value, int) and zones.value >= 2:
        yield Violation.about(
            resource,
            zones,
            f"serves subnets in {zones.value} zones from one zone; its zone's outage cuts egress for all of them",
        )
