"""AWS kinds read through other resources or with several findings at once: standalone ElastiCache
clusters, ECS task definitions, and Terraform's ``jsonencode`` of values holding unknowns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.model import Encoded
from reslint.terraform._functions import call

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import pytest

    from reslint.reporting import Report

REDIS_TF = """
resource "aws_elasticache_cluster" "sessions" {
  cluster_id      = "sessions"
  engine          = "redis"
  node_type       = "cache.t4g.small"
  num_cache_nodes = 1
}
resource "aws_elasticache_cluster" "kept" {
  cluster_id               = "kept"
  engine                   = "valkey"
  node_type                = "cache.t4g.small"
  num_cache_nodes          = 1
  snapshot_retention_limit = 7
}
"""

REDIS_CFN = """
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Sessions:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: redis
      CacheNodeType: cache.t4g.small
      NumCacheNodes: 1
  Kept:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: valkey
      CacheNodeType: cache.t4g.small
      NumCacheNodes: 1
      SnapshotRetentionLimit: 7
"""


def _messages(report: Report) -> set[tuple[str, str, str]]:
    assert not report.errors, report.errors
    return {(f.rule, f.message, f.evidence or "") for f in report.findings}


def test_standalone_redis_cluster_is_one_node_in_one_zone_without_snapshots(
    tmp_path: Path, lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "main.tf").write_text(REDIS_TF, encoding="utf-8")
    (tmp_path / "cache.yaml").write_text(REDIS_CFN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    terraform, cloudformation = lint("main.tf"), lint("cache.yaml")
    by_address = {(f.address, f.rule) for f in terraform.findings}
    assert by_address == {
        ("aws_elasticache_cluster.sessions", "RSL103"),
        ("aws_elasticache_cluster.sessions", "RSL203"),
        ("aws_elasticache_cluster.sessions", "RSL501"),
        ("aws_elasticache_cluster.kept", "RSL103"),
        ("aws_elasticache_cluster.kept", "RSL203"),
    }
    assert {(f.rule, f.message) for f in terraform.findings} == {(f.rule, f.message) for f in cloudformation.findings}
    evidence = {f.rule: f.evidence for f in terraform.findings if f.address.endswith("sessions")}
    assert evidence["RSL501"] == "snapshot_retention_limit not set (defaults to 0 days)"
    assert "standalone" in (evidence["RSL103"] or "")


def test_jsonencode_of_unknowns_keeps_the_structure_and_known_text_is_unchanged() -> None:
    from reslint.model import UNKNOWN

    encoded = call("jsonencode", [[{"name": "api", "image": UNKNOWN}]])
    assert isinstance(encoded, Encoded)
    assert encoded.value == [{"name": "api", "image": UNKNOWN}]
    assert call("jsonencode", [[{"name": "api"}]]) == '[{"name":"api"}]'
    # Anything built on the unknown text stays plain unknown.
    assert call("upper", [encoded]) is UNKNOWN


def test_ecs_health_checks_unknown_when_the_load_balancer_or_container_is_unknown(
    tmp_path: Path, lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "main.tf").write_text(
        """
variable "container_name" {}
variable "essential" {}
variable "health_check" {}
resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([
    { name = "api", image = "a" },
    { name = "side", image = "b", essential = var.essential },
    { name = "probe", image = "c", healthCheck = var.health_check },
  ])
}
resource "aws_ecs_service" "api" {
  name            = "api"
  desired_count   = 2
  task_definition = aws_ecs_task_definition.api.arn
  load_balancer {
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/a/1"
    container_name   = var.container_name
    container_port   = 80
  }
}
# Two task definitions of one family: which one the service runs is not decided by its name alone.
resource "aws_ecs_task_definition" "twin_a" {
  family                = "twin"
  container_definitions = jsonencode([{ name = "a", image = "a" }])
}
resource "aws_ecs_task_definition" "twin_b" {
  family                = "twin"
  container_definitions = jsonencode([{ name = "b", image = "b" }])
}
resource "aws_ecs_service" "twin" {
  name            = "twin"
  desired_count   = 2
  task_definition = "twin"
}
""",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert _messages(lint("main.tf")) == set()


def test_ecs_task_definition_by_arn_value(
    tmp_path: Path, lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "main.tf").write_text(
        """
resource "aws_ecs_task_definition" "jobs" {
  family                = "jobs"
  container_definitions = "[{\\"name\\": \\"jobs\\", \\"image\\": \\"j\\"}]"
}
resource "aws_ecs_service" "jobs" {
  name            = "jobs"
  desired_count   = 2
  task_definition = "arn:aws:ecs:eu-west-1:123456789012:task-definition/jobs:12"
}
""",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert _messages(lint("main.tf")) == {
        ("RSL302", "container 'jobs' has no liveness check", "no healthCheck in aws_ecs_task_definition.jobs")
    }
