"""Terraform built-in functions that are knowable statically.

Functions not listed here (and every function that reads files, the clock, the
network or randomness) give UNKNOWN. Unless a function is marked *shallow*, any
unknown anywhere in its arguments (UNKNOWN or a Reference) makes the result UNKNOWN.
Shallow functions handle unknowns themselves: those that only move values around
(``concat``, ``lookup``, ``distinct``, ``one``...) carry References through unchanged.
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
from collections.abc import Callable

from reslint.model import UNKNOWN, Encoded, Reference
from reslint.terraform._values import (
    EvalError,
    Partial,
    ReferenceList,
    finalize,
    has_opaque,
    has_unknown,
    is_number,
    is_unknown,
    missing,
    norm_number,
    tf_equal,
    to_bool,
    to_number,
    to_string,
    type_name,
)

MAX_RANGE = 10_000

_FUNCS: dict[str, Fn] = {}
_SHALLOW: set[str] = set()


Fn = Callable[[list[object]], object]


def _register(name: str, shallow: bool = False) -> Callable[[Fn], Fn]:
    def deco(fn: Fn) -> Fn:
        _FUNCS[name] = fn
        if shallow:
            _SHALLOW.add(name)
        return fn

    return deco


def call(name: str, args: list[object]) -> object:
    fn = _FUNCS.get(name)
    if fn is None:
        return UNKNOWN
    if name not in _SHALLOW and any(has_unknown(a) for a in args):
        return UNKNOWN
    return fn(args)


def _arity(args: list[object], low: int, high: int | None = None) -> None:
    top = low if high is None else high
    if not low <= len(args) <= top:
        raise EvalError("wrong number of arguments")


def _list(value: object) -> list[object]:
    if isinstance(value, list):
        return value
    raise EvalError(f"a list is required, got {type_name(value)}")


def _map(value: object) -> dict[str, object]:
    if isinstance(value, dict):
        return value
    raise EvalError(f"a map is required, got {type_name(value)}")


def _int(value: object) -> int:
    number = to_number(value)
    if not isinstance(number, int):
        raise EvalError("a whole number is required")
    return number


def _distinct(items: list[object]) -> list[object]:
    out: list[object] = []
    for item in items:
        if not any(tf_equal(item, seen) for seen in out):
            out.append(item)
    return out


# ------------------------------------------------------------- collections (shallow)


@_register("length", shallow=True)
def _length(args: list[object]) -> object:
    _arity(args, 1)
    value = args[0]
    if is_unknown(value):
        return UNKNOWN
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, dict)):
        return len(value)
    raise EvalError("length() needs a collection or string")


@_register("concat", shallow=True)
def _concat(args: list[object]) -> object:
    out: list[object] = []
    for arg in args:
        if is_unknown(arg):
            return UNKNOWN
        out.extend(_list(arg))
    return out


@_register("merge", shallow=True)
def _merge(args: list[object]) -> object:
    out: dict[str, object] = {}
    for arg in args:
        if is_unknown(arg):
            return UNKNOWN
        if arg is None:
            continue
        out.update(_map(arg))
    return out


@_register("lookup", shallow=True)
def _lookup(args: list[object]) -> object:
    _arity(args, 2, 3)
    mapping, key = args[0], args[1]
    if is_unknown(mapping) or has_unknown(key):
        return UNKNOWN
    k = to_string(key)
    m = _map(mapping)
    if k in m:
        return m[k]
    if len(args) == 3:
        return args[2]
    if isinstance(m, Partial):
        return missing(m, k)
    raise EvalError(f"key {k!r} not found")


@_register("element", shallow=True)
def _element(args: list[object]) -> object:
    _arity(args, 2)
    if isinstance(args[0], ReferenceList):
        return args[0].element()  # whichever index: that attribute of one of the instances
    if is_unknown(args[0]) or has_unknown(args[1]):
        return UNKNOWN
    items = _list(args[0])
    if not items:
        raise EvalError("element() on an empty list")
    i = _int(args[1])
    if i < 0:
        raise EvalError("element() index must not be negative")
    return items[i % len(items)]


@_register("keys", shallow=True)
def _keys(args: list[object]) -> object:
    _arity(args, 1)
    if is_unknown(args[0]):
        return UNKNOWN
    return sorted(_map(args[0]))


@_register("values", shallow=True)
def _values(args: list[object]) -> object:
    _arity(args, 1)
    if is_unknown(args[0]):
        return UNKNOWN
    m = _map(args[0])
    return [m[k] for k in sorted(m)]


@_register("zipmap", shallow=True)
def _zipmap(args: list[object]) -> object:
    _arity(args, 2)
    if has_unknown(args[0]) or is_unknown(args[1]):
        return UNKNOWN
    keys, values = _list(args[0]), _list(args[1])
    if len(keys) != len(values):
        raise EvalError("zipmap() lists differ in length")
    return {to_string(k): v for k, v in zip(keys, values, strict=True)}


@_register("slice", shallow=True)
def _slice(args: list[object]) -> object:
    _arity(args, 3)
    if is_unknown(args[0]) or has_unknown(args[1]) or has_unknown(args[2]):
        return UNKNOWN
    items = _list(args[0])
    start, end = _int(args[1]), _int(args[2])
    if not 0 <= start <= end <= len(items):
        raise EvalError("slice() indices out of range")
    return items[start:end]


@_register("tolist", shallow=True)
def _tolist(args: list[object]) -> object:
    _arity(args, 1)
    if isinstance(args[0], ReferenceList):
        return args[0]
    if is_unknown(args[0]):
        return UNKNOWN
    return _list(args[0])


@_register("tomap", shallow=True)
def _tomap(args: list[object]) -> object:
    _arity(args, 1)
    if is_unknown(args[0]):
        return UNKNOWN
    return _map(args[0])


@_register("flatten", shallow=True)
def _flatten(args: list[object]) -> object:
    _arity(args, 1)
    out: list[object] = []

    def walk(value: object) -> bool:
        if type(value) is Reference:
            out.append(value)  # an attribute of a resource: taken as one element
            return True
        if is_unknown(value):
            return False  # an unknown element may itself be a list
        if isinstance(value, list):
            return all(walk(v) for v in value)
        out.append(value)
        return True

    if is_unknown(args[0]):
        return UNKNOWN
    return out if all(walk(v) for v in _list(args[0])) else UNKNOWN


@_register("coalesce", shallow=True)
def _coalesce(args: list[object]) -> object:
    for arg in args:
        if arg is None or arg == "":
            continue
        # A Reference is a resource attribute: taken as set (an opaque unknown may be null or "").
        return UNKNOWN if has_opaque(arg) else arg
    raise EvalError("coalesce() found no non-null, non-empty argument")


@_register("coalescelist", shallow=True)
def _coalescelist(args: list[object]) -> object:
    for arg in args:
        if is_unknown(arg):
            return UNKNOWN
        if _list(arg):
            return arg
    raise EvalError("coalescelist() found no non-empty list")


@_register("compact", shallow=True)
def _compact(args: list[object]) -> object:
    _arity(args, 1)
    if is_unknown(args[0]):
        return UNKNOWN
    items = _list(args[0])
    if has_opaque(items):
        return UNKNOWN  # an unknown element may be null or ""
    return [v for v in items if v is not None and v != ""]


@_register("distinct", shallow=True)
def _distinct_fn(args: list[object]) -> object:
    _arity(args, 1)
    if isinstance(args[0], ReferenceList):
        return args[0]  # the same attribute of distinct instances
    if is_unknown(args[0]) or has_opaque(args[0]):
        return UNKNOWN
    # References are equal when they name the same attribute of the same instance.
    return _distinct(_list(args[0]))


@_register("toset", shallow=True)
def _toset(args: list[object]) -> object:
    _arity(args, 1)
    if isinstance(args[0], ReferenceList):
        return args[0]  # the same attribute of distinct instances
    if is_unknown(args[0]) or has_opaque(args[0]):
        return UNKNOWN
    items = _distinct(_list(args[0]))
    # Terraform orders a set of strings lexically; other element types keep no promised order.
    if all(isinstance(v, str) for v in items):
        return sorted(items)  # type: ignore[type-var]
    return items


@_register("reverse", shallow=True)
def _reverse(args: list[object]) -> object:
    _arity(args, 1)
    if isinstance(args[0], ReferenceList):
        return args[0]
    if is_unknown(args[0]):
        return UNKNOWN
    return list(reversed(_list(args[0])))


@_register("one", shallow=True)
def _one(args: list[object]) -> object:
    _arity(args, 1)
    if is_unknown(args[0]):  # also a ReferenceList: an unknown count may be 0, and one([]) is null
        return UNKNOWN
    items = _list(args[0])
    if len(items) > 1:
        raise EvalError("one() on a list with more than one element")
    return items[0] if items else None


# ------------------------------------------------------------- collections (deep)


@_register("contains")
def _contains(args: list[object]) -> object:
    _arity(args, 2)
    return any(tf_equal(v, args[1]) for v in _list(args[0]))


@_register("sort")
def _sort(args: list[object]) -> object:
    _arity(args, 1)
    return sorted(to_string(v) for v in _list(args[0]))


@_register("sum")
def _sum(args: list[object]) -> object:
    _arity(args, 1)
    return norm_number(sum(to_number(v) for v in _list(args[0])))


@_register("alltrue")
def _alltrue(args: list[object]) -> object:
    _arity(args, 1)
    return all(to_bool(v) for v in _list(args[0]))


@_register("anytrue")
def _anytrue(args: list[object]) -> object:
    _arity(args, 1)
    return any(to_bool(v) for v in _list(args[0]))


@_register("range")
def _range(args: list[object]) -> object:
    _arity(args, 1, 3)
    nums = [to_number(a) for a in args]
    start: int | float = 0
    step: int | float = 1
    if len(nums) == 1:
        end = nums[0]
    else:
        start, end = nums[0], nums[1]
        step = nums[2] if len(nums) == 3 else (1 if end >= start else -1)
    if step == 0:
        raise EvalError("range() step must not be zero")
    count = max(0, math.ceil((end - start) / step))
    if count > MAX_RANGE:
        raise EvalError("range() too large")
    return [norm_number(start + i * step) for i in range(count)]


@_register("min")
def _min(args: list[object]) -> object:
    if not args:
        raise EvalError("min() needs arguments")
    return min(to_number(a) for a in args)


@_register("max")
def _max(args: list[object]) -> object:
    if not args:
        raise EvalError("max() needs arguments")
    return max(to_number(a) for a in args)


@_register("abs")
def _abs(args: list[object]) -> object:
    _arity(args, 1)
    return abs(to_number(args[0]))


@_register("ceil")
def _ceil(args: list[object]) -> object:
    _arity(args, 1)
    return math.ceil(to_number(args[0]))


@_register("floor")
def _floor(args: list[object]) -> object:
    _arity(args, 1)
    return math.floor(to_number(args[0]))


# ------------------------------------------------------------- conversions


@_register("tostring")
def _tostring(args: list[object]) -> object:
    _arity(args, 1)
    return None if args[0] is None else to_string(args[0])


@_register("tonumber")
def _tonumber(args: list[object]) -> object:
    _arity(args, 1)
    return None if args[0] is None else to_number(args[0])


@_register("tobool")
def _tobool(args: list[object]) -> object:
    _arity(args, 1)
    return None if args[0] is None else to_bool(args[0])


# ------------------------------------------------------------- strings


@_register("join")
def _join(args: list[object]) -> object:
    _arity(args, 2)
    return to_string(args[0]).join(to_string(v) for v in _list(args[1]))


@_register("split")
def _split(args: list[object]) -> object:
    _arity(args, 2)
    sep, text = to_string(args[0]), to_string(args[1])
    if not sep:
        raise EvalError("split() separator must not be empty")
    return text.split(sep)


@_register("upper")
def _upper(args: list[object]) -> object:
    _arity(args, 1)
    return to_string(args[0]).upper()


@_register("lower")
def _lower(args: list[object]) -> object:
    _arity(args, 1)
    return to_string(args[0]).lower()


@_register("trimspace")
def _trimspace(args: list[object]) -> object:
    _arity(args, 1)
    return to_string(args[0]).strip()


@_register("trimprefix")
def _trimprefix(args: list[object]) -> object:
    _arity(args, 2)
    return to_string(args[0]).removeprefix(to_string(args[1]))


@_register("trimsuffix")
def _trimsuffix(args: list[object]) -> object:
    _arity(args, 2)
    return to_string(args[0]).removesuffix(to_string(args[1]))


@_register("startswith")
def _startswith(args: list[object]) -> object:
    _arity(args, 2)
    return to_string(args[0]).startswith(to_string(args[1]))


@_register("endswith")
def _endswith(args: list[object]) -> object:
    _arity(args, 2)
    return to_string(args[0]).endswith(to_string(args[1]))


@_register("replace")
def _replace(args: list[object]) -> object:
    _arity(args, 3)
    text, old, new = (to_string(a) for a in args)
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        # Terraform uses Go RE2 syntax; only patterns Python reads the same way are safe.
        pattern = old[1:-1]
        if re.search(r"\(\?[<P=!]|\\[pPzZ]|\$\{", pattern) or "$" in new:
            return UNKNOWN
        try:
            return re.sub(pattern, new.replace("\\", "\\\\"), text)
        except re.error as exc:
            raise EvalError(f"invalid pattern: {exc}") from exc
    if not old:
        raise EvalError("replace() substring must not be empty")
    return text.replace(old, new)


@_register("substr")
def _substr(args: list[object]) -> object:
    _arity(args, 3)
    text = to_string(args[0])
    offset, length = _int(args[1]), _int(args[2])
    if offset < 0:
        offset += len(text)
    if offset < 0 or offset > len(text):
        raise EvalError("substr() offset out of range")
    return text[offset:] if length == -1 else text[offset : offset + max(length, 0)]


_VERB = re.compile(r"%(?:(%)|([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z]))")


@_register("format")
def _format(args: list[object]) -> object:
    if not args:
        raise EvalError("format() needs a format string")
    spec = to_string(args[0])
    values = list(args[1:])
    out: list[str] = []
    pos = 0
    used = 0
    for m in _VERB.finditer(spec):
        out.append(spec[pos : m.start()])
        pos = m.end()
        if m.group(1):
            out.append("%")
            continue
        flags, width, precision, verb = m.group(2), m.group(3), m.group(4), m.group(5)
        if used >= len(values):
            raise EvalError("format() has too few arguments")
        value = values[used]
        used += 1
        if flags not in ("", "0") or (width and verb not in "sdvf"):
            return UNKNOWN
        if verb in "sv":
            text = jsonencode(value) if isinstance(value, (list, dict)) and verb == "v" else to_string(value)
        elif verb == "d":
            text = str(_int(value))
        elif verb == "f":
            text = f"{to_number(value):.{int(precision) if precision else 6}f}"
        elif verb == "t":
            text = "true" if to_bool(value) else "false"
        elif verb == "q":
            text = json.dumps(to_string(value))
        else:
            return UNKNOWN
        if width and flags == "0" and verb in "df":
            sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
            text = sign + digits.rjust(int(width) - len(sign), "0")
        out.append(text.rjust(int(width)) if width else text)
    out.append(spec[pos:])
    return "".join(out)


# ------------------------------------------------------------- encoding and network


def jsonencode(value: object) -> str:
    if isinstance(value, float) and not is_number(value):
        raise EvalError("cannot encode")
    text = json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False, allow_nan=False)
    # Go's encoding/json escapes these for safe embedding in HTML; Terraform inherits that.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@_register("jsonencode", shallow=True)
def _jsonencode(args: list[object]) -> object:
    _arity(args, 1)
    if has_unknown(args[0]):
        # The text is unknown, but the structure it encodes can still be read (ECS container definitions).
        return Encoded(finalize(args[0]))
    try:
        return jsonencode(args[0])
    except (TypeError, ValueError) as exc:
        raise EvalError(f"jsonencode(): {exc}") from exc


def _json_numbers(value: object) -> object:
    if isinstance(value, float):
        return norm_number(value)
    if isinstance(value, list):
        return [_json_numbers(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_numbers(v) for k, v in value.items()}
    return value


@_register("jsondecode")
def _jsondecode(args: list[object]) -> object:
    _arity(args, 1)
    try:
        return _json_numbers(json.loads(to_string(args[0])))
    except (ValueError, RecursionError) as exc:
        raise EvalError(f"jsondecode(): {exc}") from exc


@_register("cidrsubnet")
def _cidrsubnet(args: list[object]) -> object:
    _arity(args, 3)
    try:
        net = ipaddress.ip_network(to_string(args[0]), strict=False)
    except ValueError as exc:
        raise EvalError(str(exc)) from exc
    newbits, netnum = _int(args[1]), _int(args[2])
    prefix = net.prefixlen + newbits
    if newbits < 0 or prefix > net.max_prefixlen or not 0 <= netnum < 2**newbits:
        raise EvalError("cidrsubnet() arguments out of range")
    base = int(net.network_address) + (netnum << (net.max_prefixlen - prefix))
    address = ipaddress.IPv6Address(base) if net.version == 6 else ipaddress.IPv4Address(base)
    return f"{address}/{prefix}"


@_register("cidrhost")
def _cidrhost(args: list[object]) -> object:
    _arity(args, 2)
    try:
        net = ipaddress.ip_network(to_string(args[0]), strict=False)
    except ValueError as exc:
        raise EvalError(str(exc)) from exc
    hostnum = _int(args[1])
    size = net.num_addresses
    if not -size <= hostnum < size:
        raise EvalError("cidrhost() host number out of range")
    return str(net[hostnum])
