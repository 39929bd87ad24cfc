"""The deletion family: off by default, turned on per tier by the policy, and what each format says."""

from __future__ import annotations

from typing import TYPE_CHECKING

from _support.paths import FIXTURES
from reslint.cloudformation import load_templates
from reslint.config import parse_config
from reslint.tiers import DEFAULT_POLICIES

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.reporting import Report

RULES = FIXTURES / "rules"


def _deletion(report: Report) -> list[tuple[str, str]]:
    return [(f.rule, f.address) for f in report.findings if f.category == "deletion"]


def test_the_family_is_off_by_default_at_every_tier(lint: Callable[..., Report]) -> None:
    assert not any(policy.deletion_protection for policy in DEFAULT_POLICIES.values())
    assert _deletion(lint(RULES / "RSL901" / "fail-aws.tf")) == []
    assert _deletion(lint(RULES / "RSL902" / "fail-rds.tf")) == []


def test_the_policy_turns_it_on_per_tier(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_dynamodb_table" "one" {\n  hash_key = "id"\n  tags = { "reslint.io/tier" = "1" }\n}\n'
        'resource "aws_dynamodb_table" "two" {\n  hash_key = "id"\n  tags = { "reslint.io/tier" = "2" }\n}\n',
        encoding="utf-8",
    )
    config = parse_config({"policy": {"2": {"deletion_protection": True}}}, "test")
    assert config.policies[2].deletion_protection and not config.policies[1].deletion_protection
    report = lint(tmp_path / "main.tf", config=config, select=("RSL901",))
    assert _deletion(report) == [("RSL901", "aws_dynamodb_table.two")]
    assert report.findings[0].level == "warning"


def test_a_plan_does_not_say_whether_prevent_destroy_guards_it(lint: Callable[..., Report], tmp_path: Path) -> None:
    import json

    plan = {
        "format_version": "1.2",
        "planned_values": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_db_instance.ledger",
                        "mode": "managed",
                        "type": "aws_db_instance",
                        "name": "ledger",
                        "values": {"engine": "postgres", "deletion_protection": False, "skip_final_snapshot": True},
                    }
                ]
            }
        },
    }
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    config = parse_config({"policy": {"1": {"deletion_protection": True}}}, "test")
    # The lifecycle block is not in a plan: unknown, so no finding either way.
    assert _deletion(lint(tmp_path / "plan.json", config=config)) == []


def test_cloudformation_keeps_the_replacement_and_update_policies_with_their_lines(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        "Resources:\n  Db:\n    Type: AWS::RDS::DBCluster\n    DeletionPolicy: Retain\n"
        "    UpdateReplacePolicy: Snapshot\n    Properties: {Engine: aurora-postgresql}\n",
        encoding="utf-8",
    )
    (db,) = load_templates([(str(template), template.read_text(encoding="utf-8"))]).resources
    assert (db.deletion_policy, db.update_replace_policy) == ("Retain", "Snapshot")
    assert db.attribute_lines == {"DeletionPolicy": 4, "UpdateReplacePolicy": 5}


def test_a_policy_that_is_not_a_string_is_unknown_not_a_finding(lint: Callable[..., Report], tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        "Parameters:\n  P: {Type: String}\nResources:\n  Db:\n    Type: AWS::RDS::DBCluster\n"
        "    DeletionPolicy: !Ref P\n    UpdateReplacePolicy: [Retain]\n    Properties: {Engine: aurora-postgresql}\n",
        encoding="utf-8",
    )
    config = parse_config({"policy": {"1": {"deletion_protection": True}}}, "test")
    report = lint(template, config=config)
    assert not report.errors
    assert _deletion(report) == []
