"""Rules: catalog metadata (the one source of truth) paired with a typed ``Check``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reslint.errors import PluginError

if TYPE_CHECKING:
    from reslint.model import Fact, Resource, Role
    from reslint.tiers import TierPolicy


class Status(str, Enum):
    """How settled a rule is (ruff's rule lifecycle): shown by ``reslint rules``, ``explain``, SARIF
    and the docs, so users know what to expect of it. It does not change whether the rule runs."""

    #: Tested on real estates; its findings and fingerprints change only with a documented reason.
    STABLE = "stable"
    #: New: its messages, levels or the resources it inspects may still change.
    PREVIEW = "preview"
    #: Kept so suppressions and baselines still match; a successor (see its rationale) replaces it.
    DEPRECATED = "deprecated"


class Level(str, Enum):
    """How loudly a finding speaks; ``note`` never blocks a merge."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


_ID = re.compile(r"^RSL[0-9]{3}$")
DEFAULT_LEVELS: dict[int, Level] = {1: Level.ERROR, 2: Level.WARNING, 3: Level.NOTE}

#: The built-in rule families, in id order (the hundreds digit of a built-in id): the one list the
#: catalog schema, the docs and plugin validation are checked against. A tenth family would take
#: the hundreds digit 0 (0xx, the digit after 9 on a keypad) and stay in this one list.
FAMILIES: dict[str, str] = {
    "single-az": "copies, standbys and subnets spread over more than one zone",
    "replicas": "enough serving copies and data nodes to survive the loss of one",
    "health-check": "probes and target health checks that take broken copies out of service",
    "certificate": "TLS certificates issued and renewed by a manager",
    "backup": "backups kept long enough, point-in-time recovery, copies in another region",
    "disruption": "disruption budgets that keep copies serving during voluntary evictions",
    "rollout": "updates that keep capacity while they replace copies",
    "dependency": "shared resources several services need, and dependencies less critical than their users",
    "deletion": "stateful resources and front doors that one apply or stack delete cannot destroy",
    "monitoring": "alarms on the symptoms of a failure that reach someone",
}

#: A rule id: a plugin's own prefix of 2 to 6 capitals, then three digits (flake8's convention).
RULE_ID = re.compile(r"[A-Z]{2,6}[0-9]{3}")
#: The prefix only the built-in plugin may use.
BUILTIN_PREFIX = "RSL"


@dataclass(frozen=True)
class RuleMeta:
    """What a rule is, from its catalog file; rendered by ``reslint rules``, ``explain``, SARIF, docs."""

    id: str
    name: str
    title: str
    category: str
    rationale: str
    remediation: str
    references: tuple[str, ...]
    levels: dict[int, Level] = field(default_factory=lambda: dict(DEFAULT_LEVELS))
    #: Former ids and names: suppressions, baselines and selectors written before a rename still match.
    aliases: tuple[str, ...] = ()
    #: The version of the package that first shipped the rule (reslint's for built-in rules, the
    #: plugin's for a plugin's); None when a plugin's catalog does not say.
    since: str | None = None
    status: Status = Status.STABLE

    @property
    def first_id(self) -> str:
        """The rule's first id (aliases list former names oldest first): fingerprints use it, so a
        renumbered rule keeps its findings' identity in baselines, code scanning and GitLab."""
        return next((alias for alias in self.aliases if _ID.match(alias)), self.id)

    def level_for(self, tier: int) -> Level:
        """The level of a finding on a resource of *tier*."""
        return self.levels.get(tier, Level.NOTE)


@dataclass(frozen=True)
class Violation:
    """What a check reports: a provider-neutral message, the source evidence and where it is."""

    message: str
    line: int | None = None
    evidence: str | None = None
    #: The member of the resource the violation is about ("container 'api'"), when a rule can
    #: report several members of one resource; part of the fingerprint, the message is not.
    subject: str | None = None
    #: A fix for this violation when the resource's kind table cannot say it (it depends on another
    #: resource); written like the tables' fix texts, ``{tier.min_replicas}`` tokens and all.
    fix: str | None = None
    #: Where the evidence's value is set when not where it is quoted (``terraform.tfvars:4``).
    evidence_origin: str | None = None

    @classmethod
    def about(cls, resource: Resource, fact: Fact[Any], message: str, *, fix: str | None = None) -> Violation:
        """A violation about one fact of *resource*: at the fact's line (else the resource's), quoting its
        evidence and where its value is set."""
        return cls(message, fact.line_or(resource.line), fact.evidence, fix=fix, evidence_origin=fact.origin)


#: What a check does: read one resource and the policy of its tier, and yield what is wrong with it.
CheckFunction = Callable[["Resource", "TierPolicy"], Iterable[Violation]]


@dataclass(frozen=True)
class Check:
    """A check as ``@check`` declares it: the catalog rule it implements, the roles of the resources
    it inspects, and the function. Calling it calls the function."""

    rule_id: str
    roles: frozenset[Role]
    run: CheckFunction

    def __call__(self, resource: Resource, policy: TierPolicy) -> Iterable[Violation]:
        return self.run(resource, policy)

    @property
    def name(self) -> str:
        """The function's qualified name, for errors about the declaration."""
        return self.run.__qualname__


@dataclass(frozen=True)
class Rule:
    """A rule as the engine runs it: metadata, the roles it inspects, and its check."""

    meta: RuleMeta
    roles: frozenset[Role]
    check: CheckFunction


def check(rule_id: str, *roles: Role) -> Callable[[CheckFunction], Check]:
    """Declare a function the check of catalog rule *rule_id*, run on resources of *roles*."""

    def declare(func: CheckFunction) -> Check:
        return Check(rule_id, frozenset(roles), func)

    return declare


def rules_from(catalog: dict[str, RuleMeta], checks: Iterable[Check]) -> list[Rule]:
    """Pair catalog entries with checks; a check without an entry, or the reverse, is a plugin error."""
    rules = []
    seen: set[str] = set()
    for declared in checks:
        if not isinstance(declared, Check):
            name = getattr(declared, "__qualname__", repr(declared))
            raise PluginError(f"{name} is not declared with @check")
        if declared.rule_id not in catalog:
            raise PluginError(f"check {declared.name} names {declared.rule_id}, which is not in the catalog")
        if declared.rule_id in seen:
            raise PluginError(f"two checks implement {declared.rule_id}")
        seen.add(declared.rule_id)
        rules.append(Rule(catalog[declared.rule_id], declared.roles, declared))
    missing = sorted(set(catalog) - seen)
    if missing:
        raise PluginError(f"catalog rules without a check: {', '.join(missing)}")
    return rules


def builtin_catalog_dir() -> Path:
    """Where the built-in catalog is: inside the installed wheel, else the source checkout's ``rules/``."""
    packaged = Path(str(resources.files("reslint"))) / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def load_catalog(directory: Path) -> dict[str, RuleMeta]:
    """Read every ``RSL*.yaml`` entry of a catalog directory."""
    import yaml

    catalog: dict[str, RuleMeta] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        meta = meta_from_dict(data, str(path))
        catalog[meta.id] = meta
    return catalog


def meta_from_dict(data: object, origin: str) -> RuleMeta:
    """Build metadata from a catalog document; the JSON Schema in ``schemas/`` is checked in tests.

    ``since`` and ``status`` are required of reslint's own catalog (the schema); a plugin's catalog
    may leave them out (no version; stable)."""
    if not isinstance(data, dict):
        raise PluginError(f"{origin}: a catalog entry must be a mapping")
    try:
        levels = dict(DEFAULT_LEVELS)
        levels.update({int(tier): Level(level) for tier, level in (data.get("levels") or {}).items()})
        return RuleMeta(
            id=str(data["id"]),
            name=str(data["name"]),
            title=str(data["title"]),
            category=str(data["category"]),
            rationale=str(data["rationale"]).strip(),
            remediation=str(data["remediation"]).strip(),
            references=tuple(str(ref) for ref in data.get("references") or ()),
            levels=levels,
            aliases=tuple(str(alias) for alias in data.get("aliases") or ()),
            since=str(data["since"]) if data.get("since") is not None else None,
            status=Status(data.get("status", Status.STABLE.value)),
        )
    except (KeyError, ValueError) as exc:
        raise PluginError(f"{origin}: invalid catalog entry: {exc}") from exc
