"""Tiers from where users put them (provider default tags, stack tags, namespace labels), tiers that
flow through a service (load balancer to targets, DNS, ECS), and the count an autoscaler decides."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from _support.paths import ROOT
from reslint.cli import main
from reslint.formats import BuildOptions

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reslint.model import Resource
    from reslint.reporting import Report
    from reslint.tiers import Tiers

SERVICE_TF = """
resource "aws_ecs_service" "{name}" {{
  desired_count = 1
  {extra}
}}
"""


def tiers(report: Report) -> dict[str, tuple[int, str]]:
    return {f.address: (f.tier, f.tier_source) for f in report.findings}


def ecs(name: str, extra: str = "") -> str:
    return SERVICE_TF.format(name=name, extra=extra)


def test_aws_default_tags_with_resource_tags_overriding_and_provider_aliases(
    lint: Callable[..., Report], tmp_path: Path
) -> None:
    (tmp_path / "main.tf").write_text(
        """
variable "tier" {
  type    = string
  default = "3"
}
provider "aws" {
  default_tags {
    tags = { "reslint.io/tier" = var.tier, team = "payments" }
  }
}
provider "aws" {
  alias = "critical"
  default_tags {
    tags = { "reslint.io/tier" = "1" }
  }
}
"""
        + ecs("plain")
        + ecs("own", 'tags = { "reslint.io/tier" = "2" }')
        + ecs("aliased", "provider = aws.critical")
        # A tag of the resource's own overrides the provider's, even a less strict one.
        + ecs("relaxed", 'provider = aws.critical\n  tags = { "reslint.io/tier" = "3" }')
    )
    found = tiers(lint(tmp_path, default_tier=2))
    assert found["aws_ecs_service.plain"] == (3, "tag from provider aws default_tags")
    assert found["aws_ecs_service.own"] == (2, "tag")
    assert found["aws_ecs_service.aliased"] == (1, "tag from provider aws.critical default_tags")
    assert found["aws_ecs_service.relaxed"] == (3, "tag")


def test_modules_inherit_the_default_provider_or_the_one_passed_to_them(
    lint: Callable[..., Report], tmp_path: Path
) -> None:
    (tmp_path / "main.tf").write_text("""
provider "aws" {
  default_tags {
    tags = { "reslint.io/tier" = "3" }
  }
}
provider "aws" {
  alias = "critical"
  default_tags {
    tags = { "reslint.io/tier" = "1" }
  }
}
module "inherits" {
  source = "./svc"
}
module "passed" {
  source    = "./svc"
  providers = { aws = aws.critical }
}
""")
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "main.tf").write_text(ecs("this"))
    found = tiers(lint(tmp_path, default_tier=2))
    assert found["module.inherits.aws_ecs_service.this"] == (3, "tag from provider aws default_tags")
    assert found["module.passed.aws_ecs_service.this"] == (1, "tag from provider aws.critical default_tags")


def test_google_default_labels(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text("""
provider "google" {
  default_labels = { "reslint-tier" = "3" }
}
resource "google_compute_instance" "api" {
  name         = "api"
  machine_type = "e2-small"
  zone         = "europe-west1-b"
}
""")
    assert tiers(lint(tmp_path))["google_compute_instance.api"] == (3, "tag from provider google default_labels")


def test_a_plan_carries_default_tags_in_tags_all(lint: Callable[..., Report], tmp_path: Path) -> None:
    values = {"desired_count": 1, "tags": {"team": "x"}, "tags_all": {"team": "x", "reslint.io/tier": "3"}}
    resource = {
        "address": "aws_ecs_service.api",
        "mode": "managed",
        "type": "aws_ecs_service",
        "name": "api",
        "values": values,
    }
    plan = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": [resource]}},
        "resource_changes": [],
        "configuration": {"root_module": {}},
    }
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    assert tiers(lint(tmp_path / "plan.json"))["aws_ecs_service.api"] == (3, "tag from tags_all (provider defaults)")


STACK = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Plain:
    Type: AWS::ECS::Service
    Properties: {DesiredCount: 1}
  Own:
    Type: AWS::ECS::Service
    Properties:
      DesiredCount: 1
      Tags: [{Key: reslint.io/tier, Value: "3"}]
"""


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tags.json", [{"Key": "reslint.io/tier", "Value": "1"}]),
        ("config.json", {"Parameters": {}, "Tags": {"reslint.io/tier": "1"}}),
        ("plain.json", {"reslint.io/tier": "1"}),
    ],
)
def test_cloudformation_stack_tags_from_a_file(
    lint: Callable[..., Report], tmp_path: Path, name: str, content: object
) -> None:
    (tmp_path / "stack.yaml").write_text(STACK)
    (tmp_path / name).write_text(json.dumps(content))
    report = lint(tmp_path / "stack.yaml", default_tier=2, build=BuildOptions(stack_tag_files=(str(tmp_path / name),)))
    assert not report.errors
    assert tiers(report) == {"Plain": (1, "tag from stack tags"), "Own": (3, "tag")}


def test_the_tags_of_a_template_configuration_passed_as_parameters_count(
    lint: Callable[..., Report], tmp_path: Path
) -> None:
    (tmp_path / "stack.yaml").write_text(STACK)
    (tmp_path / "prod.json").write_text(json.dumps({"Parameters": {}, "Tags": {"reslint.io/tier": "1"}}))
    options = BuildOptions(parameter_files=(str(tmp_path / "prod.json"),))
    report = lint(tmp_path / "stack.yaml", default_tier=2, build=options)
    assert tiers(report)["Plain"] == (1, "tag from stack tags")


def test_cfn_tag_flag_wins_over_files_and_bad_files_are_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stack.yaml").write_text(STACK)
    (tmp_path / "tags.json").write_text(json.dumps([{"Key": "reslint.io/tier", "Value": "3"}]))
    args = ["check", "--no-config", "--format", "json", "--default-tier", "3", "stack.yaml"]
    assert main([*args, "--cfn-tags", "tags.json", "--cfn-tag", "reslint.io/tier=1"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {(f["resource"]["address"], f["tier"]) for f in findings} == {("Plain", 1), ("Own", 3)}
    (tmp_path / "bad.json").write_text('["reslint.io/tier=1"]')
    assert main([*args, "--cfn-tags", "bad.json"]) == 2
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert [e["message"] for e in errors] == [
        'tags file must be [{"Key": ..., "Value": ...}], {"Tags": {...}} or {key: value}'
    ]
    assert main([*args, "--cfn-tag", "no-equals-sign"]) == 2
    assert "--cfn-tag needs NAME=VALUE" in capsys.readouterr().err


def test_a_namespace_label_gives_its_objects_a_tier_unless_they_say_otherwise(
    lint: Callable[..., Report], tmp_path: Path
) -> None:
    deployment = """---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}, namespace: {namespace}{labels}}}
spec:
  replicas: 1
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec: {{containers: [{{name: app, image: example/app:1}}]}}
"""
    (tmp_path / "all.yaml").write_text(
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {reslint.io/tier: "1"}}\n'
        + deployment.format(name="cart", namespace="shop", labels="")
        + deployment.format(name="batch", namespace="shop", labels=', labels: {reslint.io/tier: "3"}')
        + deployment.format(name="other", namespace="tools", labels="")
    )
    found = {
        address: tier for address, tier in tiers(lint(tmp_path, default_tier=2)).items() if "/Deployment/" in address
    }
    assert found == {
        "shop/Deployment/cart": (1, "tag from namespace shop"),
        "shop/Deployment/batch": (3, "tag"),
        "tools/Deployment/other": (2, "default"),
    }


def test_an_unknown_tier_in_default_tags_falls_through_with_a_notice(
    lint: Callable[..., Report], tmp_path: Path
) -> None:
    (tmp_path / "main.tf").write_text(
        """
variable "tier" { type = string }
provider "aws" {
  default_tags {
    tags = { "reslint.io/tier" = var.tier }
  }
}
"""
        + ecs("api")
    )
    report = lint(tmp_path, default_tier=2)
    assert tiers(report)["aws_ecs_service.api"] == (2, "default; tag reslint.io/tier unknown")
    assert [n.message for n in report.skipped] == [
        "aws_ecs_service.api: the value of tag reslint.io/tier from provider aws default_tags cannot be "
        "known statically; tier 2 from the default instead"
    ]


@pytest.fixture
def all_tiers(
    lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., dict[str, tuple[int, str]]]:
    """Lint and return the tier and tier_source of every resource, with a finding or not."""
    import reslint.scan

    def run(*paths: Path | str, **options: object) -> dict[str, tuple[int, str]]:
        seen: dict[str, tuple[int, str]] = {}
        real = reslint.scan.run_rules

        def spy(resources: Sequence[Resource], tiers: Tiers, *args: Any, **kwargs: Any) -> Any:
            seen.update({r.address: (tiers[r].tier, tiers[r].source) for r in resources})
            return real(resources, tiers, *args, **kwargs)

        monkeypatch.setattr(reslint.scan, "run_rules", spy)
        report = lint(*paths, **options)
        assert not report.errors, report.errors
        return seen

    return run


LB_TF = """
resource "aws_lb" "public" {
  subnets = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  tags    = { "reslint.io/tier" = "1" }
}
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  certificate_arn   = aws_acm_certificate.main.arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}
resource "aws_lb_listener_certificate" "extra" {
  listener_arn    = aws_lb_listener.https.arn
  certificate_arn = aws_acm_certificate.extra.arn
}
resource "aws_lb_listener_rule" "admin" {
  listener_arn = aws_lb_listener.https.arn
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.admin.arn
  }
}
resource "aws_acm_certificate" "main" {
  domain_name       = "shop.example.com"
  validation_method = "DNS"
}
resource "aws_acm_certificate" "extra" {
  domain_name       = "www.example.com"
  validation_method = "EMAIL"
}
resource "aws_lb_target_group" "api" {
  port = 80
}
resource "aws_lb_target_group" "admin" {
  port = 8080
  tags = { "reslint.io/tier" = "3" }
}
resource "aws_ecs_service" "api" {
  desired_count   = 2
  task_definition = aws_ecs_task_definition.api.arn
  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
  }
}
resource "aws_ecs_task_definition" "api" {
  family = "api"
}
resource "aws_autoscaling_group" "web" {
  min_size          = 2
  max_size          = 4
  target_group_arns = [aws_lb_target_group.api.arn]
}
resource "aws_instance" "legacy" {
  ami = "ami-0123456789abcdef0"
}
resource "aws_lb_target_group_attachment" "legacy" {
  target_group_arn = aws_lb_target_group.api.arn
  target_id        = aws_instance.legacy.id
}
resource "aws_ecs_service" "admin" {
  desired_count = 1
  load_balancer {
    target_group_arn = aws_lb_target_group.admin.arn
  }
}
resource "aws_route53_record" "www" {
  zone_id = "Z0123456789"
  name    = "www.example.com"
  type    = "A"
  alias {
    name                   = aws_lb.public.dns_name
    zone_id                = aws_lb.public.zone_id
    evaluate_target_health = true
  }
}
resource "aws_ecs_service" "unrelated" {
  desired_count = 1
}
"""

LB_CFN = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Public:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-0123456789abcdef0, subnet-0fedcba9876543210]
      Tags: [{Key: reslint.io/tier, Value: "1"}]
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Public
      Certificates: [{CertificateArn: !Ref Main}]
      DefaultActions: [{Type: forward, TargetGroupArn: !Ref Api}]
  Extra:
    Type: AWS::ElasticLoadBalancingV2::ListenerCertificate
    Properties:
      ListenerArn: !Ref Https
      Certificates: [{CertificateArn: !Ref ExtraCertificate}]
  AdminRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Https
      Priority: 1
      Actions: [{Type: forward, TargetGroupArn: !Ref AdminTargets}]
  Main:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: shop.example.com, ValidationMethod: DNS}
  ExtraCertificate:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: www.example.com, ValidationMethod: EMAIL}
  Api:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Port: 80
      Targets: [{Id: !Ref Legacy}]
  AdminTargets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Port: 8080
      Tags: [{Key: reslint.io/tier, Value: "3"}]
  ApiService:
    Type: AWS::ECS::Service
    Properties:
      DesiredCount: 2
      TaskDefinition: !Ref ApiTask
      LoadBalancers: [{TargetGroupArn: !Ref Api}]
  ApiTask:
    Type: AWS::ECS::TaskDefinition
    Properties: {Family: api}
  Web:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: {MinSize: "2", MaxSize: "4", TargetGroupARNs: [!Ref Api]}
  Legacy:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-0123456789abcdef0}
  AdminService:
    Type: AWS::ECS::Service
    Properties:
      DesiredCount: 1
      LoadBalancers: [{TargetGroupArn: !Ref AdminTargets}]
  Www:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneId: Z0123456789
      Name: www.example.com
      Type: A
      AliasTarget: {DNSName: !GetAtt Public.DNSName, HostedZoneId: !GetAtt Public.CanonicalHostedZoneID,
                    EvaluateTargetHealth: true}
  Unrelated:
    Type: AWS::ECS::Service
    Properties: {DesiredCount: 1}
"""

#: Terraform address -> CloudFormation logical id, and the tier each must get (default tier 3).
SERVICE_FLOW = {
    "aws_lb.public": ("Public", 1, "tag"),
    "aws_lb_listener.https": ("Https", 1, "inherited from {lb}"),
    "aws_lb_listener_certificate.extra": ("Extra", 1, "inherited from {lb}"),
    "aws_lb_listener_rule.admin": ("AdminRule", 1, "inherited from {lb}"),
    "aws_acm_certificate.main": ("Main", 1, "inherited from {lb}"),
    "aws_acm_certificate.extra": ("ExtraCertificate", 1, "inherited from {lb}"),
    "aws_lb_target_group.api": ("Api", 1, "inherited from {lb}"),
    "aws_ecs_service.api": ("ApiService", 1, "inherited from {lb}"),
    "aws_ecs_task_definition.api": ("ApiTask", 1, "inherited from {lb}"),
    "aws_autoscaling_group.web": ("Web", 1, "inherited from {lb}"),
    "aws_instance.legacy": ("Legacy", 1, "inherited from {lb}"),
    "aws_route53_record.www": ("Www", 1, "inherited from {lb}"),
    # Explicit tags still win: a tier-3 service behind the shared load balancer stays tier 3.
    "aws_lb_target_group.admin": ("AdminTargets", 3, "tag"),
    "aws_ecs_service.admin": ("AdminService", 3, "inherited from {tg}"),
    "aws_ecs_service.unrelated": ("Unrelated", 3, "default"),
}


def test_tier_flows_from_a_load_balancer_through_the_service_in_terraform_and_cloudformation(
    all_tiers: Callable[..., dict[str, tuple[int, str]]], tmp_path: Path
) -> None:
    (tmp_path / "tf").mkdir()
    (tmp_path / "tf" / "main.tf").write_text(LB_TF)
    (tmp_path / "stack.yaml").write_text(LB_CFN)
    terraform = all_tiers(tmp_path / "tf", default_tier=3)
    cloudformation = all_tiers(tmp_path / "stack.yaml", default_tier=3)
    for address, (logical_id, tier, source) in SERVICE_FLOW.items():
        assert terraform[address] == (tier, source.format(lb="aws_lb.public", tg="aws_lb_target_group.admin"))
        assert cloudformation[logical_id] == (tier, source.format(lb="Public", tg="AdminTargets"))
    assert terraform["aws_lb_target_group_attachment.legacy"] == (1, "inherited from aws_lb.public")


def test_ecs_service_and_task_definition_share_a_tier_both_ways(
    all_tiers: Callable[..., dict[str, tuple[int, str]]], tmp_path: Path
) -> None:
    (tmp_path / "main.tf").write_text("""
resource "aws_ecs_service" "api" {
  desired_count   = 2
  task_definition = aws_ecs_task_definition.api.arn
}
resource "aws_ecs_task_definition" "api" {
  family = "api"
  tags   = { "reslint.io/tier" = "1" }
}
""")
    found = all_tiers(tmp_path, default_tier=3)
    assert found["aws_ecs_service.api"] == (1, "inherited from aws_ecs_task_definition.api")


def test_scaled_to_zero_is_a_notice_not_a_replica_finding(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text("""
resource "aws_ecs_service" "parked" {
  desired_count = 0
}
resource "aws_autoscaling_group" "parked" {
  min_size = 0
  max_size = 2
}
# min_size 0 below a desired capacity may scale to zero: still a finding.
resource "aws_autoscaling_group" "elastic" {
  min_size         = 0
  desired_capacity = 2
  max_size         = 4
}
""")
    (tmp_path / "parked.yaml").write_text("""apiVersion: apps/v1
kind: Deployment
metadata: {name: parked, namespace: shop}
spec:
  replicas: 0
  selector: {matchLabels: {app: parked}}
  template:
    metadata: {labels: {app: parked}}
    spec: {containers: [{name: app, image: example/app:1}]}
""")
    report = lint(tmp_path)
    assert [(f.address, f.message) for f in report.findings if f.rule == "RSL201"] == [
        ("aws_autoscaling_group.elastic", "runs 0 replicas; tier 1 requires at least 2"),
    ]
    assert sorted(n.message for n in report.skipped) == [
        "aws_autoscaling_group.parked: scaled to zero (min_size = 0), so no replica finding; it serves nothing "
        "until scaled up",
        "aws_ecs_service.parked: scaled to zero (desired_count = 0), so no replica finding; it serves nothing "
        "until scaled up",
        "shop/Deployment/parked: scaled to zero (replicas: 0), so no replica finding; it serves nothing "
        "until scaled up",
    ]


def test_an_application_auto_scaling_target_decides_an_ecs_service_count(
    all_tiers: Callable[..., dict[str, tuple[int, str]]], lint: Callable[..., Report], tmp_path: Path
) -> None:
    (tmp_path / "main.tf").write_text("""
resource "aws_ecs_service" "api" {
  name          = "api"
  cluster       = var.cluster
  desired_count = 1
  tags          = { "reslint.io/tier" = "2" }
  lifecycle {
    ignore_changes = [desired_count]
  }
}
variable "cluster" { type = string }
resource "aws_appautoscaling_target" "api" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${var.cluster}/api"
  min_capacity       = 1
  max_capacity       = 4
}
# Two services named "worker" in clusters nobody can name: which one the target scales is not clear.
resource "aws_ecs_service" "worker_a" {
  name          = "worker"
  cluster       = var.cluster
  desired_count = 1
}
resource "aws_ecs_service" "worker_b" {
  name          = "worker"
  cluster       = var.cluster
  desired_count = 1
}
resource "aws_appautoscaling_target" "worker" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/main/worker"
  min_capacity       = 3
  max_capacity       = 4
}
""")
    report = lint(tmp_path, default_tier=3)
    found = {(f.rule, f.address): (f.tier, f.evidence) for f in report.findings if f.rule.startswith("RSL20")}
    # Neither target is linked: one's resource id cannot be resolved (the cluster is a variable) and
    # refers to no service, the other's names two services. reslint does not guess, so the services
    # keep their desired_count and the unlinked targets get no tier from them.
    assert found == {
        ("RSL201", "aws_ecs_service.worker_a"): (3, "desired_count = 1"),
        ("RSL201", "aws_ecs_service.worker_b"): (3, "desired_count = 1"),
        ("RSL201", "aws_ecs_service.api"): (2, "desired_count = 1"),
        ("RSL202", "aws_appautoscaling_target.api"): (3, "min_capacity = 1"),
    }
    assert all_tiers(tmp_path, default_tier=3)["aws_appautoscaling_target.worker"] == (3, "default")


def test_the_worked_example_in_docs_tiers_md(
    all_tiers: Callable[..., dict[str, tuple[int, str]]], lint: Callable[..., Report], tmp_path: Path
) -> None:
    """The Terraform example in docs/tiers.md gives exactly the tiers its table shows."""
    page = (ROOT / "docs" / "tiers.md").read_text(encoding="utf-8")
    section = page.split("## A worked example: Terraform", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```hcl\n(.*?)```", section, re.S)
    assert code is not None
    (tmp_path / "main.tf").write_text(code.group(1))
    table = section.split("<!-- worked-example-tiers -->", 1)[1]
    rows = re.findall(r"^\| `([^`]+)` \| (\d) \| `([^`]+)` \|$", table, re.M)
    documented = {address: (int(tier), source) for address, tier, source in rows}
    assert len(documented) == 9
    assert all_tiers(tmp_path, default_tier=2) == documented
    report = lint(tmp_path, default_tier=2)
    assert {(f.rule, f.address, f.blocking) for f in report.findings} == {
        ("RSL401", "aws_acm_certificate.shop", True),
        ("RSL202", "aws_appautoscaling_target.checkout", True),
        ("RSL201", "aws_ecs_service.reports", False),
        ("RSL702", "aws_ecs_service.reports", False),
    }
    assert [n.message for n in report.skipped] == [
        "aws_ecs_service.reports: the value of tag reslint.io/tier cannot be known statically; "
        "tier 2 from the default instead"
    ]


def test_tiers_stay_inside_their_terraform_configuration(
    lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Two root modules may use the same addresses; one's tier-1 service does not reach the other's."""
    import reslint.scan

    for root, tag in (("prod", 'tags = { "reslint.io/tier" = "1" }'), ("sandbox", "")):
        (tmp_path / root).mkdir()
        (tmp_path / root / "main.tf").write_text(f"""
resource "aws_ecs_service" "api" {{
  desired_count   = 2
  task_definition = aws_ecs_task_definition.api.arn
  {tag}
}}
resource "aws_ecs_task_definition" "api" {{
  family = random_string.suffix.result
}}
resource "random_string" "suffix" {{
  length = 4
}}
""")
    seen: dict[str, tuple[int, str]] = {}
    real = reslint.scan.run_rules

    def spy(resources: Sequence[Resource], tiers: Tiers, *args: Any, **kwargs: Any) -> Any:
        seen.update({f"{Path(r.file).parent.name}:{r.address}": (tiers[r].tier, tiers[r].source) for r in resources})
        return real(resources, tiers, *args, **kwargs)

    monkeypatch.setattr(reslint.scan, "run_rules", spy)
    lint(tmp_path, default_tier=3)
    assert seen["prod:random_string.suffix"] == (1, "inherited from aws_ecs_service.api")
    assert seen["sandbox:random_string.suffix"] == (3, "default")
    assert seen["sandbox:aws_ecs_task_definition.api"] == (3, "default")


def test_a_task_definition_named_by_family_and_a_classic_load_balancer_share_the_tier(
    all_tiers: Callable[..., dict[str, tuple[int, str]]], tmp_path: Path
) -> None:
    (tmp_path / "main.tf").write_text("""
resource "aws_ecs_service" "api" {
  desired_count   = 2
  task_definition = "api:42"
  tags            = { "reslint.io/tier" = "1" }
}
resource "aws_ecs_task_definition" "api" {
  family = "api"
}
resource "aws_elb" "legacy" {
  availability_zones = ["eu-west-1a", "eu-west-1b"]
  tags               = { "reslint.io/tier" = "2" }
}
resource "aws_autoscaling_group" "legacy" {
  min_size           = 2
  max_size           = 4
  availability_zones = ["eu-west-1a", "eu-west-1b"]
  load_balancers     = [aws_elb.legacy.name]
}
""")
    found = all_tiers(tmp_path, default_tier=3)
    assert found["aws_ecs_task_definition.api"] == (1, "inherited from aws_ecs_service.api")
    assert found["aws_autoscaling_group.legacy"] == (2, "inherited from aws_elb.legacy")


def test_a_terraform_kubernetes_namespace_labels_its_objects(
    all_tiers: Callable[..., dict[str, tuple[int, str]]], tmp_path: Path
) -> None:
    (tmp_path / "main.tf").write_text("""
resource "kubernetes_namespace_v1" "shop" {
  metadata {
    name   = "shop"
    labels = { "reslint.io/tier" = "1" }
  }
}
resource "kubernetes_deployment" "cart" {
  metadata {
    name      = "cart"
    namespace = "shop"
  }
  spec {
    replicas = 2
    selector {
      match_labels = { app = "cart" }
    }
    template {
      metadata {
        labels = { app = "cart" }
      }
      spec {
        container {
          name  = "cart"
          image = "example/cart:1"
        }
      }
    }
  }
}
""")
    assert all_tiers(tmp_path, default_tier=3)["kubernetes_deployment.cart"] == (1, "tag from namespace shop")
