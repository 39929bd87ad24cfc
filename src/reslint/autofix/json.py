"""Minimal edits to CloudFormation JSON templates: replace a value's span, or insert
``"Key": value,`` as the object's first member with the indentation of its members.

A small scanner reads the JSON with the offsets of every key and value (the standard library's
reader keeps none); the file is never re-serialised, so its indentation and key order stay.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reslint.autofix.edits import Edit, FromElsewhere, Refused, Value

if TYPE_CHECKING:
    from collections.abc import Sequence

_SCALAR = re.compile(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null')
_SPACE = re.compile(r"\s*")


@dataclass
class Node:
    """A JSON value with its span; objects keep their members' key offsets and values."""

    start: int
    end: int
    value: object = None
    members: dict[str, tuple[int, Node]] = field(default_factory=dict)
    items: list[Node] = field(default_factory=list)
    kind: str = "scalar"


def parse(text: str) -> Node:
    """The document as nodes; raises ``Refused`` for anything that is not JSON."""
    node, end = _value(text, _skip(text, 0))
    if _skip(text, end) != len(text):
        raise Refused("the template is not one JSON document")
    return node


def _skip(text: str, pos: int) -> int:
    match = _SPACE.match(text, pos)
    return match.end() if match else pos


def _value(text: str, pos: int) -> tuple[Node, int]:
    if pos >= len(text):
        raise Refused("the template ends early")
    char = text[pos]
    if char == "{":
        node = Node(pos, -1, kind="object")
        pos = _skip(text, pos + 1)
        if text.startswith("}", pos):
            node.end = pos + 1
            return node, node.end
        while True:
            key_match = _SCALAR.match(text, pos)
            if key_match is None or not key_match.group().startswith('"'):
                raise Refused("the template is not valid JSON (a key expected)")
            key = json.loads(key_match.group())
            pos = _skip(text, key_match.end())
            if not text.startswith(":", pos):
                raise Refused("the template is not valid JSON (':' expected)")
            child, pos = _value(text, _skip(text, pos + 1))
            if key in node.members:
                raise Refused(f"the key {key!r} appears twice")
            node.members[key] = (key_match.start(), child)
            pos = _skip(text, pos)
            if text.startswith(",", pos):
                pos = _skip(text, pos + 1)
                continue
            if text.startswith("}", pos):
                node.end = pos + 1
                return node, node.end
            raise Refused("the template is not valid JSON (',' or '}' expected)")
    if char == "[":
        node = Node(pos, -1, kind="array")
        pos = _skip(text, pos + 1)
        if text.startswith("]", pos):
            node.end = pos + 1
            return node, node.end
        while True:
            child, pos = _value(text, pos)
            node.items.append(child)
            pos = _skip(text, pos)
            if text.startswith(",", pos):
                pos = _skip(text, pos + 1)
                continue
            if text.startswith("]", pos):
                node.end = pos + 1
                return node, node.end
            raise Refused("the template is not valid JSON (',' or ']' expected)")
    match = _SCALAR.match(text, pos)
    if match is None:
        raise Refused("the template is not valid JSON")
    return Node(pos, match.end(), json.loads(match.group())), match.end()


def cloudformation_edits(
    text: str, logical_id: str, settings: Sequence[tuple[tuple[str, ...], Value, bool]]
) -> list[Edit]:
    """The edits that set *settings* (paths under ``Properties``) on the resource *logical_id*."""
    root = parse(text)
    resources = root.members.get("Resources", (0, Node(0, 0)))[1]
    resource = resources.members.get(logical_id, (0, Node(0, 0)))[1]
    if resource.kind != "object":
        raise Refused(f"resource {logical_id} not found in the template")
    parameters = root.members.get("Parameters", (0, Node(0, 0)))[1].members
    edits = []
    for keys, value, minimum in settings:
        edit = _set(text, resource, ("Properties", *keys), value, minimum=minimum, parameters=set(parameters))
        if edit is not None:
            edits.append(edit)
    return edits


def _set(
    text: str, node: Node, keys: tuple[str, ...], value: Value, *, minimum: bool, parameters: set[str]
) -> Edit | None:
    shown = ".".join(keys)
    for depth, key in enumerate(keys):
        if key not in node.members:
            return _insert(text, node, keys[depth:], value)
        child = node.members[key][1]
        if child.kind == "object" and len(child.members) == 1:
            function = next(iter(child.members))
            if function == "Ref" and child.members[function][1].value in parameters:
                raise FromElsewhere(
                    f"`{shown}` comes from CloudFormation parameter "
                    f"`{child.members[function][1].value}` (its Default or the values given at "
                    "deploy time), which other resources may use: change it there",
                    str(child.members[function][1].value),
                )
            if function == "Ref" or function.startswith("Fn::"):
                raise Refused(f"`{shown}` is the intrinsic function `{function}`, not a literal: change it by hand")
        if depth < len(keys) - 1:
            if child.kind != "object":
                raise Refused(f"`{'.'.join(keys[: depth + 1])}` is not an object")
            node = child
            continue
        if isinstance(value, tuple) and child.kind == "array":
            if [item.value for item in child.items] == list(value):
                return None
            if any(item.kind != "scalar" for item in child.items):
                raise Refused(f"`{shown}` is a list of objects, not of values")
            return Edit(child.start, child.end, json.dumps(list(value)))
        if child.kind != "scalar":
            raise Refused(f"`{shown}` is not a single value")
        current = child.value
        if (current == value and type(current) is type(value)) or (
            minimum
            and isinstance(current, int)
            and isinstance(value, int)
            and not isinstance(current, bool)
            and current >= value
        ):
            return None
        written = json.dumps(value)
        if isinstance(current, str) and not isinstance(value, str):
            written = json.dumps(written if not isinstance(value, bool) else str(value).lower())  # "1" stays a string
        return Edit(child.start, child.end, written)
    return None


def _insert(text: str, node: Node, keys: tuple[str, ...], value: Value) -> Edit:
    """Insert the member as the object's first, on its own line, indented like its members."""
    if node.kind != "object" or not node.members:
        raise Refused(f"cannot add `{keys[0]}` to an empty object: edit it by hand")
    first = min(start for start, _ in node.members.values())
    line_start = text.rfind("\n", 0, first) + 1
    indent = text[line_start:first]
    if indent.strip() or text.rfind("\n", node.start, first) < 0:
        raise Refused(f"cannot add `{keys[0]}`: the object is written on one line")
    opening_line = text.rfind("\n", 0, node.start) + 1
    outer = len(text[opening_line : node.start]) - len(text[opening_line : node.start].lstrip())
    unit = indent[: max(len(indent) - outer, 1)] if len(indent) > outer else "  "
    newline = "\r\n" if "\r\n" in text else "\n"
    rendered = json.dumps(value) if len(keys) == 1 else _nested(keys[1:], value, indent, unit, newline)
    return Edit(line_start, line_start, f"{indent}{json.dumps(keys[0])}: {rendered},{newline}")


def _nested(keys: tuple[str, ...], value: Value, indent: str, unit: str, newline: str) -> str:
    """``{"Status": "Enabled"}`` as an indented block below *indent*."""
    inner = indent + unit
    body = json.dumps(value) if len(keys) == 1 else _nested(keys[1:], value, inner, unit, newline)
    return "{" + newline + f"{inner}{json.dumps(keys[0])}: {body}" + newline + indent + "}"


def parameter_default_edit(text: str, name: str, value: Value, minimum: bool) -> Edit | None:
    """The edit that makes CloudFormation parameter *name*'s ``Default`` *value*; raises ``Refused``."""
    root = parse(text)
    parameters = root.members.get("Parameters", (0, Node(0, 0)))[1]
    parameter = parameters.members.get(name, (0, Node(0, 0)))[1]
    if "Default" not in parameter.members:
        raise Refused(f"parameter `{name}` has no Default: its value is given at deploy time; change it there")
    allowed = parameter.members.get("AllowedValues", (0, Node(0, 0)))[1]
    wanted = (json.dumps(value) if not isinstance(value, str) else value).lower()
    if allowed.kind == "array" and wanted not in {str(item.value).lower() for item in allowed.items}:
        raise Refused(f"parameter `{name}`'s AllowedValues do not include {wanted}: change the template by hand")
    return _set(text, parameter, ("Default",), value, minimum=minimum, parameters=set())
