"""Static evaluation of Terraform expressions (HCL Lark trees and JSON-syntax values).

Anything that is not knowable without running Terraform is UNKNOWN, and UNKNOWN
propagates through every operator and function. An attribute of a managed resource
instance that its configuration does not state is a :class:`~reslint.model.Reference`:
it passes unchanged through collections, variables, locals, module outputs and the
functions that only move values around, and becomes UNKNOWN wherever its actual value
would be needed (operators, templates with text, string functions). A definite
Terraform error raises :class:`EvalError` internally so that ``try``/``can`` can act
on it; callers use :func:`evaluate`, which turns errors into UNKNOWN.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from reslint.model import UNKNOWN, Reference, Unknown
from reslint.terraform._functions import call
from reslint.terraform._parse import (
    JsonExpr,
    Part,
    TfParseError,
    hcl_string_parts,
    heredoc_text,
    name_of,
    parse_expression,
    template_parts,
    trees,
    unescape,
)
from reslint.terraform._values import (
    EvalError,
    Namespace,
    UnkeyedResource,
    get_attr,
    has_unknown,
    index,
    is_unknown,
    iterate,
    norm_number,
    tf_equal,
    to_bool,
    to_number,
    to_string,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from reslint.terraform._parse import Expr


class Env:
    """Names visible to an expression: local bindings (for/count/each) over a module resolver."""

    __slots__ = ("bindings", "resolver")

    def __init__(self, resolver: Callable[[str], object], bindings: Mapping[str, object] | None = None) -> None:
        self.resolver = resolver
        self.bindings: Mapping[str, object] = bindings or {}

    def bind(self, names: Mapping[str, object]) -> Env:
        return Env(self.resolver, {**self.bindings, **names})

    def lookup(self, name: str) -> object:
        if name in self.bindings:
            return self.bindings[name]
        return self.resolver(name)


def _no_names(_name: str) -> object:
    return UNKNOWN


EMPTY_ENV = Env(_no_names)


def evaluate(expr: Expr, env: Env) -> object:
    """Value of *expr*; never raises (Terraform errors and runaway nesting give UNKNOWN)."""
    try:
        return _plain(ev(expr, env))
    except (EvalError, RecursionError):
        return UNKNOWN


def evaluate_text(text: str, env: Env = EMPTY_ENV) -> object:
    """Parse and evaluate one expression; raises only :class:`TfParseError`."""
    return evaluate(parse_expression(text), env)


def _plain(value: object) -> object:
    return UNKNOWN if isinstance(value, Namespace) else value


def ev(node: Expr, env: Env) -> object:
    if isinstance(node, JsonExpr):
        return _json(node.value, node.literal, env)
    handler = _HANDLERS.get(node.data)
    if handler is None:
        raise EvalError(f"unsupported expression {node.data}")
    return handler(node, env)


# ---------------------------------------------------------------- JSON syntax


def _json(value: object, literal: bool, env: Env) -> object:
    if isinstance(value, str):
        if literal or ("${" not in value and "%{" not in value):
            return value
        try:
            parts = template_parts(value)
        except TfParseError as exc:
            raise EvalError(str(exc)) from exc
        return render_template(parts, env)
    if isinstance(value, list):
        return [_json(v, literal, env) for v in value]
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for key, item in value.items():
            k = _json(key, literal, env) if "${" in key else key
            if is_unknown(k):
                return UNKNOWN
            out[to_string(k)] = _json(item, literal, env)
        return out
    if isinstance(value, float):
        return norm_number(value)
    return value


# ---------------------------------------------------------------- templates


def render_template(parts: list[Part], env: Env) -> object:
    # A template that is a single interpolation yields the value itself, not its string form.
    if len(parts) == 1 and parts[0][0] == "interp":
        return _plain(ev(parts[0][1], env))
    return _render(parts, 0, len(parts), env)


def _matching(parts: list[Part], start: int, end: int, opener: str, closer: str) -> tuple[int | None, int]:
    """Positions of the top-level ``else`` (if any) and the closer for the directive at *start*."""
    depth = 0
    middle: int | None = None
    for i in range(start + 1, end):
        kind = parts[i][0]
        if kind in ("if", "for"):
            depth += 1
        elif kind in ("endif", "endfor"):
            if depth == 0:
                if kind != closer:
                    raise EvalError(f"unexpected {kind} in template")
                return middle, i
            depth -= 1
        elif kind == "else" and depth == 0 and opener == "if":
            middle = i
    raise EvalError(f"missing {closer} in template")


def _render(parts: list[Part], start: int, end: int, env: Env) -> object:
    out: list[str] = []
    unknown = False
    i = start
    while i < end:
        part = parts[i]
        kind = part[0]
        if kind == "lit":
            out.append(part[1])
            i += 1
            continue
        if kind == "interp":
            value = ev(part[1], env)
            if has_unknown(value):
                unknown = True
            elif value is None:
                raise EvalError("null value in template")
            else:
                out.append(to_string(value))
            i += 1
            continue
        if kind == "if":
            middle, close = _matching(parts, i, end, "if", "endif")
            cond = ev(part[1], env)
            if is_unknown(cond):
                unknown = True
            else:
                then_end = middle if middle is not None else close
                chosen = (
                    _render(parts, i + 1, then_end, env)
                    if to_bool(cond)
                    else (_render(parts, middle + 1, close, env) if middle is not None else "")
                )
                if isinstance(chosen, Unknown):
                    unknown = True
                else:
                    out.append(str(chosen))
            i = close + 1
            continue
        if kind == "for":
            _, close = _matching(parts, i, end, "for", "endfor")
            key_name, value_name, coll_expr = part[1]
            coll = ev(coll_expr, env)
            if is_unknown(coll):
                unknown = True
            else:
                for key, value in iterate(coll):
                    names = {value_name: value} if key_name is None else {key_name: key, value_name: value}
                    chunk = _render(parts, i + 1, close, env.bind(names))
                    if isinstance(chunk, Unknown):
                        unknown = True
                        break
                    out.append(str(chunk))
            i = close + 1
            continue
        raise EvalError(f"unexpected {kind} in template")
    return UNKNOWN if unknown else "".join(out)


# ---------------------------------------------------------------- HCL nodes


def _expr_term(node: Any, env: Env) -> object:
    return ev(trees(node)[0], env)


def _int(node: Any, _env: Env) -> object:
    return int(str(node.children[0]))


def _float(node: Any, _env: Env) -> object:
    return norm_number(float(str(node.children[0])))


def _literal(node: Any, _env: Env) -> object:
    return {"true": True, "false": False, "null": None}[str(node.children[0])]


def _string(node: Any, env: Env) -> object:
    return render_template(hcl_string_parts(node), env)


def _template_string(node: Any, _env: Env) -> object:
    # A string inside a template directive, written with escaped quotes: \"text\".
    return unescape(str(node.children[0])[2:-2])


def _heredoc(node: Any, env: Env) -> object:
    text = heredoc_text(str(node.children[0]), trim=node.data == "heredoc_template_trim")
    try:
        parts = template_parts(text)
    except TfParseError as exc:
        raise EvalError(str(exc)) from exc
    return render_template(parts, env)


def _identifier(node: Any, env: Env) -> object:
    return env.lookup(str(node.children[0]))


def _tuple(node: Any, env: Env) -> object:
    return [_plain(ev(child, env)) for child in trees(node)]


def object_key(node: Any, env: Env) -> object:
    """Key of an object element: a bare name is literal text, anything else is evaluated."""
    inner = trees(node)[0]
    if inner.data == "keyword":
        return str(inner.children[0])
    if inner.data == "expr_term":
        sole = trees(inner)
        if len(sole) == 1 and sole[0].data in ("identifier", "literal_value") and len(inner.children) == 1:
            return str(sole[0].children[0])
    key = _plain(ev(inner, env))
    if is_unknown(key):
        return UNKNOWN
    return to_string(key)


def _object(node: Any, env: Env) -> object:
    out: dict[str, object] = {}
    unknown_key = False
    for elem in trees(node):
        key_node, value_node = trees(elem)
        key = object_key(key_node, env)
        value = _plain(ev(value_node, env))
        if isinstance(key, Unknown):
            unknown_key = True
        else:
            out[str(key)] = value
    return UNKNOWN if unknown_key else out


def _function_call(node: Any, env: Env) -> object:
    names = [c for c in trees(node) if c.data == "identifier"]
    if len(names) != 1:
        # Provider-defined functions (provider::aws::arn_parse) run provider code.
        return UNKNOWN
    name = str(names[0].children[0])
    arg_trees: list[Any] = []
    expand = False
    for child in trees(node):
        if child.data == "arguments":
            arg_trees = trees(child)
            expand = any(str(t) == "..." for t in child.children if isinstance(t, str))
    if name in ("try", "can"):
        return _try_can(name, arg_trees, env)
    args = [_plain(ev(a, env)) for a in arg_trees]
    if expand and args:
        last = args.pop()
        if is_unknown(last):
            return UNKNOWN
        if not isinstance(last, list):
            raise EvalError("argument expansion needs a list")
        args.extend(last)
    return call(name, args)


def _try_can(name: str, arg_trees: list[Any], env: Env) -> object:
    if name == "can":
        if len(arg_trees) != 1:
            raise EvalError("can() takes one argument")
        try:
            value = _plain(ev(arg_trees[0], env))
        except EvalError:
            return False
        return UNKNOWN if has_unknown(value) else True
    for arg in arg_trees:
        try:
            value = _plain(ev(arg, env))
        except EvalError:
            continue
        # Terraform cannot decide whether an unknown value will fail later, so try() is unknown too.
        # A Reference is an attribute that was read successfully: nothing later can fail, keep it.
        return UNKNOWN if is_unknown(value) and not isinstance(value, Reference) else value
    raise EvalError("no try() argument succeeded")


def _chain(node: Any, env: Env) -> object:
    base, step = trees(node)
    value = ev(base, env)
    return _step(value, step, env)


def _step(value: object, step: Any, env: Env) -> object:
    kind = step.data
    if kind == "get_attr":
        return get_attr(value, name_of(trees(step)[0]))
    if kind == "braces_index":
        return index(value, _plain(ev(trees(step)[0], env)))
    if kind == "short_index":
        return index(value, int(str(step.children[-1])))
    if kind in ("attr_splat", "full_splat"):
        steps = trees(step)
        if isinstance(value, UnkeyedResource):
            current: object = value.instance
            for s in steps:
                current = _step(current, s, env)
            return value.collective(_plain(current))
        if is_unknown(value):
            return UNKNOWN
        items = value if isinstance(value, list) else ([] if value is None else [value])
        out: list[object] = []
        for item in items:
            current = item
            for s in steps:
                current = _step(current, s, env)
            out.append(_plain(current))
        return out
    raise EvalError(f"unsupported traversal {kind}")


def _for_intro(node: Any, env: Env) -> tuple[list[str], object]:
    intro = next(c for c in trees(node) if c.data == "for_intro")
    parts = trees(intro)
    names = [str(p.children[0]) for p in parts[:-1]]
    return names, ev(parts[-1], env)


def _bind_for(names: list[str], key: object, value: object) -> dict[str, object]:
    return {names[0]: value} if len(names) == 1 else {names[0]: key, names[1]: value}


def _for_envs(node: Any, env: Env, names: list[str], coll: object) -> list[Env] | None:
    """One environment per iteration whose ``if`` condition holds; None when that is unknowable."""
    if is_unknown(coll):
        return None
    cond = next((c for c in trees(node) if c.data == "for_cond"), None)
    envs: list[Env] = []
    for key, value in iterate(coll):
        inner = env.bind(_bind_for(names, key, value))
        if cond is not None:
            ok = _plain(ev(trees(cond)[0], inner))
            if is_unknown(ok):
                return None
            if not to_bool(ok):
                continue
        envs.append(inner)
    return envs


def _for_tuple(node: Any, env: Env) -> object:
    body = next(c for c in trees(node) if c.data not in ("for_intro", "for_cond"))
    names, coll = _for_intro(node, env)
    if isinstance(coll, UnkeyedResource):
        # [for s in aws_x.y : s.id] over an unknown number of instances: like aws_x.y[*].id.
        # An `if` clause only drops some of them, so it does not change what the list holds.
        inner = env.bind(_bind_for(names, UNKNOWN, coll.instance))
        return coll.collective(_plain(ev(body, inner)))
    envs = _for_envs(node, env, names, coll)
    if envs is None:
        return UNKNOWN
    return [_plain(ev(body, e)) for e in envs]


def _for_object(node: Any, env: Env) -> object:
    envs = _for_envs(node, env, *_for_intro(node, env))
    if envs is None:
        return UNKNOWN
    key_node, value_node = [c for c in trees(node) if c.data not in ("for_intro", "for_cond")][:2]
    grouping = any(str(t) == "..." for t in node.children if isinstance(t, str))
    out: dict[str, Any] = {}
    for e in envs:
        key = _plain(ev(key_node, e))
        if is_unknown(key):
            return UNKNOWN
        k = to_string(key)
        value = _plain(ev(value_node, e))
        if grouping:
            out.setdefault(k, []).append(value)
        elif k in out:
            raise EvalError(f"duplicate key {k!r} in for expression")
        else:
            out[k] = value
    return out


def _conditional(node: Any, env: Env) -> object:
    cond_node, then_node, else_node = trees(node)
    cond = _plain(ev(cond_node, env))
    if not is_unknown(cond):
        return _plain(ev(then_node if to_bool(cond) else else_node, env))
    results = []
    for branch in (then_node, else_node):
        try:
            results.append(_plain(ev(branch, env)))
        except EvalError:
            return UNKNOWN
    a, b = results
    if not has_unknown(a) and not has_unknown(b) and tf_equal(a, b):
        return a
    return UNKNOWN


def _unary(node: Any, env: Env) -> object:
    op = str(node.children[0]).strip()
    value = _plain(ev(trees(node)[0], env))
    if is_unknown(value):
        return UNKNOWN
    if op == "!":
        return not to_bool(value)
    return norm_number(-to_number(value))


def _binary(node: Any, env: Env) -> object:
    left_node, term = trees(node)[:2]
    op_node, right_node = trees(term)[:2]
    op = str(op_node.children[0]).strip()
    left = _plain(ev(left_node, env))
    right = _plain(ev(right_node, env))
    return binary(op, left, right)


def binary(op: str, left: object, right: object) -> object:
    if op in ("&&", "||"):
        lb = None if is_unknown(left) else to_bool(left)
        rb = None if is_unknown(right) else to_bool(right)
        decisive = op == "||"  # the operand value that fixes the result whatever the other is
        if lb is decisive or rb is decisive:
            return decisive
        if lb is None or rb is None:
            return UNKNOWN
        return (lb and rb) if op == "&&" else (lb or rb)
    if op in ("==", "!="):
        if has_unknown(left) or has_unknown(right):
            return UNKNOWN
        equal = tf_equal(left, right)
        return equal if op == "==" else not equal
    if is_unknown(left) or is_unknown(right):
        return UNKNOWN
    a, b = to_number(left), to_number(right)
    if op == "<":
        return a < b
    if op == ">":
        return a > b
    if op == "<=":
        return a <= b
    if op == ">=":
        return a >= b
    if op == "+":
        return norm_number(a + b)
    if op == "-":
        return norm_number(a - b)
    if op == "*":
        return norm_number(a * b)
    if b == 0 and op in ("/", "%"):
        raise EvalError("division by zero")
    if op == "/":
        return norm_number(a / b)
    if op == "%":
        # Go's remainder (truncated division): the sign follows the dividend.
        if isinstance(a, int) and isinstance(b, int):
            r = abs(a) % abs(b)
            return -r if a < 0 else r
        return norm_number(math.fmod(a, b))
    raise EvalError(f"unsupported operator {op}")


_HANDLERS: dict[str, Callable[[Any, Env], object]] = {
    "expr_term": _expr_term,
    "int_lit": _int,
    "float_lit": _float,
    "literal_value": _literal,
    "string": _string,
    "template_string": _template_string,
    "heredoc_template": _heredoc,
    "heredoc_template_trim": _heredoc,
    "identifier": _identifier,
    "tuple": _tuple,
    "object": _object,
    "function_call": _function_call,
    "get_attr_expr_term": _chain,
    "index_expr_term": _chain,
    "attr_splat_expr_term": _chain,
    "full_splat_expr_term": _chain,
    "for_tuple_expr": _for_tuple,
    "for_object_expr": _for_object,
    "conditional": _conditional,
    "unary_op": _unary,
    "binary_op": _binary,
}
