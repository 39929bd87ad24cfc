"""CloudFormation spellings in the AWS mapping (``reslint.aws.kinds``) that the rule fixtures do not pin:
a table of templates and the findings they give."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from _support.factories import cfn_template

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.reporting import Report


def _findings(report: Report) -> list[tuple[str, str]]:
    assert not report.errors
    return sorted((f.address, f.rule) for f in report.findings)


def test_logical_ids_link_within_their_own_template_only(tmp_path: Path, lint: Callable[..., Report]) -> None:
    # Two stacks use the same logical ids; each cluster has one member instance, not two.
    text = cfn_template(
        Cluster={
            "Type": "AWS::DocDB::DBCluster",
            "Properties": {"BackupRetentionPeriod": 7, "GlobalClusterIdentifier": "g"},
        },
        Member={
            "Type": "AWS::DocDB::DBInstance",
            "Properties": {"DBClusterIdentifier": {"Ref": "Cluster"}, "DBInstanceClass": "db.r6g.large"},
        },
    )
    (tmp_path / "one.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "two.yaml").write_text(text, encoding="utf-8")
    report = lint(tmp_path / "one.yaml", tmp_path / "two.yaml")
    assert [(f.file.rsplit("/", 1)[-1], f.rule, f.message) for f in report.findings] == [
        ("one.yaml", "RSL203", "runs 1 node; tier 1 requires at least 2"),
        ("two.yaml", "RSL203", "runs 1 node; tier 1 requires at least 2"),
    ]


def _fsx(kind: str, flavour: str, deployment: str) -> dict[str, object]:
    return {
        "Type": "AWS::FSx::FileSystem",
        "Properties": {"FileSystemType": kind, flavour: {"DeploymentType": deployment}},
    }


def _record(name: str, **extra: object) -> dict[str, object]:
    properties = {"Name": name, "Type": "A", "TTL": "60", "ResourceRecords": ["192.0.2.1"], **extra}
    return {"Type": "AWS::Route53::RecordSet", "Properties": properties}


def _backup_plan(name: str, days: int) -> dict[str, object]:
    rule = {
        "RuleName": "daily",
        "TargetBackupVault": "v",
        "Lifecycle": {"DeleteAfterDays": days},
        "CopyActions": [{"DestinationBackupVaultArn": "x"}],
    }
    return {
        "Type": "AWS::Backup::BackupPlan",
        "Properties": {"BackupPlan": {"BackupPlanName": name, "BackupPlanRule": [rule]}},
    }


def _selection(plan: str, resource: object) -> dict[str, object]:
    selection = {"SelectionName": plan, "IamRoleArn": "arn:aws:iam::1:role/backup", "Resources": [resource]}
    return {
        "Type": "AWS::Backup::BackupSelection",
        "Properties": {"BackupPlanId": {"Ref": plan}, "BackupSelection": selection},
    }


_REPLICATED = {"ReplicationConfiguration": {"Destinations": [{"Region": "us-west-2"}]}}

#: Resources by logical id -> the (address, rule) of every finding, and fields of the first finding.
CASES = [
    pytest.param(
        {
            "Member": {
                "Type": "AWS::RDS::DBInstance",
                "Properties": {"DBClusterIdentifier": "orders", "DBInstanceClass": "db.r6g.large"},
            }
        },
        [],
        {},
        id="cluster-member-instance-is-not-a-standalone-database",
    ),
    pytest.param(
        {
            "Zfs": _fsx("OPENZFS", "OpenZFSConfiguration", "SINGLE_AZ_2"),
            "ZfsMulti": _fsx("OPENZFS", "OpenZFSConfiguration", "MULTI_AZ_1"),
            "Lustre": _fsx("LUSTRE", "LustreConfiguration", "PERSISTENT_2"),
        },
        [("Zfs", "RSL103")],
        {},
        id="fsx-deployment-type-is-read-from-the-flavour-block",
    ),
    pytest.param(
        {
            "Aware": {
                "Type": "AWS::Elasticsearch::Domain",
                "Properties": {"ElasticsearchClusterConfig": {"ZoneAwarenessEnabled": True}},
            },
            "Unaware": {
                "Type": "AWS::Elasticsearch::Domain",
                "Properties": {"ElasticsearchClusterConfig": {"ZoneAwarenessEnabled": False}},
            },
        },
        [("Unaware", "RSL103")],
        {},
        id="elasticsearch-domain-cluster-config",
    ),
    pytest.param(
        {
            "Single": _record("a.example.com", MultiValueAnswer=False),
            "Multi": _record("b.example.com", SetIdentifier="one", MultiValueAnswer=True),
        },
        [("Multi", "RSL305")],
        {},
        id="multivalue-answer-false-is-simple-routing",
    ),
    pytest.param(
        {
            "Unknown": {"Type": "AWS::DynamoDB::GlobalTable", "Properties": {"Replicas": {"Ref": "AWS::NoValue"}}},
            "Partial": {
                "Type": "AWS::DynamoDB::GlobalTable",
                "Properties": {
                    "Replicas": [
                        {
                            "Region": "us-east-1",
                            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                        },
                        {"Region": "us-west-2"},
                    ]
                },
            },
        },
        [("Partial", "RSL502")],
        {},
        id="global-table-recovery-is-per-replica",
    ),
    pytest.param(
        {
            "Private": {
                "Type": "AWS::CertificateManager::Certificate",
                "Properties": {
                    "DomainName": "a.example.com",
                    "CertificateAuthorityArn": "arn:aws:acm-pca:us-east-1:1:ca/x",
                },
            },
            "Public": {"Type": "AWS::CertificateManager::Certificate", "Properties": {"DomainName": "b.example.com"}},
        },
        [("Public", "RSL401")],
        {"evidence": "ValidationMethod not set (defaults to EMAIL) (renewal waits for someone to approve an email)"},
        id="private-certificate-needs-no-validation",
    ),
    pytest.param(
        {
            "Restores": {
                "Type": "AWS::Backup::RestoreTestingSelection",
                "Properties": {
                    "RestoreTestingPlanName": "weekly",
                    "ProtectedResourceType": "EFS",
                    "IamRoleArn": "arn:aws:iam::1:role/restore",
                },
            },
            "Files": {"Type": "AWS::EFS::FileSystem", "Properties": _REPLICATED},
            "Short": {"Type": "AWS::EFS::FileSystem", "Properties": _REPLICATED},
            "Plan": _backup_plan("files", 30),
            "ShortPlan": _backup_plan("short", 3),
            "Selection": _selection(
                "Plan",
                {
                    "Fn::Sub": "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}"
                    ":file-system/${Files}"
                },
            ),
            "ShortSelection": _selection("ShortPlan", {"Fn::GetAtt": ["Short", "Arn"]}),
        },
        [("Short", "RSL501")],
        {"message": "keeps backups for 3 days; tier 1 requires at least 7 days"},
        id="file-system-selected-by-a-backup-plan-is-backed-up",
    ),
]


@pytest.mark.parametrize(("resources", "expected", "first"), CASES)
def test_cloudformation_mapping(
    tmp_path: Path,
    lint: Callable[..., Report],
    resources: dict[str, dict[str, object]],
    expected: list[tuple[str, str]],
    first: dict[str, str],
) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(cfn_template(**resources), encoding="utf-8")
    report = lint(path)
    assert _findings(report) == expected
    if first:
        assert {field: getattr(report.findings[0], field) for field in first} == first
