"""CloudFormation spellings in the AWS mapping (``reslint.aws.kinds``) that the rule fixtures do not pin."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.reporting import Report

HEADER = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n'


def _write(folder: Path, name: str, resources: str) -> Path:
    path = folder / name
    path.write_text(HEADER + resources, encoding="utf-8")
    return path


def _rules(report: Report) -> list[tuple[str, str]]:
    assert not report.errors
    return sorted((f.address, f.rule) for f in report.findings)


def test_logical_ids_link_within_their_own_template_only(tmp_path: Path, lint: Callable[..., Report]) -> None:
    # Two stacks use the same logical ids; each cluster has one member instance, not two.
    body = """\
  Cluster:
    Type: AWS::DocDB::DBCluster
    Properties: {BackupRetentionPeriod: 7, GlobalClusterIdentifier: g}
  Member:
    Type: AWS::DocDB::DBInstance
    Properties: {DBClusterIdentifier: !Ref Cluster, DBInstanceClass: db.r6g.large}
"""
    one, two = _write(tmp_path, "one.yaml", body), _write(tmp_path, "two.yaml", body)
    report = lint(one, two)
    assert [(f.file.rsplit("/", 1)[-1], f.rule, f.message) for f in report.findings] == [
        ("one.yaml", "RSL203", "runs 1 node; tier 1 requires at least 2"),
        ("two.yaml", "RSL203", "runs 1 node; tier 1 requires at least 2"),
    ]


def test_cluster_member_instance_is_not_a_standalone_database(tmp_path: Path, lint: Callable[..., Report]) -> None:
    path = _write(
        tmp_path,
        "t.yaml",
        """\
  Member:
    Type: AWS::RDS::DBInstance
    Properties: {DBClusterIdentifier: orders, DBInstanceClass: db.r6g.large}
""",
    )
    assert _rules(lint(path)) == []


def test_fsx_deployment_type_is_read_from_the_flavour_block(tmp_path: Path, lint: Callable[..., Report]) -> None:
    path = _write(
        tmp_path,
        "t.yaml",
        """\
  Zfs:
    Type: AWS::FSx::FileSystem
    Properties: {FileSystemType: OPENZFS, OpenZFSConfiguration: {DeploymentType: SINGLE_AZ_2}}
  ZfsMulti:
    Type: AWS::FSx::FileSystem
    Properties: {FileSystemType: OPENZFS, OpenZFSConfiguration: {DeploymentType: MULTI_AZ_1}}
  Lustre:
    Type: AWS::FSx::FileSystem
    Properties: {FileSystemType: LUSTRE, LustreConfiguration: {DeploymentType: PERSISTENT_2}}
""",
    )
    assert _rules(lint(path)) == [("Zfs", "RSL103")]


def test_elasticsearch_domain_cluster_config(tmp_path: Path, lint: Callable[..., Report]) -> None:
    path = _write(
        tmp_path,
        "t.yaml",
        """\
  Aware:
    Type: AWS::Elasticsearch::Domain
    Properties: {ElasticsearchClusterConfig: {ZoneAwarenessEnabled: true}}
  Unaware:
    Type: AWS::Elasticsearch::Domain
    Properties: {ElasticsearchClusterConfig: {ZoneAwarenessEnabled: false}}
""",
    )
    assert _rules(lint(path)) == [("Unaware", "RSL103")]


def test_multivalue_answer_false_is_simple_routing(tmp_path: Path, lint: Callable[..., Report]) -> None:
    path = _write(
        tmp_path,
        "t.yaml",
        """\
  Single:
    Type: AWS::Route53::RecordSet
    Properties: {Name: a.example.com, Type: A, TTL: "60", ResourceRecords: [192.0.2.1], MultiValueAnswer: false}
  Multi:
    Type: AWS::Route53::RecordSet
    Properties:
      Name: b.example.com
      Type: A
      TTL: "60"
      ResourceRecords: [192.0.2.2]
      SetIdentifier: one
      MultiValueAnswer: true
""",
    )
    assert _rules(lint(path)) == [("Multi", "RSL305")]


def test_global_table_recovery_is_per_replica(tmp_path: Path, lint: Callable[..., Report]) -> None:
    path = _write(
        tmp_path,
        "t.yaml",
        """\
  Unknown:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      Replicas: !Ref AWS::NoValue
  Partial:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      Replicas:
        - {Region: us-east-1, PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}}
        - {Region: us-west-2}
""",
    )
    assert _rules(lint(path)) == [("Partial", "RSL502")]


def test_private_certificate_needs_no_validation(tmp_path: Path, lint: Callable[..., Report]) -> None:
    path = _write(
        tmp_path,
        "t.yaml",
        """\
  Private:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: a.example.com, CertificateAuthorityArn: arn:aws:acm-pca:us-east-1:1:ca/x}
  Public:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: b.example.com}
""",
    )
    report = lint(path)
    assert _rules(report) == [("Public", "RSL401")]
    assert report.findings[0].evidence == (
        "ValidationMethod not set (defaults to EMAIL) (renewal waits for someone to approve an email)"
    )


def test_file_system_selected_by_a_backup_plan_is_backed_up(tmp_path: Path, lint: Callable[..., Report]) -> None:
    path = _write(
        tmp_path,
        "t.yaml",
        """\
  Restores:
    Type: AWS::Backup::RestoreTestingSelection
    Properties: {RestoreTestingPlanName: weekly, ProtectedResourceType: EFS, IamRoleArn: arn:aws:iam::1:role/restore}
  Files:
    Type: AWS::EFS::FileSystem
    Properties:
      ReplicationConfiguration: {Destinations: [{Region: us-west-2}]}
  Short:
    Type: AWS::EFS::FileSystem
    Properties:
      ReplicationConfiguration: {Destinations: [{Region: us-west-2}]}
  Plan:
    Type: AWS::Backup::BackupPlan
    Properties:
      BackupPlan:
        BackupPlanName: files
        BackupPlanRule:
          - RuleName: daily
            TargetBackupVault: v
            Lifecycle: {DeleteAfterDays: 30}
            CopyActions: [{DestinationBackupVaultArn: x}]
  ShortPlan:
    Type: AWS::Backup::BackupPlan
    Properties:
      BackupPlan:
        BackupPlanName: short
        BackupPlanRule:
          - RuleName: daily
            TargetBackupVault: v
            Lifecycle: {DeleteAfterDays: 3}
            CopyActions: [{DestinationBackupVaultArn: x}]
  Selection:
    Type: AWS::Backup::BackupSelection
    Properties:
      BackupPlanId: !Ref Plan
      BackupSelection:
        SelectionName: files
        IamRoleArn: arn:aws:iam::1:role/backup
        Resources:
          - !Sub "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${Files}"
  ShortSelection:
    Type: AWS::Backup::BackupSelection
    Properties:
      BackupPlanId: !Ref ShortPlan
      BackupSelection:
        SelectionName: short
        IamRoleArn: arn:aws:iam::1:role/backup
        Resources: [!GetAtt Short.Arn]
""",
    )
    report = lint(path)
    assert _rules(report) == [("Short", "RSL501")]
    assert report.findings[0].message == "keeps backups for 3 days; tier 1 requires at least 7 days"
