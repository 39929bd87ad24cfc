"""The problems reslint reports and the exceptions it raises on purpose; anything else escaping is a bug."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Problem:
    """A file that could not be read or parsed (an error) or was deliberately skipped (a notice);
    ``line`` is 1-based, None when the position is not known."""

    file: str
    line: int | None
    message: str


class ReslintError(Exception):
    """Base class: a problem the user can act on, reported without a traceback (exit 2)."""


class UsageError(ReslintError):
    """Bad command-line arguments or configuration."""


class PluginError(ReslintError):
    """A plugin could not be loaded or provides something invalid."""


class ParseError(ReslintError):
    """A selected file could not be read or parsed."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class SkipFile(Exception):
    """A selected file that is deliberately not linted (a Helm template); ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
