"""The rollout family beyond the Kubernetes and ECS basics: CodeDeploy rollback and the tier a
deployment group shares with what it deploys to."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reslint.model import Unknown
from reslint.providers import to_resources
from reslint.terraform import load_modules
from reslint.terraform.format import _records

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.model import Resource
    from reslint.reporting import Report


def _tf(tmp_path: Path, text: str) -> dict[str, Resource]:
    path = tmp_path / "main.tf"
    path.write_text(text, encoding="utf-8")
    loaded = load_modules([str(path)], str(tmp_path))
    assert not loaded.errors
    records = _records([i for i in loaded.instances if i.mode == "managed"])
    return {r.address: r for r in to_resources(records)}


_GROUP = """
variable "unknown" {{
  type = any
}}
resource "aws_codedeploy_deployment_group" "api" {{
  app_name              = "api"
  deployment_group_name = "api"
  service_role_arn      = "arn:aws:iam::123456789012:role/codedeploy"
  {body}
}}
"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", False),
        ('auto_rollback_configuration {\n enabled = true\n events = ["DEPLOYMENT_FAILURE"]\n}', True),
        ('auto_rollback_configuration {\n enabled = false\n events = ["DEPLOYMENT_FAILURE"]\n}', False),
        ('auto_rollback_configuration {\n enabled = true\n events = ["DEPLOYMENT_STOP_ON_ALARM"]\n}', False),
        ('auto_rollback_configuration {\n enabled = var.unknown\n events = ["DEPLOYMENT_FAILURE"]\n}', "UNKNOWN"),
        ("auto_rollback_configuration {\n enabled = true\n events = var.unknown\n}", "UNKNOWN"),
        (
            'auto_rollback_configuration {\n enabled = true\n events = [var.unknown, "DEPLOYMENT_STOP_ON_ALARM"]\n}',
            "UNKNOWN",
        ),
    ],
)
def test_codedeploy_rolls_back_only_on_deployment_failure(tmp_path: Path, body: str, expected: object) -> None:
    group = _tf(tmp_path, _GROUP.format(body=body))["aws_codedeploy_deployment_group.api"]
    value = group.facts.rollout_rolls_back.value
    assert ("UNKNOWN" if isinstance(value, Unknown) else value) == expected


def test_a_deployment_group_shares_the_tier_of_what_it_deploys_to(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        """
resource "aws_autoscaling_group" "web" {
  name     = "web"
  min_size = 2
  max_size = 4
  tags     = [{ key = "reslint.io/tier", value = "3", propagate_at_launch = true }]
}
resource "aws_codedeploy_deployment_group" "web" {
  app_name              = "web"
  deployment_group_name = "web"
  service_role_arn      = "arn:aws:iam::123456789012:role/codedeploy"
  autoscaling_groups    = [aws_autoscaling_group.web.name]
}
""",
        encoding="utf-8",
    )
    report = lint(tmp_path / "main.tf", select=("RSL702",), default_tier=2)
    assert [(f.address, f.tier, f.level) for f in report.findings] == [
        ("aws_codedeploy_deployment_group.web", 3, "note")
    ]
