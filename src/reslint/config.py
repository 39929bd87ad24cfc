"""The project configuration: ``.reslint.yaml`` or ``[tool.reslint]`` in ``pyproject.toml``."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import TYPE_CHECKING

from reslint.errors import UsageError
from reslint.tiers import DEFAULT_POLICIES, TIER_KEYS, TierPolicy

if TYPE_CHECKING:
    from pathlib import Path

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
class Config:
    """Validated settings; every field has the built-in default when the file does not set it."""

    source: str | None = None
    tier_keys: tuple[str, ...] = TIER_KEYS
    tier_values: dict[str, int] = field(default_factory=dict)
    default_tier: int | None = None
    fail_tier: int | None = None
    tier_patterns: tuple[TierPattern, ...] = ()
    exclude: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    policies: dict[int, TierPolicy] = field(default_factory=lambda: dict(DEFAULT_POLICIES))

    def rule_selected(self, rule_id: str, name: str) -> bool:
        """Enabled (by id, id prefix or name) and not disabled."""

        def matches(patterns: tuple[str, ...]) -> bool:
            return any(rule_id.upper().startswith(p.upper()) or name == p for p in patterns)

        return (not self.enable or matches(self.enable)) and not matches(self.disable)


def find_config(start: Path) -> Path | None:
    """The configuration file of the scan root *start*: ``.reslint.yaml``, else a pyproject.toml with [tool.reslint]."""
    folder = start if start.is_dir() else start.parent
    for name in CONFIG_FILES:
        if (folder / name).is_file():
            return folder / name
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and "[tool.reslint" in pyproject.read_text(encoding="utf-8", errors="replace"):
        return pyproject
    return None


def load_config(path: Path) -> Config:
    """Read and validate a configuration file; any problem is a UsageError naming the file and key."""
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
    return parse_config(data, str(path))


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


def parse_config(data: object, source: str) -> Config:
    """Validate *data* against the shipped schema and build a Config."""
    import jsonschema

    schema = json.loads((resources.files("reslint") / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    # YAML allows integer keys (policy: {1: ...}); the schema, like JSON, speaks strings.
    data = json.loads(json.dumps(data, default=str))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(map(str, e.path)))
    if errors:
        error = errors[0]
        where = ".".join(str(part) for part in error.absolute_path) or "(top level)"
        raise UsageError(f"{source}: invalid configuration at {where}: {error.message}")
    assert isinstance(data, dict)
    policies = dict(DEFAULT_POLICIES)
    for tier_text, settings in data.get("policy", {}).items():
        policies[int(tier_text)] = _policy(policies[int(tier_text)], settings)
    rules = data.get("rules", {})
    return Config(
        source=source,
        tier_keys=tuple(data.get("tier_keys", TIER_KEYS)),
        tier_values={str(k): v for k, v in data.get("tier_values", {}).items()},
        default_tier=data.get("default_tier"),
        fail_tier=data.get("fail_tier"),
        tier_patterns=tuple(
            TierPattern(entry["tier"], tuple(entry.get("paths", ())), tuple(entry.get("resources", ())))
            for entry in data.get("tiers", ())
        ),
        exclude=tuple(data.get("exclude", ())),
        enable=tuple(rules.get("enable", ())),
        disable=tuple(rules.get("disable", ())),
        policies=policies,
    )


def _policy(base: TierPolicy, settings: dict[str, object]) -> TierPolicy:
    """Apply explicit settings, then what the RPO and RTO imply."""
    explicit = {k: v for k, v in settings.items() if k in {"min_replicas", "min_zones", "min_backup_days",
                                                           "cross_region_copy"}}
    policy = replace(base, **explicit)  # type: ignore[arg-type]
    rpo, rto = settings.get("rpo_minutes"), settings.get("rto_minutes")
    if isinstance(rpo, int):
        policy = replace(policy, point_in_time_recovery=rpo < RPO_NEEDS_POINT_IN_TIME)
    if settings.get("rpo_scope") == "region":
        policy = replace(policy, cross_region_copy=True)
    if isinstance(rto, int):
        policy = replace(policy, automatic_failover=rto < RTO_NEEDS_AUTOMATIC_FAILOVER)
    return policy
