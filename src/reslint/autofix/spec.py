"""Which findings ``reslint fix`` can edit, and to what.

There is no second list of fixable rules: a finding is fixable when the fix its kind's table gives
(``aws/kinds.py``, ``google/``, ``azure/``, ``kubernetes/fixes.py``) is a ``Set`` of settings to
concrete values, and the finding carries that very fix (a fill function or check that chose
another, worded fix for this resource makes it a manual one). A ``Blank`` value (another region, a
certificate) or a ``Say`` needs a person's choice, so those findings are listed with their manual
step instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reslint.fixes import AtLeast, Blank, Set, render, spell
from reslint.model import Format

if TYPE_CHECKING:
    from reslint.autofix.edits import Value
    from reslint.model import Resource
    from reslint.tiers import TierPolicy


@dataclass(frozen=True)
class Setting:
    """One value to write: *keys* in the file's own spelling, from the resource's body down."""

    keys: tuple[str, ...]
    value: Value
    #: The value is a minimum (``AtLeast``): a larger one already written is kept.
    minimum: bool = False


def settings_for(resource: Resource, rule: str, fix: str | None, policy: TierPolicy) -> tuple[Setting, ...] | None:
    """The settings that fix *rule* on *resource* (whose finding's fix text is *fix*), or None
    when its fix is not a mechanical one."""
    if fix is None:
        return None
    spec, paths = _spec(resource, rule)
    if spec is None:
        return None
    json_syntax = resource.file.endswith(".json")
    text = (
        spell(spec, paths, resource.format, json_syntax)
        if resource.format is not Format.KUBERNETES
        else _kubernetes_text(resource, rule)
    )
    if text is None or render(text, policy) != fix:
        return None
    settings = []
    for name, value in spec.settings.items():
        path = paths.get(name)
        if path is None or isinstance(value, Blank):
            return None
        keys = tuple(path.split("."))
        if any(key.isdigit() and key != "0" for key in keys):
            return None  # the second of a list of blocks: which one is meant is not ours to guess
        concrete = _writable(_concrete(value, policy))
        if concrete is None:
            return None  # a blank only a person can fill, a structure no editor writes
        settings.append(Setting(tuple(k for k in keys if not k.isdigit()), concrete, isinstance(value, AtLeast)))
    return tuple(settings)


def fixable(resource: Resource, rule: str, fix: str | None, policy: TierPolicy) -> bool:
    """Whether ``reslint fix`` can make the fix of *rule*'s finding on *resource* (what reports mark)."""
    if settings_for(resource, rule, fix, policy) is not None:
        return True
    from reslint.autofix.workloads import blocker

    return addition(resource, rule, fix, policy) and blocker(resource, rule) is None


def addition(resource: Resource, rule: str, fix: str | None, policy: TierPolicy) -> bool:
    """Whether the finding's fix is one ``workloads.py`` makes (a budget, a spread constraint, a
    rolling-update parameter): the kind's table lists it and the finding carries the kind's fix."""
    from reslint.autofix.workloads import adds

    if fix is None or not adds(resource, rule):
        return False
    if resource.format is Format.KUBERNETES:
        template = _kubernetes_text(resource, rule)
    else:
        from reslint.kubernetes.fixes import terraform_fixes_for
        from reslint.kubernetes.from_terraform import KINDS

        writes = KINDS.get(resource.type)
        template = terraform_fixes_for(writes[0]).get(rule) if writes else None
    return template is not None and render(template, policy) == fix


def _writable(value: object) -> Value | None:
    """*value* as the editors write it (a list of strings as a tuple), or None when they cannot."""
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, list | tuple) and value and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


def _concrete(value: object, policy: TierPolicy) -> object:
    """The value to write: a tier's minimum for ``AtLeast``, else the value itself."""
    return getattr(policy, value.policy, None) if isinstance(value, AtLeast) else value


def _spec(resource: Resource, rule: str) -> tuple[Set | None, dict[str, str | None]]:
    """The resource kind's ``Set`` fix for *rule* (the first spec its format can spell) and the
    kind's paths in the resource's format."""
    if resource.format is Format.KUBERNETES:
        from reslint.kubernetes.fixes import SETS

        spec = SETS.get(resource.type, {}).get(rule)
        return spec, {name: name for name in spec.settings} if spec is not None else {}
    if resource.format not in (Format.TERRAFORM, Format.CLOUDFORMATION):
        return None, {}
    from reslint.providers import BY_TYPE

    kind = BY_TYPE.get(resource.type)
    if kind is None:
        return None, {}
    paths = kind.paths(resource.format)
    specs = kind.fixes.get(rule, ())
    for candidate in specs if isinstance(specs, tuple) else (specs,):
        if spell(candidate, paths, resource.format) is not None:
            return (candidate if isinstance(candidate, Set) else None), paths
    return None, paths


def _kubernetes_text(resource: Resource, rule: str) -> str | None:
    from reslint.kubernetes.fixes import FIXES

    return FIXES.get(resource.type, {}).get(rule)


def fixable_rows(rule: str, policy: TierPolicy) -> list[tuple[str, tuple[str, ...], str]]:
    """``(format, resource types, fix)`` for every type whose fix of *rule* ``reslint fix`` makes,
    types with the same fix together (for docs/fix.md)."""
    from reslint.kubernetes.fixes import FIXES, SETS
    from reslint.providers import KINDS

    rows: dict[tuple[str, str], list[str]] = {}
    for kind_name, table in SETS.items():
        if rule in table and rule in FIXES.get(kind_name, {}):
            rows.setdefault(("Kubernetes", render(FIXES[kind_name][rule], policy)), []).append(kind_name)
    from reslint.kubernetes.fixes import ADDS

    for name, edit in ADDS.get(rule, {}).items():
        # The Terraform kubernetes provider's types are snake_case, manifest kinds CamelCase.
        rows.setdefault(("Terraform" if name.startswith("kubernetes_") else "Kubernetes", edit), []).append(name)
    labels = {Format.TERRAFORM: "Terraform", Format.CLOUDFORMATION: "CloudFormation"}
    for kind in KINDS:
        for fmt, types in kind.types().items():
            label = labels.get(fmt)
            if label is None:
                continue  # a plugin's format: fix edits only the built-in ones
            paths = kind.paths(fmt)
            specs = kind.fixes.get(rule, ())
            for spec in specs if isinstance(specs, tuple) else (specs,):
                text = spell(spec, paths, fmt)
                if text is None:
                    continue
                if (
                    isinstance(spec, Set)
                    and types
                    and all(_writable(_concrete(value, policy)) is not None for value in spec.settings.values())
                ):
                    rows.setdefault((label, render(text, policy)), []).extend(types)
                break
    return sorted(
        ((fmt, tuple(sorted(types)), text) for (fmt, text), types in rows.items()), key=lambda row: (row[0], row[1][0])
    )
