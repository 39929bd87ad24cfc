"""The suppression syntax: ``RSL201[,RSL202] reason [until=YYYY-MM-DD]``, wherever it is written.

The engine (``suppress.py``) finds it in comments and tags; an input format that has a place of its
own for it (CloudFormation ``Metadata``) reads it with the same ``parse``.
"""

from __future__ import annotations

import re
from datetime import date

from reslint.errors import Problem
from reslint.model import Suppression

#: A rule is named by its id (RSL201) or its name (too-few-replicas); the first word is always a rule.
_RULE = r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*"
_RULES = re.compile(rf"\s*(?P<ids>{_RULE}(?:\s*,\s*{_RULE})*)(?P<rest>.*)$")
_UNTIL = re.compile(r"\buntil=(?P<date>\S+)")


def parse(text: str, file: str, line: int | None) -> Suppression | Problem:
    """``RSL201[,RSL202] reason [until=YYYY-MM-DD]`` as a suppression, or the problem with it."""
    match = _RULES.match(text)
    if match is None:
        return Problem(file, line, "reslint:ignore needs rule ids or names, a reason and optionally until=YYYY-MM-DD")
    rest = match.group("rest")
    until = None
    if (found := _UNTIL.search(rest)) is not None:
        until = found.group("date")
        try:
            date.fromisoformat(until)
        except ValueError:
            return Problem(file, line, f"reslint:ignore has an invalid date until={until} (use YYYY-MM-DD)")
        rest = rest[: found.start()] + rest[found.end() :]
    reason = " ".join(rest.replace("--", " ").split()).strip(" :-")
    # Ids are upper-cased (rsl201 is RSL201); names are matched as written, case-insensitively.
    rules = tuple(rule.strip() if "-" in rule else rule.strip().upper() for rule in match.group("ids").split(","))
    if not reason:
        return Problem(file, line, f"reslint:ignore {','.join(rules)} needs a reason")
    return Suppression(rules, reason, until, file, line)
