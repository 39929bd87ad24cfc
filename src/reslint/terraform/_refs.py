"""Static references and traversal text: what an expression names, read from its tree without
evaluating it (a resource's dependencies, a module call's ``providers``, ``ignore_changes``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from reslint.model import UNKNOWN
from reslint.terraform._eval import EMPTY_ENV, evaluate
from reslint.terraform._parse import Block, JsonExpr, TfParseError, heredoc_text, name_of, template_parts, trees
from reslint.terraform._values import is_unknown

if TYPE_CHECKING:
    from collections.abc import Iterator

_CHAINS = {"get_attr_expr_term", "index_expr_term", "attr_splat_expr_term", "full_splat_expr_term"}


def flatten_chain(node: Any) -> tuple[Any, list[Any]]:
    """The innermost base of a traversal and its steps in source order."""
    steps: list[Any] = []
    cur = node
    while True:
        if cur.data == "expr_term" and len(cur.children) == 1:
            cur = cur.children[0]
            continue
        if cur.data in _CHAINS:
            base, step = trees(cur)
            steps.append(step)
            cur = base
            continue
        break
    steps.reverse()
    return cur, steps


def _walk_refs(node: Any, out: set[tuple[str, tuple[str, ...]]]) -> None:
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, str) or not hasattr(cur, "data"):
            continue
        if cur.data in _CHAINS:
            base, steps = flatten_chain(cur)
            names: list[str] = []
            for step in steps:
                if step.data != "get_attr":
                    break
                names.append(name_of(trees(step)[0]))
            if base.data == "identifier":
                out.add((str(base.children[0]), tuple(names)))
            else:
                stack.append(base)
            stack.extend(steps)
        elif cur.data in ("heredoc_template", "heredoc_template_trim"):
            _json_refs(heredoc_text(str(cur.children[0]), cur.data == "heredoc_template_trim"), out)
        else:
            stack.extend(c for c in cur.children if not isinstance(c, str))


def _json_refs(value: object, out: set[tuple[str, tuple[str, ...]]]) -> None:
    if isinstance(value, str) and ("${" in value or "%{" in value):
        try:
            parts = template_parts(value)
        except TfParseError:
            return
        for part in parts:
            if part[0] in ("interp", "if"):
                _walk_refs(part[1], out)
            elif part[0] == "for":
                _walk_refs(part[1][2], out)
    elif isinstance(value, list):
        for v in value:
            _json_refs(v, out)
    elif isinstance(value, dict):
        for k, v in value.items():
            _json_refs(k, out)
            _json_refs(v, out)


RefSet = frozenset[tuple[str, tuple[str, ...]]]


def static_refs(expr: Any, cache: dict[int, tuple[object, RefSet]]) -> RefSet:
    """(root name, leading attribute names) of every traversal in *expr*."""
    cached = cache.get(id(expr))
    if cached is not None and cached[0] is expr:
        return cached[1]
    out: set[tuple[str, tuple[str, ...]]] = set()
    try:
        if isinstance(expr, JsonExpr):
            if not expr.literal:
                _json_refs(expr.value, out)
        else:
            _walk_refs(expr, out)
    except RecursionError:
        pass  # absurdly nested JSON: the references found so far are all we can offer
    result = frozenset(out)
    cache[id(expr)] = (expr, result)
    return result


def block_exprs(block: Block) -> Iterator[Any]:
    for attr in block.attrs.values():
        yield attr.expr
    for nested in block.blocks:
        yield from block_exprs(nested)


def provider_map(expr: Any) -> dict[str, str]:
    """A module call's ``providers = { aws = aws.west, aws.peer = aws.east }``, as text."""
    if isinstance(expr, JsonExpr):
        value = expr.value
        return {str(k): v for k, v in value.items() if isinstance(v, str)} if isinstance(value, dict) else {}
    inner = expr
    while inner.data == "expr_term" and len(inner.children) == 1:
        inner = inner.children[0]
    if inner.data != "object":
        return {}
    found: dict[str, str] = {}
    for elem in trees(inner):
        key_node, value_node = trees(elem)
        key, value = traversal_text(trees(key_node)[0]), traversal_text(value_node)
        if isinstance(key, str) and isinstance(value, str):
            found[key] = value
    return found


def lone_variable(expr: Any) -> str | None:
    """*NAME* when the expression is ``var.NAME`` and nothing more: its value is the variable's."""
    if isinstance(expr, JsonExpr):
        return None
    base, steps = flatten_chain(expr)
    if base.data != "identifier" or str(base.children[0]) != "var" or len(steps) != 1 or steps[0].data != "get_attr":
        return None
    return name_of(trees(steps[0])[0])


def identifier_text(expr: Any) -> str | None:
    base, steps = flatten_chain(expr)
    if steps or base.data != "identifier":
        return None
    return str(base.children[0])


def traversal_text(expr: Any) -> object:
    base, steps = flatten_chain(expr)
    if base.data != "identifier":
        value = evaluate(expr, EMPTY_ENV)  # legacy quoted form: ignore_changes = ["tags"]
        return value if isinstance(value, str) else UNKNOWN
    text = str(base.children[0])
    for step in steps:
        if step.data == "get_attr":
            text += "." + name_of(trees(step)[0])
        elif step.data in ("braces_index", "short_index"):
            key = evaluate(trees(step)[0], EMPTY_ENV) if step.data == "braces_index" else str(step.children[-1])
            if is_unknown(key):
                return UNKNOWN
            text += f"[{json.dumps(key)}]"
        else:
            return UNKNOWN
    return text


def traversal_list(expr: Any) -> object:
    if isinstance(expr, JsonExpr):
        return expr.value
    if identifier_text(expr) == "all":
        return "all"
    inner = expr
    while inner.data == "expr_term" and len(inner.children) == 1:
        inner = inner.children[0]
    if inner.data != "tuple":
        return UNKNOWN
    return [traversal_text(e) for e in trees(inner)]
