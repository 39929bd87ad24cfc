"""Backups you can restore: AWS Backup vaults locked against deletion, and restore testing for the
resources a backup plan selects.

AWS Backup restore testing picks recovery points by protected resource type (``RDS``, ``Aurora``,
``DynamoDB``, ...), not by plan, so a resource counts as tested when a restore testing selection
of its type exists in the same configuration (a Terraform root module or a CloudFormation template).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.clouds.kind import stated
from reslint.clouds.view import lookup
from reslint.model import UNKNOWN, Format, Unknown

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
    "aws_db_instance": "RDS", "AWS::RDS::DBInstance": "RDS",
    "aws_rds_cluster": "Aurora", "AWS::RDS::DBCluster": "Aurora",
    "aws_docdb_cluster": "DocumentDB", "AWS::DocDB::DBCluster": "DocumentDB",
    "aws_neptune_cluster": "Neptune", "AWS::Neptune::DBCluster": "Neptune",
    "aws_dynamodb_table": "DynamoDB", "AWS::DynamoDB::Table": "DynamoDB", "AWS::DynamoDB::GlobalTable": "DynamoDB",
    "aws_efs_file_system": "EFS", "AWS::EFS::FileSystem": "EFS",
    "aws_s3_bucket": "S3", "AWS::S3::Bucket": "S3",
}


def fill_vault(view: View, index: CloudIndex, facts: Facts) -> None:
    """``backups_immutable``: a vault lock (Terraform's companion resource, CloudFormation's
    ``LockConfiguration``) stops anyone, an attacker included, from deleting recovery points early."""
    record = view.record
    if record.format is Format.CLOUDFORMATION:
        lock = view.get("lock")
        if isinstance(lock, Unknown):
            facts.backups_immutable = UNKNOWN
            return
        locked = lock is not None
        shown = "LockConfiguration set" if locked else "LockConfiguration not set"
        stated(facts, "backups_immutable", locked, view=view, field="lock", evidence=shown)
        return
    locks, undecided = index.companions(record, _LOCKS, "name")
    if locks:
        facts.backups_immutable = True
        facts.evidence["backups_immutable"] = f"locked by {locks[0].address}"
    elif undecided:
        facts.backups_immutable = UNKNOWN
    else:
        facts.backups_immutable = False
        facts.evidence["backups_immutable"] = "no aws_backup_vault_lock_configuration names it"


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
        facts.restore_tested = True
        facts.evidence["restore_tested"] = f"a restore testing selection for {protected}"
    elif isinstance(picked, Unknown) or any(isinstance(kind, Unknown) for kind in types):
        facts.restore_tested = UNKNOWN
    else:
        facts.restore_tested = False
        facts.evidence["restore_tested"] = (
            f"selected by an AWS Backup plan; no restore testing selection for {protected} in this configuration"
        )


def _member(record: Record) -> bool:
    """An Aurora, DocumentDB or Neptune instance: restore tests restore its cluster."""
    engine = lookup(record.attributes, "engine" if record.format is Format.TERRAFORM else "Engine")
    cluster = lookup(record.attributes, "DBClusterIdentifier") if record.format is Format.CLOUDFORMATION else None
    return (isinstance(engine, str) and engine.lower().startswith("aurora")) or cluster is not None
