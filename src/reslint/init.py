"""``reslint init``: a commented starter configuration for the repository it runs in.

The starter is written from the configuration schema, where every key's description, default and
example live: each key with its description, then its default (or the value found here), or,
commented out, an example when its default is empty, and for ``policy`` each tier's defaults.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from reslint.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from reslint.plugins import Registry

DOCS = "https://github.com/reslint/reslint/blob/main/docs/configuration.md"
#: Folders of code a repository vendors rather than owns: ``exclude`` lists those found.
VENDORED = ("vendor", "third_party", "charts")


def flow(value: object) -> str:
    """*value* as YAML on one line, in flow style (``[a, b]``, ``{critical: 1}``)."""
    import yaml

    text = str(yaml.safe_dump(value, default_flow_style=True, sort_keys=False, width=1 << 16))
    return text.removesuffix("\n").removesuffix("\n...")


def _yaml(name: str, value: object, commented: bool = False) -> list[str]:
    """``name: value`` as YAML lines: a value of scalars on the key's line in flow style, a value
    holding collections in block style below it (their own values in flow style)."""
    import yaml

    value = _tier_keys(value)
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    if not any(isinstance(item, (dict, list)) for item in items):
        lines = [f"{name}: {flow(value)}"]
    else:
        text = str(yaml.safe_dump(value, default_flow_style=None, sort_keys=False, width=64))
        lines = [f"{name}:", *(f"  {line}" for line in text.splitlines())]
    return [f"# {line}" if commented else line for line in lines]


def _tier_keys(value: object) -> object:
    """*value* with the JSON schema's tier keys (``"1"``) written as YAML users write them (``1``)."""
    if isinstance(value, dict):
        return {int(k) if str(k).isdigit() else k: _tier_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tier_keys(v) for v in value]
    return value


def _entry(name: str, schema: Mapping[str, Any], values: Mapping[str, object]) -> list[str]:
    """One key of the starter: its description, then its value, or commented-out defaults and examples."""
    lines = textwrap.wrap(schema["description"], width=98, initial_indent="# ", subsequent_indent="# ")
    default = schema.get("default")
    if name in values:
        return [*lines, *_yaml(name, values[name])]
    if default not in (None, [], {}):
        return [*lines, *_yaml(name, default)]
    # A mapping whose entries carry their own defaults (``policy``: one per tier) shows them, so a
    # reader sees what there is to change.
    defaults = {
        key: {k: v for k, v in sub["default"].items() if v is not None}
        for key, sub in schema.get("properties", {}).items()
        if isinstance(sub.get("default"), dict)
    }
    if defaults:
        lines += _yaml(name, defaults, commented=True)
    for example in schema.get("examples", ()):
        lines += ["# For example:", *_yaml(name, example, commented=True)]
    return lines


def starter(found: str, values: Mapping[str, object]) -> str:
    """The starter configuration: says what was *found*, and writes *values* for their keys."""
    from reslint.config import config_schema

    lines = [f"# reslint configuration: {DOCS}", f"# Found here: {found}."]
    for name, schema in config_schema()["properties"].items():
        lines += ["", *_entry(name, schema, values)]
    return "\n".join(lines) + "\n"


def write_starter_config(folder: Path, registry: Registry, force: bool = False) -> str:
    """Write ``.reslint.yaml`` describing what this folder holds; returns what was done."""
    from reslint.discovery import select

    target = folder / ".reslint.yaml"
    if target.exists() and not force:
        raise UsageError(f"{target.name} already exists (use --force to overwrite)")
    counts: dict[str, int] = {}
    for source in select([str(folder)], ()).sources:
        owner = next((fmt for fmt in registry.input_formats if fmt.claims(source.path, source.text)), None)
        if owner is not None:
            counts[owner.name] = counts.get(owner.name, 0) + 1
    found = ", ".join(f"{count} {name} files" for name, count in sorted(counts.items())) or "no IaC files yet"
    vendored = [name for name in VENDORED if (folder / name).is_dir()]
    target.write_text(starter(found, {"exclude": vendored}), encoding="utf-8")
    return f"wrote {target.name} ({found})"
