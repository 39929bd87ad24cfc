"""The normalized resource model every parser produces and every rule reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Final, TypeAlias, TypeVar

T = TypeVar("T")
_INSTANCE_KEY = re.compile(r'\[(?:"[^"]*"|[^\]]*)\]')


class Unknown:
    """A value that cannot be known statically (unresolved variable, data source, pseudo parameter).

    It is distinct from ``None`` (absent, not stated) and from ``False``: a rule never fires on it.
    """

    _instance: Unknown | None = None
    __slots__ = ()

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        # Truth-testing an unknown is always a bug in a rule: it must ask `is_known` first.
        raise TypeError("the truth value of UNKNOWN is undefined; test is_known() first")

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = Unknown()

#: A fact value: known (``T``), not stated (``None``) or not knowable statically (``UNKNOWN``).
Maybe: TypeAlias = T | Unknown | None


def is_known(value: object) -> bool:
    """True when *value* is neither ``UNKNOWN`` nor ``None``."""
    return value is not None and value is not UNKNOWN


class Format(str, Enum):
    """The input format a resource was read from; the value is the JSON report's spelling."""

    KUBERNETES = "kubernetes"
    TERRAFORM = "terraform"
    CLOUDFORMATION = "cloudformation"


class Role(str, Enum):
    """What a resource is for, independent of provider; rules select resources by role."""

    WORKLOAD = "workload"  # a set of interchangeable serving copies: Deployment, ASG, ECS service
    BATCH = "batch"  # run-to-completion work: Job, CronJob
    AUTOSCALER = "autoscaler"
    DISRUPTION_BUDGET = "disruption-budget"
    DATABASE = "database"
    CACHE = "cache"
    LOAD_BALANCER = "load-balancer"
    TARGET_GROUP = "target-group"
    CERTIFICATE = "certificate"
    TLS_ENDPOINT = "tls-endpoint"  # something that serves TLS with a certificate: Ingress, listener
    SECRET = "secret"
    STORAGE = "storage"
    BACKUP_PLAN = "backup-plan"
    DNS_RECORD = "dns-record"
    NETWORK = "network"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ProbeFact:
    """Whether one member of a resource (a container, a target) has one kind of health check."""

    subject: str  # e.g. "container 'api'"
    kind: str  # what the check decides: "readiness" (take traffic?), "liveness" (restart?), "health"
    check: str  # the provider's name for the check, e.g. "readinessProbe"
    present: Maybe[bool]
    line: int


@dataclass(frozen=True, slots=True)
class CertificateFact:
    """Whether a certificate a resource holds or serves is issued and renewed by a manager."""

    subject: str  # e.g. "TLS secret 'shop-tls'"
    managed: Maybe[bool]  # by cert-manager, ACM, a cloud-managed certificate
    evidence: str
    line: int


@dataclass(frozen=True, slots=True)
class Suppression:
    """A user's decision to accept a rule's findings on one resource, for a reason, maybe until a date."""

    rules: tuple[str, ...]
    reason: str
    until: str | None  # ISO date; the findings come back after it
    file: str
    line: int | None


@dataclass(slots=True)
class Facts:
    """Provider-neutral facts the rules read; parsers fill what their format states.

    Every field is ``None`` when the resource does not state it, ``UNKNOWN`` when it states it
    through something that cannot be resolved statically. ``evidence`` holds, per fact name, the
    source text a message quotes (``"spec.replicas: 1"``); ``lines`` the line it comes from.
    """

    # Redundancy: the minimum number of serving copies.
    replicas: Maybe[int] = None
    # The autoscaler that sets ``replicas`` (its lower bound is checked on the autoscaler itself).
    autoscaled_by: str | None = None
    # An autoscaler's own lower bound (on the autoscaler resource).
    autoscaler_min_replicas: Maybe[int] = None
    # Placement: copies are spread over zones by an explicit policy.
    zone_spread: Maybe[bool] = None
    # Health: one entry per member and kind of check.
    probes: list[ProbeFact] = field(default_factory=list)
    # Certificates held or served, each managed or not.
    certificates: list[CertificateFact] = field(default_factory=list)
    # Disruption: a disruption budget covers this workload / the budget lets at least one copy go.
    disruption_budget: Maybe[bool] = None
    disruption_allowed: Maybe[bool] = None
    # Rollout: an update keeps at least one copy serving.
    rollout_keeps_capacity: Maybe[bool] = None
    evidence: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Resource:
    """One infrastructure object, normalized from any input format."""

    format: Format
    type: str  # the provider's type: "Deployment", "aws_db_instance", "AWS::RDS::DBInstance"
    address: str  # "shop/Deployment/payments", "module.db.aws_db_instance.this"
    file: str  # display path, relative to the current directory, "/" separators
    line: int
    role: Role
    attributes: dict[object, object]  # the resource's own body, as parsed
    facts: Facts = field(default_factory=Facts)
    #: ``(key, value)`` of every label, annotation or tag on the resource itself.
    tags: list[tuple[str, object]] = field(default_factory=list)
    #: Addresses of resources this one uses (the reference graph); tiers flow along it.
    references: set[str] = field(default_factory=set)
    #: Addresses of resources that form one service with this one; tiers flow both ways.
    tier_peers: set[str] = field(default_factory=set)
    tier: int | None = None  # set by tiers.assign_tiers
    tier_source: str = "default"  # "tag", "config", "inherited from ADDRESS" or "default"
    explicit_tier: bool = False  # the tier comes from the resource's own tags or the config
    #: Suppressions a format attaches itself (CloudFormation Metadata); comments and the
    #: ``reslint.io/ignore`` tag are read by ``suppress.py`` for every format.
    suppressions: list[Suppression] = field(default_factory=list)

    @property
    def base_address(self) -> str:
        """The address without instance keys: ``module.m[0].aws_subnet.a["x"]`` -> ``module.m.aws_subnet.a``."""
        return _INSTANCE_KEY.sub("", self.address)

    def fact_line(self, fact: str) -> int:
        """The line a finding about *fact* should point at: the fact's own line, else the resource's."""
        return self.facts.lines.get(fact, self.line)
