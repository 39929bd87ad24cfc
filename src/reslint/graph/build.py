"""The service map: resources grouped into services, and who depends on whom.

Edges come from what the input formats already record: ``references`` (a resource uses another:
a subnet, a certificate, a secret, a target group), Kubernetes relations (``tier_peers``: a
Service or an autoscaler targets a workload, an Ingress routes to a Service) and the service flow
(``tier_flows``: a load balancer to its listeners, target groups and targets). An edge points from
the resource that needs to the resource it needs.
"""

from __future__ import annotations

import fnmatch
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reslint.model import Role, Unknown, index_by_address

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from reslint.model import Resource, ServiceSetting
    from reslint.tiers import Tiers

    #: A ``services:`` entry of the configuration: the service, path globs, address globs.
    ServiceRule = tuple[ServiceSetting, tuple[str, ...], tuple[str, ...]]

#: The tag or label naming the service a resource belongs to (Google label keys cannot hold "/").
SERVICE_KEYS = ("reslint.io/service", "reslint-service")
#: Kubernetes' recommended labels, the application before its component.
KUBERNETES_SERVICE_LABELS = ("app.kubernetes.io/part-of", "app.kubernetes.io/name")

#: Edge kinds by the role of the resource needed; documented in docs/graph.md.
_KIND_BY_ROLE = {
    Role.NETWORK: "network",
    Role.CERTIFICATE: "certificate",
    Role.TLS_ENDPOINT: "load-balancing",
    Role.LOAD_BALANCER: "load-balancing",
    Role.TARGET_GROUP: "load-balancing",
    Role.SECRET: "secret",
    Role.DNS_RECORD: "dns",
    Role.HEALTH_CHECK: "dns",
    Role.KEY: "key",
    Role.DATABASE: "data",
    Role.CACHE: "data",
    Role.SEARCH: "data",
    Role.MESSAGING: "data",
    Role.STORAGE: "data",
    Role.BACKUP_PLAN: "backup",
}
EDGE_KINDS = (
    "backup",
    "certificate",
    "cluster-dns",
    "data",
    "dns",
    "ingress-controller",
    "key",
    "kubernetes",
    "load-balancing",
    "network",
    "secret",
    "service-flow",
    "uses",
)

_MODULE = re.compile(r'^((?:module\.[A-Za-z0-9_-]+(?:\[(?:"(?:[^"\\]|\\.)*"|[0-9]+)\])?\.)+)')


@dataclass(frozen=True, order=True)
class Edge:
    """``source`` needs ``target``; *kind* says why."""

    source: str
    target: str
    kind: str


@dataclass
class Service:
    """Resources that serve one purpose together; its tier is its strictest member's."""

    id: str
    name: str
    origin: str  # where the grouping came from: "tag", "kubernetes labels", "module", "stack"
    members: list[str] = field(default_factory=list)
    tier: int = 3
    tier_source: str = ""
    rto_minutes: int | None = None  # from the configuration, when a ``services:`` entry sets them
    rpo_minutes: int | None = None


@dataclass
class Graph:
    """Nodes (by id: the resource address, made unique with its file when addresses repeat),
    services, edges and, per node, the services that depend on it from outside."""

    nodes: dict[str, Resource]
    ids: dict[int, str]  # id(resource) -> node id
    services: dict[str, Service]
    service_of: dict[str, str]
    edges: list[Edge]
    dependents: dict[str, set[str]]
    #: The tier of every resource in ``nodes``.
    tiers: Tiers


def assign_services(resources: Iterable[Resource], rules: Sequence[ServiceRule]) -> None:
    """Put each resource a ``services:`` entry matches (by file glob or address glob) in that
    service; the first matching entry wins, as the configuration lists them."""
    if not rules:
        return
    for resource in resources:
        for setting, paths, addresses in rules:
            if any(fnmatch.fnmatchcase(resource.file, glob) for glob in paths) or any(
                fnmatch.fnmatchcase(resource.address, glob) for glob in addresses
            ):
                resource.configured_service = setting
                break


def _node_ids(resources: Sequence[Resource]) -> dict[int, str]:
    """Each resource's node id: its address, or ``file:address`` where two resources share one,
    or ``root:file:address`` where one module's file is instantiated by several root modules."""
    counts = Counter(r.address for r in resources)
    located = Counter((r.file, r.address) for r in resources)

    def node_id(r: Resource) -> str:
        if counts[r.address] == 1:
            return r.address
        if located[(r.file, r.address)] == 1 or not r.context:
            return f"{r.file}:{r.address}"
        return f"{r.context[0]}:{r.file}:{r.address}"

    return {id(r): node_id(r) for r in resources}


def build_graph(resources: Sequence[Resource], tiers: Tiers) -> Graph:
    """Group *resources* into services (a service's tier is its strictest member's in *tiers*) and connect them."""
    ids = _node_ids(resources)
    nodes = {ids[id(r)]: r for r in sorted(resources, key=lambda r: (r.address, r.file, r.line))}
    edges = sorted(set(_edges(resources, ids)))
    service_of, services = _services(resources, tiers, ids, edges)
    needs: dict[str, list[str]] = {}
    for edge in edges:
        needs.setdefault(edge.source, []).append(edge.target)
    dependents: dict[str, set[str]] = {}
    for service in services.values():
        for node in _reachable(service.members, needs):
            if service_of.get(node) != service.id:
                dependents.setdefault(node, set()).add(service.id)
    return Graph(nodes, ids, services, service_of, edges, dependents, tiers)


def _lookup(resources: Sequence[Resource], ids: dict[int, str]) -> dict[tuple[str, str], list[str]]:
    return {key: [ids[id(r)] for r in found] for key, found in index_by_address(resources).items()}


def _edges(resources: Sequence[Resource], ids: dict[int, str]) -> Iterable[Edge]:
    by_address = _lookup(resources, ids)
    role_of = {ids[id(r)]: r.role for r in resources}
    for resource in resources:
        me = ids[id(resource)]
        for address in resource.references:
            for target in by_address.get((resource.scope, address), ()):
                if target != me:
                    kind = resource.reference_kinds.get(address) or _KIND_BY_ROLE.get(role_of[target], "uses")
                    yield Edge(me, target, kind)
        for address in resource.tier_peers:
            for peer in by_address.get((resource.scope, address), ()):
                if peer == me:
                    continue
                # A Service, autoscaler or budget targets the workload; an Ingress routes to a Service.
                if resource.role is Role.WORKLOAD and role_of[peer] is not Role.WORKLOAD:
                    yield Edge(peer, me, "kubernetes")
                else:
                    yield Edge(me, peer, "kubernetes")
        for address in resource.tier_flows:
            for target in by_address.get((resource.scope, address), ()):
                if target != me:
                    yield Edge(me, target, "service-flow")


def _declared_service(resource: Resource) -> tuple[str, str] | None:
    for key, value in resource.tags:
        if key in SERVICE_KEYS and isinstance(value, str) and value and not isinstance(value, Unknown):
            return value, "tag"
    if resource.configured_service is not None:
        return resource.configured_service.name, "config"
    for label in KUBERNETES_SERVICE_LABELS:
        for key, value in resource.tags:
            if key == label and isinstance(value, str) and value:
                namespace = resource.address.split("/", 1)[0] if resource.address.count("/") == 2 else ""
                return (f"{namespace}/{value}" if namespace else value), "kubernetes labels"
    return None


def _fallback_service(resource: Resource) -> tuple[str, str] | None:
    if resource.format.value == "terraform":
        match = _MODULE.match(resource.address)
        if match:
            return match.group(1).rstrip("."), "module"
        return None
    if resource.format.value == "cloudformation":
        return resource.file, "stack"
    return None


def _services(
    resources: Sequence[Resource], tiers: Tiers, ids: dict[int, str], edges: Sequence[Edge]
) -> tuple[dict[str, str], dict[str, Service]]:
    service_of: dict[str, str] = {}
    origin: dict[str, str] = {}
    for resource in resources:
        found = _declared_service(resource)
        if found:
            service_of[ids[id(resource)]], origin[found[0]] = found[0], found[1]
    # Kubernetes relations and the service flow bind parts of one service: a Service, Ingress,
    # autoscaler or budget joins the service of the workload it serves, and a listener or target
    # group its load balancer's, unless it names its own.
    binding = [e for e in edges if e.kind in ("kubernetes", "service-flow")]
    changed = True
    while changed:
        changed = False
        for edge in binding:
            for a, b in ((edge.source, edge.target), (edge.target, edge.source)):
                if a in service_of and b not in service_of:
                    service_of[b] = service_of[a]
                    changed = True
    for resource in resources:
        node = ids[id(resource)]
        if node not in service_of and (found := _fallback_service(resource)):
            service_of[node], origin[found[0]] = found[0], found[1]
    services: dict[str, Service] = {}
    tier_of = {ids[id(r)]: (tiers[r].tier, tiers[r].source, ids[id(r)]) for r in resources}
    by_node = {ids[id(r)]: r for r in resources}
    for node, name in sorted(service_of.items()):
        service = services.setdefault(name, Service(name, name.rsplit("/", 1)[-1], origin.get(name, "")))
        service.members.append(node)
    for service in services.values():
        tier, source, member = min(tier_of[m] for m in service.members)
        service.tier, service.tier_source = tier, f"{member}: {source}"
        # Recovery objectives come from the configuration's entries naming the service; the
        # strictest wins when two entries name it with different ones.
        settings = [s for m in service.members if (s := by_node[m].configured_service) and s.name == service.id]
        service.rto_minutes = min((s.rto_minutes for s in settings if s.rto_minutes is not None), default=None)
        service.rpo_minutes = min((s.rpo_minutes for s in settings if s.rpo_minutes is not None), default=None)
    return service_of, dict(sorted(services.items()))


def _reachable(starts: Iterable[str], needs: dict[str, list[str]]) -> set[str]:
    seen = set(starts)
    queue = deque(seen)
    while queue:
        for target in needs.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen
