"""Static evaluation of CloudFormation intrinsic functions and conditions.

Values are what a deployed template would see where that is decidable from the template and
its parameters alone; everything else (resource attributes, pseudo parameters, imports) is
UNKNOWN, and UNKNOWN propagates: a string built from an unknown part is unknown as a whole.
Conditions are three-valued (True, False, UNKNOWN). The evaluator never raises on malformed
input: a function used wrongly evaluates to UNKNOWN, as nothing can be concluded from it.
"""

from __future__ import annotations

import base64
import datetime
import json
import re
from typing import TYPE_CHECKING, Final

from reslint.model import UNKNOWN, Reference, Unknown

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Mapping

#: Deeper structures evaluate to UNKNOWN. cfn-lint's recursive constructor already rejects
#: documents nested more than about 150 levels; this keeps our own recursion far from Python's limit.
MAX_DEPTH: Final = 100
#: Work per template, in produced nodes. FindInMap and Ref copy mapping and parameter values
#: into every place that uses them, so output can outgrow the (already bounded) input.
MAX_NODES: Final = 2_000_000
#: Characters per template produced by Sub, Join, Base64 and ToJsonString, for the same reason.
MAX_CHARS: Final = 32_000_000

Truth = bool | Unknown


class _NoValue:
    """``AWS::NoValue``: the enclosing key or list item is removed."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_VALUE"


NO_VALUE: Final = _NoValue()

_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


class Evaluator:
    """Evaluates one template's values against its parameters, conditions and mappings."""

    def __init__(
        self,
        parameters: Mapping[str, object],
        conditions: Mapping[str, object],
        mappings: Mapping[str, object],
        resources: Collection[str],
    ) -> None:
        self.parameters = parameters  # name -> evaluated value (UNKNOWN when it has none)
        self.conditions = conditions
        self.mappings = mappings
        self.resources = resources
        self.nodes_left = MAX_NODES
        self.chars_left = MAX_CHARS
        self._truths: dict[str, Truth] = {}
        self._deciding: set[str] = set()
        self._functions: dict[str, Callable[[object, set[str], int], object]] = {
            "Ref": self._ref,
            "Fn::GetAtt": self._get_att,
            "Fn::Sub": self._sub,
            "Fn::Join": self._join,
            "Fn::Select": self._select,
            "Fn::GetAZs": self._get_azs,
            "Fn::Split": self._split,
            "Fn::If": self._if,
            "Fn::FindInMap": self._find_in_map,
            "Fn::Base64": self._base64,
            "Fn::Length": self._length,
            "Fn::ToJsonString": self._to_json_string,
        }

    @property
    def exhausted(self) -> bool:
        return self.nodes_left < 0 or self.chars_left < 0

    def value(self, node: object, refs: set[str]) -> object:
        """The value of *node*, or NO_VALUE; resources it refers to are added to *refs*."""
        return self._eval(node, refs, 0)

    def condition(self, name: str) -> Truth:
        """The truth of the named condition; UNKNOWN if undeclared, circular or undecidable."""
        if name in self._truths:
            return self._truths[name]
        if name in self._deciding or name not in self.conditions:
            return UNKNOWN
        self._deciding.add(name)
        truth = self._truth(self.conditions[name], 0)
        self._deciding.discard(name)
        self._truths[name] = truth
        return truth

    def _eval(self, node: object, refs: set[str], depth: int) -> object:
        self.nodes_left -= 1
        if depth > MAX_DEPTH or self.exhausted:
            return UNKNOWN
        if isinstance(node, dict):
            if len(node) == 1:
                ((key, arg),) = node.items()
                if key == "Ref" or (isinstance(key, str) and key.startswith("Fn::")):
                    return self._intrinsic(str(key), arg, refs, depth + 1)
            out: dict[str, object] = {}
            for key, item in node.items():
                value = self._eval(item, refs, depth + 1)
                if value is not NO_VALUE:
                    out[_key(key)] = value
            return out
        if isinstance(node, list):
            values = (self._eval(item, refs, depth + 1) for item in node)
            return [value for value in values if value is not NO_VALUE]
        return _scalar(node)

    def _intrinsic(self, name: str, arg: object, refs: set[str], depth: int) -> object:
        function = self._functions.get(name)
        if function is not None:
            return function(arg, refs, depth)
        # Unsupported or unknowable (GetAZs, Cidr, ImportValue, Transform, ...): its
        # arguments may still refer to resources, which the dependency graph needs.
        self._eval(arg, refs, depth)
        return UNKNOWN

    def _lookup(self, name: str, refs: set[str]) -> object:
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.parameters:
            return self._eval(self.parameters[name], refs, 0)
        if name in self.resources:
            refs.add(name)
            # Unknown until deployed, but it names the resource, so a subnet's zone can be followed.
            return Reference(name, "Ref")
        # A pseudo parameter or an undeclared name.
        return UNKNOWN

    def _ref(self, arg: object, refs: set[str], depth: int) -> object:
        name = self._eval(arg, refs, depth)
        return self._lookup(name, refs) if isinstance(name, str) else UNKNOWN

    def _get_att(self, arg: object, refs: set[str], depth: int) -> object:
        target = self._eval(arg, refs, depth)
        if isinstance(target, str):
            target = target.split(".", 1)
        if isinstance(target, list) and target and isinstance(target[0], str) and target[0] in self.resources:
            refs.add(target[0])
            attribute = target[1] if len(target) > 1 and isinstance(target[1], str) else ""
            return Reference(target[0], attribute)
        return UNKNOWN

    def _get_azs(self, arg: object, refs: set[str], depth: int) -> object:
        self._eval(arg, refs, depth)
        return AZ_LIST

    def _sub(self, arg: object, refs: set[str], depth: int) -> object:
        variables: object = {}
        if isinstance(arg, list) and len(arg) == 2:
            arg, variables = arg
        template = self._eval(arg, refs, depth)
        bound = self._eval(variables, refs, depth)
        if not isinstance(template, str) or not isinstance(bound, dict):
            return UNKNOWN
        parts: list[str] = []
        known = True
        position = 0
        for match in _SUB_VARIABLE.finditer(template):
            parts.append(template[position : match.start()])
            position = match.end()
            name = match.group(1).strip()
            if name.startswith("!"):
                parts.append("${" + match.group(1)[1:] + "}")
                continue
            if name in bound:
                value = bound[name]
            elif "." in name and name.split(".", 1)[0] in self.resources:
                refs.add(name.split(".", 1)[0])
                value = UNKNOWN
            else:
                value = self._lookup(name, refs)
            text = _text(value)
            if text is None:
                known = False
            else:
                parts.append(text)
        parts.append(template[position:])
        return self._string("".join(parts)) if known else UNKNOWN

    def _join(self, arg: object, refs: set[str], depth: int) -> object:
        args = self._eval(arg, refs, depth)
        if not (isinstance(args, list) and len(args) == 2):
            return UNKNOWN
        delimiter, items = args
        if not isinstance(delimiter, str) or not isinstance(items, list):
            return UNKNOWN
        texts = [_text(item) for item in items]
        if any(text is None for text in texts):
            return UNKNOWN
        return self._string(delimiter.join(text for text in texts if text is not None))

    def _select(self, arg: object, refs: set[str], depth: int) -> object:
        args = self._eval(arg, refs, depth)
        if not (isinstance(args, list) and len(args) == 2):
            return UNKNOWN
        index, items = args
        if isinstance(index, str) and index.isdigit():
            index = int(index)
        if type(index) is int and items == AZ_LIST and index >= 0:
            # The region's zones are unknown, but distinct indexes are distinct zones.
            return Reference(f"AWS::AZ#{index}", "ZoneName")
        if type(index) is not int or not isinstance(items, list) or not 0 <= index < len(items):
            return UNKNOWN
        return items[index]

    def _split(self, arg: object, refs: set[str], depth: int) -> object:
        args = self._eval(arg, refs, depth)
        if not (isinstance(args, list) and len(args) == 2):
            return UNKNOWN
        delimiter, source = args
        if not isinstance(delimiter, str) or not delimiter or not isinstance(source, str):
            return UNKNOWN
        parts = source.split(delimiter)
        self.nodes_left -= len(parts)
        return parts

    def _if(self, arg: object, refs: set[str], depth: int) -> object:
        if not (isinstance(arg, list) and len(arg) == 3 and isinstance(arg[0], str)):
            self._eval(arg, refs, depth)
            return UNKNOWN
        truth = self.condition(str(arg[0]))
        if truth is True:
            return self._eval(arg[1], refs, depth)
        if truth is False:
            return self._eval(arg[2], refs, depth)
        # Either branch may be deployed, so both contribute references.
        when_true = self._eval(arg[1], refs, depth)
        when_false = self._eval(arg[2], refs, depth)
        return when_true if _same(when_true, when_false) else UNKNOWN

    def _find_in_map(self, arg: object, refs: set[str], depth: int) -> object:
        if not (isinstance(arg, list) and len(arg) in (3, 4)):
            self._eval(arg, refs, depth)
            return UNKNOWN
        keys = [self._eval(key, refs, depth) for key in arg[:3]]
        default: object = UNKNOWN
        if len(arg) == 4:
            options = arg[3]
            if isinstance(options, dict) and "DefaultValue" in options:
                default = options["DefaultValue"]
        found: object = self.mappings
        for key in keys:
            text = _text(key)
            if text is None:
                return UNKNOWN
            found = _entry(found, text)
        return self._eval(default if found is _MISSING else found, refs, depth)

    def _base64(self, arg: object, refs: set[str], depth: int) -> object:
        value = self._eval(arg, refs, depth)
        if not isinstance(value, str):
            return UNKNOWN
        return self._string(base64.b64encode(value.encode("utf-8")).decode("ascii"))

    def _length(self, arg: object, refs: set[str], depth: int) -> object:
        value = self._eval(arg, refs, depth)
        return len(value) if isinstance(value, list) else UNKNOWN

    def _to_json_string(self, arg: object, refs: set[str], depth: int) -> object:
        value = self._eval(arg, refs, depth)
        if not isinstance(value, (dict, list)) or _contains_unknown(value):
            return UNKNOWN
        return self._string(json.dumps(value, separators=(",", ":")))

    def _string(self, text: str) -> object:
        self.chars_left -= len(text)
        return UNKNOWN if self.exhausted else text

    def _truth(self, node: object, depth: int) -> Truth:
        self.nodes_left -= 1
        if depth > MAX_DEPTH or self.exhausted:
            return UNKNOWN
        if isinstance(node, bool):
            return node
        if not (isinstance(node, dict) and len(node) == 1):
            return UNKNOWN
        ((function, arg),) = node.items()
        if function == "Condition":
            return self.condition(arg) if isinstance(arg, str) else UNKNOWN
        if not isinstance(arg, list):
            return UNKNOWN
        if function == "Fn::Equals" and len(arg) == 2:
            # Conditions cannot refer to resources, so references found here are irrelevant.
            left, right = (_canonical(self._eval(side, set(), depth + 1)) for side in arg)
            if isinstance(left, Unknown) or isinstance(right, Unknown):
                return UNKNOWN
            return bool(left == right)
        if function == "Fn::Not" and len(arg) == 1:
            truth = self._truth(arg[0], depth + 1)
            return truth if isinstance(truth, Unknown) else not truth
        if function in ("Fn::And", "Fn::Or") and arg:
            decisive: bool = function == "Fn::Or"  # the value that settles the whole: True for Or
            truths = [self._truth(item, depth + 1) for item in arg]
            if any(truth is decisive for truth in truths):
                return decisive
            return UNKNOWN if any(isinstance(truth, Unknown) for truth in truths) else not decisive
        return UNKNOWN


_MISSING: Final = object()
#: What ``Fn::GetAZs`` gives: the region's zones, unknown by name (``Fn::Select`` turns an index into one).
AZ_LIST: Final = Reference("AWS::AZs", "ZoneNames")


def _entry(container: object, key: str) -> object:
    """``container[key]`` for a decoded mapping whose keys may not be strings (YAML ``80:``)."""
    if not isinstance(container, dict):
        return _MISSING
    if key in container:
        return container[key]
    return next((value for name, value in container.items() if _key(name) == key), _MISSING)


def _key(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _scalar(node: object) -> object:
    if isinstance(node, str):
        return str(node)  # a plain str, not cfn-lint's str_node
    if node is None or isinstance(node, (bool, int, float)):
        return node
    if isinstance(node, datetime.date):
        # Unquoted YAML dates (``AWSTemplateFormatVersion: 2010-09-09``) are strings to CloudFormation.
        return node.isoformat()
    return UNKNOWN


def _text(value: object) -> str | None:
    """*value* as it appears inside a string (Sub, Join), or None when it cannot be known."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def _canonical(value: object) -> object:
    """A comparable form for Fn::Equals, which compares scalars as CloudFormation's strings."""
    text = _text(value)
    if text is not None:
        return text
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        return UNKNOWN if any(isinstance(item, Unknown) for item in items) else items
    return UNKNOWN


def _same(left: object, right: object) -> bool:
    """Equal and free of UNKNOWN, so that Fn::If's result does not depend on the condition."""
    if _contains_unknown(left) or _contains_unknown(right):
        return False
    return type(left) is type(right) and left == right


def _contains_unknown(value: object) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(_contains_unknown(item) for item in value.values())
    if isinstance(value, list):
        return any(_contains_unknown(item) for item in value)
    return False
