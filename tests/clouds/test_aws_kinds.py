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
  deployment_circuit_breaker {
    enable   = true
    rollback = true
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
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
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
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
}
""",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert _messages(lint("main.tf")) == {
        ("RSL302", "container 'jobs' has no liveness check", "no healthCheck in aws_ecs_task_definition.jobs")
    }


def _findings(tmp_path: Path, lint: Callable[..., Report], text: str) -> set[tuple[str, str, str]]:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    (folder / "main.tf").write_text(text, encoding="utf-8")
    report = lint(str(folder / "main.tf"))
    assert not report.errors, report.errors
    return {(f.rule, f.address, f.evidence or "") for f in report.findings}


VERSIONING = """
resource "aws_s3_bucket_versioning" "%(name)s" {
  bucket = %(target)s
  versioning_configuration {
    status = "%(status)s"
  }
}
"""


def _bucket(name: str, expression: str) -> str:
    return f'resource "aws_s3_bucket" "{name}" {{\n  bucket = {expression}\n}}\n'


def _versioning(name: str, target: str, status: str = "Enabled") -> str:
    return VERSIONING % {"name": name, "target": target, "status": status}


def test_versioning_names_its_bucket_by_the_same_literal(tmp_path: Path, lint: Callable[..., Report]) -> None:
    config = _bucket("logs", '"acme-logs"') + _versioning("logs", '"acme-logs"')
    assert not {f for f in _findings(tmp_path, lint, config) if f[0] == "RSL504"}
    suspended = _bucket("logs", '"acme-logs"') + _versioning("logs", '"acme-logs"', "Suspended")
    assert (
        "RSL504",
        "aws_s3_bucket.logs",
        'aws_s3_bucket_versioning.logs: versioning_configuration.status = "Suspended"',
    ) in _findings(tmp_path, lint, suspended)


def test_versioning_names_its_bucket_by_the_same_variable_or_local(tmp_path: Path, lint: Callable[..., Report]) -> None:
    declarations = 'variable "name" {}\nlocals {\n  logs = "${var.name}-logs"\n}\n'
    for expression in ("var.name", "local.logs"):
        on = declarations + _bucket("logs", expression) + _versioning("logs", expression)
        assert not {f for f in _findings(tmp_path, lint, on) if f[0] == "RSL504"}, expression
        off = declarations + _bucket("logs", expression) + _versioning("logs", expression, "Suspended")
        assert {f[0] for f in _findings(tmp_path, lint, off)} >= {"RSL504"}, expression


def test_versioning_of_an_undecidable_bucket_is_unknown_not_missing(
    tmp_path: Path, lint: Callable[..., Report]
) -> None:
    declarations = 'variable "name" {}\nvariable "other" {}\ndata "aws_s3_bucket" "shared" {\n  bucket = "x"\n}\n'
    undecidable = (
        # the bucket's name is unknown, the configuration's a literal
        _bucket("a", "var.name") + _versioning("a", '"acme-a"'),
        # both unknown, written differently
        _bucket("a", "var.name") + _versioning("a", "var.other"),
        # the configuration names a bucket found by a data source
        _bucket("a", '"acme-a"') + _versioning("a", "data.aws_s3_bucket.shared.id"),
    )
    for config in undecidable:
        assert not {f for f in _findings(tmp_path, lint, declarations + config) if f[0] == "RSL504"}, config
    # Decidable: another literal, or a reference to another bucket, names another bucket.
    for config in (
        _bucket("a", '"acme-a"') + _versioning("b", '"acme-b"'),
        _bucket("a", '"acme-a"') + _bucket("b", '"acme-b"') + _versioning("b", "aws_s3_bucket.b.id"),
    ):
        assert ("RSL504", "aws_s3_bucket.a", "no versioning configuration") in _findings(
            tmp_path, lint, declarations + config
        ), config


def test_disabled_replication_is_no_copy(tmp_path: Path, lint: Callable[..., Report]) -> None:
    replication = """
resource "aws_s3_bucket_replication_configuration" "logs" {
  bucket = %s
  role   = "arn:aws:iam::123456789012:role/replication"
  rule {
    status = "%s"
    destination {
      bucket = "arn:aws:s3:::acme-copy"
    }
  }
}
"""
    versioned = _versioning("logs", "aws_s3_bucket.logs.id")
    for target in ("aws_s3_bucket.logs.id", '"acme-logs"'):
        disabled = _bucket("logs", '"acme-logs"') + versioned + replication % (target, "Disabled")
        assert _findings(tmp_path, lint, disabled) == {
            ("RSL503", "aws_s3_bucket.logs", "every replication rule is disabled")
        }, target
        enabled = _bucket("logs", '"acme-logs"') + versioned + replication % (target, "Enabled")
        assert _findings(tmp_path, lint, enabled) == set(), target


EFS = """
variable "arns" {}
resource "aws_efs_file_system" "uploads" {
  creation_token = "uploads"
  tags = { backup = "daily" }
}
resource "aws_efs_replication_configuration" "uploads" {
  source_file_system_id = aws_efs_file_system.uploads.id
  destination {
    region = "us-west-2"
  }
}
resource "aws_backup_plan" "daily" {
  name = "daily"
  rule {
    rule_name         = "daily"
    target_vault_name = "vault"
    schedule          = "cron(0 5 * * ? *)"
    lifecycle {
      delete_after = 30
    }
  }
}
resource "aws_backup_selection" "daily" {
  name         = "daily"
  iam_role_arn = "arn:aws:iam::123456789012:role/backup"
  plan_id      = aws_backup_plan.daily.id
  %s
}
"""


def test_backup_selection_by_value(tmp_path: Path, lint: Callable[..., Report]) -> None:
    def retention_findings(selection: str) -> set[str]:
        return {f[2] for f in _findings(tmp_path, lint, EFS % selection) if f[0] == "RSL501"}

    unselected = {"no backup policy"}
    # Selected by every-resource and every-file-system patterns, and by a tag its tags meet.
    for selects in (
        'resources = ["*"]',
        'resources = ["arn:aws:elasticfilesystem:*:*:file-system/*"]',
        'selection_tag {\n    type  = "STRINGEQUALS"\n    key   = "backup"\n    value = "daily"\n  }',
    ):
        assert retention_findings(selects) == set(), selects
    # Another service, another tag value: not selected, so the missing backup policy is reported.
    for other in (
        'resources = ["arn:aws:dynamodb:*:*:table/*"]',
        'selection_tag {\n    type  = "STRINGEQUALS"\n    key   = "backup"\n    value = "weekly"\n  }',
    ):
        assert retention_findings(other) == unselected, other
    # Unknown resources, or one file system by id: it may be this one, so nothing is reported.
    for undecided in (
        "resources = var.arns",
        'resources = ["arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123456789abcdef0"]',
    ):
        assert retention_findings(undecided) == set(), undecided


def test_a_variable_names_the_same_value_only_within_one_module_instance(
    tmp_path: Path, lint: Callable[..., Report]
) -> None:
    module = tmp_path / "config" / "modules" / "store"
    module.mkdir(parents=True)
    (module / "main.tf").write_text(
        'variable "name" {}\nvariable "with_versioning" {}\n'
        + _bucket("this", "var.name").replace("}\n", '  tags = { "reslint.io/tier" = "2" }\n}\n')
        + """
resource "aws_s3_bucket_versioning" "this" {
  count  = var.with_versioning ? 1 : 0
  bucket = var.name
  versioning_configuration {
    status = "Suspended"
  }
}
""",
        encoding="utf-8",
    )
    root = """
variable "a" {}
variable "b" {}
module "a" {
  source          = "./modules/store"
  name            = var.a
  with_versioning = true
}
module "b" {
  source          = "./modules/store"
  name            = var.b
  with_versioning = false
}
"""
    found = {(rule, address) for rule, address, _ in _findings(tmp_path, lint, root)}
    # a's configuration suspends a's bucket; it writes "var.name" in another instance than b's
    # bucket, so b's versioning is undecided (b's own name may equal a's), not missing.
    assert found == {("RSL504", "module.a.aws_s3_bucket.this")}


def test_root_modules_of_one_scan_do_not_link(tmp_path: Path, lint: Callable[..., Report]) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    tier2 = '  tags = { "reslint.io/tier" = "2" }\n}\n'
    (one / "main.tf").write_text(_bucket("logs", '"acme-logs"').replace("}\n", tier2), encoding="utf-8")
    # Another configuration versions a bucket of the same address and name: not this one.
    (two / "main.tf").write_text(
        'variable "name" {}\n' + _bucket("logs", "var.name").replace("}\n", tier2) + _versioning("logs", "var.name"),
        encoding="utf-8",
    )
    report = lint(str(one), str(two))
    assert not report.errors
    assert [(f.rule, f.file.endswith("one/main.tf")) for f in report.findings] == [("RSL504", True)]


UNKNOWN_FACTS = [
    # (resource body with an unknown value, the fact it leaves unknown)
    ('resource "aws_elasticache_cluster" "c" {\n  engine = var.x\n  num_cache_nodes = 1\n}', "nodes"),
    ('resource "aws_elasticache_cluster" "c" {\n  engine = "memcached"\n  num_cache_nodes = var.x\n}', "nodes"),
    (
        'resource "aws_elasticache_cluster" "c" {\n  engine = "memcached"\n  num_cache_nodes = 3\n'
        "  az_mode = data.aws_ssm_parameter.p.value\n}",
        "zone_redundant",
    ),
    (
        'resource "aws_elasticache_cluster" "c" {\n  engine = "redis"\n  num_cache_nodes = 1\n'
        "  snapshot_retention_limit = module.m.days\n}",
        "backup_retention_days",
    ),
    ('resource "aws_redshift_cluster" "r" {\n  cluster_type = "multi-node"\n  number_of_nodes = var.x\n}', "nodes"),
    ('resource "aws_redshift_cluster" "r" {\n  multi_az = var.x\n}', "zone_redundant"),
    (
        'resource "aws_redshift_cluster" "r" {\n  automated_snapshot_retention_period = var.x\n}',
        "backup_retention_days",
    ),
    (
        'resource "aws_redshift_cluster" "r" {\n  dynamic "snapshot_copy" {\n    for_each = var.x\n'
        "    content {\n      destination_region = snapshot_copy.value\n    }\n  }\n}",
        "cross_region_copy",
    ),
    (
        'resource "aws_msk_cluster" "k" {\n  broker_node_group_info {\n    client_subnets = module.m.subnets\n  }\n}',
        "zone_redundant",
    ),
    ('resource "aws_opensearchserverless_collection" "o" {\n  standby_replicas = var.x\n}', "zone_redundant"),
    (
        'resource "aws_ecs_service" "s" {\n  network_configuration {\n    subnets = data.aws_subnets.p.ids\n  }\n}',
        "zone_count",
    ),
]


def test_every_new_kind_keeps_unknown_values_unknown(tmp_path: Path) -> None:
    from reslint.model import UNKNOWN
    from reslint.providers import to_resources
    from reslint.terraform import load_modules
    from reslint.terraform.format import _records

    header = (
        'variable "x" {}\ndata "aws_ssm_parameter" "p" {\n  name = "p"\n}\n'
        'data "aws_subnets" "p" {}\nmodule "m" {\n  source  = "example/remote/aws"\n  version = "1.0.0"\n}\n'
    )
    for body, fact in UNKNOWN_FACTS:
        path = tmp_path / "main.tf"
        path.write_text(header + body + "\n", encoding="utf-8")
        loaded = load_modules([str(path)], str(tmp_path))
        assert not loaded.errors, loaded.errors
        (resource,) = to_resources(_records([i for i in loaded.instances if i.mode == "managed"]))
        assert getattr(resource.facts, fact).value is UNKNOWN, (body, fact, getattr(resource.facts, fact))


def test_api_domain_certificate_from_a_variable_is_not_judged(tmp_path: Path, lint: Callable[..., Report]) -> None:
    config = """
variable "arn" {}
resource "aws_api_gateway_domain_name" "d" {
  domain_name              = "api.example.com"
  regional_certificate_arn = var.arn
}
"""
    assert _findings(tmp_path, lint, config) == set()


def test_documentdb_and_neptune_global_clusters_are_a_copy_in_another_region(
    tmp_path: Path, lint: Callable[..., Report]
) -> None:
    config = """
resource "aws_docdb_cluster" "profiles" {
  cluster_identifier      = "profiles"
  backup_retention_period = 7
}
resource "aws_docdb_cluster_instance" "profiles" {
  count              = 2
  cluster_identifier = aws_docdb_cluster.profiles.id
  instance_class     = "db.r6g.large"
}
resource "aws_docdb_global_cluster" "profiles" {
  global_cluster_identifier    = "profiles"
  source_db_cluster_identifier = aws_docdb_cluster.profiles.arn
}
resource "aws_neptune_cluster" "graph" {
  cluster_identifier      = "graph"
  backup_retention_period = 7
}
resource "aws_neptune_cluster_instance" "graph" {
  count              = 2
  cluster_identifier = aws_neptune_cluster.graph.id
  instance_class     = "db.r6g.large"
}
resource "aws_neptune_global_cluster" "graph" {
  global_cluster_identifier    = "graph"
  source_db_cluster_identifier = aws_neptune_cluster.graph.arn
}
"""
    assert _findings(tmp_path, lint, config) == set()
    without = config.split('resource "aws_docdb_global_cluster"', maxsplit=1)[0]
    assert ("RSL503", "aws_docdb_cluster.profiles", "not part of a global cluster") in _findings(
        tmp_path, lint, without
    )


def test_group_attachment_by_name(tmp_path: Path, lint: Callable[..., Report]) -> None:
    group = """
variable "name" {}
resource "aws_autoscaling_group" "api" {
  name               = %s
  min_size           = 2
  max_size           = 4
  availability_zones = ["us-east-1a", "us-east-1b"]
}
resource "aws_autoscaling_attachment" "api" {
  autoscaling_group_name = %s
  lb_target_group_arn    = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api/1"
}
"""
    attached = {("RSL304", "aws_autoscaling_group.api", "health_check_type not set (defaults to EC2)")}
    assert _findings(tmp_path, lint, group % ('"api-asg"', '"api-asg"')) == attached
    assert _findings(tmp_path, lint, group % ("var.name", "var.name")) == attached
    # Another group's name, or a name that cannot be known: not known to be attached, so not judged.
    assert _findings(tmp_path, lint, group % ('"api-asg"', '"batch-asg"')) == set()
    assert _findings(tmp_path, lint, group % ('"api-asg"', "var.name")) == set()
