"""The per-tier switches of the practice safeguards (#17): documented defaults, and `.reslint.yaml` keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reslint.config import load_config
from reslint.errors import UsageError
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
