"""Minimal edits to YAML (Kubernetes manifests, CloudFormation templates with short-form
intrinsics such as ``!Ref``).

ruamel.yaml's round-trip loader reads the file (comments, anchors, merge keys and unknown tags
kept as such) and says where each key and value starts; the edit then replaces that one scalar's
text, or inserts one line below the parent key, with the mapping's own indentation. The file is
never dumped again: a dump re-indents sequences and re-wraps long lines, while a splice leaves
every byte outside the edit as written, in every document of a multi-document file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from reslint.autofix.edits import Edit, FromElsewhere, Refused, Value, line_start

if TYPE_CHECKING:
    from collections.abc import Sequence

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./-]*")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def load_all(text: str) -> list[Any]:
    """Every document of *text* as ruamel round-trip nodes; raises :class:`Refused`."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return list(YAML(typ="rt").load_all(text))
    except YAMLError as exc:
        raise Refused(f"the file cannot be read for editing: {str(exc).splitlines()[0]}") from exc


def kubernetes_edits(
    text: str,
    kind: str,
    name: str,
    namespace: str | None,
    settings: Sequence[tuple[tuple[str, ...], Value, bool]],
) -> list[Edit]:
    """The edits that set *settings* (paths from the object's top) on the object *kind*/*name*."""
    return _edits(text, document(text, kind, name, namespace), None, settings)


def document(text: str, kind: str, name: str, namespace: str | None) -> Any:
    """The document of the object *kind*/*name* (round-trip nodes); raises ``Refused``."""
    from ruamel.yaml.comments import CommentedMap

    found = [
        doc
        for doc in load_all(text)
        if isinstance(doc, CommentedMap)
        and doc.get("kind") == kind
        and isinstance(doc.get("metadata"), CommentedMap)
        and doc["metadata"].get("name") == name
        and (namespace is None or doc["metadata"].get("namespace") in (namespace, None))
    ]
    if len(found) != 1:
        raise Refused(f"the object {kind}/{name} is not one document of its own in this file (a List, or rendered)")
    return found[0]


def unit_of(doc: Any) -> int:
    """The document's indentation step: the column of its ``spec`` (or ``metadata``) keys."""
    from ruamel.yaml.comments import CommentedMap

    for key in ("spec", "metadata"):
        mapping = doc.get(key)
        if isinstance(mapping, CommentedMap) and not mapping.fa.flow_style() and mapping._ok:
            column = int(mapping.lc.key(next(iter(mapping._ok)))[1])
            if column > 0:
                return column
    return 2


def plain(value: str) -> str:
    """*value* as a YAML string: plain when it reads back as this very string
    (``app.kubernetes.io/name``), else double-quoted (``"1"``, ``"on"``)."""
    import json

    from ruamel.yaml import YAML

    if _LABEL.fullmatch(value) and value.lower() not in _YAML11_WORDS:
        try:
            if YAML(typ="safe", pure=True).load(value) == value:
                return value
        except Exception:  # anything that does not read back plainly is quoted
            pass
    return json.dumps(value)


def cloudformation_edits(
    text: str, logical_id: str, settings: Sequence[tuple[tuple[str, ...], Value, bool]]
) -> list[Edit]:
    """The edits that set *settings* (paths under ``Properties``) on the resource *logical_id*."""
    from ruamel.yaml.comments import CommentedMap

    docs = load_all(text)
    if len(docs) != 1 or not isinstance(docs[0], CommentedMap):
        raise Refused("a template is one YAML document")
    resources = docs[0].get("Resources")
    resource = resources.get(logical_id) if isinstance(resources, CommentedMap) else None
    if not isinstance(resource, CommentedMap):
        raise Refused(f"resource {logical_id} not found in the template")
    parameters = docs[0].get("Parameters")
    known = set(parameters) if isinstance(parameters, CommentedMap) else set()
    prefixed = [(("Properties", *keys), value, minimum) for keys, value, minimum in settings]
    return _edits(text, resource, resources.lc.key(logical_id)[0], prefixed, known)


def parameter_default_edit(text: str, name: str, value: Value, minimum: bool) -> Edit | None:
    """The edit that makes CloudFormation parameter *name*'s ``Default`` *value*; raises ``Refused``."""
    from ruamel.yaml.comments import CommentedMap

    docs = load_all(text)
    parameters = docs[0].get("Parameters") if len(docs) == 1 and isinstance(docs[0], CommentedMap) else None
    parameter = parameters.get(name) if isinstance(parameters, CommentedMap) else None
    if (
        not isinstance(parameters, CommentedMap)
        or not isinstance(parameter, CommentedMap)
        or "Default" not in parameter
    ):
        raise Refused(f"parameter `{name}` has no Default: its value is given at deploy time; change it there")
    allowed = parameter.get("AllowedValues")
    wanted = _scalar(value).strip('"').lower()
    if isinstance(allowed, list) and wanted not in {str(v).lower() for v in allowed}:
        raise Refused(f"parameter `{name}`'s AllowedValues do not include {wanted}: change the template by hand")
    lines = text.split("\n")
    return _set(
        text, lines, parameter, parameters.lc.key(name)[0], ("Default",), value=value, minimum=minimum, parameters=None
    )


def _edits(
    text: str,
    top: Any,
    top_line: int | None,
    settings: Sequence[tuple[tuple[str, ...], Value, bool]],
    parameters: set[str] | None = None,
) -> list[Edit]:
    lines = text.split("\n")
    edits = []
    for keys, value, minimum in settings:
        edit = _set(text, lines, top, top_line, keys, value=value, minimum=minimum, parameters=parameters)
        if edit is not None:
            edits.append(edit)
    return edits


def _set(
    text: str,
    lines: list[str],
    mapping: Any,
    parent_line: int | None,
    keys: tuple[str, ...],
    *,
    value: Value,
    minimum: bool,
    parameters: set[str] | None,
) -> Edit | None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    path: list[str] = []
    for depth, key in enumerate(keys):
        path.append(key)
        shown = ".".join(path)
        if key in mapping and key not in mapping._ok:
            raise Refused(f"`{shown}` comes from a merged anchor (`<<:`), which other objects share: edit it there")
        if key not in mapping:
            return _insert(text, lines, mapping, parent_line, keys[depth:], value=value)
        current = mapping[key]
        if depth < len(keys) - 1:
            if not isinstance(current, CommentedMap):
                try:
                    reason = _origin(shown, current, parameters)
                except FromElsewhere as exc:  # a whole mapping from a parameter is not a value to edit
                    reason = str(exc)
                raise Refused(reason or f"`{shown}` is not a mapping")
            if current.fa.flow_style():
                raise Refused(f"`{shown}` is a flow mapping (`{{...}}`): edit it by hand")
            if current.anchor.value:
                raise Refused(f"`{shown}` is anchored (`&{current.anchor.value}`) and may be used elsewhere")
            parent_line = mapping.lc.key(key)[0]
            mapping = current
            continue
        if isinstance(value, tuple) and isinstance(current, CommentedSeq) and not getattr(current.tag, "value", None):
            return None if list(current) == list(value) else _replace_list(text, lines, mapping, key, value)
        reason = _origin(shown, current, parameters)
        if reason:
            raise Refused(reason)
        if (current == value and type(current) is type(value)) or (
            minimum
            and isinstance(current, int)
            and isinstance(value, int)
            and not isinstance(current, bool)
            and current >= value
        ):
            return None
        return _replace(text, lines, mapping, key, shown=shown, value=value)
    return None


def _origin(shown: str, current: Any, parameters: set[str] | None) -> str | None:
    """Why a value that is not a plain literal is not edited, naming where it comes from."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    tag = getattr(current, "tag", None)
    tag_name = str(getattr(tag, "value", None) or "") if tag is not None else ""
    if isinstance(current, CommentedMap) and len(current) == 1:
        only = next(iter(current))
        tag_name, current = (f"!{only}" if only == "Ref" else f"!{only.removeprefix('Fn::')}"), current[only]
    if tag_name == "!Ref" and parameters is not None and str(current) in parameters:
        raise FromElsewhere(
            f"`{shown}` comes from CloudFormation parameter `{current}` (its Default or the values "
            "given at deploy time), which other resources may use: change it there",
            str(current),
        )
    if tag_name and tag_name.startswith("!"):
        return f"`{shown}` is the intrinsic function `{tag_name}`, not a literal: change it by hand"
    if isinstance(current, CommentedMap | CommentedSeq):
        return f"`{shown}` is a {'mapping' if isinstance(current, CommentedMap) else 'list'}, not a value"
    return None


def _replace(text: str, lines: list[str], mapping: Any, key: str, *, shown: str, value: Value) -> Edit:
    from ruamel.yaml import YAML

    line, column = mapping.lc.value(key)
    if (line, column) < tuple(mapping.lc.key(key)):
        raise Refused(f"`{shown}` is an alias of an anchored value: other places share it")
    written = lines[line][column:]
    comment = re.search(r"\s#", written)
    token = (written[: comment.start()] if comment else written).rstrip()
    if token.startswith(("*", "&")):
        raise Refused(f"`{shown}` is an {'alias' if token[0] == '*' else 'anchored value'}: other places share it")
    if token.startswith(("|", ">")) or not token:
        raise Refused(f"`{shown}` is written over several lines: edit it by hand")
    try:
        same = YAML(typ="safe", pure=True).load(token) == mapping[key]
    except Exception:  # any failure to re-read the token means it is not the value's whole text
        same = False
    if not same:
        raise Refused(f"`{shown}`'s value could not be located in the text: edit it by hand")
    start = line_start(text, line + 1) + column
    quote = token[0] if token[0] in "'\"" else ""  # CloudFormation's "1" stays a string
    plain = _scalar(value).strip('"') if not isinstance(value, str) else value
    return Edit(start, start + len(token), f"{quote}{plain}{quote}" if quote else _scalar(value))


def _replace_list(text: str, lines: list[str], mapping: Any, key: str, value: tuple[str, ...]) -> Edit:
    """The edit replacing a flow list written on one line (``zones: ["1"]``) with *value*."""
    line, column = mapping.lc.value(key)
    written = lines[line]
    if not mapping[key].fa.flow_style() or not written.startswith("[", column):
        raise Refused(f"`{key}` is a list written one item per line: edit it by hand")
    quote = ""
    for position in range(column, len(written)):
        char = written[position]
        if quote:
            quote = "" if char == quote and written[position - 1] != "\\" else quote
        elif char in "'\"":
            quote = char
        elif char == "]":
            start = line_start(text, line + 1)
            return Edit(start + column, start + position + 1, _scalar(value))
    raise Refused(f"`{key}` is a list written over several lines: edit it by hand")


def _insert(
    text: str,
    lines: list[str],
    mapping: Any,
    parent_line: int | None,
    keys: tuple[str, ...],
    *,
    value: Value,
) -> Edit:
    """Insert ``keys[0]: ...`` as the first item of *mapping*, on the line after its parent key."""
    if mapping.fa.flow_style() or not mapping:
        raise Refused(f"cannot add `{keys[0]}` to an empty or flow mapping: edit it by hand")
    first = next(iter(mapping._ok), None) if mapping._ok else None
    if first is None:
        raise Refused(f"cannot add `{keys[0]}` beside merged keys only: edit it by hand")
    line, column = mapping.lc.key(first)
    if parent_line is None or parent_line >= line:
        raise Refused(f"cannot add `{keys[0]}`: the mapping does not start below its key")
    unit = max(column - _indent(lines[parent_line]), 2)
    newline = "\r\n" if text.count("\r\n") else "\n"
    body = []
    for depth, key in enumerate(keys):
        pad = " " * (column + unit * depth)
        body.append(f"{pad}{key}:" + (f" {_scalar(value)}" if depth == len(keys) - 1 else "") + newline)
    offset = line_start(text, parent_line + 2)
    return Edit(offset, offset, "".join(body))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _scalar(value: Value) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML11_WORDS:
        return value
    import json

    return json.dumps(value)
