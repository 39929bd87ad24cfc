"""Instance expansion: the instances ``count`` or ``for_each`` give a resource or a module call."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reslint.model import UNKNOWN
from reslint.terraform._eval import evaluate
from reslint.terraform._values import EvalError, Partial, has_unknown, is_unknown, to_number

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.terraform._eval import Env
    from reslint.terraform._parse import Block

MAX_INSTANCES_PER_RESOURCE = 10_000


@dataclass
class Item:
    """One instance of an expanded resource or module call."""

    key: object  # None (no count/for_each), int, str, or UNKNOWN
    suffix: str
    bindings: dict[str, object]


@dataclass
class Expansion:
    kind: str  # "single" | "count" | "for_each" | "unknown"
    items: list[Item]


def key_suffix(key: object) -> str:
    return f"[{key}]" if isinstance(key, int) else f"[{json.dumps(key, ensure_ascii=False)}]"


def expand_block(block: Block, env: Env, error: Callable[[str, int | None, str], None]) -> Expansion:
    """The instances of *block* in *env*; an invalid ``count`` or ``for_each`` goes to *error*."""
    unknown = Expansion("unknown", [Item(UNKNOWN, "", {"count": Partial(), "each": Partial()})])
    count_attr, each_attr = block.attrs.get("count"), block.attrs.get("for_each")
    if count_attr is None and each_attr is None:
        return Expansion("single", [Item(None, "", {})])
    if count_attr is not None and each_attr is not None:
        error(block.file, block.line, "count and for_each cannot both be set")
        return unknown
    if count_attr is not None:
        value = evaluate(count_attr.expr, env)
        if has_unknown(value):
            return unknown
        try:
            count = to_number(value)
        except EvalError:
            count = -1
        if not isinstance(count, int) or count < 0:
            error(block.file, count_attr.line, f"invalid count value {value!r}")
            return unknown
        if not _within_limits(error, block, count):
            return unknown
        return Expansion("count", [Item(i, f"[{i}]", {"count": {"index": i}}) for i in range(count)])
    assert each_attr is not None
    value = evaluate(each_attr.expr, env)
    if is_unknown(value):
        return unknown
    pairs: list[tuple[str, object]]
    if isinstance(value, dict):
        pairs = [(k, value[k]) for k in sorted(value)]
    elif isinstance(value, list):
        if has_unknown(value):
            return unknown
        if not all(isinstance(v, str) for v in value):
            error(block.file, each_attr.line, "for_each needs a map or a set of strings")
            return unknown
        pairs = [(v, v) for v in sorted({str(v) for v in value})]
    else:
        error(block.file, each_attr.line, f"invalid for_each value {value!r}")
        return unknown
    if not _within_limits(error, block, len(pairs)):
        return unknown
    return Expansion("for_each", [Item(k, key_suffix(k), {"each": {"key": k, "value": v}}) for k, v in pairs])


def _within_limits(error: Callable[[str, int | None, str], None], block: Block, count: int) -> bool:
    if count > MAX_INSTANCES_PER_RESOURCE:
        error(block.file, block.line, f"more than {MAX_INSTANCES_PER_RESOURCE} instances; not expanded")
        return False
    return True
