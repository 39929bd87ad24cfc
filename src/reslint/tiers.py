"""Service tiers: which tier a resource is in, and what each tier requires."""

from __future__ import annotations

import dataclasses
import fnmatch
import json
from collections import deque
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, TypeAlias

from reslint.model import Reference, Unknown, index_by_address

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from reslint.model import Resource

TIERS = (1, 2, 3)
#: Label, annotation and tag keys that carry a tier. Google labels cannot hold "." or "/".
TIER_KEYS = ("reslint.io/tier", "reslint-tier")
#: How a resource of each built-in format declares its tier, for fix texts (``{tier.tier}`` is
#: filled in with the tier the fix asks for).
DECLARE_TIER = {
    "terraform": 'tags = { "reslint.io/tier" = "{tier.tier}" } (or labels "reslint-tier" on Google)',
    "cloudformation": 'Tags: [{Key: reslint.io/tier, Value: "{tier.tier}"}]',
    "kubernetes": 'metadata.labels: {reslint.io/tier: "{tier.tier}"}',
}


@dataclass(frozen=True)
class TierPolicy:
    """What a tier requires of the resources in it.

    The fields named like ``policy.<tier>`` keys of the configuration have no default here: their
    defaults, per tier, are the configuration schema's (``DEFAULT_POLICIES``), the one place the
    docs, ``reslint init`` and the code read them from.
    """

    tier: int
    min_replicas: int
    min_zones: int
    min_backup_days: int
    cross_region_copy: bool
    #: Stateful resources and load balancers must be protected from deletion, and keep a copy of
    #: their data when deleted anyway (the ``deletion`` family).
    deletion_protection: bool
    #: A failing rolling update must stop and roll back by itself (RSL702).
    rollout_rollback: bool
    #: Backup vaults must be locked (RSL505) and backed-up resources restore-tested (RSL506).
    backup_vault_lock: bool
    restore_testing: bool
    #: Load balancers, databases and queues must have an alarm on a symptom metric (RSL001), and
    #: alarms an action or something that acts on them (RSL002).
    alarms: bool
    #: The recovery point objective (``rpo_minutes``), if the configuration states one: a backup
    #: plan must back up at least this often (RSL507).
    rpo_minutes: int | None
    #: Endpoints must survive the loss of a region: DNS fails over, health-checked, to a second
    #: answer (RSL806); ``rto_scope: region`` with an RTO under an hour implies it.
    dns_failover: bool
    #: Backups must allow restoring to any point in time; an RPO of a day or more relaxes it.
    point_in_time_recovery: bool = True
    #: A standby must take over without a human; an RTO of an hour or more relaxes it.
    automatic_failover: bool = True


def _default_policies() -> dict[int, TierPolicy]:
    """Each tier's policy from the per-tier ``default`` of the configuration schema's ``policy``.

    A default of null is a key not set; ``rpo_scope`` and ``rto_minutes`` are no fields of their
    own but imply them (``config.parse_config``), and unset they imply nothing.
    """
    schema = json.loads((resources.files("reslint") / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    fields = {f.name for f in dataclasses.fields(TierPolicy)}
    policies = {}
    for tier_text, tier_schema in schema["properties"]["policy"]["properties"].items():
        defaults = {k: v for k, v in tier_schema["default"].items() if k in fields}
        policies[int(tier_text)] = TierPolicy(int(tier_text), **defaults)
    return policies


#: What each tier requires when the configuration says nothing. Tier 3 is checked like tier 2,
#: but its findings are notes (rule levels), so they never block.
DEFAULT_POLICIES: dict[int, TierPolicy] = _default_policies()


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


@dataclass(frozen=True, slots=True)
class Tier:
    """The tier a resource is in, and why; ``assign_tiers`` returns one per resource."""

    tier: int
    #: "tag", "config", "inherited from ADDRESS" or "default", with details: "tag from provider aws
    #: default_tags", "default; tag reslint.io/tier unknown" (docs/tiers.md lists them).
    source: str = "default"
    #: The tier comes from the resource's own tags or the config (not from a provider's, stack's
    #: or namespace's tags): a tier that flows in through the service does not replace it.
    explicit: bool = False
    #: The tier the resource declares itself (its tags or the config), before propagation.
    declared: int | None = None

    @property
    def is_default(self) -> bool:
        """Nobody stated it: the resource has ``--default-tier``."""
        return self.source.startswith("default")


#: Every resource's tier, keyed by the resource itself (resources compare by identity: two
#: Terraform roots may hold the same address). The engine, the service map, ``--changed`` and the
#: report read it; checks get the tier's ``TierPolicy`` instead.
Tiers: TypeAlias = "Mapping[Resource, Tier]"


@dataclass(frozen=True)
class TierProblem:
    """A tier tag whose value is not a tier (an error), or cannot be known statically (a notice)."""

    resource: Resource
    key: str
    value: object
    #: Where an inherited tag comes from ("provider aws default_tags"); "" for the resource's own tag.
    inherited_from: str = ""

    @property
    def unknown(self) -> bool:
        """The value is not knowable statically: not wrong, just not a source of a tier."""
        return is_unknown_value(self.value)

    def message(self, assigned: Tier, named: bool = False) -> str:
        """The error or notice text; a notice says where the *assigned* tier came from instead."""
        resource = self.resource
        where = f" from {self.inherited_from}" if self.inherited_from else ""
        if not self.unknown:
            names = ", or a name from tier_values" if named else ""
            return f"{resource.address}: {self.key}={self.value!r}{where} is not a tier (use 1, 2 or 3{names})"
        value = self.value
        if isinstance(value, Reference):
            shown = f" ({value.address}.{value.attribute})"
        elif isinstance(value, str):
            shown = f" ({value!r})"
        else:
            shown = ""
        source = assigned.source.split(";", 1)[0]
        instead = {"default": "from the default", "config": "from a config pattern"}.get(source, source)
        return (
            f"{resource.address}: the value of tag {self.key}{where} cannot be known statically{shown}; "
            f"tier {assigned.tier} {instead} instead"
        )


def is_unknown_value(value: object) -> bool:
    """A tag value that is only known when applied: an unresolved variable, a data source, a module
    input, a CloudFormation parameter without a value, or a template placeholder (``${TIER}``,
    ``{{ .Values.tier }}``) that a label value could never hold."""
    return isinstance(value, Unknown) or (isinstance(value, str) and ("${" in value or "{{" in value))


@dataclass(frozen=True)
class TierSettings:
    """Where tiers come from: tag keys and value names, config patterns, the default."""

    keys: tuple[str, ...] = TIER_KEYS
    values: Mapping[str, int] = field(default_factory=dict)
    patterns: tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...] = ()  # (tier, path globs, address globs)
    default: int = 1


def assign_tiers(
    resources: Sequence[Resource], settings: TierSettings
) -> tuple[dict[Resource, Tier], list[TierProblem]]:
    """Each resource's tier, strictest source first, and the tier tags that gave none. The
    resources are not changed.

    A resource's own tags (or, when it has no tier tag of its own, the tags it inherits from its
    provider, stack or namespace) and the config patterns it matches all count; the strictest wins.
    Then tiers flow along dependencies (``propagate``); what is left gets the default. A tag whose
    value is unknown is skipped: the resource takes its tier from the next source, and
    ``Tier.source`` says so.
    """
    problems = []
    assigned: dict[Resource, Tier] = {}
    for resource in resources:
        tiers: list[tuple[int, str]] = []
        own = [(key, value) for key, value in resource.tags if key in settings.keys]
        inherited = "" if own else resource.inherited_tags_from
        tagged = own or [(key, value) for key, value in resource.inherited_tags if key in settings.keys]
        for key, value in tagged:
            tier = None if is_unknown_value(value) else parse_tier(value, settings.values)
            if tier is None:
                problems.append(TierProblem(resource, key, value, inherited))
            else:
                tiers.append((tier, f"tag from {inherited}" if inherited else "tag"))
        for tier, paths, addresses in settings.patterns:
            if any(fnmatch.fnmatchcase(resource.file, glob) for glob in paths) or any(
                fnmatch.fnmatchcase(resource.address, glob) for glob in addresses
            ):
                tiers.append((tier, "config"))
        if tiers:
            # What the resource says of itself (its tags, the config), not what a provider says of all.
            declared = [tier for tier, source in tiers if source in ("tag", "config")]
            assigned[resource] = Tier(
                *min(tiers),
                # Set on the resource itself, so a tier coming through the service does not replace
                # it; one inherited from a provider, stack or namespace is only a starting point.
                explicit=bool(declared),
                declared=min(declared) if declared else None,
            )
    propagate(resources, assigned)
    for resource in resources:
        assigned.setdefault(resource, Tier(settings.default, "default"))
    for problem in problems:
        found = assigned[problem.resource]
        if problem.unknown and not found.source.startswith("tag") and ";" not in found.source:
            assigned[problem.resource] = dataclasses.replace(found, source=f"{found.source}; tag {problem.key} unknown")
    return assigned, problems


def propagate(resources: Sequence[Resource], assigned: dict[Resource, Tier]) -> None:
    """Give dependencies the tier of what depends on them, strictest first.

    Tiers flow along ``references`` (from a resource to what it uses) and both ways along
    ``tier_peers`` (the parts of one service: a workload, its Services, Ingresses, autoscaler and
    disruption budget); there the stricter tier wins, even over a tag. They also flow one way along
    ``tier_flows`` (from a load balancer to its listeners, target groups and targets, to a DNS
    record pointing at it); a tier that came that way, however far it goes on, never overrides a
    tier a resource sets itself (``Tier.explicit``), so a shared load balancer does not make every
    service behind it tier 1. Every tier in *assigned* before this runs flows (tags, inherited tags,
    config); the default, set after, does not. *assigned* is updated in place.
    """
    by_address = index_by_address(resources)
    # id(resource) -> [(neighbour, through the service flow)]
    edges: dict[int, list[tuple[Resource, bool]]] = {}
    for resource in resources:
        own = edges.setdefault(id(resource), [])
        for address in sorted(resource.references):
            own += [(t, False) for t in by_address.get((resource.scope, address), ())]
        for address in sorted(resource.tier_peers):
            for peer in by_address.get((resource.scope, address), ()):
                own.append((peer, False))
                edges.setdefault(id(peer), []).append((resource, False))
        for address in sorted(resource.tier_flows):
            own += [(t, True) for t in by_address.get((resource.scope, address), ()) if t is not resource]
    softly: set[int] = set()  # resources whose tier came through the service flow
    for tier in TIERS:
        origins = sorted((r for r in resources if (t := assigned.get(r)) and t.tier == tier), key=lambda r: r.address)
        queue = deque((origin, origin, False) for origin in origins)
        seen = {(id(origin), False) for origin in origins}
        while queue:
            current, origin, soft = queue.popleft()
            for neighbour, through_flow in edges.get(id(current), ()):
                carried = soft or through_flow
                if (id(neighbour), carried) in seen:
                    continue
                seen.add((id(neighbour), carried))
                current_tier = assigned.get(neighbour)
                if current_tier is not None and current_tier.tier <= tier:
                    if not carried and id(neighbour) in softly:
                        # Its tier came softly and stopped at tagged resources; this one arrives
                        # firmly and may go on past them.
                        if current_tier.tier == tier:
                            softly.discard(id(neighbour))
                        queue.append((neighbour, origin, False))
                    continue
                if carried and current_tier is not None and current_tier.explicit:
                    continue
                inherited = Tier(tier, f"inherited from {origin.address}")
                if current_tier is not None:  # it keeps what it says of itself
                    inherited = dataclasses.replace(
                        inherited, explicit=current_tier.explicit, declared=current_tier.declared
                    )
                assigned[neighbour] = inherited
                (softly.add if carried else softly.discard)(id(neighbour))
                queue.append((neighbour, origin, carried))
