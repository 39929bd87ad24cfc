"""Fixes specific to a resource's kind and format: the kind tables say which setting fixes a rule,
this module spells it the way the user's file does.

A kind table maps a rule id to a ``Set`` (set these settings, by their canonical names in the
kind's ``fields``, to these values) or a ``Say`` (words per format, where no single setting does
it). ``Set`` is rendered through the kind's own spellings: ``multi_az = true`` for Terraform,
``MultiAZ: true`` for CloudFormation YAML, ``"MultiAZ": true`` for CloudFormation JSON. A value the
tier decides is written ``AtLeast("min_replicas")`` (a ``TierPolicy`` field) and stays a
``{tier.min_replicas}`` token in the resource's fix text until the finding is made, because tiers
are assigned after normalization.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from reslint.model import Format

if TYPE_CHECKING:
    from collections.abc import Mapping

    from reslint.tiers import TierPolicy

_TOKEN = re.compile(r"\{tier\.(\w+)\}")


@dataclass(frozen=True)
class AtLeast:
    """A value the resource's tier decides: the ``TierPolicy`` field *policy* (``min_replicas``)."""

    policy: str


@dataclass(frozen=True)
class Blank:
    """A value only the user can choose (``<another region>``)."""

    what: str


MIN_REPLICAS = AtLeast("min_replicas")
MIN_ZONES = AtLeast("min_zones")
MIN_BACKUP_DAYS = AtLeast("min_backup_days")


@dataclass(frozen=True)
class Set:
    """Fix by setting the kind's *settings* (canonical name -> value), all of them."""

    settings: Mapping[str, object]


@dataclass(frozen=True)
class Say:
    """Fix in words, per format (``None``: no specific fix in that format). ``{tier.min_replicas}``
    and other ``TierPolicy`` fields in that form are filled in with the resource's tier."""

    terraform: str | None = None
    cloudformation: str | None = None


FixSpec = Set | Say


def spell(spec: FixSpec, paths: Mapping[str, str | None], fmt: Format, json_syntax: bool = False) -> str | None:
    """The fix text of *spec* for a resource of *fmt*; *paths* maps canonical names to the format's
    dotted paths. None when the format has no spelling for it."""
    if isinstance(spec, Say):
        return (
            spec.terraform if fmt is Format.TERRAFORM else spec.cloudformation if fmt is Format.CLOUDFORMATION else None
        )
    parts = []
    minimum = False
    for name, value in spec.settings.items():
        path = paths.get(name)
        if path is None:
            return None
        minimum = minimum or isinstance(value, AtLeast)
        keys = [key for key in path.split(".") if not key.isdigit()]
        if fmt is Format.TERRAFORM:
            parts.append(_hcl(keys, value))
        elif json_syntax:
            parts.append(_json(keys, value))
        else:
            parts.append(_yaml(keys, value))
    return "set " + " and ".join(f"`{part}`" for part in parts) + (" or more" if minimum else "")


def _value(value: object, fmt: str) -> str:
    if isinstance(value, AtLeast):
        return f"{{tier.{value.policy}}}"
    if isinstance(value, Blank):
        return f"<{value.what}>"
    if isinstance(value, str) and fmt == "yaml":
        return value
    return json.dumps(value)


def _hcl(keys: list[str], value: object) -> str:
    text = f"{keys[-1]} = {_value(value, 'hcl')}"
    for key in reversed(keys[:-1]):
        text = f"{key} {{ {text} }}"
    return text


def _yaml(keys: list[str], value: object) -> str:
    text = f"{keys[-1]}: {_value(value, 'yaml')}"
    for key in reversed(keys[:-1]):
        text = f"{key}: {{{text}}}"
    return text


def _json(keys: list[str], value: object) -> str:
    text = f'"{keys[-1]}": {_value(value, "json")}'
    for key in reversed(keys[:-1]):
        text = f'"{key}": {{{text}}}'
    return text


def render(template: str, policy: TierPolicy) -> str:
    """A fix text with its ``{tier.FIELD}`` tokens filled in from *policy*; a token naming no field
    (a plugin's typo) stays as written rather than failing the run."""
    return _TOKEN.sub(lambda match: str(getattr(policy, match[1], match[0])), template)


def tokens(template: str) -> set[str]:
    """The ``TierPolicy`` fields a fix text names (a test checks they exist)."""
    return set(_TOKEN.findall(template))


def policy_fields() -> set[str]:
    """The names a ``{tier.FIELD}`` token may use."""
    from reslint.tiers import TierPolicy

    return {f.name for f in fields(TierPolicy)}
