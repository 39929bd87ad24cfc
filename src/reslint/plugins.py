"""Builds the plugin manager: built-in plugins plus those installed under the ``reslint`` group."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pluggy

from reslint import builtin, hookspecs
from reslint.errors import PluginError

if TYPE_CHECKING:
    from reslint.formats import InputFormat
    from reslint.reporting import Reporter
    from reslint.rule import Rule

hookimpl = pluggy.HookimplMarker(hookspecs.PROJECT)


@dataclass(frozen=True)
class Registry:
    """Everything the installed plugins provide, in a stable order."""

    rules: tuple[Rule, ...]
    input_formats: tuple[InputFormat, ...]
    reporters: dict[str, Reporter]

    def rule(self, rule_id_or_name: str) -> Rule | None:
        """The rule with this id (case-insensitive) or kebab-case name."""
        wanted = rule_id_or_name.strip()
        for rule in self.rules:
            if rule.meta.id.lower() == wanted.lower() or rule.meta.name == wanted:
                return rule
        return None


def make_plugin_manager(load_entry_points: bool = True) -> pluggy.PluginManager:
    """A fresh manager with the built-in plugin and, unless disabled, installed plugins."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    manager.register(builtin, name="reslint.builtin")
    if load_entry_points:
        try:
            manager.load_setuptools_entrypoints(hookspecs.PROJECT)
        except Exception as exc:  # a broken third-party plugin must be named, not a traceback
            raise PluginError(f"could not load a plugin from the 'reslint' entry-point group: {exc}") from exc
    manager.check_pending()
    return manager


def collect(manager: pluggy.PluginManager) -> Registry:
    """Merge what every plugin provides; duplicate ids or names are a plugin error."""
    rules = [rule for batch in manager.hook.reslint_rules() for rule in batch]
    formats = [fmt for batch in manager.hook.reslint_input_formats() for fmt in batch]
    reporters = [rep for batch in manager.hook.reslint_reporters() for rep in batch]
    _unique("rule id", [r.meta.id for r in rules])
    _unique("rule name", [r.meta.name for r in rules])
    _unique("input format", [f.name for f in formats])
    _unique("report format", [r.name for r in reporters])
    return Registry(
        rules=tuple(sorted(rules, key=lambda r: r.meta.id)),
        input_formats=tuple(sorted(formats, key=lambda f: (f.priority, f.name))),
        reporters={r.name: r for r in sorted(reporters, key=lambda r: r.name)},
    )


def _unique(what: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise PluginError(f"two plugins provide the {what} {value!r}")
        seen.add(value)
