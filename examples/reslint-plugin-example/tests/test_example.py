"""The example plugin, tested the way any plugin can be: with reslint.testing."""

from __future__ import annotations

from pathlib import Path

import reslint_plugin_example

from reslint.testing import assert_rule_fixtures, lint, make_registry

FIXTURES = Path(__file__).parent / "fixtures"


def test_rule_fixtures() -> None:
    assert_rule_fixtures(FIXTURES / "EXP001", make_registry(reslint_plugin_example))


def test_builtin_rules_judge_the_plugin_format(tmp_path: Path) -> None:
    """One host is one replica: the built-in RSL201 fires on an inventory as on a Deployment."""
    (tmp_path / "shop.hosts").write_text("[cart]\nhosts = web-1\nmaintenance = sat 01:00-02:00\n")
    report = lint(tmp_path, registry=make_registry(reslint_plugin_example))
    assert [(f.rule, f.address, f.format, f.evidence) for f in report.findings] == [
        ("RSL201", "service/cart", "hosts", "hosts = web-1"),
    ]


def test_an_unparsable_inventory_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "broken.hosts").write_text("hosts = no section header\n")
    report = lint(tmp_path, registry=make_registry(reslint_plugin_example))
    assert report.exit_code() == 2
    assert "broken.hosts" in report.errors[0].file


def test_the_entry_point_is_installed() -> None:
    """Installed with pip, the plugin is found with no registration code."""
    from reslint.plugins import collect, make_plugin_manager

    registry = collect(make_plugin_manager())
    assert registry.rule("EXP001") is not None
    assert "hosts" in [fmt.name for fmt in registry.input_formats]


def test_the_rule_is_a_typed_check_with_its_lifecycle() -> None:
    """``@check`` makes a ``Check``; the catalog file says the rule is a preview since 0.1.0."""
    from reslint import Check

    assert isinstance(reslint_plugin_example.no_maintenance_window, Check)
    rule = make_registry(reslint_plugin_example).rule("EXP001")
    assert rule is not None
    assert (rule.meta.since, rule.meta.status.value) == ("0.1.0", "preview")
