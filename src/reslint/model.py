"""The normalized resource model every parser produces and every rule reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Final, Generic, TypeAlias, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

T = TypeVar("T")


def strip_instance_keys(address: str, *, last: bool = False) -> str:
    """A Terraform address without its instance keys: ``module.a["x"].aws_vpc.this[0]`` ->
    ``module.a.aws_vpc.this``; with *last*, without the resource's own key only (``module.a["x"].aws_vpc.this``,
    the block its instances share). Brackets and escaped quotes inside quoted keys are part of the key."""
    if "[" not in address:
        return address  # most addresses: nothing to strip
    spans: list[tuple[int, int]] = []
    depth, quoted, escaped, start = 0, False, False, 0
    for index, char in enumerate(address):
        if quoted:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
        elif depth and char == '"':
            quoted = True
        elif char == "[":
            if depth == 0:
                start = index
            depth += 1
        elif char == "]" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, index + 1))
    if depth:
        spans.append((start, len(address)))  # an unclosed key runs to the end
    if last:
        spans = spans[-1:] if spans and spans[-1][1] == len(address) else []
    kept, end = [], 0
    for begin, stop in spans:
        kept.append(address[end:begin])
        end = stop
    kept.append(address[end:])
    return "".join(kept)


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


class Reference(Unknown):
    """An unknown value that is known to be an attribute of another resource: ``aws_subnet.a[0].id``,
    ``!Ref PrivateSubnet1``.

    Its value is as unknown as any other (the subnet's id exists only after apply), but a
    normalizer can follow it to the resource and read what its configuration states (the subnet's
    availability zone). Operations on it give plain ``UNKNOWN``.
    """

    __slots__ = ("address", "attribute")

    def __new__(cls, address: str, attribute: str) -> Reference:
        instance = object.__new__(cls)
        object.__setattr__(instance, "address", address)
        object.__setattr__(instance, "attribute", attribute)
        return instance

    def __init__(self, address: str, attribute: str) -> None:
        self.address: str
        self.attribute: str

    def __repr__(self) -> str:
        return f"Reference({self.address!r}, {self.attribute!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reference) and (self.address, self.attribute) == (other.address, other.attribute)

    def __hash__(self) -> int:
        return hash((self.address, self.attribute))

    def __reduce__(self) -> tuple[type[Reference], tuple[str, str]]:  # type: ignore[override]
        return (Reference, (self.address, self.attribute))


class Encoded(Unknown):
    """An unknown string known to be the JSON encoding of *value*, which holds unknowns itself:
    Terraform's ``jsonencode([{ name = "api", image = var.image, healthCheck = {...} }])``.

    The text is as unknown as any other, but a normalizer can read the parts the configuration
    states (an ECS container's ``healthCheck``) without guessing the rest.
    """

    __slots__ = ("value",)

    def __new__(cls, value: object) -> Encoded:
        instance = object.__new__(cls)
        object.__setattr__(instance, "value", value)
        return instance

    def __init__(self, value: object) -> None:
        self.value: object

    def __repr__(self) -> str:
        return f"Encoded({self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Encoded) and self.value == other.value

    def __hash__(self) -> int:
        return hash(Encoded)  # the value may be a list: equal values must hash alike, so one bucket

    def __reduce__(self) -> tuple[type[Encoded], tuple[object]]:  # type: ignore[override]
        return (Encoded, (self.value,))


#: A fact value: known (``T``), not stated (``None``) or not knowable statically (``UNKNOWN``).
Maybe: TypeAlias = T | Unknown | None


def is_known(value: object) -> bool:
    """True when *value* is neither unknown (``UNKNOWN``, a ``Reference``) nor ``None``."""
    return value is not None and not isinstance(value, Unknown)


@dataclass(frozen=True, slots=True)
class Fact(Generic[T]):
    """One provider-neutral fact about a resource: its value, the source text a message quotes in
    the user's spelling (``multi_az = false``, ``spec.replicas: 1``), the line that text is on
    (``None``: the resource's own line), and, when the setting names a variable or parameter, where
    the evaluator found its value (``terraform.tfvars:4 via module.db``; ``None``: written there)."""

    value: Maybe[T] = None
    evidence: str | None = None
    line: int | None = None
    origin: str | None = None

    def __bool__(self) -> bool:
        # ``if facts.replicas:`` would be true for every fact, stated or not: a check must test ``.value``.
        raise TypeError("the truth value of a Fact is undefined; test its .value")

    def line_or(self, default: int) -> int:
        """The fact's line, else *default* (the resource's line)."""
        return default if self.line is None else self.line


#: The fact a resource does not state: no value, no evidence, no line. Shared by every field.
NOT_STATED: Final[Fact[Any]] = Fact()


class Format(str):
    """The input format a resource was read from, spelled as the JSON report spells it.

    The built-in formats are the constants below; a plugin's input format names its own
    (``Format("nomad")``). Equal names give the same object, so ``is`` comparisons hold for
    plugins, pickled cache entries and built-ins alike.
    """

    __slots__ = ()
    _interned: ClassVar[dict[str, Format]] = {}
    KUBERNETES: ClassVar[Format]
    TERRAFORM: ClassVar[Format]
    CLOUDFORMATION: ClassVar[Format]

    def __new__(cls, name: str) -> Format:
        known = cls._interned.get(name)
        if known is None:
            if not _FORMAT_NAME.fullmatch(name):
                raise ValueError(f"{name!r} is not a format name (lower-case letters, digits and '-')")
            known = cls._interned[name] = super().__new__(cls, name)
        return known

    @property
    def value(self) -> str:
        """The plain name, as Enum members spell it, so ``resource.format.value`` keeps working."""
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"Format({self.value!r})"

    def __reduce__(self) -> tuple[type[Format], tuple[str]]:
        return (Format, (self.value,))


_FORMAT_NAME = re.compile(r"[a-z][a-z0-9-]*")
Format.KUBERNETES = Format("kubernetes")
Format.TERRAFORM = Format("terraform")
Format.CLOUDFORMATION = Format("cloudformation")


class Role(str, Enum):
    """What a resource is for, independent of provider; rules select resources by role."""

    WORKLOAD = "workload"  # a set of interchangeable serving copies: Deployment, ASG, ECS service
    BATCH = "batch"  # run-to-completion work: Job, CronJob
    AUTOSCALER = "autoscaler"
    DISRUPTION_BUDGET = "disruption-budget"
    DATABASE = "database"
    CACHE = "cache"
    SEARCH = "search"
    MESSAGING = "messaging"
    LOAD_BALANCER = "load-balancer"
    TARGET_GROUP = "target-group"
    CERTIFICATE = "certificate"
    TLS_ENDPOINT = "tls-endpoint"  # something that serves TLS with a certificate: Ingress, listener
    SECRET = "secret"
    STORAGE = "storage"
    BACKUP_PLAN = "backup-plan"
    DNS_RECORD = "dns-record"
    HEALTH_CHECK = "dns-health-check"  # a check that decides where DNS sends traffic: a Route 53 health check
    KEY = "key"  # an encryption key: a KMS key and its replicas
    NETWORK = "network"
    CDN = "cdn"
    ALARM = "alarm"  # a metric alarm: CloudWatch alarm
    DEPLOYMENT = "deployment"  # what rolls a release out to a workload: a CodeDeploy deployment group
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


@dataclass(frozen=True, slots=True)
class DependentService:
    """A service that needs a resource it does not own, directly or through other resources."""

    service: str
    tier: int


@dataclass(frozen=True, slots=True)
class ServiceSetting:
    """A service the configuration names (``services:``), with its recovery objectives in minutes."""

    name: str
    rto_minutes: int | None = None
    rpo_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class TierInversion:
    """A resource this one needs that declares a less strict tier than this one has."""

    address: str
    declared_tier: int


@dataclass(slots=True)
class Facts:
    """Provider-neutral facts the rules read; parsers fill what their format states.

    Every ``Fact`` field is ``NOT_STATED`` when the resource does not state it; its value is
    ``UNKNOWN`` when the resource states it through something that cannot be resolved statically.
    The lists hold typed records that carry their own evidence and lines (one per container, per
    certificate; the service map's dependents and tier inversions); ``scaled_to_zero`` and
    ``autoscaled_by`` qualify ``replicas`` and quote nothing themselves.
    """

    # Redundancy: the minimum number of serving copies.
    replicas: Fact[int] = NOT_STATED
    # ``replicas`` is 0 on purpose: a workload parked (``replicas: 0``, ``desired_count = 0``), not
    # one that fails with its only copy; reported as a notice, not a finding.
    scaled_to_zero: bool = False
    # The autoscaler that sets ``replicas`` (its lower bound is checked on the autoscaler itself).
    autoscaled_by: str | None = None
    # An autoscaler's own lower bound (on the autoscaler resource).
    autoscaler_min_replicas: Fact[int] = NOT_STATED
    # Placement: copies are spread over zones by an explicit policy (Kubernetes).
    zone_spread: Fact[bool] = NOT_STATED
    # Placement: the number of distinct zones the copies are placed in (subnets, zone lists).
    zone_count: Fact[int] = NOT_STATED
    # Placement: a standby or replica in another zone takes over when the zone fails.
    zone_redundant: Fact[bool] = NOT_STATED
    # Failover: a replica elsewhere takes over without a human (False: only a manual failover does).
    automatic_failover: Fact[bool] = NOT_STATED
    # A zonal component (a NAT gateway) that resources in this many zones depend on.
    serves_zones: Fact[int] = NOT_STATED
    # Data stores: the number of nodes or instances serving the data.
    nodes: Fact[int] = NOT_STATED
    # Health: one entry per member and kind of check.
    probes: list[ProbeFact] = field(default_factory=list)
    # Certificates held or served, each managed or not.
    certificates: list[CertificateFact] = field(default_factory=list)
    # Disruption: a disruption budget covers this workload / the budget lets at least one copy go.
    disruption_budget: Fact[bool] = NOT_STATED
    disruption_allowed: Fact[bool] = NOT_STATED
    # Rollout: an update keeps at least one copy serving.
    rollout_keeps_capacity: Fact[bool] = NOT_STATED
    # Rollout: a failing update stops and returns to the last working version by itself.
    rollout_rolls_back: Fact[bool] = NOT_STATED
    # Backups: automated backups are kept this many days (0: none).
    backup_retention_days: Fact[int] = NOT_STATED
    # Backups: restore to any point in time (continuous backups, object versions).
    point_in_time_recovery: Fact[bool] = NOT_STATED
    # Backups: a copy of the data or its backups lives in another region.
    cross_region_copy: Fact[bool] = NOT_STATED
    # Object storage keeps earlier versions of every object.
    versioning: Fact[bool] = NOT_STATED
    # Dependencies (the service map): the services outside this resource's own that need it, and
    # the resources it needs whose declared tier is less strict than its own.
    dependents: list[DependentService] = field(default_factory=list)
    tier_inversions: list[TierInversion] = field(default_factory=list)
    # Backups: the longest a backup plan lets data go without a recovery point, in minutes (its most
    # frequent rule's interval; 0 with continuous backups).
    backup_interval_minutes: Fact[int] = NOT_STATED
    # Backups: a vault lock keeps anyone from deleting recovery points before they expire.
    backups_immutable: Fact[bool] = NOT_STATED
    # Backups: an AWS Backup plan selects it and restore tests restore its type (None: no plan).
    restore_tested: Fact[bool] = NOT_STATED
    # Deletion: one apply or stack delete cannot destroy it (deletion protection, Terraform
    # ``prevent_destroy``, CloudFormation ``DeletionPolicy: Retain``).
    deletion_protected: Fact[bool] = NOT_STATED
    # Deletion: deleting or replacing it keeps a copy of its data (a final snapshot, a retained resource).
    copy_kept_on_delete: Fact[bool] = NOT_STATED
    # Secrets: the resources that read it (references from outside its own management: not its
    # versions, rotation or policy); a secret nothing reads is no dependency.
    needed_by: list[str] = field(default_factory=list)
    # Keys: the key exists in more than one region (a multi-Region key, or one with a replica key).
    multi_region: Fact[bool] = NOT_STATED
    # Keys: the resources that name it for their source and for a copy in another region (a secret's
    # or table's replica, another cluster of a global cluster): one key cannot serve both unless it
    # exists in both regions.
    protects_copies: list[str] = field(default_factory=list)
    # DNS: the name fails over to a second, health-checked answer (a failover SECONDARY, several
    # weighted or latency records), not one answer whatever its health.
    dns_failover: Fact[bool] = NOT_STATED
    # Health checks: the check can report a failure (not disabled, not inverted).
    health_check_works: Fact[bool] = NOT_STATED
    # Network: the independent links to another network traffic through this gateway can take (VPN
    # connections, Direct Connect connections); not stated when it links to none.
    network_links: Fact[int] = NOT_STATED
    # Monitoring: an alarm in the same configuration watches a symptom metric of it (errors, target
    # health, latency, replication lag, free storage, queue age).
    symptom_alarm: Fact[bool] = NOT_STATED
    # Monitoring (on an alarm): going into alarm reaches someone or something (an alarm action, a
    # composite alarm or a deployment that acts on it).
    alarm_acted_on: Fact[bool] = NOT_STATED
    #: Rule id -> how to fix it on this resource, in its own format's spelling (``set `MultiAZ: true```);
    #: ``{tier.min_replicas}`` and other ``TierPolicy`` fields are filled in from its tier (``fixes.py``).
    fixes: dict[str, str] = field(default_factory=dict)

    def respell(self, spell: Callable[[str], str]) -> None:
        """Rewrite the evidence of every stated fact with *spell* (another format's spelling of the
        same settings: ``minReplicas`` as ``min_replicas``)."""
        for each in fields(self):
            fact = getattr(self, each.name)
            if isinstance(fact, Fact) and fact.evidence is not None:
                setattr(self, each.name, replace(fact, evidence=spell(fact.evidence)))


# Compared and hashed by identity: a resource is one object of one run, and it keys the tier
# assignment (``tiers.Tiers``), where two Terraform roots may hold the same address.
@dataclass(slots=True, eq=False)
class Resource:
    """One infrastructure object, normalized from any input format."""

    format: Format
    type: str  # the provider's type: "Deployment", "aws_db_instance", "AWS::RDS::DBInstance"
    address: str  # "shop/Deployment/payments", "module.db.aws_db_instance.this"
    file: str  # display path, relative to the current directory, "/" separators
    line: int
    role: Role
    attributes: Mapping[Any, object]  # the resource's own body, as parsed
    facts: Facts = field(default_factory=Facts)
    #: ``(key, value)`` of every label, annotation or tag on the resource itself.
    tags: list[tuple[str, object]] = field(default_factory=list)
    #: Addresses of resources this one uses (the reference graph); tiers flow along it.
    references: set[str] = field(default_factory=set)
    #: Why a reference is needed, where its target's role does not say it (the service map's edge
    #: kind, docs/graph.md): an Ingress's reference to the controller that serves it.
    reference_kinds: dict[str, str] = field(default_factory=dict)
    #: Addresses of resources that form one service with this one; tiers flow both ways.
    tier_peers: set[str] = field(default_factory=set)
    #: Addresses of resources that serve this one's traffic (a load balancer's listeners, a target
    #: group's targets, a DNS record pointing here); its tier flows to them, one way, and never
    #: overrides a tier they set themselves.
    tier_flows: set[str] = field(default_factory=set)
    #: Tags the resource gets from where it is declared (provider ``default_tags``, a namespace's
    #: labels, stack tags); its own tags override them. ``inherited_tags_from`` names that place.
    inherited_tags: list[tuple[str, object]] = field(default_factory=list)
    inherited_tags_from: str = ""
    #: Where addresses are unique: a CloudFormation template's logical ids mean nothing outside it,
    #: while Kubernetes and Terraform addresses are shared by the whole scan ("").
    scope: str = ""
    #: The service a ``services:`` pattern of the configuration puts the resource in (set by scan).
    configured_service: ServiceSetting | None = None
    #: Suppressions a format attaches itself (CloudFormation Metadata); comments and the
    #: ``reslint.io/ignore`` tag are read by ``suppress.py`` for every format.
    suppressions: list[Suppression] = field(default_factory=list)
    #: Folders whose files can change this resource's values besides its own file: for a
    #: Terraform module instance, every module folder from the root module down (variables,
    #: locals, module inputs and .tfvars flow through them). ``--changed`` reads it.
    context: tuple[str, ...] = ()

    @property
    def base_address(self) -> str:
        """The address without instance keys: ``module.m[0].aws_subnet.a["x"]`` -> ``module.m.aws_subnet.a``."""
        return strip_instance_keys(self.address)


def index_by_address(resources: Sequence[Resource]) -> dict[tuple[str, str], list[Resource]]:
    """Resources by ``(scope, address)``, each under its address and under its address without
    instance keys: references name a resource without its count/for_each key and reach every
    instance. Tier propagation, the service map and ``--changed`` resolve references through it."""
    index: dict[tuple[str, str], list[Resource]] = {}
    for resource in resources:
        for address in {resource.address, resource.base_address}:
            index.setdefault((resource.scope, address), []).append(resource)
    return index
