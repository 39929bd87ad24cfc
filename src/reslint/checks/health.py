"""Health checks: traffic goes only to copies that can serve it, and stuck copies get replaced."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.model import Role
from reslint.rule import Violation, check

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reslint.model import Resource
    from reslint.tiers import TierPolicy


def _missing(resource: Resource, kind: str) -> Iterator[Violation]:
    for probe in resource.facts.probes:
        if probe.kind == kind and probe.present is False:
            yield Violation(f"{probe.subject} has no {kind} check", probe.line, f"no {probe.check}")


@check("RSL301", Role.WORKLOAD)
def missing_readiness_check(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A member receives traffic before it is ready, and while it is failing."""
    yield from _missing(resource, "readiness")


@check("RSL302", Role.WORKLOAD)
def missing_liveness_check(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A hung member is never restarted."""
    yield from _missing(resource, "liveness")
