"""Builds the plugin manager: the built-in plugin, then those installed under the ``reslint`` group."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING, Any

import pluggy

from reslint import builtin, hookspecs
from reslint.errors import PluginError
from reslint.hookspecs import hookimpl
from reslint.rule import BUILTIN_PREFIX, RULE_ID

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from reslint.formats import InputFormat
    from reslint.reporting import Reporter
    from reslint.rule import Rule

__all__ = ["BUILTIN", "Registry", "collect", "hookimpl", "installed_plugins", "make_plugin_manager"]

#: The name the built-in plugin is registered under; it cannot be disabled.
BUILTIN = "reslint.builtin"


@dataclass(frozen=True)
class Registry:
    """Everything the installed plugins provide, in a stable order."""

    rules: tuple[Rule, ...]
    input_formats: tuple[InputFormat, ...]
    reporters: dict[str, Reporter]

    def rule(self, rule_id_or_name: str) -> Rule | None:
        """The rule with this id, kebab-case name or alias (case-insensitive)."""
        from reslint.selectors import rule_named

        return rule_named(self.rules, rule_id_or_name)


def installed_plugins() -> list[tuple[metadata.Distribution, metadata.EntryPoint]]:
    """Entry points of the ``reslint`` group with their distributions, sorted so load order is stable."""
    found = {
        (dist.metadata["Name"] or "", ep.name): (dist, ep)
        for dist in metadata.distributions()
        for ep in dist.entry_points
        if ep.group == hookspecs.PROJECT
    }
    return [found[key] for key in sorted(found)]


def make_plugin_manager(load_entry_points: bool = True, disabled: Iterable[str] = ()) -> pluggy.PluginManager:
    """A fresh manager with the built-in plugin and, unless turned off, each installed plugin.

    Plugins load one at a time, so a plugin that fails to import is named in the error with its
    distribution and version (flake8, SQLFluff). *disabled* names entry points not to load
    (``--disable-plugin``); naming one that is not installed is an error, as a typo must not pass.
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    manager.register(builtin, name=BUILTIN)
    blocked = set(disabled)
    if BUILTIN in blocked:
        raise PluginError(f"the built-in plugin {BUILTIN!r} cannot be disabled")
    if load_entry_points:
        plugins = installed_plugins()
        unknown = sorted(blocked - {ep.name for _, ep in plugins})
        if unknown:
            names = ", ".join(ep.name for _, ep in plugins) or "none"
            raise PluginError(f"--disable-plugin {unknown[0]!r}: no such plugin is installed (installed: {names})")
        for dist, ep in plugins:
            if ep.name in blocked:
                manager.set_blocked(ep.name)
                continue
            manager.register(_load(dist, ep), name=ep.name)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {exc.plugin!r}: {exc}") from exc
    return manager


def _load(dist: metadata.Distribution, ep: metadata.EntryPoint) -> object:
    try:
        return ep.load()
    except Exception as exc:  # whatever a plugin raises on import must name the plugin, not be a traceback
        label = f"{dist.metadata['Name']} {dist.version} [{ep.name}]"
        raise PluginError(f"could not load the plugin {label}: {type(exc).__name__}: {exc}") from exc


def collect(manager: pluggy.PluginManager) -> Registry:
    """Merge what every plugin provides, validating rule metadata once for every plugin.

    Duplicate ids or names, a malformed id, a plugin using the built-in ``RSL`` prefix and a
    category no plugin declares are plugin errors naming the plugin.
    """
    categories: dict[str, str] = {}
    for _, declared in _per_plugin(manager, "reslint_categories"):
        categories.update(declared)
    rules: list[Rule] = []
    for plugin, batch in _per_plugin(manager, "reslint_rules"):
        for rule in batch:
            _validate(plugin, rule, categories)
            rules.append(rule)
    formats = [fmt for batch in manager.hook.reslint_input_formats() for fmt in batch]
    reporters = [rep for batch in manager.hook.reslint_reporters() for rep in batch]
    _unique("rule id", [r.meta.id for r in rules])
    _unique("rule name", [r.meta.name for r in rules])
    _unique("rule id, name or alias", [n.casefold() for r in rules for n in {r.meta.id, r.meta.name, *r.meta.aliases}])
    _unique("input format", [f.name for f in formats])
    for fmt in formats:
        if not getattr(fmt, "suffixes", None):
            raise PluginError(f"input format {fmt.name!r} declares no file suffixes (e.g. suffixes = ('.hosts',))")
    _unique("report format", [r.name for r in reporters])
    return Registry(
        rules=tuple(sorted(rules, key=lambda r: r.meta.id)),
        input_formats=tuple(sorted(formats, key=lambda f: (f.priority, f.name))),
        reporters={r.name: r for r in sorted(reporters, key=lambda r: r.name)},
    )


def _per_plugin(manager: pluggy.PluginManager, hook: str) -> Iterator[tuple[str, Any]]:
    """What each plugin's implementation of a collection hook returns, with the plugin's name."""
    for impl in getattr(manager.hook, hook).get_hookimpls():
        yield impl.plugin_name, impl.function()


def _validate(plugin: str, rule: Rule, categories: dict[str, str]) -> None:
    meta = rule.meta
    meta_id = meta.id
    if not RULE_ID.fullmatch(meta_id):
        raise PluginError(f"plugin {plugin!r}: rule id {meta_id!r} must be 2 to 6 capitals and 3 digits (ACME001)")
    if meta_id.startswith(BUILTIN_PREFIX) and plugin != BUILTIN:
        raise PluginError(f"plugin {plugin!r}: rule id {meta_id!r} uses the prefix {BUILTIN_PREFIX}, kept for reslint")
    if meta.category not in categories:
        raise PluginError(
            f"plugin {plugin!r}: rule {meta_id} has the category {meta.category!r}, which no plugin declares "
            f"(known: {', '.join(sorted(categories))}; declare new ones with the reslint_categories hook)"
        )


def _unique(what: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise PluginError(f"two plugins provide the {what} {value!r}")
        seen.add(value)
