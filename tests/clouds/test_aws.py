"""The AWS mapping on tricky Terraform cases: AWS defaults, unknown values, links between resources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from _support.factories import terraform_resources
from reslint.model import UNKNOWN

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import pytest

    from reslint.reporting import Report


def test_unknown_copy_action_and_rule_list_are_unknown_not_a_crash(tmp_path: Path) -> None:
    found = terraform_resources(
        tmp_path,
        """
variable "vaults" {}
variable "rules" {}
resource "aws_backup_plan" "dynamic_copy" {
  name = "a"
  rule {
    rule_name         = "daily"
    target_vault_name = "v"
    dynamic "copy_action" {
      for_each = var.vaults
      content {
        destination_vault_arn = copy_action.value
      }
    }
  }
}
resource "aws_backup_plan" "dynamic_rule" {
  name = "b"
  dynamic "rule" {
    for_each = var.rules
    content {
      rule_name         = rule.value
      target_vault_name = "v"
    }
  }
}
""",
    )
    assert found["aws_backup_plan.dynamic_copy"].facts.cross_region_copy.value is UNKNOWN
    assert found["aws_backup_plan.dynamic_rule"].facts.cross_region_copy.value is UNKNOWN


def test_unknown_inline_versioning_is_unknown_not_a_crash(tmp_path: Path) -> None:
    found = terraform_resources(
        tmp_path,
        """
variable "on" {}
resource "aws_s3_bucket" "b" {
  bucket = "b"
  versioning {
    enabled = var.on
  }
}
""",
    )
    assert found["aws_s3_bucket.b"].facts.versioning.value is UNKNOWN


def test_versioning_found_through_a_stated_attribute_and_suspended_is_quoted(tmp_path: Path) -> None:
    found = terraform_resources(
        tmp_path,
        """
resource "aws_s3_bucket" "named" {
  bucket = "named"
}
resource "aws_s3_bucket_versioning" "named" {
  bucket = aws_s3_bucket.named.bucket
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket" "paused" {
  bucket = "paused"
}
resource "aws_s3_bucket_versioning" "paused" {
  bucket = aws_s3_bucket.paused.id
  versioning_configuration {
    status = "Suspended"
  }
}
""",
    )
    assert found["aws_s3_bucket.named"].facts.versioning.value is True
    paused = found["aws_s3_bucket.paused"].facts
    assert paused.versioning.value is False
    assert paused.versioning.evidence == (
        'aws_s3_bucket_versioning.paused: versioning_configuration.status = "Suspended"'
    )


def test_efs_automatic_backups_default_on_for_one_zone_only(tmp_path: Path) -> None:
    found = terraform_resources(
        tmp_path,
        """
variable "zone" {}
resource "aws_efs_file_system" "one_zone" {
  availability_zone_name = "us-east-1a"
}
resource "aws_efs_file_system" "regional" {
}
resource "aws_efs_file_system" "unknown_zone" {
  availability_zone_name = var.zone
}
resource "aws_efs_file_system" "one_zone_off" {
  availability_zone_name = "us-east-1a"
}
resource "aws_efs_backup_policy" "one_zone_off" {
  file_system_id = aws_efs_file_system.one_zone_off.id
  backup_policy {
    status = "DISABLED"
  }
}
""",
    )
    assert found["aws_efs_file_system.one_zone"].facts.backup_retention_days.value == 35
    assert found["aws_efs_file_system.regional"].facts.backup_retention_days.value == 0
    assert found["aws_efs_file_system.unknown_zone"].facts.backup_retention_days.value is None
    assert found["aws_efs_file_system.one_zone_off"].facts.backup_retention_days.value == 0


def test_classic_load_balancer_without_health_check_block_uses_the_default_check(tmp_path: Path) -> None:
    found = terraform_resources(
        tmp_path,
        """
resource "aws_elb" "legacy" {
  availability_zones = ["us-east-1a", "us-east-1b"]
  listener {
    instance_port     = 80
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}
""",
    )
    [probe] = found["aws_elb.legacy"].facts.probes
    assert probe.present is True
    assert probe.check == "health_check not set (defaults to a TCP check on port 80)"


def test_failover_secondary_needs_no_health_check_and_an_unknown_role_decides_nothing(tmp_path: Path) -> None:
    found = terraform_resources(
        tmp_path,
        """
variable "role" {}
resource "aws_route53_record" "secondary" {
  zone_id        = "Z1"
  name           = "a.example.com"
  type           = "A"
  records        = ["192.0.2.1"]
  set_identifier = "b"
  failover_routing_policy {
    type = "SECONDARY"
  }
}
resource "aws_route53_record" "either" {
  zone_id        = "Z1"
  name           = "a.example.com"
  type           = "A"
  records        = ["192.0.2.2"]
  set_identifier = "c"
  failover_routing_policy {
    type = var.role
  }
}
""",
    )
    assert found["aws_route53_record.secondary"].facts.probes == []
    [probe] = found["aws_route53_record.either"].facts.probes
    assert probe.present is UNKNOWN


def test_imported_certificate_finding_never_shows_the_private_key(
    tmp_path: Path, lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "main.tf").write_text(
        """resource "aws_acm_certificate" "imported" {
  certificate_body = "-----BEGIN CERTIFICATE-----"
  private_key      = "-----BEGIN PRIVATE KEY-----SECRET"
}
""",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    [finding] = lint("main.tf").findings
    assert finding.rule == "RSL401"
    assert finding.line == 1  # the resource, not the private_key line a reporter would quote
    assert finding.evidence is not None and "SECRET" not in finding.evidence


def test_autoscaling_group_tag_blocks_carry_the_tier(
    tmp_path: Path, lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "main.tf").write_text(
        """resource "aws_autoscaling_group" "batch" {
  min_size           = 1
  max_size           = 2
  availability_zones = ["us-east-1a", "us-east-1b"]
  tag {
    key                 = "reslint.io/tier"
    value               = "3"
    propagate_at_launch = true
  }
}
""",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    [finding] = lint("main.tf").findings
    assert (finding.rule, finding.tier, finding.tier_source, finding.level) == ("RSL201", 3, "tag", "note")


def test_cache_cluster_mode_nodes_point_at_replicas_per_node_group(tmp_path: Path) -> None:
    found = terraform_resources(
        tmp_path,
        """
resource "aws_elasticache_replication_group" "shards" {
  replication_group_id       = "shards"
  description                = "shards"
  automatic_failover_enabled = true
  multi_az_enabled           = true
  num_node_groups            = 3
  replicas_per_node_group    = 0
}
""",
    )
    facts = found["aws_elasticache_replication_group.shards"].facts
    assert facts.nodes.value == 1
    assert facts.nodes.line == 8
    assert facts.nodes.evidence == "replicas_per_node_group = 0"


def test_cluster_members_linked_by_a_stated_identifier(tmp_path: Path) -> None:
    found = terraform_resources(
        tmp_path,
        """
resource "aws_rds_cluster" "main" {
  cluster_identifier = "main"
  engine             = "aurora-postgresql"
}
resource "aws_rds_cluster_instance" "member" {
  count              = 2
  cluster_identifier = aws_rds_cluster.main.cluster_identifier
  instance_class     = "db.r6g.large"
}
""",
    )
    facts = found["aws_rds_cluster.main"].facts
    assert facts.nodes.value == 2
    assert facts.nodes.evidence == "2 instances refer to this cluster"


def test_load_balancer_subnet_mappings_count_zones(tmp_path: Path) -> None:
    found = terraform_resources(
        tmp_path,
        """
resource "aws_subnet" "a" {
  availability_zone = "us-east-1a"
}
resource "aws_lb" "nlb" {
  load_balancer_type = "network"
  subnet_mapping {
    subnet_id     = aws_subnet.a.id
    allocation_id = "eipalloc-1"
  }
}
""",
    )
    facts = found["aws_lb.nlb"].facts
    assert facts.zone_count.value == 1
    assert facts.zone_count.evidence == "subnet_mapping in us-east-1a"
