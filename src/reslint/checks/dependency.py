"""Dependencies: shared resources whose failure takes several services down, and services that
depend on something declared less critical than themselves."""

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
