"""Certificates: issued and renewed by a manager, not pasted in and forgotten."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.model import Role
from reslint.rule import Violation, check

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reslint.model import Resource
    from reslint.tiers import TierPolicy


@check("RSL401", Role.SECRET, Role.TLS_ENDPOINT, Role.CERTIFICATE, Role.LOAD_BALANCER, Role.CDN)
def unmanaged_certificate(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A certificate nothing renews expires, and takes the endpoint down with it."""
    for certificate in resource.facts.certificates:
        if certificate.managed is False:
            yield Violation(
                f"{certificate.subject} is not issued or renewed by a certificate manager",
                certificate.line,
                certificate.evidence,
                certificate.subject,
            )
