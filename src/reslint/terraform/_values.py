"""Terraform value semantics on plain Python values, with UNKNOWN for what is not knowable.

A :class:`~reslint.model.Reference` is an unknown too (every ``is_unknown``/``has_unknown``
test counts it), but the structural operations here (attribute access on a resource
object, indexing, moving values into lists and maps) produce and carry it unchanged.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING

from reslint.model import UNKNOWN, Reference, Unknown

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


class ResourceObject(Partial):
    """The value of one managed resource instance: the arguments its configuration states.

    An attribute it does not state (``id``, ``arn``), or states as null (which in Terraform is
    not setting it: the provider may compute it) or with a value that cannot be known, reads
    as ``Reference(address, name)``.
    """

    __slots__ = ("address",)

    def __init__(self, values: dict[str, object], address: str) -> None:
        super().__init__(values)
        self.address = address


class ReferenceList(Reference):
    """The list of one attribute of every instance of a resource whose count is unknown
    (``aws_subnet.private[*].id``): a list of unknown length whose every element is
    ``Reference(address, attribute)`` with the un-keyed address.

    It is a Reference (equal to the plain one, and finalized to it) so that whoever reads the
    attribute can follow it; inside the evaluator it is told apart so that no function
    takes it for a single element (``flatten``, ``length``) while ``element`` and indexing
    give the element Reference.
    """

    __slots__ = ()

    def element(self) -> Reference:
        return Reference(self.address, self.attribute)


class UnkeyedResource(Namespace):
    """All instances of a resource whose ``count``/``for_each`` is unknown, as one instance.

    Any index selects :attr:`instance` (addressed without a key, like the one instance the
    loader emits); a splat or ``for`` expression over it that reads an attribute of each
    instance gives a :class:`ReferenceList` to the un-keyed address.
    Used as a value in any other way it is UNKNOWN.
    """

    __slots__ = ("instance",)

    def __init__(self, instance: ResourceObject) -> None:
        self.instance = instance

    def get(self, name: str) -> object:
        return UNKNOWN  # a counted resource has no attributes of its own

    def collective(self, value: object) -> object:
        """*value*, read from :attr:`instance`, as the value for all instances: a Reference to
        this resource stands for the list of them; anything else (a stated constant repeated
        an unknown number of times) is UNKNOWN."""
        if type(value) is Reference and value.address == self.instance.address:
            return ReferenceList(value.address, value.attribute)
        return UNKNOWN


def is_unknown(value: object) -> bool:
    """True for UNKNOWN, a Reference and a namespace used as a value."""
    return isinstance(value, (Unknown, Namespace))


def has_unknown(value: object) -> bool:
    """True when an unknown value (UNKNOWN, a Reference) occurs anywhere inside *value*."""
    return _contains_unknown(value, pass_references=False)


def has_opaque(value: object) -> bool:
    """True when an unknown other than a single Reference occurs inside *value*: something
    that may be null or a list of any length, which a function moving values cannot pass on."""
    return _contains_unknown(value, pass_references=True)


def _contains_unknown(value: object, *, pass_references: bool) -> bool:
    stack = [value]
    while stack:
        v = stack.pop()
        if pass_references and type(v) is Reference:
            continue
        if isinstance(v, (Unknown, Namespace)):
            return True
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


def missing(container: Partial, name: str) -> object:
    """Value of an attribute that a Partial does not list."""
    if isinstance(container, ResourceObject):
        return Reference(container.address, name)
    return UNKNOWN


def finalize(value: object) -> object:
    """Plain data for a TfInstance: namespaces become UNKNOWN, Partial becomes dict,
    References stay."""
    if isinstance(value, Namespace):
        return UNKNOWN
    if isinstance(value, ReferenceList):
        return value.element()
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
    if isinstance(container, UnkeyedResource):
        return container.instance  # whatever the key, it is one of the instances
    if isinstance(container, ReferenceList):
        return container.element()
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
            return missing(container, k) if isinstance(key, str) else UNKNOWN
        raise EvalError(f"key {k!r} does not exist")
    if isinstance(container, Namespace):
        return UNKNOWN
    raise EvalError(f"cannot index {type_name(container)}")


def get_attr(container: object, name: str) -> object:
    if isinstance(container, Namespace):
        return container.get(name)
    if isinstance(container, Unknown):
        return UNKNOWN
    if isinstance(container, dict):
        if name in container:
            return container[name]
        if isinstance(container, Partial):
            return missing(container, name)
        raise EvalError(f"unsupported attribute {name!r}")
    raise EvalError(f"cannot read attribute {name!r} of {type_name(container)}")
