"""One way to read a cloud resource whatever input format it came from.

Each resource kind names its settings once, canonically, with each format's spelling of each
(``multi_az`` / ``MultiAZ``); fact extraction reads the canonical names only, and evidence quotes
the user's own spelling. The spellings are columns, one per format in ``COLUMNS`` order: a new
input format is one more column, read by the same ``View``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from reslint.model import UNKNOWN, Fact, Format, Reference, Unknown

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reslint.model import Maybe

T = TypeVar("T")

#: The input formats cloud kinds are spelled in, in the order of the columns of ``Fields``.
COLUMNS: tuple[Format, ...] = (Format.TERRAFORM, Format.CLOUDFORMATION)

#: canonical name -> its path in each format of ``COLUMNS`` (Terraform, CloudFormation, ...): dotted,
#: list indexes are numbers; None, or a missing trailing column, when the format has no such setting.
Fields = Mapping[str, tuple[str | None, ...]]


def spelling(spelled: tuple[str | None, ...], fmt: Format) -> str | None:
    """A setting's path in *fmt*, from its row of ``Fields``."""
    column = COLUMNS.index(fmt) if fmt in COLUMNS else len(spelled)
    return spelled[column] if column < len(spelled) else None


@dataclass
class Record:
    """A cloud resource from any input format, before normalization."""

    format: Format
    type: str
    address: str
    file: str
    line: int
    attributes: dict[str, object]
    lines: dict[str, int]
    #: Top-level setting -> where its value comes from when the setting names a variable or
    #: parameter whose value the evaluator found elsewhere (``Fact.origin``).
    origins: dict[str, str] = field(default_factory=dict)
    #: Read from the locations its kind (or its format's default) keeps tags at, by ``to_resources``.
    tags: list[tuple[str, object]] = field(default_factory=list)
    references: set[str] = field(default_factory=set)
    #: Terraform: how many instances the resource block expands to (None when unknown).
    siblings: int | None = 1
    #: Terraform: top-level attributes whose unknown value is an expression of variables and locals
    #: only, keyed so that equal keys in one configuration mean equal values (see TfInstance.symbols).
    symbols: dict[str, str] = field(default_factory=dict)
    #: Where its address names one resource: a Terraform configuration (root module or plan), a
    #: CloudFormation template.
    scope: str = ""
    #: Folders whose files decide this record's values besides its own file (``Resource.context``).
    context: tuple[str, ...] = ()
    #: Tags from where the resource is declared (provider default_tags, stack tags), and which.
    inherited_tags: list[tuple[str, object]] = field(default_factory=list)
    inherited_tags_from: str = ""
    #: What decides the resource's fate besides its own settings: Terraform's ``prevent_destroy``
    #: (UNKNOWN in a plan, which does not carry lifecycle blocks); CloudFormation's
    #: ``DeletionPolicy`` and ``UpdateReplacePolicy`` resource attributes.
    meta: dict[str, object] = field(default_factory=dict)
    meta_lines: dict[str, int] = field(default_factory=dict)


class View:
    """Read a record's settings by canonical name."""

    def __init__(self, record: Record, fields: Fields) -> None:
        self.record = record
        self.fields = fields

    def path(self, name: str) -> str | None:
        return spelling(self.fields[name], self.record.format)

    def get(self, name: str) -> object:
        """The value, ``None`` when not set, ``UNKNOWN`` (or a Reference) when not knowable."""
        path = self.path(name)
        return lookup(self.record.attributes, path) if path else None

    def has(self, name: str) -> bool:
        value = self.get(name)
        return value is not None and value not in ([], {})

    def line(self, name: str) -> int:
        return self.record.lines.get(self._top(name), self.record.line)

    def _top(self, name: str) -> str:
        """The top-level setting that holds setting *name* (lines and origins are kept per top level)."""
        path = self.path(name)
        return path.split(".")[0] if path else ""

    def fact(self, name: str, value: Maybe[T], evidence: str) -> Fact[T]:
        """A fact read from setting *name*: *value*, shown as *evidence*, at the setting's line, with
        the origin of the setting's value."""
        return Fact(value, evidence, self.line(name), self.record.origins.get(self._top(name)))

    def show(self, name: str, value: object = None, default: str | None = None) -> str:
        """Evidence in the user's spelling: ``multi_az = false`` or ``MultiAZ not set (defaults to false)``."""
        path = self.path(name) or name
        shown = self.get(name) if value is None else value
        if shown is None:
            return f"{path} not set" + (f" (defaults to {default})" if default else "")
        return self.assignment(name) + render(shown, cfn=self.record.format is not Format.TERRAFORM)

    def assignment(self, name: str) -> str:
        """How the record's format writes setting *name* before its value: ``multi_az = `` or ``MultiAZ: ``."""
        path = ".".join(part for part in (self.path(name) or name).split(".") if not part.isdigit())
        return f"{path} = " if self.record.format is Format.TERRAFORM else f"{path}: "


def render(value: object, cfn: bool = False) -> str:
    """A short source-like rendering of a value."""
    if isinstance(value, bool):
        return ("true" if value else "false") if not cfn else str(value).lower()
    if isinstance(value, Reference):
        return f"{value.address}.{value.attribute}"
    if isinstance(value, Unknown):
        return "(unknown)"
    if isinstance(value, str):
        return (value or "''") if cfn else json.dumps(value)  # an empty YAML string reads ''
    return json.dumps(value, default=str) if isinstance(value, (list, dict)) else str(value)


def lookup(data: object, path: str) -> object:
    """Walk a dotted path; Terraform blocks are lists, so a missing index means "not set"."""
    current = data
    for part in path.split("."):
        if isinstance(current, Unknown):
            return UNKNOWN
        if isinstance(current, list):
            if not part.isdigit():
                # A block written once is a one-element list: step into it transparently.
                if len(current) != 1:
                    return None if not current else UNKNOWN
                current = current[0]
                if isinstance(current, Unknown):
                    return UNKNOWN
            else:
                index = int(part)
                current = current[index] if index < len(current) else None
                continue
        if not isinstance(current, dict):
            return None
        current = current.get(part)
        if current is None:
            return None
    return current


def truthy(value: object) -> bool | Unknown | None:
    """A boolean setting: ``True``/``"true"``/``"Enabled"`` style values, UNKNOWN kept, None when unset."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in {"true", "enabled", "yes"}:
            return True
        if lowered in {"false", "disabled", "no", "suspended"}:
            return False
    return UNKNOWN


def integer(value: object) -> int | Unknown | None:
    """A count setting; strings of digits count (CloudFormation often quotes numbers)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return UNKNOWN
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return UNKNOWN


def references_in(value: object, budget: int = 10_000) -> Iterator[Reference]:
    """Every Reference inside a value (bounded, values can be large)."""
    stack = [value]
    while stack and budget > 0:
        budget -= 1
        current = stack.pop()
        if isinstance(current, Reference):
            yield current
        elif isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def as_list(value: object) -> list[object] | Unknown | None:
    """A list setting (a single value counts as a one-element list)."""
    if value is None:
        return None
    if isinstance(value, Unknown) and not isinstance(value, Reference):
        return UNKNOWN
    return value if isinstance(value, list) else [value]


def tags_of(value: object) -> list[tuple[str, object]]:
    """Tags as pairs, from a map or CloudFormation's ``[{Key, Value}]`` list."""
    if isinstance(value, dict):
        return [(str(k), v) for k, v in value.items()]
    if isinstance(value, list):
        # CloudFormation [{Key, Value}], Terraform auto scaling group tag blocks [{key, value}]
        pairs = []
        for item in value:
            if isinstance(item, dict):
                key = item.get("Key", item.get("key"))
                if isinstance(key, str):
                    pairs.append((key, item.get("Value", item.get("value"))))
        return pairs
    return []


def mapping_of(value: object) -> Mapping[str, object]:
    return value if isinstance(value, dict) else {}
