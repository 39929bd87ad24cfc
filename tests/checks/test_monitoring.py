"""The monitoring family: off by default, which alarms watch what on which metric, unknown values,
and who hears an alarm."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from _support.paths import FIXTURES
from reslint.cloudformation import load_templates
from reslint.cloudformation.format import _record
from reslint.config import parse_config
from reslint.model import UNKNOWN, Unknown
from reslint.providers import to_resources
from reslint.terraform import load_modules
from reslint.terraform.format import _records
from reslint.tiers import DEFAULT_POLICIES

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.model import Resource
    from reslint.reporting import Report

RULES = FIXTURES / "rules"


def _terraform(path: Path) -> dict[str, Resource]:
    loaded = load_modules([str(path)], str(path.parent))
    assert not loaded.errors
    records = _records([i for i in loaded.instances if i.mode == "managed"])
    return {r.address: r for r in to_resources(records)}


def _cloudformation(path: Path) -> dict[str, Resource]:
    loaded = load_templates([(str(path), path.read_text(encoding="utf-8"))])
    assert not loaded.errors
    return {r.address: r for r in to_resources([_record(resource) for resource in loaded.resources])}


def _tf(tmp_path: Path, text: str) -> dict[str, Resource]:
    path = tmp_path / "main.tf"
    path.write_text(text, encoding="utf-8")
    return _terraform(path)


def _fact(value: object) -> object:
    return "UNKNOWN" if isinstance(value, Unknown) else value


def test_the_family_is_off_by_default_at_every_tier(lint: Callable[..., Report]) -> None:
    assert not any(policy.alarms for policy in DEFAULT_POLICIES.values())
    for fixture in ("RSL001/fail-aws.tf", "RSL002/fail-alarms.tf"):
        assert [f for f in lint(RULES / fixture).findings if f.category == "monitoring"] == []


def test_the_policy_turns_it_on_per_tier(lint: Callable[..., Report]) -> None:
    config = parse_config({"policy": {"2": {"alarms": True}}}, "test")
    assert config.policies[2].alarms and not config.policies[1].alarms
    report = lint(RULES / "RSL001" / "pass-aws.tf", config=config, select=("RSL001",))
    assert [(f.rule, f.address, f.level) for f in report.findings] == [("RSL001", "aws_lb.internal", "warning")]


#: address in the Terraform pass fixture, its logical id in the CloudFormation twin, symptom_alarm.
WATCHED = (
    ("aws_lb.shop", "Shop", True),  # by reference, HTTPCode_Target_5XX_Count
    ("aws_lb.edge", "Edge", True),  # a network load balancer by the literal suffix of its ARN
    ("aws_elb.legacy", "Legacy", True),  # a classic load balancer by its name
    ("aws_db_instance.ledger", "Ledger", True),
    ("aws_rds_cluster.orders", "Orders", True),  # through one of its instances
    ("aws_sqs_queue.jobs", "Jobs", True),  # metric math
    ("aws_dynamodb_table.carts", "Carts", "UNKNOWN"),  # dimensions that cannot be known
    ("aws_sqs_queue.mail", "Mail", "UNKNOWN"),  # an alarm that may not exist
    ("aws_lb.internal", "Internal", False),
)


@pytest.mark.parametrize(("address", "logical_id", "expected"), WATCHED)
def test_which_alarms_watch_what_in_both_formats(address: str, logical_id: str, expected: object) -> None:
    terraform = _terraform(RULES / "RSL001" / "pass-aws.tf")
    cloudformation = _cloudformation(RULES / "RSL001" / "pass-cfn-aws.json")
    assert _fact(terraform[address].facts.symptom_alarm.value) == expected
    assert _fact(cloudformation[logical_id].facts.symptom_alarm.value) == expected


def test_evidence_names_the_alarm_and_the_metrics_that_are_not_symptoms() -> None:
    passing = _terraform(RULES / "RSL001" / "pass-aws.tf")
    failing = _terraform(RULES / "RSL001" / "fail-aws.tf")
    assert passing["aws_lb.shop"].facts.symptom_alarm.evidence == (
        "aws_cloudwatch_metric_alarm.shop_5xx alarms on HTTPCode_Target_5XX_Count"
    )
    assert failing["aws_lb.api"].facts.symptom_alarm.evidence == "alarms only on RequestCount"
    assert failing["aws_lb.shop"].facts.symptom_alarm.evidence == "no alarm in this configuration watches it"


_ALARM = """
resource "aws_sqs_queue" "jobs" {{
  name = {name}
}}
resource "aws_cloudwatch_metric_alarm" "age" {{
  alarm_name    = "age"
  namespace     = {namespace}
  metric_name   = {metric}
  dimensions    = {{ QueueName = {queue} }}
  alarm_actions = ["arn:aws:sns:eu-west-1:123456789012:oncall"]
}}
variable "unknown" {{
  type = string
}}
"""


@pytest.mark.parametrize(
    "case",
    [
        ('"jobs"', '"AWS/SQS"', '"ApproximateAgeOfOldestMessage"', '"jobs"', True),
        ('"jobs"', "var.unknown", '"ApproximateAgeOfOldestMessage"', '"jobs"', "UNKNOWN"),  # namespace
        ('"jobs"', '"AWS/SQS"', "var.unknown", '"jobs"', "UNKNOWN"),  # metric
        ('"jobs"', '"AWS/SQS"', '"ApproximateAgeOfOldestMessage"', "var.unknown", "UNKNOWN"),  # dimension
        ("var.unknown", '"AWS/SQS"', '"ApproximateAgeOfOldestMessage"', '"jobs"', "UNKNOWN"),  # its own name
        (
            '"jobs"',
            '"AWS/SQS"',
            '"ApproximateAgeOfOldestMessage"',
            "data.aws_sqs_queue.other.name",  # a data source: may be this queue
            "UNKNOWN",
        ),
        ('"jobs"', '"AWS/SQS"', '"NumberOfMessagesSent"', '"jobs"', False),  # traffic, not a symptom
        ('"jobs"', '"AWS/SQS"', '"ApproximateAgeOfOldestMessage"', '"mail"', False),  # another queue
        ('"jobs"', '"AWS/Lambda"', '"ApproximateAgeOfOldestMessage"', '"jobs"', False),  # another namespace
    ],
)
def test_a_value_that_cannot_be_known_is_unknown_not_a_finding(
    tmp_path: Path, case: tuple[str, str, str, str, object]
) -> None:
    name, namespace, metric, queue, expected = case
    found = _tf(tmp_path, _ALARM.format(name=name, namespace=namespace, metric=metric, queue=queue))
    assert _fact(found["aws_sqs_queue.jobs"].facts.symptom_alarm.value) == expected


def test_a_load_balancer_of_unknown_type_is_watched_in_no_namespace_for_sure(tmp_path: Path) -> None:
    found = _tf(
        tmp_path,
        """
variable "kind" {
  type = string
}
resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = var.kind
}
resource "aws_cloudwatch_metric_alarm" "unhealthy" {
  alarm_name    = "unhealthy"
  namespace     = "AWS/NetworkELB"
  metric_name   = "UnHealthyHostCount"
  dimensions    = { LoadBalancer = aws_lb.web.arn_suffix }
  alarm_actions = ["arn:aws:sns:eu-west-1:123456789012:oncall"]
}
""",
    )
    assert found["aws_lb.web"].facts.symptom_alarm.value is UNKNOWN


def test_an_aurora_instance_is_judged_through_its_cluster(tmp_path: Path) -> None:
    found = _tf(
        tmp_path,
        """
resource "aws_rds_cluster" "orders" {
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
}
resource "aws_db_instance" "member" {
  identifier = "member"
  engine     = "aurora-postgresql"
}
""",
    )
    assert found["aws_rds_cluster.orders"].facts.symptom_alarm.value is False
    assert found["aws_db_instance.member"].facts.symptom_alarm.value is None


#: address in the RSL002 pass fixture, the CloudFormation twin and logical id, alarm_acted_on.
HEARD = (
    ("aws_cloudwatch_metric_alarm.paged", "pass-cfn-alarms.json", "Paged", True),
    # A composite alarm combines it, by reference and by name.
    ("aws_cloudwatch_metric_alarm.errors", "pass-cfn-composite.yaml", "Errors", True),
    ("aws_cloudwatch_metric_alarm.latency", "pass-cfn-composite.yaml", "Latency", True),
    ("aws_cloudwatch_metric_alarm.deploy_errors", "pass-cfn-alarms.json", "DeployErrors", True),  # ECS rolls back
    ("aws_cloudwatch_metric_alarm.configured", "pass-cfn-alarms.json", "Configured", "UNKNOWN"),
    ("aws_cloudwatch_metric_alarm.internal_5xx", "pass-cfn-alarms.json", "Internal5xx", False),  # tier 2
)


@pytest.mark.parametrize(("address", "template", "logical_id", "expected"), HEARD)
def test_who_hears_an_alarm_in_both_formats(address: str, template: str, logical_id: str, expected: object) -> None:
    terraform = _terraform(RULES / "RSL002" / "pass-alarms.tf")
    cloudformation = _cloudformation(RULES / "RSL002" / template)
    assert _fact(terraform[address].facts.alarm_acted_on.value) == expected
    assert _fact(cloudformation[logical_id].facts.alarm_acted_on.value) == expected


def test_a_composite_rule_that_cannot_be_known_may_name_any_alarm(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        "Resources:\n"
        "  Errors:\n    Type: AWS::CloudWatch::Alarm\n    Properties: {AlarmName: errors, Namespace: AWS/EC2}\n"
        "  Other:\n    Type: AWS::CloudWatch::Alarm\n    Properties: {AlarmName: other, Namespace: AWS/EC2}\n"
        "  Service:\n    Type: AWS::CloudWatch::CompositeAlarm\n"
        '    Properties: {AlarmName: service, AlarmRule: !Sub "ALARM(${Errors})", AlarmActions: [arn:topic]}\n',
        encoding="utf-8",
    )
    found = _cloudformation(template)
    assert found["Errors"].facts.alarm_acted_on.value is True
    assert found["Errors"].facts.alarm_acted_on.evidence == "used by Service"
    assert found["Other"].facts.alarm_acted_on.value is UNKNOWN  # the rule's text is not known: it may name it


def test_a_name_inside_another_alarm_name_is_not_a_use(tmp_path: Path) -> None:
    found = _tf(
        tmp_path,
        """
resource "aws_cloudwatch_metric_alarm" "web" {
  alarm_name = "web"
  namespace  = "AWS/EC2"
}
resource "aws_cloudwatch_composite_alarm" "all" {
  alarm_name    = "all"
  alarm_rule    = "ALARM(\\"web-5xx\\")"
  alarm_actions = ["arn:aws:sns:eu-west-1:123456789012:oncall"]
}
""",
    )
    assert found["aws_cloudwatch_metric_alarm.web"].facts.alarm_acted_on.value is False


def test_an_alarm_takes_the_tier_of_what_it_watches(lint: Callable[..., Report]) -> None:
    config = parse_config({"policy": {"1": {"alarms": True}}}, "test")
    report = lint(RULES / "RSL002" / "fail-alarms.tf", config=config, select=("RSL002",))
    tiers = {f.address: (f.tier, f.tier_source) for f in report.findings}
    assert tiers["aws_cloudwatch_metric_alarm.shop_5xx"] == (1, "inherited from aws_lb.shop")
    assert tiers["aws_cloudwatch_metric_alarm.quiet"] == (1, "default")
