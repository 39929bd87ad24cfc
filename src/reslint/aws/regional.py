"""What survives a region or a link: Secrets Manager replicas, multi-Region KMS keys, Route 53
failover and health checks, and the VPN and Direct Connect links of a gateway.

Fill functions for the kinds in ``aws/kinds.py``; each reads the record and the records that name
it, and leaves a fact unknown when a value it needs cannot be known statically.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.clouds.kind import flag
from reslint.clouds.view import View, as_list, lookup, mapping_of, truthy
from reslint.model import UNKNOWN, Fact, Reference, Unknown

if TYPE_CHECKING:
    from reslint.clouds.index import CloudIndex
    from reslint.clouds.view import Record
    from reslint.model import Facts

# --- secrets and keys ----------------------------------------------------------------------------

#: What manages a secret rather than reads it: its value, its rotation, its policy.
SECRET_COMPANIONS = frozenset(
    {
        "aws_secretsmanager_secret_version",
        "aws_secretsmanager_secret_rotation",
        "aws_secretsmanager_secret_policy",
        "AWS::SecretsManager::SecretTargetAttachment",
        "AWS::SecretsManager::RotationSchedule",
        "AWS::SecretsManager::ResourcePolicy",
    }
)
_REPLICA_KEYS = {"aws_kms_replica_key": "primary_key_arn", "AWS::KMS::ReplicaKey": "PrimaryKeyArn"}


def fill_secret(view: View, index: CloudIndex, facts: Facts) -> None:
    """A Secrets Manager secret lives in one region unless it has replicas (``replica`` blocks,
    ``ReplicaRegions``); a replica is always in another region than the secret."""
    facts.needed_by = index.users(view.record, SECRET_COMPANIONS)
    replicas = as_list(view.get("replicas"))
    if isinstance(replicas, Unknown) or (
        isinstance(replicas, list) and any(isinstance(r, Unknown) and not isinstance(r, Reference) for r in replicas)
    ):
        facts.cross_region_copy = Fact(UNKNOWN)  # a dynamic block over a variable, a parameter
        return
    shown = view.show("replicas", value=_regions(replicas) if replicas else None)
    facts.cross_region_copy = view.fact("replicas", bool(replicas), shown)


def _regions(replicas: list[object]) -> object:
    regions = [mapping_of(r).get("region", mapping_of(r).get("Region")) for r in replicas]
    return [r for r in regions if r is not None] or replicas


#: Resources whose copies in other regions name their own key: type -> (the source's key, the
#: copies, each copy's key). A replica is always in another region than its source.
_COPY_KEYS = {
    "aws_secretsmanager_secret": ("kms_key_id", "replica", "kms_key_id"),
    "AWS::SecretsManager::Secret": ("KmsKeyId", "ReplicaRegions", "KmsKeyId"),
    "aws_dynamodb_table": ("server_side_encryption.kms_key_arn", "replica", "kms_key_arn"),
}
#: Aurora, DocumentDB and Neptune clusters of one global cluster are in different regions.
_GLOBAL_MEMBERS = {"aws_rds_cluster": "global_cluster_identifier", "AWS::RDS::DBCluster": "GlobalClusterIdentifier"}
_CLUSTER_KEY = {"aws_rds_cluster": "kms_key_id", "AWS::RDS::DBCluster": "KmsKeyId"}


def fill_key(view: View, index: CloudIndex, facts: Facts) -> None:
    """A KMS key is in one region unless it is a multi-Region key (``multi_region``,
    ``MultiRegion``, default false); a replica key can only copy a multi-Region primary, so one
    naming it says so too. Also the resources that name it for their source and for a copy in
    another region, which only a key in both regions can serve."""
    record = view.record
    facts.protects_copies = _copies_under(index, record)
    replicas = [r for r, _ in index.referrers(record, _REPLICA_KEYS)]
    if replicas and truthy(view.get("multi_region")) is not False:
        facts.multi_region = view.fact("multi_region", True, f"{replicas[0].address} replicates it")
        return
    facts.multi_region = flag(view, "multi_region", default=False)


def _names(index: CloudIndex, referrer: Record, value: object, key: Record) -> bool:
    return isinstance(value, Reference) and any(t is key for t in index.target(referrer, value))


def _copies_under(index: CloudIndex, key: Record) -> list[str]:
    """The resources that encrypt their source and a copy in another region under *key*: a
    secret or table whose replica names the same key, clusters of one global cluster that do."""
    found = set()
    for referrer, _ in index.referrers(key, _COPY_KEYS):
        source, copies, copy_key = _COPY_KEYS[referrer.type]
        replicas = as_list(lookup(referrer.attributes, copies))
        if _names(index, referrer, lookup(referrer.attributes, source), key) and any(
            _names(index, referrer, lookup(replica, copy_key), key)
            for replica in (replicas if isinstance(replicas, list) else [])
        ):
            found.add(referrer.address)
    members: dict[tuple[str, str], list[str]] = {}
    for referrer, _ in index.referrers(key, _GLOBAL_MEMBERS):
        group = lookup(referrer.attributes, _GLOBAL_MEMBERS[referrer.type])
        if isinstance(group, Reference) and _names(
            index, referrer, lookup(referrer.attributes, _CLUSTER_KEY[referrer.type]), key
        ):
            members.setdefault(strip(group), []).append(referrer.address)
    for addresses in members.values():
        if len(addresses) >= 2:
            found.update(addresses)
    return sorted(found)


def fill_replica_key(view: View, index: CloudIndex, facts: Facts) -> None:
    """A replica key is one region's copy of a multi-Region key."""
    facts.multi_region = view.fact("primary", True, view.show("primary"))


# --- DNS -----------------------------------------------------------------------------------------

DNS_RECORDS = ("aws_route53_record", "AWS::Route53::RecordSet")
#: Record types that answer with an endpoint clients connect to.
_ENDPOINT_TYPES = frozenset({"A", "AAAA", "CNAME"})
#: Global front doors with their own failover (CloudFront origin groups, Global Accelerator
#: endpoint groups): an alias to one is not one region's endpoint. By the hosted zone id AWS gives
#: every alias to them, their DNS names, and their resource types.
_GLOBAL_ZONES = frozenset({"Z2FDTNDATAQYW2", "Z2BJ6XQ5FK7U4H"})
_GLOBAL_SUFFIXES = (".cloudfront.net", ".awsglobalaccelerator.com")
_GLOBAL_TYPES = frozenset(
    {
        "aws_cloudfront_distribution",
        "aws_globalaccelerator_accelerator",
        "AWS::CloudFront::Distribution",
        "AWS::GlobalAccelerator::Accelerator",
    }
)
_ZONES = frozenset({"aws_route53_zone", "AWS::Route53::HostedZone"})
_POLICIES = ("failover", "weighted", "latency", "geolocation", "multivalue")


def routing_policy(view: View) -> str | None:
    """The record's routing policy, None for simple routing."""
    return next(
        (
            name
            for name in _POLICIES
            # ``MultiValueAnswer: false`` / ``multivalue_answer_routing_policy = false`` is simple routing.
            if view.has(name) and (name != "multivalue" or truthy(view.get(name)) is not False)
        ),
        None,
    )


def fill_dns_failover(view: View, index: CloudIndex, facts: Facts, policy: str | None) -> None:
    """Whether the record's name fails over to a second answer: a failover PRIMARY with a
    SECONDARY for the same name, type and zone; two or more weighted, latency, geolocation or
    multivalue records for it. Simple routing answers with one endpoint whatever its health.
    Not judged: records that are no endpoint (TXT, MX, ``_`` names), aliases to a global front
    door, records in a private zone of the configuration, and failover SECONDARY records."""
    kind = view.get("type")
    if isinstance(kind, Unknown):
        facts.dns_failover = Fact(UNKNOWN)
        return
    name = view.get("name")
    if not isinstance(kind, str) or kind.upper() not in _ENDPOINT_TYPES:
        return
    if isinstance(name, str) and name.startswith("_"):
        return  # a validation or service record (ACM, DKIM), not an endpoint
    if _global_alias(view, index) or _private_zone(view, index):
        return
    if policy is None:
        evidence = "simple routing: one answer whatever its health"
        if view.has("alias_target"):
            evidence = f"simple routing to one alias target ({view.show('alias_target')})"
        facts.dns_failover = view.fact("name", False, evidence)
        return
    role = view.get("failover_type") if policy == "failover" else None
    if isinstance(role, Unknown):
        facts.dns_failover = Fact(UNKNOWN)
        return
    if isinstance(role, str) and role.upper() == "SECONDARY":
        return  # the fallback itself
    siblings = [_same_name(view, other) for other in index.of_types(view.record, DNS_RECORDS)]
    wanted = "SECONDARY" if policy == "failover" else None
    found: list[bool | Unknown] = []
    for other, same in siblings:
        if same is False or other is view.record:
            continue
        other_view = View(other, view.fields)
        if wanted is not None:
            other_role = other_view.get("failover_type")
            if isinstance(other_role, Unknown):
                found.append(UNKNOWN)
                continue
            if not (isinstance(other_role, str) and other_role.upper() == wanted):
                continue
        elif routing_policy(other_view) is None:
            continue
        found.append(same)
    if True in found:
        facts.dns_failover = Fact(True)
        return
    if found or view.record.siblings is None:
        facts.dns_failover = Fact(UNKNOWN)
        return
    evidence = (
        f"{view.show('failover_type')} with no SECONDARY record for its name"
        if policy == "failover"
        else f"the only {policy} record for its name"
    )
    facts.dns_failover = view.fact(policy, False, evidence)


def _same_name(view: View, other: Record) -> tuple[Record, bool | Unknown]:
    """Whether *other* answers for the same name, type and zone as the record of *view*."""
    mine, theirs = view.record, other
    verdict: bool | Unknown = True
    for field in ("name", "type", "zone", "zone_name"):
        a, b = View(mine, view.fields).get(field), View(theirs, view.fields).get(field)
        if isinstance(a, str) and isinstance(b, str):
            if a.lower().rstrip(".") != b.lower().rstrip("."):
                return other, False
        elif isinstance(a, Reference) and isinstance(b, Reference):
            if strip(a) != strip(b):
                return other, False
        elif a is None and b is None:
            continue
        elif isinstance(a, Unknown) and isinstance(b, Unknown):
            path = View(mine, view.fields).path(field) or ""
            symbol = mine.symbols.get(path)
            if symbol is None or symbol != theirs.symbols.get(path):
                verdict = UNKNOWN
        elif isinstance(a, Unknown) or isinstance(b, Unknown):
            verdict = UNKNOWN
        else:
            return other, False  # one states it, the other does not
    return other, verdict


def strip(ref: Reference) -> tuple[str, str]:
    """A reference without the instance key of its target, which the same block's instances share."""
    return ref.address.split("[", 1)[0], ref.attribute


def _global_alias(view: View, index: CloudIndex) -> bool:
    zone, target = view.get("alias_zone"), view.get("alias_target")
    if isinstance(zone, str) and zone in _GLOBAL_ZONES:
        return True
    if isinstance(target, str) and target.lower().rstrip(".").endswith(_GLOBAL_SUFFIXES):
        return True
    for value in (zone, target):
        if isinstance(value, Reference) and any(t.type in _GLOBAL_TYPES for t in index.target(view.record, value)):
            return True
    return False


def _private_zone(view: View, index: CloudIndex) -> bool:
    zone = view.get("zone")
    if not isinstance(zone, Reference):
        return False
    return any(
        t.type in _ZONES and (lookup(t.attributes, "vpc") or lookup(t.attributes, "VPCs"))
        for t in index.target(view.record, zone)
    )


def fill_health_check(view: View, index: CloudIndex, facts: Facts) -> None:
    """A disabled Route 53 health check is always healthy; an inverted one is healthy when its
    endpoint fails. Either way DNS keeps answering with a dead endpoint."""
    disabled, inverted = truthy(view.get("disabled")), truthy(view.get("inverted"))
    for field, value, why in (
        ("disabled", disabled, "Route 53 considers a disabled check healthy"),
        ("inverted", inverted, "healthy when the endpoint fails"),
    ):
        if value is True:
            facts.health_check_works = view.fact(field, False, f"{view.show(field)} ({why})")
            return
    works: bool | Unknown = UNKNOWN if UNKNOWN in (disabled, inverted) else True
    facts.health_check_works = Fact(works)


# --- links to other networks ---------------------------------------------------------------------

_VPN_CONNECTIONS = ("aws_vpn_connection", "AWS::EC2::VPNConnection")
#: Private virtual interfaces name the connection they run over and the gateway they reach.
_INTERFACES = (
    "aws_dx_private_virtual_interface",
    "aws_dx_transit_virtual_interface",
    "AWS::DirectConnect::PrivateVirtualInterface",
    "AWS::DirectConnect::TransitVirtualInterface",
)
_ASSOCIATIONS = ("aws_dx_gateway_association", "AWS::DirectConnect::DirectConnectGatewayAssociation")
_DX_GATEWAYS = ("aws_dx_gateway", "AWS::DirectConnect::DirectConnectGateway")
_DX = {
    "connection": ("connection_id", "ConnectionId"),
    "dx_gateway": ("dx_gateway_id", "DirectConnectGatewayId"),
}


def fill_network_links(view: View, index: CloudIndex, facts: Facts) -> None:
    """How many independent links to another network a VPN gateway or transit gateway has: the
    VPN connections that terminate on it, and the distinct Direct Connect connections (or LAGs)
    under the virtual interfaces that reach it, directly or through a Direct Connect gateway
    associated with it. None when it has none (a transit gateway joining VPCs only)."""
    record = view.record
    vpns = [r for r, _ in index.referrers(record, _VPN_CONNECTIONS)]
    interfaces = [r for r, _ in index.referrers(record, _INTERFACES)]
    for association, _ in index.referrers(record, _ASSOCIATIONS):
        gateway = View(association, _DX).get("dx_gateway")
        for dx_gateway in index.target(association, gateway) if isinstance(gateway, Reference) else []:
            if dx_gateway.type in _DX_GATEWAYS:
                interfaces += [r for r, _ in index.referrers(dx_gateway, _INTERFACES)]
    if not vpns and not interfaces:
        return
    if any(r.siblings is None for r in vpns + interfaces):
        facts.network_links = Fact(UNKNOWN)  # a count or for_each that cannot be known
        return
    connections: set[object] = set()
    for interface in {id(i): i for i in interfaces}.values():
        connection = View(interface, _DX).get("connection")
        if isinstance(connection, Reference):
            connections.add(connection.address)
        elif isinstance(connection, str):
            connections.add(connection)
        else:
            facts.network_links = Fact(UNKNOWN)
            return
    links = len(vpns) + len(connections)
    parts = []
    if vpns:
        parts.append(f"{len(vpns)} VPN connection{'s' if len(vpns) != 1 else ''}")
    if connections:
        parts.append(f"{len(connections)} Direct Connect connection{'s' if len(connections) != 1 else ''}")
    shown = " and ".join(parts) + f" ({', '.join(sorted(r.address for r in vpns + interfaces))})"
    facts.network_links = Fact(links, shown)
