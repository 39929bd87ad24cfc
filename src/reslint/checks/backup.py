"""Backups: kept long enough, restorable to a point in time, and copied out of the region."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.model import Role
from reslint.rule import Violation, check

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reslint.model import Resource
    from reslint.tiers import TierPolicy

DATA = (Role.DATABASE, Role.CACHE, Role.STORAGE, Role.SEARCH, Role.MESSAGING, Role.BACKUP_PLAN)


@check("RSL501", *DATA)
def short_backup_retention(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """Backups that are off, or gone before anyone notices the problem."""
    retention = resource.facts.backup_retention_days
    days = retention.value
    if not isinstance(days, int) or days >= policy.min_backup_days:
        return
    message = "has no automated backups" if days == 0 else f"keeps backups for {days} day{'s' if days != 1 else ''}"
    yield Violation.about(
        resource,
        retention,
        f"{message}; tier {policy.tier} requires at least {policy.min_backup_days} day"
        f"{'s' if policy.min_backup_days != 1 else ''}",
    )


@check("RSL502", *DATA)
def no_point_in_time_recovery(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """Only snapshots, if any, to restore from."""
    if policy.point_in_time_recovery and resource.facts.point_in_time_recovery.value is False:
        yield Violation.about(
            resource,
            resource.facts.point_in_time_recovery,
            "cannot be restored to a point in time",
        )


@check("RSL503", *DATA)
def no_cross_region_copy(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """Data whose every copy shares one region's fate."""
    if policy.cross_region_copy and resource.facts.cross_region_copy.value is False:
        yield Violation.about(
            resource,
            resource.facts.cross_region_copy,
            f"has no copy in another region; tier {policy.tier} requires one",
        )


@check("RSL504", Role.STORAGE)
def unversioned_bucket(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """Overwritten or deleted objects are gone for good."""
    if policy.point_in_time_recovery and resource.facts.versioning.value is False:
        yield Violation.about(
            resource,
            resource.facts.versioning,
            "does not keep earlier versions of objects",
        )


@check("RSL505", Role.BACKUP_PLAN)
def unlocked_backup_vault(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """Whoever can delete the data can delete its backups too."""
    if policy.backup_vault_lock and resource.facts.backups_immutable.value is False:
        yield Violation.about(
            resource,
            resource.facts.backups_immutable,
            f"lets recovery points be deleted before they expire; tier {policy.tier} requires a vault lock",
        )


@check("RSL506", *DATA)
def backups_never_restored(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A backup nobody has restored is a hope, not a control."""
    if policy.restore_testing and resource.facts.restore_tested.value is False:
        yield Violation.about(
            resource,
            resource.facts.restore_tested,
            f"is backed up but its backups are never test-restored; tier {policy.tier} requires restore testing",
        )


@check("RSL507", Role.BACKUP_PLAN)
def backups_less_often_than_rpo(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """Data written since the last backup is lost; the RPO says how much may be."""
    interval = resource.facts.backup_interval_minutes
    if policy.rpo_minutes is not None and isinstance(interval.value, int) and interval.value > policy.rpo_minutes:
        yield Violation.about(
            resource,
            interval,
            f"backs up every {interval.value} minutes at best; tier {policy.tier}'s recovery point objective is "
            f"{policy.rpo_minutes} minutes",
        )
