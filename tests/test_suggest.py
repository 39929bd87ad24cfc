"""The "did you mean" helper."""

from __future__ import annotations

from reslint.suggest import did_you_mean, hint


def test_a_typo_finds_the_nearest_choice() -> None:
    assert did_you_mean("RSL2O1", ["RSL201", "RSL202", "RSL101"]) == "RSL201"
    assert did_you_mean("fail_teir", ["fail_tier", "default_tier"]) == "fail_tier"
    assert did_you_mean("rsl201", ["RSL201"]) == "RSL201"


def test_nothing_close_gives_no_hint() -> None:
    assert did_you_mean("kubernetes", ["RSL201", "RSL202"]) is None
    assert hint("kubernetes", ["RSL201"]) == ""
    assert hint("chek", ["check", "rules", "explain"]) == "; did you mean 'check'?"
