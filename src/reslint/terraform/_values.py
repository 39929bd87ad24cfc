"""Terraform value semantics on plain Python values, with UNKNOWN for what is not knowable."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING

from reslint.model import UNKNOWN

if TYPE_CHECKING:
    from collections.abc import Iterator


class EvalError(Exception):
    """Terraform itself would report an error: ``try``/``can`` catch it, elsewhere the value is UNKNOWN."""


class Namespace:
    """A lazily resolved name such as ``var``, ``module`` or a resource type.

    Only attribute access is meaningful on it; used as a value it is UNKNOWN.
    """

    def get(self, name: str) -> object:
        raise NotImplementedError


class Partial(dict[str, object]):
    """An object whose unlisted attributes are unknown (a resource's computed attributes,
    a variable whose object type fills in optional attributes we do not model)."""


def is_unknown(value: object) -> bool:
    return value is UNKNOWN or isinstance(value, Namespace)


def has_unknown(value: object) -> bool:
    """True when UNKNOWN occurs anywhere inside *value*."""
    stack = [value]
    while stack:
        v = stack.pop()
        if v is UNKNOWN or isinstance(v, Namespace):
            return True
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


def finalize(value: object) -> object:
    """Plain data for a TfInstance: namespaces become UNKNOWN, Partial becomes dict."""
    if isinstance(value, Namespace):
        return UNKNOWN
    if isinstance(value, dict):
        return {str(k): finalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finalize(v) for v in value]
    return value


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def norm_number(value: float) -> int | float:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise EvalError("number out of range")
        if value.is_integer() and abs(value) < 2**63:
            return int(value)
    return value


def to_number(value: object) -> int | float:
    if is_number(value):
        return norm_number(value)  # type: ignore[arg-type]
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            return norm_number(float(text))
        except ValueError:
            pass
    raise EvalError(f"a number is required, got {type_name(value)}")


def to_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    raise EvalError(f"a bool is required, got {type_name(value)}")


def format_number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text[:-2] if text.endswith(".0") else text


def to_string(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return format_number(value)  # type: ignore[arg-type]
    raise EvalError(f"a string is required, got {type_name(value)}")


def type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return "unknown"


def tf_equal(a: object, b: object) -> bool:
    """Terraform equality: no bool/number coercion (unlike Python's ``True == 1``)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if is_number(a) and is_number(b):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(tf_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(tf_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def iterate(collection: object) -> Iterator[tuple[object, object]]:
    """(key, value) pairs as a ``for`` expression sees them: maps in lexical key order."""
    if isinstance(collection, list):
        yield from enumerate(collection)
    elif isinstance(collection, dict):
        for key in sorted(collection):
            yield key, collection[key]
    else:
        raise EvalError(f"cannot iterate over {type_name(collection)}")


def index(container: object, key: object) -> object:
    if is_unknown(container) or is_unknown(key):
        return UNKNOWN
    if isinstance(container, list):
        i = to_number(key)
        if not isinstance(i, int) or i < 0 or i >= len(container):
            raise EvalError("index out of range")
        return container[i]
    if isinstance(container, dict):
        k = to_string(key)
        if k in container:
            return container[k]
        if isinstance(container, Partial):
            return UNKNOWN
        raise EvalError(f"key {k!r} does not exist")
    if isinstance(container, Namespace):
        return UNKNOWN
    raise EvalError(f"cannot index {type_name(container)}")


def get_attr(container: object, name: str) -> object:
    if isinstance(container, Namespace):
        return container.get(name)
    if container is UNKNOWN:
        return UNKNOWN
    if isinstance(container, dict):
        if name in container:
            return container[name]
        if isinstance(container, Partial):
            return UNKNOWN
        raise EvalError(f"unsupported attribute {name!r}")
    raise EvalError(f"cannot read attribute {name!r} of {type_name(container)}")
