"""Rollouts: an update must leave enough copies serving."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.model import Role
from reslint.rule import Violation, check

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reslint.model import Resource
    from reslint.tiers import TierPolicy


@check("RSL701", Role.WORKLOAD)
def rollout_takes_all_down(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """Every deploy is an outage when the update stops all copies before new ones are ready."""
    if resource.facts.rollout_keeps_capacity.value is False:
        yield Violation.about(
            resource,
            resource.facts.rollout_keeps_capacity,
            "an update can stop every replica at once, so each deploy is an outage",
        )


@check("RSL702", Role.WORKLOAD, Role.DEPLOYMENT)
def rollout_without_rollback(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A release that cannot start keeps replacing healthy copies until someone notices."""
    if policy.rollout_rollback and resource.facts.rollout_rolls_back.value is False:
        yield Violation.about(
            resource,
            resource.facts.rollout_rolls_back,
            "a failing update does not roll back to the last working version by itself",
        )
