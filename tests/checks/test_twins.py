"""Every AWS rule reads Terraform and CloudFormation alike: a Terraform fixture and its CloudFormation
twin produce the same findings (rule, category, level, message); only addresses, files, lines and
evidence differ, because the rules read one provider-neutral model."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from _support.paths import FIXTURES
from reslint.testing import folder_config

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.reporting import Report

RULES = FIXTURES / "rules"

#: Every rule that reads AWS resources (RSL201 also reads Kubernetes, Google and Azure ones, RSL302
#: and RSL701 Kubernetes ones).
AWS_RULES = (
    "RSL001",
    "RSL002",
    "RSL102",
    "RSL103",
    "RSL104",
    "RSL201",
    "RSL202",
    "RSL203",
    "RSL302",
    "RSL303",
    "RSL304",
    "RSL305",
    "RSL306",
    "RSL401",
    "RSL501",
    "RSL502",
    "RSL503",
    "RSL504",
    "RSL505",
    "RSL506",
    "RSL507",
    "RSL701",
    "RSL702",
    "RSL804",
    "RSL805",
    "RSL806",
    "RSL807",
    "RSL901",
    "RSL902",
)

#: rule -> (Terraform fixture, CloudFormation twin), both in the rule's fixture folder.
TWINS: dict[str, tuple[str, str]] = {
    "RSL001": ("fail-aws.tf", "fail-cfn-aws.yaml"),
    "RSL002": ("fail-alarms.tf", "fail-cfn-alarms.yaml"),
    "RSL102": ("fail-asg-subnets.tf", "fail-cfn-asg-subnets.yaml"),
    "RSL103": ("fail-rds.tf", "fail-cfn-rds.yaml"),
    "RSL104": ("fail-route.tf", "fail-cfn-route.json"),
    "RSL201": ("fail-aws.tf", "fail-cfn-aws.yaml"),
    "RSL202": ("fail-aws.tf", "fail-cfn-aws.yaml"),
    "RSL203": ("fail-clusters.tf", "fail-cfn-clusters.yaml"),
    "RSL302": ("fail-ecs.tf", "fail-cfn-ecs.yaml"),
    "RSL303": ("fail-target-group.tf", "fail-cfn-target-group.yaml"),
    "RSL304": ("fail-asg.tf", "fail-cfn-asg.yaml"),
    "RSL305": ("fail-dns.tf", "fail-cfn-dns.yaml"),
    "RSL306": ("fail.tf", "fail-cfn-rsl306.yaml"),
    "RSL401": ("fail-aws.tf", "fail-cfn-aws.yaml"),
    "RSL501": ("fail-rds.tf", "fail-cfn-rds.yaml"),
    "RSL502": ("fail-dynamodb.tf", "fail-cfn-dynamodb.yaml"),
    "RSL503": ("fail-data.tf", "fail-cfn-data.yaml"),
    "RSL504": ("fail-buckets.tf", "fail-cfn-buckets.yaml"),
    "RSL505": ("fail-vault.tf", "fail-cfn-vault.yaml"),
    "RSL506": ("fail-restore.tf", "fail-cfn-restore.yaml"),
    "RSL507": ("fail-plans.tf", "fail-cfn-plans.yaml"),
    "RSL701": ("fail-ecs.tf", "fail-cfn-ecs.yaml"),
    "RSL702": ("fail-ecs.tf", "fail-cfn-ecs.yaml"),
    "RSL804": ("fail.tf", "fail-cfn-rsl804.yaml"),
    "RSL805": ("fail-secret.tf", "fail-cfn-rsl805.yaml"),
    "RSL806": ("fail.tf", "fail-cfn-rsl806.yaml"),
    "RSL807": ("fail.tf", "fail-cfn-rsl807.yaml"),
    "RSL901": ("fail-aws.tf", "fail-cfn-aws.yaml"),
    "RSL902": ("fail-rds.tf", "fail-cfn-rds.yaml"),
}

#: More twins for rules with several AWS kinds: (rule, Terraform fixture, CloudFormation twin).
MORE_TWINS: tuple[tuple[str, str, str], ...] = (
    ("RSL702", "fail-codedeploy.tf", "fail-cfn-codedeploy.yaml"),
    ("RSL902", "fail-ebs.tf", "fail-cfn-ebs.yaml"),
    ("RSL102", "fail-ecs.tf", "fail-cfn-ecs.json"),
    ("RSL103", "fail-cache-cluster.tf", "fail-cfn-cache-cluster.yaml"),
    ("RSL103", "fail-redshift-msk-search.tf", "fail-cfn-redshift-msk-search.yaml"),
    ("RSL103", "fail-cluster-zones.tf", "fail-cfn-cluster-zones.yaml"),
    ("RSL203", "fail-cache-cluster.tf", "fail-cfn-cache-cluster.json"),
    ("RSL203", "fail-redshift.tf", "fail-cfn-redshift.yaml"),
    ("RSL401", "fail-api-domains.tf", "fail-cfn-api-domains.yaml"),
    ("RSL501", "fail-redshift.tf", "fail-cfn-redshift.json"),
    ("RSL503", "fail-redshift.tf", "fail-cfn-redshift.yaml"),
    ("RSL503", "fail-replication-disabled.tf", "fail-cfn-replication-disabled.yaml"),
)

#: Terraform findings a template cannot reproduce, with the reason.
TERRAFORM_ONLY: dict[str, set[str]] = {
    # ``aws_acm_certificate`` with ``private_key``: CloudFormation cannot import a certificate into ACM.
    "RSL401": {"imported certificate is not issued or renewed by a certificate manager"},
}

Key = tuple[str, str, str, str]


def _findings(lint: Callable[..., Report], path: str, fmt: str) -> set[Key]:
    # A rule the default policy leaves off is turned on by its folder's configuration (the cwd).
    report = lint(path, config=folder_config(Path.cwd()))
    assert not report.errors, report.errors
    assert report.findings, f"{path} produces no finding"
    assert {f.format for f in report.findings} == {fmt}
    return {(f.rule, f.category, f.level, f.message) for f in report.findings}


@pytest.mark.parametrize("rule", AWS_RULES)
def test_cloudformation_twin_matches_terraform(
    rule: str, lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert rule in TWINS, f"{rule} has no Terraform/CloudFormation twin in TWINS"
    terraform, cloudformation = TWINS[rule]
    folder = RULES / rule
    assert (folder / terraform).exists(), f"missing {folder / terraform}"
    assert (folder / cloudformation).exists(), f"missing {folder / cloudformation}"
    monkeypatch.chdir(folder)
    from_terraform = _findings(lint, terraform, "terraform")
    from_cloudformation = _findings(lint, cloudformation, "cloudformation")
    expected = {key for key in from_terraform if key[3] not in TERRAFORM_ONLY.get(rule, set())}
    assert from_cloudformation == expected
    assert {key[0] for key in from_cloudformation} == {rule}


@pytest.mark.parametrize(("rule", "terraform", "cloudformation"), MORE_TWINS)
def test_more_cloudformation_twins_match_terraform(
    rule: str, terraform: str, cloudformation: str, lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(RULES / rule)
    from_terraform = _findings(lint, terraform, "terraform")
    assert _findings(lint, cloudformation, "cloudformation") == from_terraform
    assert {key[0] for key in from_terraform} == {rule}


@pytest.mark.parametrize("rule", AWS_RULES)
def test_every_aws_rule_has_cloudformation_fixtures(rule: str) -> None:
    folder = RULES / rule
    fails = [p.name for p in folder.glob("fail-cfn-*")]
    passes = [p.name for p in folder.glob("pass-cfn-*")]
    assert fails, f"{rule} has no failing CloudFormation fixture"
    assert passes, f"{rule} has no passing CloudFormation fixture"
    assert any(name.endswith(".json") for name in fails + passes), f"{rule} has no JSON template"
    assert any(name.endswith((".yaml", ".yml")) for name in fails + passes), f"{rule} has no YAML template"
