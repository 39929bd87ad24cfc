"""Deletion: a stateful resource or front door one ``apply`` or stack delete can destroy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.model import Role
from reslint.rule import Violation, check

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reslint.model import Resource
    from reslint.tiers import TierPolicy


@check("RSL901", Role.DATABASE, Role.CACHE, Role.STORAGE, Role.LOAD_BALANCER)
def deletion_unprotected(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A mistaken destroy, a renamed resource or a deleted stack takes it away at once."""
    if policy.deletion_protection and resource.facts.deletion_protected.value is False:
        yield Violation.about(
            resource,
            resource.facts.deletion_protected,
            f"can be deleted by one apply or stack delete; tier {policy.tier} requires deletion protection",
        )


@check("RSL902", Role.DATABASE, Role.CACHE, Role.STORAGE)
def deleted_without_copy(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """Deleted or replaced anyway, it leaves nothing to restore from."""
    if policy.deletion_protection and resource.facts.copy_kept_on_delete.value is False:
        yield Violation.about(
            resource,
            resource.facts.copy_kept_on_delete,
            "keeps no copy of its data when it is deleted or replaced",
        )
