"""Variables: type constraints, values from tfvars files, ``--var-file`` and ``--var``."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from reslint.model import UNKNOWN
from reslint.terraform._eval import EMPTY_ENV, Env, evaluate
from reslint.terraform._parse import Attr, JsonExpr, TfParseError, name_of, parse_expression, trees
from reslint.terraform._refs import identifier_text
from reslint.terraform._values import (
    EvalError,
    Namespace,
    Partial,
    ResourceObject,
    has_unknown,
    to_bool,
    to_number,
    to_string,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.terraform._modules import ModuleDef
    from reslint.terraform._state import Loader


def as_partial(value: object) -> object:
    """*value* with its objects partial: attributes they do not state are unknown, not absent."""
    if isinstance(value, ResourceObject):
        return value  # already partial, and its unstated attributes are References
    if isinstance(value, dict):
        return Partial({k: as_partial(v) for k, v in value.items()})
    if isinstance(value, list):
        return [as_partial(v) for v in value]
    return value


def type_kind(attr: Attr | None) -> str | None:
    """'string' | 'number' | 'bool' for primitive constraints, 'object' when optional attributes may be filled in."""
    if attr is None:
        return None
    expr = attr.expr
    if isinstance(expr, JsonExpr):
        text = str(expr.value)
        if text in ("string", "number", "bool"):
            return text
        return "object" if "object(" in text else None
    name = identifier_text(expr)
    if name in ("string", "number", "bool"):
        return name
    stack = [expr]
    while stack:
        cur = stack.pop()
        if isinstance(cur, str) or not hasattr(cur, "data"):
            continue
        if cur.data == "function_call" and name_of(trees(cur)[0]) == "object":
            return "object"
        stack.extend(c for c in cur.children if not isinstance(c, str))
    return None


def convert(value: object, type_attr: Attr | None) -> object:
    kind = type_kind(type_attr)
    if kind is None or value is None or (has_unknown(value) and kind != "object"):
        return value
    try:
        if kind == "string":
            return to_string(value)
        if kind == "number":
            return to_number(value)
        if kind == "bool":
            return to_bool(value)
    except EvalError:
        return UNKNOWN
    # Object types drop undeclared attributes and fill optional ones we do not model: never guess them.
    return as_partial(value)


# ------------------------------------------------------------------ root variables


def cli_value(text: str, type_attr: Attr | None) -> object:
    if type_kind(type_attr) in ("string", "number", "bool"):
        return text
    try:
        expr = parse_expression(text)
    except TfParseError:
        return text

    def refuse(_name: str) -> object:
        raise EvalError("not a literal")

    try:
        from reslint.terraform._eval import ev

        value = ev(expr, Env(refuse))
    except (EvalError, RecursionError):
        return text
    return text if isinstance(value, Namespace) or has_unknown(value) else value


def _same(value: object) -> object:
    return value


def root_provided(
    loader: Loader, defn: ModuleDef, tfvars: list[str]
) -> tuple[dict[str, Callable[[], object]], dict[str, str]]:
    """The root module's variables given values outside it, and where each value is set (the last
    variables file that sets it, at its line, or ``--var``)."""
    provided: dict[str, Callable[[], object]] = {}
    origins: dict[str, str] = {}

    def auto_order(path: str) -> tuple[int, str]:
        base = Path(path).name
        return (0 if base.startswith("terraform.tfvars") else 1, base)

    auto = sorted(
        (
            p
            for p in tfvars
            if Path(p).name in ("terraform.tfvars", "terraform.tfvars.json")
            or p.endswith((".auto.tfvars", ".auto.tfvars.json"))
        ),
        key=auto_order,
    )
    for path in [*auto, *loader.var_files]:
        parsed = loader.parse(path)
        if parsed is None:
            continue
        for name, attr in parsed.attrs.items():
            provided[name] = partial(evaluate, attr.expr, EMPTY_ENV)
            origins[name] = f"{path}:{attr.line}"
    for name, text in loader.variables.items():
        block = defn.variables.get(name)
        value = cli_value(text, block.attrs.get("type") if block is not None else None)
        provided[name] = partial(_same, value)
        origins[name] = f"--var {name}"
    return provided, origins
