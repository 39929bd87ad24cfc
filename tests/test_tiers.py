"""Tiers from tags, configuration and dependencies; the gate; configuration errors; `reslint init`."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

import pytest

from reslint.cli import main
from reslint.config import load_config, parse_config
from reslint.errors import UsageError
from reslint.model import Format, Resource, Role
from reslint.tiers import Tier, TierSettings, assign_tiers

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Set as AbstractSet
    from pathlib import Path

    from reslint.reporting import Report

SERVICE = """\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}, namespace: shop{labels}}}
spec:
  replicas: 1
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers:
        - name: app
          image: example/app:1
          readinessProbe: {{tcpSocket: {{port: 80}}}}
          livenessProbe: {{tcpSocket: {{port: 80}}}}
          envFrom: [{{secretRef: {{name: {name}-env}}}}]
---
apiVersion: v1
kind: Service
metadata: {{name: {name}, namespace: shop}}
spec:
  selector: {{app: {name}}}
  ports: [{{port: 80}}]
"""
INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {{name: {name}, namespace: shop, labels: {{reslint.io/tier: "{tier}"}}}}
spec:
  tls: [{{hosts: [x.example.com], secretName: {name}-tls}}]
  rules:
    - host: x.example.com
      http:
        paths: [{{path: /, pathType: Prefix, backend: {{service: {{name: {name}, port: {{number: 80}}}}}}}}]
---
apiVersion: v1
kind: Secret
metadata: {{name: {name}-tls, namespace: shop}}
type: kubernetes.io/tls
data: {{tls.crt: Y2VydA==, tls.key: a2V5}}
"""


def service(name: str, tier: str | None = None) -> str:
    return SERVICE.format(name=name, labels=f', labels: {{reslint.io/tier: "{tier}"}}' if tier else "")


def by_address(report: Report) -> dict[str, tuple[int, str]]:
    return {f.address: (f.tier, f.tier_source) for f in report.findings}


def test_tier_flows_from_a_tier1_ingress_to_its_service_workload_and_hand_made_tls_secret(
    lint: Callable[..., Report], tmp_path: Path
) -> None:
    (tmp_path / "app.yaml").write_text(service("pay", tier="3"))
    (tmp_path / "ingress.yaml").write_text(INGRESS.format(name="pay", tier="1"))
    found = by_address(lint(tmp_path, default_tier=3))
    assert found["shop/Ingress/pay"] == (1, "tag")
    assert found["shop/Secret/pay-tls"] == (1, "inherited from shop/Ingress/pay")
    # the workload is tagged 3, but the tier-1 Ingress in front of it is stricter
    assert found["shop/Deployment/pay"] == (1, "inherited from shop/Ingress/pay")


def test_tier_does_not_leak_sideways_through_a_shared_dependency(lint: Callable[..., Report], tmp_path: Path) -> None:
    shared = "apiVersion: v1\nkind: Secret\nmetadata: {name: shared, namespace: shop}\ntype: Opaque\n"
    critical = service("a", tier="1").replace("a-env", "shared")
    batch = service("b", tier="3").replace("b-env", "shared")
    (tmp_path / "all.yaml").write_text(critical + "---\n" + batch + "---\n" + shared)
    found = by_address(lint(tmp_path, default_tier=3))
    assert found["shop/Deployment/a"] == (1, "tag")
    assert found["shop/Deployment/b"] == (3, "tag")


def test_config_patterns_and_tag_value_names(lint: Callable[..., Report], tmp_path: Path) -> None:
    config = parse_config(
        {
            "tier_keys": ["criticality"],
            "tier_values": {"critical": 1, "low": 3},
            "tiers": [{"tier": 2, "paths": ["*/team-b/*"]}, {"tier": 1, "resources": ["shop/Deployment/pay*"]}],
        },
        "test",
    )
    (tmp_path / "team-b").mkdir()
    (tmp_path / "team-b" / "b.yaml").write_text(service("b"))
    labelled = service("c").replace("namespace: shop}", "namespace: shop, labels: {criticality: LOW}}", 1)
    (tmp_path / "c.yaml").write_text(labelled)
    (tmp_path / "pay.yaml").write_text(service("payments", tier="3"))  # reslint.io/tier is not a key any more
    found = by_address(lint(tmp_path, default_tier=3, config=config))
    assert found["shop/Deployment/b"] == (2, "config")
    assert found["shop/Deployment/c"] == (3, "tag")
    assert found["shop/Deployment/payments"] == (1, "config")


def test_gate_exit_codes_and_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(service("a", tier="2"))
    assert main(["check", "--no-color", "."]) == 0
    assert "nothing blocking at tier <= 1" in capsys.readouterr().out
    assert main(["check", "--no-color", "--fail-tier", "2", "."]) == 1
    # The summary wraps at 80 columns between its " · " parts.
    last = capsys.readouterr().out.rstrip("\n").split("\n\n")[-1].replace("\n", " · ")
    assert last.startswith("1 blocking finding (tier 2: 1)") and "0 without a tier of their own" in last
    (tmp_path / ".reslint.yaml").write_text("fail_tier: 2\n")
    assert main(["check", "."]) == 1
    assert main(["check", "--fail-tier", "1", "."]) == 0  # the command line wins over the file


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("default_tier: 4\n", "default_tier"),
        ("tiers: [{tier: 1}]\n", "tiers.0"),
        ("policy: {1: {min_replicas: zero}}\n", "policy.1.min_replicas"),
        ("colour: red\n", "colour"),
        ("a: [\n", "invalid YAML"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / ".reslint.yaml"
    path.write_text(text)
    with pytest.raises(UsageError) as caught:
        load_config(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_bad_config_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.reslint]\nfail_tier = 'high'\n")
    assert main(["check", "."]) == 2
    assert "pyproject.toml: invalid configuration at fail_tier" in capsys.readouterr().err


def test_policy_and_rpo_rto_derive_requirements() -> None:
    config = parse_config(
        {"policy": {"2": {"min_replicas": 3, "rpo_minutes": 60, "rpo_scope": "region", "rto_minutes": 120}}}, "test"
    )
    policy = config.policies[2]
    assert (
        policy.min_replicas,
        policy.point_in_time_recovery,
        policy.cross_region_copy,
        policy.automatic_failover,
    ) == (3, True, True, False)
    assert config.policies[1].min_replicas == 2


def test_policy_minimum_changes_findings(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(service("a").replace("replicas: 1", "replicas: 2"))
    assert all(f.rule != "RSL201" for f in lint(tmp_path).findings)
    config = parse_config({"policy": {"1": {"min_replicas": 3}}}, "test")
    assert [f.rule for f in lint(tmp_path, config=config).findings if f.rule == "RSL201"] == ["RSL201"]


def test_disabled_rules_do_not_run(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(service("a"))
    config = parse_config({"rules": {"disable": ["RSL2", "missing-liveness-check"]}}, "test")
    assert lint(tmp_path, config=config).findings == []


def test_init_writes_a_valid_starter_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(service("a"))
    assert main(["init"]) == 0
    assert "1 kubernetes files" in capsys.readouterr().out
    config = load_config(tmp_path / ".reslint.yaml")
    assert (config.default_tier, config.fail_tier) == (1, 1)
    assert main(["init"]) == 2  # never overwrites silently


def test_json_summary_counts_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(service("a", tier="1") + "---\n" + service("b", tier="2"))
    assert main(["check", "--format", "json", "--fail-tier", "2", "."]) == 1
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["blocking_by_tier"] == {"1": 1, "2": 1}
    assert summary["untiered_resources"] == 0


def test_tier_flows_along_terraform_references_transitively(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text("""
resource "aws_ecs_service" "checkout" {
  desired_count = 3
  tags = { "reslint.io/tier" = "1" }
  task_definition = aws_ecs_task_definition.checkout.arn
}
resource "aws_ecs_task_definition" "checkout" {
  container_definitions = jsonencode([{ environment = [{ name = "DB", value = aws_db_instance.orders.address }] }])
}
resource "aws_db_instance" "orders" {
  engine = "postgres"
  multi_az = false
  backup_retention_period = 7
}
resource "aws_db_instance" "reporting" {
  engine = "postgres"
  multi_az = false
  backup_retention_period = 7
}
""")
    found = by_address(lint(tmp_path, default_tier=3))
    assert found["aws_db_instance.orders"] == (1, "inherited from aws_ecs_service.checkout")
    assert found["aws_db_instance.reporting"] == (3, "default")


def test_tier_flows_along_cloudformation_references(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "stack.yaml").write_text("""AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      DesiredCount: 3
      Tags: [{Key: reslint.io/tier, Value: "1"}]
      LoadBalancers: [{TargetGroupArn: !Ref Targets}]
  Targets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      HealthCheckEnabled: false
""")
    found = by_address(lint(tmp_path, default_tier=3))
    assert found["Targets"] == (1, "inherited from Service")


def test_cloudformation_tiers_stay_inside_their_template(lint: Callable[..., Report], tmp_path: Path) -> None:
    template = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      DesiredCount: 3
      DeploymentConfiguration: {{DeploymentCircuitBreaker: {{Enable: true, Rollback: true}}}}
      Tags: [{{Key: reslint.io/tier, Value: "{tier}"}}]
      LoadBalancers: [{{TargetGroupArn: !Ref Targets}}]
  Targets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      HealthCheckEnabled: false
"""
    (tmp_path / "critical.yaml").write_text(template.format(tier=1))
    (tmp_path / "batch.yaml").write_text(template.format(tier=3))
    found = {(f.file.rsplit("/", 1)[-1], f.address): f.tier for f in lint(tmp_path, default_tier=2).findings}
    assert found == {("critical.yaml", "Targets"): 1, ("batch.yaml", "Targets"): 3}


UNKNOWN_TIERS_TF = """
variable "tier" { type = string }
data "aws_ssm_parameter" "tier" { name = "/svc/tier" }
resource "aws_ecs_service" "from_variable" {
  desired_count = 1
  tags = { "reslint.io/tier" = var.tier }
}
resource "aws_ecs_service" "from_data" {
  desired_count = 1
  tags = { "reslint.io/tier" = "${data.aws_ssm_parameter.tier.value}" }
}
resource "aws_ecs_service" "gold" {
  desired_count = 1
  tags = { "reslint.io/tier" = "gold" }
}
"""


def test_an_unknown_tier_value_falls_through_to_the_default_with_a_notice(
    lint: Callable[..., Report], tmp_path: Path
) -> None:
    (tmp_path / "main.tf").write_text(UNKNOWN_TIERS_TF)
    report = lint(tmp_path, default_tier=2)
    found = by_address(report)
    assert found["aws_ecs_service.from_variable"] == (2, "default; tag reslint.io/tier unknown")
    assert found["aws_ecs_service.from_data"] == (2, "default; tag reslint.io/tier unknown")
    # Only a known value that is not a tier is an error.
    assert [e.message for e in report.errors] == [
        "aws_ecs_service.gold: reslint.io/tier='gold' is not a tier (use 1, 2 or 3)"
    ]
    notices = sorted(n.message for n in report.skipped)
    assert notices == [
        "aws_ecs_service.from_data: the value of tag reslint.io/tier cannot be known statically; "
        "tier 2 from the default instead",
        "aws_ecs_service.from_variable: the value of tag reslint.io/tier cannot be known statically; "
        "tier 2 from the default instead",
    ]
    assert report.untiered_resources == 3


def test_an_unknown_tier_value_falls_through_to_config_and_inheritance(
    lint: Callable[..., Report], tmp_path: Path
) -> None:
    (tmp_path / "stack.yaml").write_text("""AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Tier: {Type: String}
Resources:
  Front:
    Type: AWS::ECS::Service
    Properties:
      DesiredCount: 3
      Tags: [{Key: reslint.io/tier, Value: "1"}]
      LoadBalancers: [{TargetGroupArn: !Ref Targets}]
  Targets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      HealthCheckEnabled: false
      Tags: [{Key: reslint.io/tier, Value: !Ref Tier}]
  Batch:
    Type: AWS::ECS::Service
    Properties:
      DesiredCount: 1
      Tags: [{Key: reslint.io/tier, Value: !Sub "${Tier}"}]
""")
    config = parse_config({"tiers": [{"tier": 2, "resources": ["Batch"]}]}, "test")
    report = lint(tmp_path, default_tier=3, config=config)
    found = by_address(report)
    assert found["Targets"] == (1, "inherited from Front; tag reslint.io/tier unknown")
    assert found["Batch"] == (2, "config; tag reslint.io/tier unknown")
    assert not report.errors
    assert [n.message.split("; ")[1] for n in sorted(report.skipped, key=lambda n: n.message)] == [
        "tier 2 from a config pattern instead",
        "tier 1 inherited from Front instead",
    ]


def test_unknown_tier_values_are_never_printed_as_the_sentinel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.tf").write_text(UNKNOWN_TIERS_TF.replace('= "gold"', '= "3"'))
    placeholder = service("a").replace("namespace: shop}", 'namespace: shop, labels: {reslint.io/tier: "${TIER}"}}', 1)
    (tmp_path / "a.yaml").write_text(placeholder)
    for fmt in ("text", "json"):
        # A module whose tier input only its caller knows must pass a pre-commit run (exit 1 for
        # the findings, never 2 for an error the user cannot fix).
        assert main(["check", "--no-color", "--format", fmt, "--default-tier", "3", "."]) == 0
        out = " ".join(capsys.readouterr().out.split())  # the text report wraps at 80 columns
        assert "UNKNOWN" not in out
        assert "shop/Deployment/a: the value of tag reslint.io/tier cannot be known statically ('${TIER}')" in out


def _resource(
    address: str,
    tier: int | None = None,
    *,
    references: AbstractSet[str] = frozenset(),
    tier_flows: AbstractSet[str] = frozenset(),
) -> Resource:
    resource = Resource(
        Format.TERRAFORM,
        "t",
        address,
        "main.tf",
        1,
        Role.OTHER,
        {},
        references=set(references),
        tier_flows=set(tier_flows),
    )
    if tier is not None:
        resource.tags = [("reslint.io/tier", str(tier))]
    return resource


def test_a_tier_that_flows_through_the_service_never_overrides_a_tag_even_further_on() -> None:
    lb = _resource("lb", 1, tier_flows={"listener"})
    listener = _resource("listener", references={"tg"})
    tg = _resource("tg", tier_flows={"app", "admin"})
    app = _resource("app", references={"db"})
    admin = _resource("admin", 3, references={"admin_db"})
    db, admin_db = _resource("db", 3), _resource("admin_db")
    worker = _resource("worker", 2, references={"db"})
    resources = [lb, listener, tg, app, admin, db, admin_db, worker]
    assigned, _ = assign_tiers(resources, TierSettings(default=3))
    tiers = {r.address: (assigned[r].tier, assigned[r].source) for r in resources}
    assert tiers["listener"] == tiers["tg"] == tiers["app"] == (1, "inherited from lb")
    # The shared load balancer does not make the tier-3 service behind it tier 1, nor what it uses.
    assert tiers["admin"] == (3, "tag")
    assert tiers["admin_db"] == (3, "inherited from admin")
    # db is tagged 3: the tier that came through the load balancer leaves it, but a tier-2 service
    # that uses it directly makes it tier 2, as a dependency always does.
    assert tiers["db"] == (2, "inherited from worker")


def test_a_firm_dependency_goes_on_past_where_the_service_flow_stopped() -> None:
    lb = _resource("a_lb", 1, tier_flows={"x"})
    front = _resource("z_front", 1, references={"x"})
    x = _resource("x", references={"y"})
    y = _resource("y", 3)
    tiers, _ = assign_tiers([lb, front, x, y], TierSettings(default=3))
    assert (tiers[x].tier, tiers[x].source) == (1, "inherited from a_lb")
    assert (tiers[y].tier, tiers[y].source) == (1, "inherited from z_front")
    assert (tiers[y].explicit, tiers[y].declared) == (True, 3)  # it keeps what it says of itself


def test_assigning_tiers_leaves_the_resources_as_they_were() -> None:
    lb, x = _resource("lb", 1, references={"x"}), _resource("x")
    before = [dataclasses.replace(r) for r in (lb, x)]
    tiers, problems = assign_tiers([lb, x], TierSettings(default=2))
    assert tiers == {lb: Tier(1, "tag", explicit=True, declared=1), x: Tier(1, "inherited from lb")}
    assert problems == []
    for resource, copy in zip((lb, x), before, strict=True):
        assert [getattr(resource, f.name) for f in dataclasses.fields(resource)] == [
            getattr(copy, f.name) for f in dataclasses.fields(copy)
        ]
