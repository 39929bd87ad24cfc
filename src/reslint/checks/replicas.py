"""Redundancy: enough serving copies to survive the loss of one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.errors import Problem
from reslint.model import Role
from reslint.rule import Violation, check

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from reslint.model import Resource
    from reslint.tiers import TierPolicy


@check("RSL201", Role.WORKLOAD)
def too_few_replicas(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A workload runs fewer copies than its tier requires."""
    facts = resource.facts
    if facts.autoscaled_by is not None:
        return  # the autoscaler's lower bound is checked on the autoscaler (RSL202)
    if facts.scaled_to_zero:
        return  # parked on purpose: a notice (scaled_to_zero below), not a finding
    replicas = facts.replicas
    if isinstance(replicas.value, int) and replicas.value < policy.min_replicas:
        yield Violation.about(
            resource,
            replicas,
            f"runs {_copies(replicas.value)}; tier {policy.tier} requires at least {policy.min_replicas}",
        )


@check("RSL202", Role.AUTOSCALER)
def autoscaler_minimum_too_low(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """An autoscaler may scale its target below the tier's minimum."""
    minimum = resource.facts.autoscaler_min_replicas
    if isinstance(minimum.value, int) and minimum.value < policy.min_replicas:
        yield Violation.about(
            resource,
            minimum,
            f"may scale down to {_copies(minimum.value)}; tier {policy.tier} requires at least {policy.min_replicas}",
        )


def scaled_to_zero(resources: Iterable[Resource]) -> list[Problem]:
    """Notices for workloads scaled to zero on purpose (``replicas: 0``, ``desired_count = 0``):
    RSL201 leaves them alone, but a reader should know they serve nothing."""
    return [
        Problem(
            resource.file,
            resource.facts.replicas.line_or(resource.line),
            f"{resource.address}: scaled to zero ({resource.facts.replicas.evidence or 'replicas 0'}), "
            "so no replica finding; it serves nothing until scaled up",
        )
        for resource in resources
        if resource.role is Role.WORKLOAD and resource.facts.scaled_to_zero
    ]


def _copies(count: int) -> str:
    return f"{count} replica" if count == 1 else f"{count} replicas"


@check("RSL203", Role.DATABASE, Role.CACHE)
def too_few_data_nodes(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A database or cache cluster with nothing to fail over to."""
    nodes = resource.facts.nodes
    count = nodes.value
    if isinstance(count, int) and count < policy.min_replicas:
        yield Violation.about(
            resource,
            nodes,
            f"runs {count} node{'s' if count != 1 else ''}; tier {policy.tier} requires at least {policy.min_replicas}",
        )


@check("RSL204", Role.DATABASE, Role.CACHE, Role.MESSAGING)
def failover_needs_a_human(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A replica elsewhere that takes over only when someone fails over by hand."""
    if policy.automatic_failover and resource.facts.automatic_failover.value is False:
        yield Violation.about(
            resource,
            resource.facts.automatic_failover,
            "keeps replicas elsewhere, but only a manual failover moves writes to one; an outage of the "
            "primary lasts until someone acts",
        )
