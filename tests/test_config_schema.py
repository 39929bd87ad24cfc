"""The configuration schema is the one source of every key's description and default: the code's
defaults are read from it or agree with it, and ``reslint init`` writes it out."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import TYPE_CHECKING, Any

import yaml

from reslint.cli import main
from reslint.config import Config, config_schema, load_config, parse_config
from reslint.init import starter
from reslint.tiers import DEFAULT_POLICIES, TierPolicy

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import pytest

SCHEMA = config_schema()
TIER_SCHEMAS: dict[str, Any] = SCHEMA["properties"]["policy"]["properties"]
POLICY_KEYS: dict[str, Any] = SCHEMA["$defs"]["tier_policy"]["properties"]


def _keys(schema: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any], bool]]:
    """Every key below *schema*: its dotted name, its schema, and whether its object requires it."""
    required = schema.get("required", [])
    for name, sub in schema.get("properties", {}).items():
        yield f"{prefix}{name}", sub, name in required
        yield from _keys(sub, f"{prefix}{name}.")
        if isinstance(sub.get("items"), dict):
            yield from _keys(sub["items"], f"{prefix}{name}[].")


def test_every_key_has_a_description_and_a_default() -> None:
    # policy.<tier> keys take their defaults per tier, from the tier's `default` object.
    keys = list(_keys(SCHEMA)) + [(f"policy.<tier>.{k}", s, True) for k, s in POLICY_KEYS.items()]
    assert len(keys) > 30
    undescribed = [name for name, sub, _ in keys if not str(sub.get("description", "")).strip()]
    no_default = [
        name
        for name, sub, required in keys
        if not required and "default" not in sub and not re.fullmatch(r"policy(\.\d)?", name)
    ]
    assert (undescribed, no_default) == ([], [])


def test_each_tier_gives_a_default_for_every_policy_key_and_validates() -> None:
    assert sorted(TIER_SCHEMAS) == ["1", "2", "3"]
    for tier, schema in TIER_SCHEMAS.items():
        assert list(schema["default"]) == list(POLICY_KEYS), f"tier {tier}: one default per key, in the keys' order"
        stated = {k: v for k, v in schema["default"].items() if v is not None}
        parse_config({"policy": {tier: stated}}, "schema")  # a default is a valid setting


def test_the_default_policies_are_the_schemas() -> None:
    config_keys = {f.name for f in dataclasses.fields(TierPolicy)} & set(POLICY_KEYS)
    assert config_keys >= {"min_replicas", "min_backup_days", "deletion_protection", "rpo_minutes"}
    for tier, schema in TIER_SCHEMAS.items():
        policy = DEFAULT_POLICIES[int(tier)]
        assert {k: getattr(policy, k) for k in config_keys} == {k: schema["default"][k] for k in config_keys}


def test_writing_out_every_default_changes_no_policy() -> None:
    # Also proves each default key is one parse_config applies: a key it ignored would keep the
    # other tiers' value here.
    swapped = {"1": TIER_SCHEMAS["3"]["default"], "3": TIER_SCHEMAS["1"]["default"]}
    written = {tier: {k: v for k, v in d.items() if v is not None} for tier, d in swapped.items()}
    policies = parse_config({"policy": written}, "schema").policies
    assert dataclasses.replace(policies[1], tier=3) == DEFAULT_POLICIES[3]
    assert dataclasses.replace(policies[3], tier=1) == DEFAULT_POLICIES[1]


def test_a_config_that_sets_nothing_has_the_schemas_defaults() -> None:
    config = parse_config({}, "empty")
    fields = {
        "tier_keys": list(config.tier_keys),
        "tier_values": config.tier_values,
        "tiers": list(config.tier_patterns),
        "services": list(config.service_patterns),
        "exclude": list(config.exclude),
        "rules": {"enable": list(config.enable), "disable": list(config.disable)},
    }
    schema = SCHEMA["properties"]
    expected = {key: schema[key]["default"] for key in fields if key != "rules"}
    expected["rules"] = {key: sub["default"] for key, sub in schema["rules"]["properties"].items()}
    assert fields == expected
    assert config == Config(source="empty")


def test_the_cli_without_a_config_uses_the_schemas_tier_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n"
        "spec:\n  replicas: 1\n  template:\n    spec:\n      containers: [{name: app, image: app:1}]\n"
    )
    main(["check", "--no-config", "--format", "json", "."])
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["fail_tier"] == SCHEMA["properties"]["fail_tier"]["default"]
    assert {f["tier"] for f in report["findings"]} == {SCHEMA["properties"]["default_tier"]["default"]}


def test_init_writes_every_key_with_its_default_or_an_example(tmp_path: Path) -> None:
    text = starter("1 kubernetes files", {"exclude": ["vendor"]})
    for key, schema in SCHEMA["properties"].items():
        assert re.search(rf"^(# )?{key}:", text, re.MULTILINE), key
        assert schema["description"].split()[0] in text
    (tmp_path / ".reslint.yaml").write_text(text)
    config = load_config(tmp_path / ".reslint.yaml")
    assert dataclasses.replace(config, source=None, folder=None) == Config(
        default_tier=1, fail_tier=1, exclude=("vendor",)
    )


def test_init_examples_and_tier_defaults_are_valid_once_uncommented() -> None:
    text = starter("nothing", {})
    blocks = re.findall(r"^# For example:\n((?:# .*\n)+)|^(# policy:\n(?:#   .*\n)+)", text, re.MULTILINE)
    assert len(blocks) == len([s for s in SCHEMA["properties"].values() if "examples" in s]) + 1
    for example, defaults in blocks:
        data = yaml.safe_load(re.sub(r"^# ", "", example or defaults, flags=re.MULTILINE))
        parse_config(data, "starter")
