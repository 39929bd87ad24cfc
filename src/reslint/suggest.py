"""Hints of the "did you mean" kind for names a user typed: rule ids and names, flags, commands, config keys."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to *word* (case-insensitive), or None when nothing is close enough."""
    by_folded = {choice.casefold(): choice for choice in sorted(choices)}
    close = difflib.get_close_matches(word.casefold(), by_folded, n=1, cutoff=0.6)
    return by_folded[close[0]] if close else None


def hint(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'X'?"`` to append to an error message, or ``""``."""
    match = did_you_mean(word, choices)
    return f"; did you mean {match!r}?" if match else ""
