"""Service tiers: which tier a resource is in, and what each tier requires."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reslint.model import Resource

TIERS = (1, 2, 3)
#: Label, annotation and tag keys that carry a tier. Google labels cannot hold "." or "/".
TIER_KEYS = ("reslint.io/tier", "reslint-tier")


@dataclass(frozen=True)
class TierPolicy:
    """What a tier requires of the resources in it."""

    tier: int
    min_replicas: int
    min_zones: int
    min_backup_days: int
    cross_region_copy: bool


DEFAULT_POLICIES: dict[int, TierPolicy] = {
    1: TierPolicy(1, min_replicas=2, min_zones=2, min_backup_days=7, cross_region_copy=True),
    2: TierPolicy(2, min_replicas=2, min_zones=2, min_backup_days=1, cross_region_copy=False),
    # Tier 3 is checked like tier 2, but its findings are notes (rule levels), so they never block.
    3: TierPolicy(3, min_replicas=2, min_zones=2, min_backup_days=1, cross_region_copy=False),
}


def parse_tier(value: object) -> int | None:
    """The tier a tag value names (``1``, ``"2"``), or None when it is not a tier."""
    if isinstance(value, bool):
        return None
    text = str(value).strip()
    if text.isdigit() and int(text) in TIERS:
        return int(text)
    return None


def tier_tags(mappings: Iterable[object]) -> list[tuple[str, object]]:
    """The ``(key, value)`` pairs of tier keys found in label/annotation/tag mappings."""
    found: list[tuple[str, object]] = []
    for mapping in mappings:
        if isinstance(mapping, dict):
            found.extend((key, mapping[key]) for key in TIER_KEYS if key in mapping)
    return found


@dataclass(frozen=True)
class TierProblem:
    """A tier tag whose value is not a tier."""

    resource: Resource
    key: str
    value: object


def assign_tiers(resources: Iterable[Resource], default_tier: int) -> list[TierProblem]:
    """Set each resource's tier: the strictest valid tier tag of its own, else the default."""
    problems = []
    for resource in resources:
        tiers = []
        for key, value in resource.tier_tags:
            tier = parse_tier(value)
            if tier is None:
                problems.append(TierProblem(resource, key, value))
            else:
                tiers.append(tier)
        if tiers:
            resource.tier, resource.tier_source = min(tiers), "tag"
        else:
            resource.tier, resource.tier_source = default_tier, "default"
    return problems
