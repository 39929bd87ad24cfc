"""Dependencies: shared resources whose failure takes several services down, services that
depend on something declared less critical than themselves, and what a service needs to survive a
region or a link: its secrets, keys, DNS and network links."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reslint.model import Role
from reslint.rule import Violation, check
from reslint.tiers import DECLARE_TIER

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reslint.model import Fact, Facts, Resource
    from reslint.tiers import TierPolicy

ALL_ROLES = tuple(Role)


@check("RSL801", *ALL_ROLES)
def shared_single_point_of_failure(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A resource that several services need and that is not redundant by its own facts."""
    dependents = resource.facts.dependents
    if len(dependents) < 2:
        return  # one dependent service: the resource's own rules judge it at that service's tier
    reason = _not_redundant(resource.facts)
    if reason is None:
        return
    fact, rule, why = reason
    services = ", ".join(f"{d.service} (tier {d.tier})" for d in dependents)
    yield Violation.about(
        resource,
        fact,
        f"is a single point of failure for {len(dependents)} services: {services}; it {why}",
        # The fix is the one the rule judging that fact gives this kind of resource.
        fix=resource.facts.fixes.get(rule),
    )


@check("RSL802", *ALL_ROLES)
def tier_inversion(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A resource depends on one that declares itself less critical."""
    for inversion in resource.facts.tier_inversions:
        yield Violation(
            f"is tier {policy.tier} but depends on {inversion.address}, which declares tier {inversion.declared_tier}",
            resource.line,
            f"{inversion.address}: tier {inversion.declared_tier}",
            subject=inversion.address,
            fix=f"declare {inversion.address} tier {policy.tier}: {DECLARE_TIER[resource.format.value]}"
            if resource.format.value in DECLARE_TIER
            else None,
        )


@check("RSL803", Role.SECRET, Role.CERTIFICATE, Role.TLS_ENDPOINT, Role.LOAD_BALANCER, Role.CDN)
def shared_unmanaged_certificate(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A certificate nothing renews that two or more tier-1 services depend on."""
    critical = [d for d in resource.facts.dependents if d.tier == 1]
    if len(critical) < 2:
        return  # one tier-1 service: RSL401 judges the certificate at that service's tier
    for certificate in resource.facts.certificates:
        if certificate.managed is False:
            services = ", ".join(d.service for d in critical)
            yield Violation(
                f"{certificate.subject} is not renewed by a certificate manager and {len(critical)} tier-1 "
                f"services serve it: {services}; when it expires they fail together",
                certificate.line,
                certificate.evidence,
                certificate.subject,
                fix=resource.facts.fixes.get("RSL401"),
            )


@check("RSL804", Role.SECRET)
def secret_in_one_region(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A secret something reads, kept in one region while its tier needs a copy in another."""
    facts = resource.facts
    copy = facts.cross_region_copy
    if not policy.cross_region_copy or copy.value is not False or not facts.needed_by:
        return
    yield Violation(
        f"exists in one region and {_count(facts.needed_by, 'resource')} "
        f"{'reads' if len(facts.needed_by) == 1 else 'read'} it{_blast_radius(facts)}; tier {policy.tier} "
        "requires a copy in another region, for a recovery there to start",
        copy.line_or(resource.line),
        f"{copy.evidence}; read by {_some(facts.needed_by)}",
    )


@check("RSL805", Role.KEY)
def key_in_one_region(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """One single-Region key named for data and for its copy in another region."""
    facts = resource.facts
    multi_region = facts.multi_region
    if not policy.cross_region_copy or multi_region.value is not False or not facts.protects_copies:
        return
    copies = facts.protects_copies
    yield Violation(
        f"encrypts {_count(copies, 'resource')} and {'its' if len(copies) == 1 else 'their'} copies in another "
        f"region but exists in one region{_blast_radius(facts)}: a copy can use only a key of its own region, so "
        "it fails to be created or read there",
        multi_region.line_or(resource.line),
        f"{multi_region.evidence}; named for the copies of {_some(copies)}",
    )


@check("RSL806", Role.DNS_RECORD)
def dns_without_failover(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A name that answers with one endpoint, whatever its health, for a tier that must survive a region."""
    if policy.dns_failover and resource.facts.dns_failover.value is False:
        yield Violation.about(
            resource,
            resource.facts.dns_failover,
            f"answers with one endpoint and fails over to none{_blast_radius(resource.facts)}; tier {policy.tier} "
            "requires health-checked DNS failover to another region",
        )


@check("RSL807", Role.NETWORK)
def single_network_link(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """The one VPN connection or Direct Connect connection services reach another network through."""
    facts = resource.facts
    if facts.network_links.value != 1 or not facts.dependents:
        return
    services = ", ".join(f"{d.service} (tier {d.tier})" for d in facts.dependents)
    count = len(facts.dependents)
    yield Violation.about(
        resource,
        facts.network_links,
        f"has one link to another network and {count} service{'s route' if count != 1 else ' routes'} through it: "
        f"{services}; when the link fails they lose that network together",
    )


def _count(items: list[str], noun: str) -> str:
    return f"{len(items)} {noun}{'s' if len(items) != 1 else ''}"


def _some(addresses: list[str], shown: int = 3) -> str:
    """A few addresses, and how many more."""
    more = len(addresses) - shown
    return ", ".join(addresses[:shown]) + (f" and {more} more" if more > 0 else "")


def _blast_radius(facts: Facts) -> str:
    """The services outside the resource's own that need it, for a message; "" when none."""
    if not facts.dependents:
        return ""
    return " (services depending on it: " + ", ".join(f"{d.service} (tier {d.tier})" for d in facts.dependents) + ")"


def _not_redundant(facts: Facts) -> tuple[Fact[Any], str, str] | None:
    """The fact that shows a resource is a single copy in a single place, the rule that judges that
    fact on its own (whose fix RSL801 repeats), and how to say it."""
    replicas, nodes, zones, serves = (
        facts.replicas.value,
        facts.nodes.value,
        facts.zone_count.value,
        facts.serves_zones.value,
    )
    if facts.autoscaled_by is None and isinstance(replicas, int) and replicas < 2:
        return facts.replicas, "RSL201", f"runs {replicas} {'replica' if replicas == 1 else 'replicas'}"
    if isinstance(nodes, int) and nodes < 2:
        return facts.nodes, "RSL203", f"runs {nodes} {'node' if nodes == 1 else 'nodes'}"
    if isinstance(replicas, int) and replicas > 1 and facts.zone_spread.value is False:
        return facts.zone_spread, "RSL101", f"runs {replicas} replicas with no zone spread"
    if facts.zone_redundant.value is False:
        return facts.zone_redundant, "RSL103", "has no standby in another zone"
    if isinstance(zones, int) and zones < 2:
        return facts.zone_count, "RSL102", "runs in one zone"
    if isinstance(serves, int) and serves > 1:
        return facts.serves_zones, "RSL104", f"lives in one zone and serves {serves}"
    return None
