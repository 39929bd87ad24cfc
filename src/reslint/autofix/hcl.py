"""Minimal edits to Terraform HCL: replace a literal's span, or insert ``name = value`` (or a
nested block) with the block's own indentation before its closing brace. The file is never
re-serialised, so comments, heredocs, alignment and blank lines outside the edit stay as written.

The scanner here only has to find a resource block's items (attributes and nested blocks) and
their spans; it skips strings (with ``${...}`` interpolations), heredocs, comments and brackets.
Anything it does not understand is a refusal, never a guess.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from reslint.autofix.edits import Edit, FromElsewhere, Refused, Value, line_start

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# A string is a literal when it holds no template (``${...}``, ``%{...}``); a lone ``%`` or ``$`` is text.
_LITERAL = re.compile(r'-?\d+(?:\.\d+)?|true|false|"(?:[^"\\$%]|\\.|[$%](?!\{))*"')
_STRING = r'"(?:[^"\\$%]|\\.|[$%](?!\{))*"'
# A list of string literals (``["1", "2"]``), which a list-valued fix replaces whole.
_LIST = re.compile(rf"\[\s*(?:{_STRING}(?:\s*,\s*{_STRING})*)?\s*\]")
_VARIABLE = re.compile(r"var\.([A-Za-z_][A-Za-z0-9_-]*)")
_LOCAL = re.compile(r"local\.([A-Za-z_][A-Za-z0-9_-]*)")
_HEREDOC = re.compile(r"<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n")


@dataclass
class Block:
    """A block's body: where its braces are and what it holds."""

    open: int  # offset of "{"
    close: int  # offset of "}"
    attributes: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> value span
    blocks: dict[str, list[Block]] = field(default_factory=dict)
    dynamic: set[str] = field(default_factory=set)
    first_item: int | None = None  # offset of the first item's name


def edits_for(text: str, line: int, settings: list[tuple[tuple[str, ...], Value, bool]]) -> list[Edit]:
    """The edits that give the block starting on *line* each ``(keys, value, minimum)``;
    raises :class:`Refused`."""
    start = line_start(text, line)
    opening = _block_open(text, start)
    block = parse_block(text, opening)
    edits = []
    for keys, value, minimum in settings:
        edit = _set(text, block, keys, value, minimum)
        if edit is not None:
            edits.append(edit)
    return edits


def block_at(text: str, line: int) -> Block:
    """The resource block whose header is on *line*; raises :class:`Refused`."""
    return parse_block(text, _block_open(text, line_start(text, line)))


def insert_lines(text: str, block: Block, lines: list[str]) -> Edit:
    """Insert *lines* (nesting marked by leading tabs) as *block*'s last items, with its indentation."""
    return _insert(text, block, lines)


def strip_comment(written: str) -> str:
    """An attribute's expression as written, without a trailing comment."""
    return _strip_comment(written)


def _block_open(text: str, start: int) -> int:
    """The "{" of the block whose header starts at *start*."""
    end = text.find("\n", start)
    header = text[start : end if end >= 0 else len(text)]
    match = re.match(r'\s*(resource|data)\s+"[^"]+"\s+"[^"]+"\s*\{', header)
    if match is None:
        raise Refused("the resource block's header is not on its line (generated or unusual layout)")
    return start + match.end() - 1


def parse_block(text: str, opening: int) -> Block:
    """The items of the block whose "{" is at *opening*."""
    block = Block(opening, -1)
    pos = opening + 1
    while True:
        pos = _skip_space(text, pos, newlines=True)
        if pos >= len(text):
            raise Refused("unbalanced braces in the block")
        if text[pos] == "}":
            block.close = pos
            return block
        match = _IDENT.match(text, pos)
        if match is None:
            raise Refused(f"cannot read the block at offset {pos}")
        name = match.group()
        if block.first_item is None:
            block.first_item = pos
        pos = _skip_space(text, match.end(), newlines=False)
        if text.startswith("=", pos) and not text.startswith("==", pos):
            value = _skip_space(text, pos + 1, newlines=False)
            end = _expression_end(text, value)
            block.attributes[name] = (value, end)
            pos = end
            continue
        labels = []
        while pos < len(text) and text[pos] == '"':
            label_end = _string_end(text, pos)
            labels.append(text[pos + 1 : label_end - 1])
            pos = _skip_space(text, label_end, newlines=False)
        if pos < len(text) and text[pos] == "{":
            inner = parse_block(text, pos)
            if name == "dynamic" and labels:
                block.dynamic.add(labels[0])
            else:
                block.blocks.setdefault(name, []).append(inner)
            pos = inner.close + 1
            continue
        raise Refused(f"cannot read the item {name!r} of the block")


def set_in(text: str, block: Block, keys: tuple[str, ...], value: Value, minimum: bool) -> Edit | None:
    """The edit that gives *keys* the *value* in *block* (None: it already has it); raises ``Refused``."""
    return _set(text, block, keys, value, minimum)


def labelled_block(text: str, keyword: str, label: str) -> Block | None:
    """The top-level block ``keyword "label" { ... }`` of a file (``variable``, ``module``), if any."""
    match = re.search(rf'(?m)^[ \t]*{keyword}[ \t]+"{re.escape(label)}"[ \t]*\{{', text)
    return parse_block(text, match.end() - 1) if match else None


def top_level(text: str) -> dict[str, tuple[int, int]]:
    """The attributes of a .tfvars file: name -> value span."""
    block = Block(-1, len(text))
    pos = 0
    while (pos := _skip_space(text, pos, newlines=True)) < len(text):
        match = _IDENT.match(text, pos)
        equals = _skip_space(text, match.end(), newlines=False) if match else pos
        if match is None or not text.startswith("=", equals):
            raise Refused("the variables file holds something other than `name = value` lines")
        value = _skip_space(text, equals + 1, newlines=False)
        end = _expression_end(text, value)
        block.attributes[match.group()] = (value, end)
        pos = end
    return block.attributes


def literal_edit(text: str, span: tuple[int, int], name: str, value: Value, minimum: bool) -> Edit | None:
    """The edit replacing the literal at *span* with *value*; raises ``Refused`` for an expression."""
    block = Block(-1, -1, attributes={name: span})
    return _set(text, block, (name,), value, minimum)


def _set(text: str, block: Block, keys: tuple[str, ...], value: Value, minimum: bool) -> Edit | None:
    name = keys[0]
    if len(keys) > 1:
        if name in block.dynamic:
            raise Refused(f"`{name}` is a dynamic block: edit its content by hand")
        nested = block.blocks.get(name)
        if nested:
            return _set(text, nested[0], keys[1:], value, minimum)
        if name in block.attributes:
            raise Refused(f"`{name}` is written as an attribute (`{name} = ...`), not a block")
        return _insert(text, block, _nested(keys, value))
    if name in block.blocks or name in block.dynamic:
        raise Refused(f"`{name}` is a block here, not an attribute")
    span = block.attributes.get(name)
    if span is None:
        return _insert(text, block, [f"{name} = {_literal(value)}"])
    written = _strip_comment(text[span[0] : span[1]])
    if isinstance(value, tuple) and _LIST.fullmatch(written):
        if json.loads(written) == list(value):
            return None
        return Edit(span[0], span[0] + len(written), _literal(value))
    if not _LITERAL.fullmatch(written):
        if match := _VARIABLE.fullmatch(written):
            raise FromElsewhere(_origin(name, written), match[1])
        raise Refused(_origin(name, written))
    current = json.loads(written)
    if current == value or (
        minimum
        and isinstance(current, int | float)
        and isinstance(value, int)
        and not isinstance(current, bool)
        and current >= value
    ):
        return None
    return Edit(span[0], span[0] + len(written), _literal(value))


def _origin(name: str, written: str) -> str:
    """Why a non-literal value is not edited, naming where it comes from."""
    if match := _VARIABLE.fullmatch(written):
        return (
            f"`{name}` comes from variable `{match[0]}` (its default, a .tfvars file, -var or a module "
            f"argument); changing it there may change other resources: set it where the value is chosen"
        )
    if match := _LOCAL.fullmatch(written):
        return f"`{name}` comes from local value `{match[0]}`, which other resources may use: change it there"
    return f"`{name}` is the expression `{written}`, not a literal: change it by hand"


def _nested(keys: tuple[str, ...], value: Value) -> list[str]:
    """``versioning { enabled = true }`` as lines, indented one level per block."""
    if len(keys) == 1:
        return [f"{keys[0]} = {_literal(value)}"]
    inner = _nested(keys[1:], value)
    return [f"{keys[0]} {{", *("\t" + line for line in inner), "}"]


def _insert(text: str, block: Block, lines: list[str]) -> Edit:
    """Insert *lines* as the block's last items, on their own lines before its closing brace."""
    close_line = text.rfind("\n", 0, block.close) + 1
    if text[close_line : block.close].strip():
        raise Refused("the block closes on a line with other content (a one-line block): edit it by hand")
    outer = text[close_line : block.close]
    if block.first_item is not None:
        item_line = text.rfind("\n", 0, block.first_item) + 1
        indent = text[item_line : block.first_item]
        if indent.strip():
            raise Refused("the block's first item shares its line with other content: edit it by hand")
    else:
        indent = outer + ("\t" if outer.startswith("\t") else "  ")
    unit = indent[len(outer) :] if indent.startswith(outer) and len(indent) > len(outer) else "  "
    rendered = "".join(
        indent + unit * (len(line) - len(line.lstrip("\t"))) + line.lstrip("\t") + "\n" for line in lines
    )
    return Edit(close_line, close_line, rendered)


def _literal(value: Value) -> str:
    return json.dumps(list(value) if isinstance(value, tuple) else value)


def _strip_comment(written: str) -> str:
    """The expression without a trailing comment and spaces (a literal has no ``#`` outside quotes)."""
    match = re.match(r'((?:[^"#/]|"(?:[^"\\]|\\.)*"|/(?![/*]))*)', written)
    return (match.group(1) if match else written).strip()


def _skip_space(text: str, pos: int, *, newlines: bool) -> int:
    """Past blanks and comments (and newlines when *newlines*)."""
    while pos < len(text):
        char = text[pos]
        if char in " \t\r" or (newlines and char == "\n"):
            pos += 1
        elif char == "#" or text.startswith("//", pos):
            if not newlines:
                return pos
            end = text.find("\n", pos)
            pos = len(text) if end < 0 else end
        elif text.startswith("/*", pos):
            end = text.find("*/", pos + 2)
            if end < 0:
                raise Refused("an unterminated /* comment")
            pos = end + 2
        else:
            return pos
    return pos


def _string_end(text: str, pos: int) -> int:
    """The offset after the string literal opening at *pos* (with its ``${...}`` parts)."""
    i = pos + 1
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
        elif char == '"':
            return i + 1
        elif char == "\n":
            break
        elif text.startswith("${", i) or text.startswith("%{", i):
            i = _bracket_end(text, i + 1)
        else:
            i += 1
    raise Refused("an unterminated string")


def _bracket_end(text: str, pos: int) -> int:
    """The offset after the bracket group opening at *pos*."""
    closing = {"{": "}", "[": "]", "(": ")"}
    stack = [closing[text[pos]]]
    i = pos + 1
    while i < len(text):
        char = text[i]
        if char == '"':
            i = _string_end(text, i)
            continue
        if char == "#" or text.startswith("//", i) or text.startswith("/*", i):
            i = _skip_space(text, i, newlines=True)
            continue
        heredoc = _HEREDOC.match(text, i)
        if heredoc:
            i = _heredoc_end(text, heredoc)
            continue
        if char in closing:
            stack.append(closing[char])
        elif char in ")]}":
            if char != stack.pop():
                raise Refused("unbalanced brackets")
            if not stack:
                return i + 1
        i += 1
    raise Refused("unbalanced brackets")


def _heredoc_end(text: str, match: re.Match[str]) -> int:
    """The offset after the heredoc's closing marker."""
    marker = match.group(1)
    i = match.end()
    while i <= len(text):
        end = text.find("\n", i)
        line = text[i : end if end >= 0 else len(text)]
        if line.strip() == marker:
            return i + len(line)
        if end < 0:
            break
        i = end + 1
    raise Refused("an unterminated heredoc")


def _expression_end(text: str, pos: int) -> int:
    """The end of the attribute value starting at *pos*: the newline outside any bracket, string
    or heredoc (a trailing comment included; ``_strip_comment`` takes it off)."""
    i = pos
    while i < len(text):
        char = text[i]
        if char in "\n}":  # a newline, or the brace closing a one-line block
            return i
        if char == '"':
            i = _string_end(text, i)
        elif char in "{[(":
            i = _bracket_end(text, i)
        elif heredoc := _HEREDOC.match(text, i):
            i = _heredoc_end(text, heredoc)
        elif text.startswith("/*", i):
            i = _skip_space(text, i, newlines=False)
        elif char == "#" or text.startswith("//", i):
            end = text.find("\n", i)
            return len(text) if end < 0 else end
        else:
            i += 1
    return i
