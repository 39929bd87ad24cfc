"""The rule catalog is the single source of truth: valid, complete, and rendered into the docs."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from typing import TYPE_CHECKING, cast

import jsonschema
import pytest
import yaml

from _support.paths import ROOT
from reslint.errors import PluginError
from reslint.rule import FAMILIES, check, load_catalog, rules_from

if TYPE_CHECKING:
    from reslint.model import Resource
    from reslint.plugins import Registry
    from reslint.rule import Violation
    from reslint.tiers import TierPolicy

CATALOG_FILES = sorted((ROOT / "rules").glob("*.yaml"))


def _schema(name: str) -> dict[str, object]:
    text = (resources.files("reslint") / "schemas" / name).read_text(encoding="utf-8")
    return cast("dict[str, object]", json.loads(text))


@pytest.mark.parametrize("path", CATALOG_FILES, ids=[p.stem for p in CATALOG_FILES])
def test_catalog_entry_is_valid(path: object) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # JSON Schema speaks JSON: tier keys are strings there, as in the JSON report.
    jsonschema.Draft202012Validator(_schema("rule.schema.json")).validate(json.loads(json.dumps(data)))
    assert path.stem == data["id"], "a catalog file is named after its rule id"


def test_ids_and_names_are_unique_and_families_match_categories(registry: Registry) -> None:
    # The hundreds digit of a built-in id is its family's place in FAMILIES (1xx single-az, ...; the
    # tenth, monitoring, is 0xx).
    families = {str(number % 10): name for number, name in enumerate(FAMILIES, start=1)}
    for rule in registry.rules:
        assert families[rule.meta.id[3]] == rule.meta.category, rule.meta.id
    assert len({r.meta.name for r in registry.rules}) == len(registry.rules)


def test_the_catalog_schema_knows_exactly_the_declared_families() -> None:
    properties = _schema("rule.schema.json")["properties"]
    assert isinstance(properties, dict)
    assert properties["category"]["enum"] == list(FAMILIES)


def test_installed_catalog_is_the_source_catalog(registry: Registry) -> None:
    assert {r.meta.id: r.meta for r in registry.rules} == load_catalog(ROOT / "rules")


def test_a_check_without_catalog_entry_is_a_plugin_error() -> None:
    @check("RSL999")
    def orphan(resource: Resource, policy: TierPolicy) -> list[Violation]:
        return []

    with pytest.raises(PluginError, match="RSL999"):
        rules_from(load_catalog(ROOT / "rules"), [orphan])
    with pytest.raises(PluginError, match="without a check"):
        rules_from(load_catalog(ROOT / "rules"), [])


def test_check_declares_a_typed_check_that_calls_its_function() -> None:
    from reslint.model import Role
    from reslint.rule import Check, Violation

    @check("RSL201", Role.WORKLOAD, Role.AUTOSCALER)
    def declared(resource: Resource, policy: TierPolicy) -> list[Violation]:
        return [Violation(f"{resource} at tier {policy}")]

    assert isinstance(declared, Check)
    assert (declared.rule_id, declared.roles) == ("RSL201", frozenset({Role.WORKLOAD, Role.AUTOSCALER}))
    assert declared.name.endswith("declared")
    assert declared("r", "p") == [Violation("r at tier p")]  # type: ignore[arg-type]  # any value passes through


def test_a_function_not_declared_with_check_is_a_plugin_error() -> None:
    def undeclared(resource: Resource, policy: TierPolicy) -> list[Violation]:
        return []

    with pytest.raises(PluginError, match="undeclared is not declared with @check"):
        rules_from(load_catalog(ROOT / "rules"), [undeclared])  # type: ignore[list-item]  # the mistake under test


def test_every_builtin_check_is_found_once_per_catalog_entry(registry: Registry) -> None:
    from reslint.checks import all_checks

    checks = all_checks()
    assert sorted(c.rule_id for c in checks) == sorted(load_catalog(ROOT / "rules"))
    assert {r.meta.id: r.check for r in registry.rules} == {c.rule_id: c for c in checks}


def test_since_and_status_come_from_the_catalog_and_default_for_plugins() -> None:
    from reslint.rule import Status, meta_from_dict

    entry = {
        "id": "ACME001",
        "name": "n",
        "title": "t",
        "category": "c",
        "rationale": "r",
        "remediation": "m",
    }
    meta = meta_from_dict({**entry, "since": "1.2.0", "status": "preview"}, "ACME001.yaml")
    assert (meta.since, meta.status) == ("1.2.0", Status.PREVIEW)
    assert (meta_from_dict(entry, "x").since, meta_from_dict(entry, "x").status) == (None, Status.STABLE)
    with pytest.raises(PluginError, match=r"ACME001\.yaml: invalid catalog entry"):
        meta_from_dict({**entry, "status": "beta"}, "ACME001.yaml")
    builtin = load_catalog(ROOT / "rules")
    assert {(m.since, m.status) for m in builtin.values()} == {("0.1.0", Status.STABLE)}


def test_rules_explain_and_sarif_show_since_and_status() -> None:
    from reslint.catalog import explain_text, rule_dict
    from reslint.reporters.sarif import rule_descriptor
    from reslint.rule import Status

    meta = load_catalog(ROOT / "rules")["RSL201"]
    assert (rule_dict(meta)["since"], rule_dict(meta)["status"]) == ("0.1.0", "stable")
    assert "Status: stable, since 0.1.0." in explain_text(meta)
    properties = rule_descriptor(meta)["properties"]
    assert isinstance(properties, dict)
    assert (properties["since"], properties["status"]) == ("0.1.0", "stable")
    preview = dataclasses.replace(meta, status=Status.PREVIEW, since=None)
    assert "Status: preview." in explain_text(preview)
    properties = rule_descriptor(preview)["properties"]
    assert isinstance(properties, dict)
    assert properties["status"] == "preview" and "since" not in properties
