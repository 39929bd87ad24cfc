"""A kind of cloud resource: its types, role, settings in each format's spelling, tags, and how its
settings become facts; and the setters fact fillers share.

Every cloud (``aws``, ``google``, ``azure``) is a table of kinds plus their fill functions, built on
this module, ``view`` and ``index`` only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reslint.clouds.view import View, lookup, spelling, tags_of, truthy
from reslint.fixes import FixSpec, spell
from reslint.model import UNKNOWN, Fact, Facts, Format, Role

if TYPE_CHECKING:
    from reslint.clouds.index import CloudIndex
    from reslint.clouds.view import Fields, Record

FactFiller = Callable[[View, "CloudIndex", Facts], None]

#: Where a format keeps a resource's tags when its kind says nothing else: Terraform's ``tags`` map
#: (or list), Google's ``labels``, the auto scaling group's ``tag { key, value }`` blocks;
#: CloudFormation's ``Tags``. Every location is read, in order.
DEFAULT_TAGS: Mapping[Format, tuple[str, ...]] = {
    Format.TERRAFORM: ("tags", "labels", "tag"),
    Format.CLOUDFORMATION: ("Tags",),
}


@dataclass(frozen=True)
class Kind:
    """One kind of cloud resource across the input formats."""

    name: str
    role: Role
    terraform: tuple[str, ...]
    cloudformation: tuple[str, ...]
    fields: Fields
    fill: FactFiller
    #: Rule id -> how to fix it on this kind, by the canonical setting names of ``fields``
    #: (``fixes.py``); of several, the first one the record's format can spell.
    fixes: Mapping[str, FixSpec | tuple[FixSpec, ...]] = dataclasses.field(default_factory=dict)
    #: Where this kind keeps its tags, per format, when not at the format's ``DEFAULT_TAGS``.
    tags: Mapping[Format, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    #: Its types in input formats beyond Terraform and CloudFormation (a column of ``COLUMNS``).
    types_in: Mapping[Format, tuple[str, ...]] = dataclasses.field(default_factory=dict)

    def types(self) -> dict[Format, tuple[str, ...]]:
        """Its resource types in each input format."""
        return {Format.TERRAFORM: self.terraform, Format.CLOUDFORMATION: self.cloudformation, **self.types_in}

    def paths(self, fmt: Format) -> dict[str, str | None]:
        """Every canonical setting name and its path in *fmt*."""
        return {name: spelling(spelled, fmt) for name, spelled in self.fields.items()}

    def fix_texts(self, record: Record) -> dict[str, str]:
        """Each rule's fix in the record's own format and spelling."""
        paths = self.paths(record.format)
        texts = {}
        for rule, specs in self.fixes.items():
            for spec in specs if isinstance(specs, tuple) else (specs,):
                text = spell(spec, paths, record.format, record.file.endswith(".json"))
                if text is not None:
                    texts[rule] = text
                    break
        return texts


def tags_at(record: Record, kind: Kind | None) -> list[tuple[str, object]]:
    """The record's tags, read where its kind (else its format) keeps them."""
    locations = kind.tags.get(record.format) if kind is not None else None
    if locations is None:
        locations = DEFAULT_TAGS.get(record.format, ())
    return [pair for location in locations for pair in tags_of(lookup(record.attributes, location))]


def flag(view: View, field: str, *, default: bool) -> Fact[bool]:
    """A boolean setting that is the fact itself; unset means the provider's *default*."""
    value = truthy(view.get(field))
    shown = view.show(field, default=str(default).lower())
    return view.fact(field, default if value is None else value, shown)


def choice(view: View, field: str, *, default: str, good: Callable[[str], bool]) -> Fact[bool]:
    """An enumerated setting (a mode, a tier) that *good* judges, upper-cased; unset means *default*."""
    value = view.get(field)
    value = default if value is None else value
    if isinstance(value, str):
        return view.fact(field, good(value.upper()), view.show(field, default=default))
    return Fact(UNKNOWN)
