"""Fixes specific to the resource: the kind tables' entries, their spelling per format, the tier's values."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema
import pytest

from _support.paths import FIXTURES, ROOT
from reslint.catalog import fixes_by_type
from reslint.cli import main
from reslint.config import load_config
from reslint.fixes import MIN_REPLICAS, AtLeast, Blank, Say, Set, policy_fields, render, spell, tokens
from reslint.kubernetes.fixes import FIXES
from reslint.model import Format
from reslint.providers import KINDS as CLOUD_KINDS
from reslint.rule import builtin_catalog_dir, load_catalog
from reslint.testing import folder_config
from reslint.tiers import DEFAULT_POLICIES

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.clouds import Kind
    from reslint.reporting import Report

CATALOG = load_catalog(builtin_catalog_dir())
KINDS = list(CLOUD_KINDS)


@pytest.mark.parametrize(
    ("fmt", "json_syntax", "expected"),
    [
        (Format.TERRAFORM, False, 'set `cluster_config { zone_awareness_enabled = true }` and `mode = "HA"`'),
        (Format.CLOUDFORMATION, False, "set `ClusterConfig: {ZoneAwarenessEnabled: true}` and `Mode: HA`"),
        (Format.CLOUDFORMATION, True, 'set `"ClusterConfig": {"ZoneAwarenessEnabled": true}` and `"Mode": "HA"`'),
    ],
)
def test_a_setting_is_spelled_in_the_format_of_the_file(fmt: Format, json_syntax: bool, expected: str) -> None:
    paths = (
        {"zones": "cluster_config.zone_awareness_enabled", "mode": "mode"}
        if fmt is Format.TERRAFORM
        else {"zones": "ClusterConfig.ZoneAwarenessEnabled", "mode": "Mode"}
    )
    assert spell(Set({"zones": True, "mode": "HA"}), paths, fmt, json_syntax) == expected


def test_a_value_the_tier_decides_is_filled_in_with_the_tier() -> None:
    text = spell(Set({"size": MIN_REPLICAS}), {"size": "min_size"}, Format.TERRAFORM)
    assert text == "set `min_size = {tier.min_replicas}` or more"
    assert render(text, DEFAULT_POLICIES[1]) == "set `min_size = 2` or more"
    assert render(text, dataclasses.replace(DEFAULT_POLICIES[1], min_replicas=3)) == "set `min_size = 3` or more"


def test_a_token_naming_no_tier_field_stays_as_written() -> None:
    assert render("set `x: {tier.min_replica}`", DEFAULT_POLICIES[1]) == "set `x: {tier.min_replica}`"


def test_no_spelling_in_a_format_means_no_specific_fix() -> None:
    assert spell(Set({"region": Blank("another region")}), {"region": None}, Format.TERRAFORM) is None
    assert spell(Set({"region": Blank("another region")}), {"region": "Region"}, Format.CLOUDFORMATION) == (
        "set `Region: <another region>`"
    )
    assert spell(Say(terraform="add a replica"), {}, Format.CLOUDFORMATION) is None
    assert spell(Say(terraform="add a replica"), {}, Format.KUBERNETES) is None


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_kind_fix_tables_name_real_rules_settings_and_tier_values(kind: Kind) -> None:
    for rule, specs in kind.fixes.items():
        assert rule in CATALOG, f"{kind.name}: no rule {rule}"
        spelled = 0
        for spec in specs if isinstance(specs, tuple) else (specs,):
            if isinstance(spec, Set):
                assert set(spec.settings) <= set(kind.fields), spec
                values = [v for v in spec.settings.values() if isinstance(v, AtLeast)]
                assert {v.policy for v in values} <= policy_fields()
            texts = [
                spell(spec, {n: p[i] for n, p in kind.fields.items()}, fmt)
                for i, fmt in ((0, Format.TERRAFORM), (1, Format.CLOUDFORMATION))
            ]
            for text in filter(None, texts):
                assert tokens(text) <= policy_fields(), text
                spelled += 1
        assert spelled, f"{kind.name} {rule}: no format can spell this fix"


def test_kubernetes_fix_table_names_real_rules_and_tier_values() -> None:
    for fixes in FIXES.values():
        for rule, text in fixes.items():
            assert rule in CATALOG
            assert tokens(text) <= policy_fields()


@pytest.mark.parametrize(
    ("path", "rule", "fix"),
    [
        ("RSL103/fail-cfn-rds.yaml", "RSL103", "set `MultiAZ: true`"),
        ("RSL103/fail-rds.tf", "RSL103", "set `multi_az = true`"),
        ("RSL103/fail-gcp-sql.tf", "RSL103", 'set `settings { availability_type = "REGIONAL" }`'),
        ("RSL103/fail-cfn-mq.yaml", "RSL103", "set `DeploymentMode: ACTIVE_STANDBY_MULTI_AZ`"),
        (
            "RSL201/fail.yaml",
            "RSL201",
            "set `spec.replicas: 2` or more (or the HorizontalPodAutoscaler's `minReplicas`)",
        ),
    ],
)
def test_findings_carry_the_fix_of_their_kind_and_format(
    lint: Callable[..., Report], path: str, rule: str, fix: str
) -> None:
    findings = [f for f in lint(FIXTURES / "rules" / path).findings if f.rule == rule]
    assert findings and {f.fix for f in findings} == {fix}


def test_the_fix_uses_the_configured_tier_policy(lint: Callable[..., Report], tmp_path: Path) -> None:
    config = tmp_path / ".reslint.yaml"
    config.write_text("policy: {1: {min_replicas: 3}}\n")
    report = lint(FIXTURES / "rules" / "RSL201" / "fail.yaml", config=load_config(config))
    assert {f.fix for f in report.findings if f.rule == "RSL201"} == {
        "set `spec.replicas: 3` or more (or the HorizontalPodAutoscaler's `minReplicas`)"
    }


def test_json_report_carries_the_fix(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["check", "--format", "json", "tests/fixtures/golden/inputs/kinds"]) == 1
    data = json.loads(capsys.readouterr().out)
    schema = json.loads(Path("src/reslint/schemas/report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    fixes = {(f["resource"]["type"], f["rule"]): f["fix"] for f in data["findings"]}
    search, server = ("AWS::OpenSearchService::Domain", "RSL103"), ("azurerm_postgresql_flexible_server", "RSL103")
    assert fixes[search] == 'set `"ClusterConfig": {"ZoneAwarenessEnabled": true}`'
    assert fixes[server] == 'set `high_availability { mode = "ZoneRedundant" }`'


def test_explain_keeps_the_general_text_and_lists_fixes_by_type(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "RSL103"]) == 0
    out = capsys.readouterr().out
    assert CATALOG["RSL103"].remediation in out
    fixes = out.split("## Fixes by resource type (values for tier 1)\n\n")[1].split("\n\n")[0].splitlines()
    assert "- `AWS::RDS::DBInstance`: set `MultiAZ: true`" in fixes
    assert "- `aws_db_instance`: set `multi_az = true`" in fixes
    assert '- `google_sql_database_instance`: set `settings { availability_type = "REGIONAL" }`' in fixes
    assert fixes == sorted(fixes)
    assert "## Accepting a finding\n\nNext to the resource, with a reason: `# reslint:ignore RSL103 REASON" in out


def test_rule_pages_list_the_fixes_by_type() -> None:
    page = (ROOT / "docs" / "rules" / "RSL103.md").read_text(encoding="utf-8")
    assert "- `AWS::RDS::DBInstance`: set `MultiAZ: true`\n" in page
    assert "see [suppressions](../suppressions.md)" in page


def test_fixes_by_type_groups_types_with_the_same_fix() -> None:
    grouped = dict(fixes_by_type("RSL201", DEFAULT_POLICIES[1]))
    assert grouped[("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController")].startswith(
        "set `spec.replicas: 2` or more"
    )
    assert grouped[("aws_autoscaling_group",)] == "set `min_size = 2` or more"
    assert grouped[("AWS::AutoScaling::AutoScalingGroup",)] == "set `MinSize: 2` or more"


def test_every_rule_fixture_finding_has_a_fix_of_its_own(lint: Callable[..., Report]) -> None:
    """Each resource type a rule fires on in its fixtures says how to fix it in its own spelling."""
    rules = FIXTURES / "rules"
    findings = list(lint(rules).findings)
    # Rules the default policy leaves off run with the configuration of their own folder.
    for folder in sorted(p.parent for p in rules.glob("*/.reslint.yaml")):
        findings += lint(folder, config=folder_config(folder)).findings
    assert any(f.rule == "RSL901" for f in findings)
    missing = sorted({(f.rule, f.type) for f in findings if not f.fix})
    assert not missing, (
        f"no specific fix for {missing}: add the rule to the kind's `fixes` (aws/, google/, azure/ kinds) "
        "or to kubernetes/fixes.py"
    )
