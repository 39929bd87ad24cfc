"""Service tiers: which tier a resource is in, and what each tier requires."""

from __future__ import annotations

import fnmatch
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

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
    #: Backups must allow restoring to any point in time (an RPO under a day).
    point_in_time_recovery: bool = True
    #: A standby must take over without a human (an RTO under an hour).
    automatic_failover: bool = True


DEFAULT_POLICIES: dict[int, TierPolicy] = {
    1: TierPolicy(1, min_replicas=2, min_zones=2, min_backup_days=7, cross_region_copy=True),
    2: TierPolicy(2, min_replicas=2, min_zones=2, min_backup_days=1, cross_region_copy=False),
    # Tier 3 is checked like tier 2, but its findings are notes (rule levels), so they never block.
    3: TierPolicy(3, min_replicas=2, min_zones=2, min_backup_days=1, cross_region_copy=False),
}


def parse_tier(value: object, named: Mapping[str, int] | None = None) -> int | None:
    """The tier a tag value names (``1``, ``"2"``, or a configured name such as ``critical``), else None."""
    if isinstance(value, bool):
        return None
    text = str(value).strip()
    if text.isdigit() and int(text) in TIERS:
        return int(text)
    if named:
        lowered = {k.lower(): v for k, v in named.items()}
        return lowered.get(text.lower())
    return None


@dataclass(frozen=True)
class TierProblem:
    """A tier tag whose value is not a tier."""

    resource: Resource
    key: str
    value: object


@dataclass(frozen=True)
class TierSettings:
    """Where tiers come from: tag keys and value names, config patterns, the default."""

    keys: tuple[str, ...] = TIER_KEYS
    values: Mapping[str, int] = field(default_factory=dict)
    patterns: tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...] = ()  # (tier, path globs, address globs)
    default: int = 1


def assign_tiers(resources: Sequence[Resource], settings: TierSettings) -> list[TierProblem]:
    """Set each resource's tier, strictest source first.

    A resource's own tags and the config patterns it matches both count (the strictest wins);
    then tiers flow along dependencies (``propagate``); what is left gets the default.
    """
    problems = []
    for resource in resources:
        tiers: list[tuple[int, str]] = []
        for key, value in resource.tags:
            if key not in settings.keys:
                continue
            tier = parse_tier(value, settings.values)
            if tier is None:
                problems.append(TierProblem(resource, key, value))
            else:
                tiers.append((tier, "tag"))
        for tier, paths, addresses in settings.patterns:
            if any(fnmatch.fnmatchcase(resource.file, glob) for glob in paths) or any(
                fnmatch.fnmatchcase(resource.address, glob) for glob in addresses
            ):
                tiers.append((tier, "config"))
        if tiers:
            resource.tier, resource.tier_source = min(tiers)
            resource.explicit_tier = True
    propagate(resources)
    for resource in resources:
        if resource.tier is None:
            resource.tier, resource.tier_source = settings.default, "default"
    return problems


def propagate(resources: Sequence[Resource]) -> None:
    """Give dependencies the tier of what depends on them, strictest first.

    Tiers flow along ``references`` (from a resource to what it uses) and both ways along
    ``tier_peers`` (the parts of one service: a workload, its Services, Ingresses, autoscaler and
    disruption budget). Only explicit tiers (tags, config) flow; a default tier does not.
    """
    by_address: dict[tuple[str, str], list[Resource]] = {}
    for resource in resources:
        # References name a resource without its count/for_each key: they reach every instance.
        for address in {resource.address, resource.base_address}:
            by_address.setdefault((resource.scope, address), []).append(resource)
    edges: dict[int, list[Resource]] = {}
    for resource in resources:
        targets = [
            t for address in sorted(resource.references) for t in by_address.get((resource.scope, address), ())
        ]
        edges.setdefault(id(resource), []).extend(targets)
        for address in sorted(resource.tier_peers):
            for peer in by_address.get((resource.scope, address), ()):
                edges[id(resource)].append(peer)
                edges.setdefault(id(peer), []).append(resource)
    for tier in TIERS:
        origins = sorted((r for r in resources if r.explicit_tier and r.tier == tier), key=lambda r: r.address)
        queue = deque((origin, origin) for origin in origins)
        seen = {id(origin) for origin in origins}
        while queue:
            current, origin = queue.popleft()
            for neighbour in edges.get(id(current), ()):
                if id(neighbour) in seen:
                    continue
                seen.add(id(neighbour))
                if neighbour.tier is not None and neighbour.tier <= tier:
                    continue
                neighbour.tier, neighbour.tier_source = tier, f"inherited from {origin.address}"
                queue.append((neighbour, origin))
