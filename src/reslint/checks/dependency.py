"""Dependencies: shared resources whose failure takes several services down, and services that
depend on something declared less critical than themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.model import Role
from reslint.rule import Violation, check
from reslint.tiers import DECLARE_TIER

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reslint.model import Facts, Resource
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
    fact, why = reason
    services = ", ".join(f"{d.service} (tier {d.tier})" for d in dependents)
    yield Violation(
        f"is a single point of failure for {len(dependents)} services: {services}; it {why}",
        resource.fact_line(fact),
        resource.facts.evidence.get(fact),
        # The fix is the one the rule judging that fact gives this kind of resource.
        fix=resource.facts.fixes.get(_RULE_OF_FACT[fact]),
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


#: The rule that judges each redundancy fact on its own, whose fix RSL801 repeats.
_RULE_OF_FACT = {
    "replicas": "RSL201",
    "nodes": "RSL203",
    "zone_spread": "RSL101",
    "zone_redundant": "RSL103",
    "zone_count": "RSL102",
    "serves_zones": "RSL104",
}


def _not_redundant(facts: Facts) -> tuple[str, str] | None:
    """The fact that shows a resource is a single copy in a single place, and how to say it."""
    if facts.autoscaled_by is None and isinstance(facts.replicas, int) and facts.replicas < 2:
        return "replicas", f"runs {facts.replicas} {'replica' if facts.replicas == 1 else 'replicas'}"
    if isinstance(facts.nodes, int) and facts.nodes < 2:
        return "nodes", f"runs {facts.nodes} {'node' if facts.nodes == 1 else 'nodes'}"
    if isinstance(facts.replicas, int) and facts.replicas > 1 and facts.zone_spread is False:
        return "zone_spread", f"runs {facts.replicas} replicas with no zone spread"
    if facts.zone_redundant is False:
        return "zone_redundant", "has no standby in another zone"
    if isinstance(facts.zone_count, int) and facts.zone_count < 2:
        return "zone_count", "runs in one zone"
    if isinstance(facts.serves_zones, int) and facts.serves_zones > 1:
        return "serves_zones", f"lives in one zone and serves {facts.serves_zones}"
    return None
