"""Health checks: traffic goes only to copies that can serve it, and stuck copies get replaced."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.model import Role
from reslint.rule import Violation, check

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reslint.model import Resource
    from reslint.tiers import TierPolicy


_WHAT = {
    "readiness": "has no readiness check",
    "liveness": "has no liveness check",
    "health": "are not health-checked",
    "replacement": "are not replaced when the load balancer finds them unhealthy",
    "failover": "has no health check, so traffic is never steered away from a failed endpoint",
}


def _missing(resource: Resource, kind: str) -> Iterator[Violation]:
    for probe in resource.facts.probes:
        if probe.kind == kind and probe.present is False:
            evidence = f"no {probe.check}" if kind in {"readiness", "liveness"} else probe.check
            yield Violation(f"{probe.subject} {_WHAT[kind]}", probe.line, evidence, probe.subject)


@check("RSL301", Role.WORKLOAD)
def missing_readiness_check(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A member receives traffic before it is ready, and while it is failing."""
    yield from _missing(resource, "readiness")


@check("RSL302", Role.WORKLOAD)
def missing_liveness_check(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A hung member is never restarted."""
    yield from _missing(resource, "liveness")


@check("RSL303", Role.TARGET_GROUP, Role.LOAD_BALANCER)
def load_balancer_health_check_disabled(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """Requests keep going to dead targets."""
    yield from _missing(resource, "health")


@check("RSL304", Role.WORKLOAD)
def group_ignores_load_balancer_health(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """Instances the load balancer finds dead stay in service."""
    yield from _missing(resource, "replacement")


@check("RSL305", Role.DNS_RECORD)
def dns_routing_without_health_check(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """DNS failover that cannot notice a failure."""
    yield from _missing(resource, "failover")


@check("RSL306", Role.HEALTH_CHECK)
def health_check_disabled_or_inverted(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A DNS health check that cannot report the failure it is there to report."""
    if resource.facts.health_check_works.value is False:
        yield Violation.about(
            resource,
            resource.facts.health_check_works,
            "cannot report its endpoint as failed, so DNS keeps sending traffic to it",
        )
