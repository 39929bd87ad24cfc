"""What an editor returns: replacements of spans of a file's text, or the reason it will not edit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable


#: A value an editor writes: a scalar, or a list of strings (``zones = ["1", "2", "3"]``).
Value = bool | int | str | tuple[str, ...]


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with *new* (an insertion when start == end)."""

    start: int
    end: int
    new: str


class Refused(Exception):
    """The editor will not make this change; the message says why and what to do instead."""


class FromElsewhere(Refused):
    """The value is not written on the resource but taken from *name*: a Terraform variable
    (``var.NAME``) or a CloudFormation parameter (``!Ref NAME``); ``origin.py`` may edit it there."""

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message)
        self.name = name


def apply(text: str, edits: Iterable[Edit]) -> str:
    """*text* with *edits* made; they must not overlap (``clashes``), and insertions at one place
    go in the order given."""
    out = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):  # stable: insertions keep their order
        out.append(text[pos : edit.start])
        out.append(edit.new)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


def clashes(edits: Iterable[Edit], others: Iterable[Edit]) -> bool:
    """Whether an edit of *edits* replaces text that one of *others* replaces or inserts into."""
    theirs = list(others)
    return any(
        (mine.start < other.end and other.start < mine.end)
        or (mine.start == mine.end and other.start < mine.start < other.end)
        or (other.start == other.end and mine.start < other.start < mine.end)
        for mine in edits
        for other in theirs
    )


def line_start(text: str, line: int) -> int:
    """The offset of the first character of 1-based *line*."""
    offset = 0
    for _ in range(line - 1):
        found = text.find("\n", offset)
        if found < 0:
            return len(text)
        offset = found + 1
    return offset
