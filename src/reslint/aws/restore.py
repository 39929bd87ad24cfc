"""Backups you can restore: AWS Backup vaults locked against deletion, and restore testing for the
resources a backup plan selects.

AWS Backup restore testing picks recovery points by protected resource type (``RDS``, ``Aurora``,
``DynamoDB``, ...), not by plan, so a resource counts as tested when a restore testing selection
of its type exists in the same configuration (a Terraform root module or a CloudFormation template).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.clouds.view import lookup
from reslint.model import UNKNOWN, Fact, Format, Unknown

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.clouds.index import CloudIndex
    from reslint.clouds.view import Record, View
    from reslint.model import Facts

    Filler = Callable[[View, CloudIndex, Facts], None]

_LOCKS = {"aws_backup_vault_lock_configuration": "backup_vault_name"}
_TESTING = {
    "aws_backup_restore_testing_selection": "protected_resource_type",
    "AWS::Backup::RestoreTestingSelection": "ProtectedResourceType",
}
#: The restore testing ``ProtectedResourceType`` of each type a plan can select.
PROTECTED_TYPE = {
    "aws_db_instance": "RDS",
    "AWS::RDS::DBInstance": "RDS",
    "aws_rds_cluster": "Aurora",
    "AWS::RDS::DBCluster": "Aurora",
    "aws_docdb_cluster": "DocumentDB",
    "AWS::DocDB::DBCluster": "DocumentDB",
    "aws_neptune_cluster": "Neptune",
    "AWS::Neptune::DBCluster": "Neptune",
    "aws_dynamodb_table": "DynamoDB",
    "AWS::DynamoDB::Table": "DynamoDB",
    "AWS::DynamoDB::GlobalTable": "DynamoDB",
    "aws_efs_file_system": "EFS",
    "AWS::EFS::FileSystem": "EFS",
    "aws_s3_bucket": "S3",
    "AWS::S3::Bucket": "S3",
}


def fill_vault(view: View, index: CloudIndex, facts: Facts) -> None:
    """``backups_immutable``: a vault lock (Terraform's companion resource, CloudFormation's
    ``LockConfiguration``) stops anyone, an attacker included, from deleting recovery points early."""
    record = view.record
    if record.format is Format.CLOUDFORMATION:
        lock = view.get("lock")
        if isinstance(lock, Unknown):
            facts.backups_immutable = Fact(UNKNOWN)
            return
        locked = lock is not None
        shown = "LockConfiguration set" if locked else "LockConfiguration not set"
        facts.backups_immutable = view.fact("lock", locked, shown)
        return
    locks, undecided = index.companions(record, _LOCKS, "name")
    if locks:
        facts.backups_immutable = Fact(True, f"locked by {locks[0].address}")
    elif undecided:
        facts.backups_immutable = Fact(UNKNOWN)
    else:
        facts.backups_immutable = Fact(False, "no aws_backup_vault_lock_configuration names it")


def restorable(fill: Filler, selected: Callable[[CloudIndex, Record], bool | Unknown]) -> Filler:
    """*fill*, then ``restore_tested`` for a resource that a backup plan *selected*."""

    def run(view: View, index: CloudIndex, facts: Facts) -> None:
        fill(view, index, facts)
        _restore_tested(view, index, facts, selected)

    run.__doc__ = fill.__doc__
    return run


def _restore_tested(
    view: View, index: CloudIndex, facts: Facts, selected: Callable[[CloudIndex, Record], bool | Unknown]
) -> None:
    record = view.record
    protected = PROTECTED_TYPE.get(record.type)
    if protected is None or _member(record):
        return
    picked = selected(index, record)
    if picked is False:
        return  # no plan backs it up: the backup rules judge its own backups
    types = [lookup(test.attributes, _TESTING[test.type]) for test in index.of_types(record, _TESTING)]
    if any(isinstance(kind, str) and kind.lower() == protected.lower() for kind in types):
        facts.restore_tested = Fact(True, f"a restore testing selection for {protected}")
    elif isinstance(picked, Unknown) or any(isinstance(kind, Unknown) for kind in types):
        facts.restore_tested = Fact(UNKNOWN)
    else:
        facts.restore_tested = Fact(
            False, f"selected by an AWS Backup plan; no restore testing selection for {protected} in this configuration"
        )


def _member(record: Record) -> bool:
    """An Aurora, DocumentDB or Neptune instance: restore tests restore its cluster."""
    engine = lookup(record.attributes, "engine" if record.format is Format.TERRAFORM else "Engine")
    cluster = lookup(record.attributes, "DBClusterIdentifier") if record.format is Format.CLOUDFORMATION else None
    return (isinstance(engine, str) and engine.lower().startswith("aurora")) or cluster is not None


#: AWS Backup's schedule when a rule states none: daily at 05:00 UTC.
DEFAULT_SCHEDULE = "cron(0 5 ? * * *)"
_DAY = 24 * 60


def schedule_interval(expression: object) -> int | Unknown:
    """The longest gap, in minutes, between two runs of an AWS Backup ``cron(...)`` schedule:
    hourly, every N hours, a list of hours, daily, weekly or monthly. UNKNOWN for anything else."""
    if not isinstance(expression, str):
        return UNKNOWN
    text = expression.strip()
    if not (text.startswith("cron(") and text.endswith(")")):
        return UNKNOWN
    fields = text[5:-1].split()
    if len(fields) != 6:
        return UNKNOWN
    minute, hour, day, _month, weekday, _year = fields
    if not minute.isdigit():
        return UNKNOWN
    if day not in ("*", "?") and weekday in ("*", "?"):
        return 31 * _DAY  # a day of the month: monthly at best
    if weekday not in ("*", "?"):
        days = _weekdays(weekday)
        if days is None or not hour.isdigit():
            return UNKNOWN
        return _gap(days) * _DAY
    if hour == "*":
        return 60
    if hour.startswith("*/") and hour[2:].isdigit() and int(hour[2:]) > 0:
        return int(hour[2:]) * 60
    hours = [int(h) for h in hour.split(",") if h.isdigit()]
    if not hours or len(hours) != len(hour.split(",")):
        return UNKNOWN
    return _gap(sorted(set(hours)), cycle=24) * 60


def _weekdays(text: str) -> list[int] | None:
    names = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
    days = []
    for part in text.upper().split(","):
        if part in names:
            days.append(names.index(part))
        elif part.isdigit() and 1 <= int(part) <= 7:
            days.append(int(part) - 1)
        else:
            return None
    return sorted(set(days))


def _gap(points: list[int], cycle: int = 7) -> int:
    """The longest gap between consecutive points of a repeating cycle."""
    return max((points[(i + 1) % len(points)] - point) % cycle or cycle for i, point in enumerate(points))


def fill_interval(view: View, rules: list[object], facts: Facts, *, schedule: str, continuous: str) -> None:
    """``backup_interval_minutes`` of a backup plan: its most frequent rule's interval (0 when a rule
    keeps continuous backups, which restore to any second)."""
    intervals: list[int | Unknown] = []
    for rule in rules:
        body = rule if isinstance(rule, dict) else {}
        on = body.get(continuous)
        if on is True or (isinstance(on, str) and on.lower() == "true"):
            intervals.append(0)
            continue
        expression = body.get(schedule, DEFAULT_SCHEDULE)
        intervals.append(schedule_interval(expression))
    known = [minutes for minutes in intervals if isinstance(minutes, int)]
    if not known:
        facts.backup_interval_minutes = Fact(UNKNOWN if intervals else None)
        return
    if len(known) != len(intervals) and min(known) > 0:
        facts.backup_interval_minutes = Fact(UNKNOWN)  # an unreadable rule may run more often
        return
    best = min(known)
    facts.backup_interval_minutes = view.fact(
        "rules", best, "continuous backups" if best == 0 else f"the most frequent rule backs up every {best} minutes"
    )
