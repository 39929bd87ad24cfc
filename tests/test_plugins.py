"""Plugins: third parties add rules through the same hooks as the built-ins; their bugs are contained."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reslint.errors import PluginError
from reslint.model import Role
from reslint.plugins import collect, hookimpl, make_plugin_manager
from reslint.rule import Rule, RuleMeta, Violation
from reslint.scan import ScanOptions, scan

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from reslint.model import Resource
    from reslint.tiers import TierPolicy

MANIFEST = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {a: b}\n"


def _meta(rule_id: str, name: str) -> RuleMeta:
    return RuleMeta(rule_id, name, "A configuration map exists", "replicas",
                    "Example rationale for a test plugin.", "Example remediation.", ())


class ConfigMapPlugin:
    def __init__(self, rule_id: str = "ACME001", name: str = "acme-configmap", explode: bool = False) -> None:
        self.rule_id, self.name, self.explode = rule_id, name, explode

    @hookimpl
    def reslint_rules(self) -> list[Rule]:
        def flag(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
            if self.explode:
                raise RuntimeError("boom")
            if resource.type == "ConfigMap":
                yield Violation("is a ConfigMap")

        return [Rule(_meta(self.rule_id, self.name), frozenset({Role.OTHER}), flag)]


def test_a_plugin_rule_runs_with_the_builtins(tmp_path: Path) -> None:
    (tmp_path / "cm.yaml").write_text(MANIFEST)
    manager = make_plugin_manager(load_entry_points=False)
    manager.register(ConfigMapPlugin())
    registry = collect(manager)
    assert "ACME001" in [r.meta.id for r in registry.rules]
    report = scan(ScanOptions(paths=(str(tmp_path),)), registry)
    assert [(f.rule, f.address, f.blocking) for f in report.findings] == [("ACME001", "shop/ConfigMap/settings", True)]


def test_duplicate_rule_ids_are_refused() -> None:
    manager = make_plugin_manager(load_entry_points=False)
    manager.register(ConfigMapPlugin(rule_id="RSL201"))
    with pytest.raises(PluginError, match="RSL201"):
        collect(manager)


def test_a_crashing_rule_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "cm.yaml").write_text(MANIFEST)
    manager = make_plugin_manager(load_entry_points=False)
    manager.register(ConfigMapPlugin(explode=True))
    report = scan(ScanOptions(paths=(str(tmp_path),)), collect(manager))
    [error] = report.errors
    assert "ACME001" in error.message and "boom" in error.message
    assert report.exit_code() == 2
