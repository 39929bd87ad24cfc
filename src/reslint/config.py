"""The project configuration: ``.reslint.yaml`` or ``[tool.reslint]`` in ``pyproject.toml``."""

from __future__ import annotations

import functools
import json
import sys
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import TYPE_CHECKING, Any

from reslint.errors import UsageError
from reslint.tiers import DEFAULT_POLICIES, TIER_KEYS, TierPolicy

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import jsonschema

CONFIG_FILES = (".reslint.yaml", ".reslint.yml")
RPO_NEEDS_POINT_IN_TIME = 24 * 60  # minutes: daily snapshots cannot meet a tighter RPO
RTO_NEEDS_AUTOMATIC_FAILOVER = 60  # minutes: a human-driven failover takes longer


@dataclass(frozen=True)
class TierPattern:
    """Resources matching any path glob or address pattern get this tier."""

    tier: int
    paths: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServicePattern:
    """Resources matching any path glob or address pattern belong to the service *name*."""

    name: str
    paths: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    rto_minutes: int | None = None
    rpo_minutes: int | None = None


@dataclass(frozen=True)
class Config:
    """Validated settings; every field has the built-in default when the file does not set it."""

    source: str | None = None
    #: The configuration file's folder as reports show paths (``tiers.paths`` globs are relative
    #: to it); None when the settings come from no file.
    folder: str | None = None
    tier_keys: tuple[str, ...] = TIER_KEYS
    tier_values: dict[str, int] = field(default_factory=dict)
    default_tier: int | None = None
    fail_tier: int | None = None
    tier_patterns: tuple[TierPattern, ...] = ()
    service_patterns: tuple[ServicePattern, ...] = ()
    exclude: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    policies: dict[int, TierPolicy] = field(default_factory=lambda: dict(DEFAULT_POLICIES))


def find_config(start: Path) -> Path | None:
    """The configuration nearest to *start*, looking upward to the repository root.

    In each folder from *start*'s up: ``.reslint.yaml`` or ``.reslint.yml`` (both at once is an
    error: which one applies would be a guess), else a pyproject.toml with ``[tool.reslint]``.
    The walk stops after the first folder holding ``.git`` (the repository root); outside a
    repository it goes up to the filesystem root, as ruff does.
    """
    folder = (start if start.is_dir() else start.parent).absolute()
    for candidate in (folder, *folder.parents):
        found = [candidate / name for name in CONFIG_FILES if (candidate / name).is_file()]
        if len(found) > 1:
            raise UsageError(
                f"{found[0]} and {found[1].name} are both in {candidate}: keep one (reslint will not guess)"
            )
        if found:
            return found[0]
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "[tool.reslint" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return pyproject
        if (candidate / ".git").exists():
            return None
    return None


def repository_root(start: Path) -> Path | None:
    """The nearest folder from *start* upward that holds ``.git``, or None."""
    folder = (start if start.is_dir() else start.parent).absolute()
    return next((candidate for candidate in (folder, *folder.parents) if (candidate / ".git").exists()), None)


def load_config(path: Path) -> Config:
    """Read and validate a configuration file; any problem is a UsageError naming the file, key and line."""
    from reslint.discovery import display_path

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the configuration: {exc}") from exc
    if path.name == "pyproject.toml":
        data = _pyproject_section(path, text)
    else:
        from reslint.yamlload import YamlError, load_all

        try:
            documents = [doc for doc, _ in load_all(text)]
        except YamlError as exc:
            raise UsageError(f"{path}:{exc.line or '?'}: invalid YAML: {exc.message}") from exc
        data = documents[0] if documents else {}
    config = parse_config(data, str(path), folder=display_path(path.parent))
    return replace(config, source=display_path(path))


def _pyproject_section(path: Path, text: str) -> object:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from exc
    return document.get("tool", {}).get("reslint", {})


@functools.cache
def config_schema() -> dict[str, Any]:
    """The shipped configuration schema: every key's type, description and default (per tier for
    ``policy``), which the docs, ``reslint init`` and ``tiers.DEFAULT_POLICIES`` are made from. Shared: read only."""
    schema: dict[str, Any] = json.loads(
        (resources.files("reslint") / "schemas" / "config.schema.json").read_text(encoding="utf-8")
    )
    return schema


def parse_config(data: object, source: str, folder: str | None = None) -> Config:
    """Validate *data* against the shipped schema and build a Config.

    *data* may carry YAML line numbers (``yamlload.Mapping``); errors then name the line.
    Tier numbers may be written as strings (``default_tier: '2'``), since tier labels and tags
    must be strings and users copy them.
    """
    import jsonschema

    schema = config_schema()
    lines = data
    # YAML allows integer keys (policy: {1: ...}); the schema, like JSON, speaks strings.
    data = _tier_numbers(json.loads(json.dumps(data, default=str)))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(map(str, e.path)))
    if errors:
        raise UsageError(_config_error(errors[0], lines, source))
    assert isinstance(data, dict)
    policies = dict(DEFAULT_POLICIES)
    for tier_text, settings in data.get("policy", {}).items():
        policies[int(tier_text)] = _policy(policies[int(tier_text)], settings)
    rules = data.get("rules", {})
    return Config(
        source=source,
        folder=folder,
        tier_keys=tuple(data.get("tier_keys", TIER_KEYS)),
        tier_values={str(k): v for k, v in data.get("tier_values", {}).items()},
        default_tier=data.get("default_tier"),
        fail_tier=data.get("fail_tier"),
        tier_patterns=tuple(
            TierPattern(entry["tier"], tuple(entry.get("paths", ())), tuple(entry.get("resources", ())))
            for entry in data.get("tiers", ())
        ),
        service_patterns=tuple(
            ServicePattern(
                entry["name"],
                tuple(entry.get("paths", ())),
                tuple(entry.get("resources", ())),
                entry.get("rto_minutes"),
                entry.get("rpo_minutes"),
            )
            for entry in data.get("services", ())
        ),
        exclude=tuple(data.get("exclude", ())),
        enable=tuple(rules.get("enable", ())),
        disable=tuple(rules.get("disable", ())),
        policies=policies,
    )


_TIER_TEXT = {"0": 0, "1": 1, "2": 2, "3": 3}


def _tier_numbers(data: object) -> object:
    """``'2'`` read as ``2`` where a tier number goes; anything else is left for the schema to judge."""
    if not isinstance(data, dict):
        return data

    def number(value: object) -> object:
        return _TIER_TEXT.get(value.strip(), value) if isinstance(value, str) else value

    for key in ("default_tier", "fail_tier"):
        if key in data:
            data[key] = number(data[key])
    if isinstance(data.get("tier_values"), dict):
        data["tier_values"] = {name: number(value) for name, value in data["tier_values"].items()}
    if isinstance(data.get("tiers"), list):
        for entry in data["tiers"]:
            if isinstance(entry, dict) and "tier" in entry:
                entry["tier"] = number(entry["tier"])
    return data


def _config_error(error: jsonschema.ValidationError, lines: object, source: str) -> str:
    """Which key is wrong, what was expected, and on which line: ``file:3: fail_tier: expected ...``."""
    from reslint.suggest import hint

    path = list(error.absolute_path)
    where = ".".join(str(part) for part in path) or "(top level)"
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(schema.get("properties", {}))
        unknown = sorted(str(key) for key in value if key not in allowed)
        key = unknown[0] if unknown else "?"
        line = _line(lines, [*path, key])
        message = f"unknown key {key!r}{hint(key, allowed)} (expected one of: {', '.join(allowed)})"
    else:
        line = _line(lines, path)
        message = f"{_expected(error)}, got {json.dumps(value)}"
    return f"{source}{f':{line}' if line else ''}: invalid configuration at {where}: {message}"


#: JSON Schema type names as a YAML or TOML user reads them.
_KINDS = {
    "array": "a list",
    "object": "a mapping",
    "integer": "a whole number",
    "string": "a string",
    "boolean": "true or false",
    "number": "a number",
}


def _expected(error: jsonschema.ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "enum":
        return "expected one of " + ", ".join(json.dumps(choice) for choice in schema["enum"])
    if error.validator == "type":
        return "expected " + _KINDS.get(str(schema["type"]), str(schema["type"]))
    if error.validator == "minimum":
        return f"expected at least {schema['minimum']}"
    return f"expected {error.message}" if error.validator != "anyOf" else "expected paths or resources"


def _line(data: object, path: Sequence[object]) -> int | None:
    """The YAML line of the value at *path* (or of its key), when the document carries lines."""
    from reslint.yamlload import Mapping, Sequence

    line: int | None = getattr(data, "line", None)
    for part in path:
        if isinstance(data, Mapping):
            key = next((k for k in data if str(k) == str(part)), None)
            if key is None:
                return line
            line = data.key_lines.get(key, line)
            data = data[key]
        elif isinstance(data, Sequence) and isinstance(part, int) and part < len(data):
            line = data.item_lines[part] if part < len(data.item_lines) else line
            data = data[part]
        else:
            return line
    return line


def _policy(base: TierPolicy, settings: dict[str, object]) -> TierPolicy:
    """Apply explicit settings, then what the RPO and RTO imply."""
    explicit = {
        k: v
        for k, v in settings.items()
        if k
        in {
            "min_replicas",
            "min_zones",
            "min_backup_days",
            "cross_region_copy",
            "deletion_protection",
            "rollout_rollback",
            "backup_vault_lock",
            "restore_testing",
            "dns_failover",
            "alarms",
        }
    }
    policy = replace(base, **explicit)  # type: ignore[arg-type]
    rpo, rto = settings.get("rpo_minutes"), settings.get("rto_minutes")
    if isinstance(rpo, int):
        policy = replace(policy, point_in_time_recovery=rpo < RPO_NEEDS_POINT_IN_TIME, rpo_minutes=rpo)
    if settings.get("rpo_scope") == "region":
        policy = replace(policy, cross_region_copy=True)
    if isinstance(rto, int):
        policy = replace(policy, automatic_failover=rto < RTO_NEEDS_AUTOMATIC_FAILOVER)
    # Recovering within the RTO from the loss of a region, without a human, is DNS failover to a
    # second region; an RTO of an hour or more leaves time to repoint DNS by hand.
    if settings.get("rto_scope") == "region" and policy.automatic_failover and "dns_failover" not in explicit:
        policy = replace(policy, dns_failover=True)
    return policy
