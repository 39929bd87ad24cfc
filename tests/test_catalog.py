"""The rule catalog is the single source of truth: valid, complete, and rendered into the docs."""

from __future__ import annotations

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
    # The hundreds digit of a built-in id is its family's place in FAMILIES (1xx single-az, ...).
    families = {str(number): name for number, name in enumerate(FAMILIES, start=1)}
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
