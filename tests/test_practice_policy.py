"""The per-tier switches of the practice safeguards (#17): documented defaults, and `.reslint.yaml` keys."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from _support.paths import ROOT
from reslint.config import load_config
from reslint.errors import UsageError
from reslint.testing import lint
from reslint.tiers import DEFAULT_POLICIES

if TYPE_CHECKING:
    from pathlib import Path

SWITCHES = ("deletion_protection", "rollout_rollback", "backup_vault_lock", "restore_testing")


def test_defaults_per_tier() -> None:
    assert {tier: [getattr(policy, key) for key in SWITCHES] for tier, policy in DEFAULT_POLICIES.items()} == {
        1: [False, True, True, True],
        2: [False, True, False, False],
        3: [False, True, False, False],
    }


@pytest.mark.parametrize("key", SWITCHES)
def test_each_switch_is_a_policy_key(key: str, tmp_path: Path) -> None:
    path = tmp_path / ".reslint.yaml"
    before = getattr(DEFAULT_POLICIES[2], key)
    path.write_text(f"policy:\n  2: {{{key}: {str(not before).lower()}}}\n", encoding="utf-8")
    config = load_config(path)
    assert getattr(config.policies[2], key) is (not before)
    assert getattr(config.policies[1], key) is getattr(DEFAULT_POLICIES[1], key)


def test_a_switch_must_be_a_boolean(tmp_path: Path) -> None:
    path = tmp_path / ".reslint.yaml"
    path.write_text("policy:\n  1: {restore_testing: sometimes}\n", encoding="utf-8")
    with pytest.raises(UsageError, match="restore_testing"):
        load_config(path)


@pytest.mark.parametrize(
    ("heading", "marker", "language"),
    [
        ("### Recovery objectives drive the backup rules", "<!-- worked-example-rpo -->", "hcl"),
        ("### Recovery objectives drive DNS failover", "<!-- worked-example-rto -->", "hcl"),
    ],
    ids=["rpo", "rto"],
)
def test_the_worked_examples_in_docs_tiers_md(heading: str, marker: str, language: str, tmp_path: Path) -> None:
    """Each recovery-objective example in docs/tiers.md gives exactly the findings its table shows."""
    page = (ROOT / "docs" / "tiers.md").read_text(encoding="utf-8")
    section = page.split(heading, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    config = re.search(r"```yaml\n# \.reslint\.yaml\n(.*?)```", section, re.S)
    code = re.search(rf"```{language}\n(.*?)```", section, re.S)
    assert config is not None and code is not None
    (tmp_path / ".reslint.yaml").write_text(config.group(1), encoding="utf-8")
    (tmp_path / "main.tf").write_text(code.group(1), encoding="utf-8")
    table = section.split(marker, 1)[1]
    documented = set(re.findall(r"^\| (RSL\d+) \| `([^`]+)`: (.+) \|$", table, re.M))
    assert len(documented) == 2
    report = lint(tmp_path / "main.tf", config=load_config(tmp_path / ".reslint.yaml"))
    assert {(f.rule, f.address, f.message) for f in report.findings} == documented


def test_rto_scope_region_turns_dns_failover_on_under_an_hour(tmp_path: Path) -> None:
    """An RTO that must survive a region needs DNS failover when no human has time to repoint DNS."""
    path = tmp_path / ".reslint.yaml"
    cases = {
        "{rto_minutes: 30, rto_scope: region}": True,
        "{rto_scope: region}": True,  # no RTO: automatic failover is the default requirement
        "{rto_minutes: 90, rto_scope: region}": False,
        "{rto_minutes: 30, rto_scope: zone}": False,
        "{rto_minutes: 30, rto_scope: region, dns_failover: false}": False,
        "{dns_failover: true}": True,
    }
    for settings, expected in cases.items():
        path.write_text(f"policy:\n  2: {settings}\n", encoding="utf-8")
        assert load_config(path).policies[2].dns_failover is expected, settings
    assert [policy.dns_failover for policy in DEFAULT_POLICIES.values()] == [False, False, False]
