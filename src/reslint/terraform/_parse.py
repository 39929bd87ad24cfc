"""Reading Terraform files into blocks and attributes whose values stay unevaluated.

HCL files are parsed with python-hcl2's v8 Lark grammar, but we keep the raw Lark
tree instead of hcl2's typed tree or its dict serialization: the raw tree carries a
line on every node (``with_meta`` is a no-op in v8, python-hcl2 issue #291) and its
shape is fixed by the grammar file pinned with ``python-hcl2>=8.1.4,<9``. The
evaluator walks the same trees, so expressions are never re-printed and re-parsed.
"""

from __future__ import annotations

import copyreg
import io
import json
import os
import pickle
import re
import signal
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext

    from reslint.cache import Cache

#: A parsed expression: either a Lark tree node of the HCL grammar or a :class:`JsonExpr`.
Expr = Any


class TfParseError(Exception):
    """A file or expression is not valid HCL / Terraform JSON."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class JsonExpr:
    """A value from Terraform JSON syntax: strings in it are templates unless ``literal``."""

    value: object
    literal: bool = False


@dataclass
class Attr:
    name: str
    expr: Expr
    line: int


@dataclass
class Block:
    type: str
    labels: list[str]
    line: int
    file: str
    attrs: dict[str, Attr] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)


@dataclass
class ParsedFile:
    path: str
    blocks: list[Block]
    # tfvars files have only top-level attributes.
    attrs: dict[str, Attr]


# Template parts shared by native strings, heredocs and JSON strings. Each is a tuple:
# ("lit", str) | ("interp", expr) | ("if", expr) | ("else",) | ("endif",)
# | ("for", (key_name | None, value_name), expr) | ("endfor",)
Part = tuple[Any, ...]


def _cache_path() -> str | None:
    from importlib.metadata import version

    name = f"reslint-hcl2-{version('python-hcl2')}-lark-{version('lark')}.lark"
    candidates = [os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache"), tempfile.gettempdir()]
    for base in candidates:
        directory = Path(base) / "reslint"
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(directory, os.W_OK):
            return str(directory / name)
    return None


@lru_cache(maxsize=1)
def _parser() -> Any:
    # hcl2 and lark are imported here, not at module level: a Kubernetes-only run never pays for them.
    import hcl2.parser
    from hcl2.postlexer import PostLexer
    from lark import Lark

    # Same grammar and options as hcl2.parser.parser(), but with the grammar cache in a
    # directory we can write to: hcl2 caches next to its own package, which is read-only
    # in system installs and images, and then every process pays ~1.3 s to rebuild.
    cache = _cache_path()
    return Lark.open(
        "hcl2.lark",
        rel_to=hcl2.parser.__file__,
        parser="lalr",
        cache=cache if cache is not None else False,
        propagate_positions=True,
        postlex=PostLexer(),
    )


def parse_hcl_text(text: str) -> Any:
    """Parse HCL source into the raw Lark tree; raises :class:`TfParseError`."""
    from lark.exceptions import LarkError, UnexpectedInput

    try:
        # hcl2.api appends a newline too: the grammar needs one after the last attribute.
        return _parser().parse(text + "\n")
    except UnexpectedInput as exc:
        line = exc.line if isinstance(exc.line, int) and exc.line > 0 else None
        raise TfParseError(_describe(exc), line) from exc
    except LarkError as exc:
        raise TfParseError(str(exc).strip().splitlines()[0] if str(exc).strip() else "syntax error") from exc
    except RecursionError as exc:
        raise TfParseError("expression nested too deeply") from exc


def _describe(exc: Any) -> str:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    where = f"line {exc.line}, column {exc.column}" if getattr(exc, "line", -1) > 0 else "end of file"
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        if token.type == "$END":
            return "unexpected end of file (missing closing bracket or quote?)"
        text = str(token).strip().splitlines()[0] if str(token).strip() else str(token)
        return f"syntax error at {where}: unexpected {text[:40]!r}"
    if isinstance(exc, UnexpectedCharacters):
        return f"syntax error at {where}: unexpected character {exc.char!r}"
    if isinstance(exc, UnexpectedEOF):
        return "unexpected end of file (missing closing bracket or quote?)"
    return f"syntax error at {where}"


def parse_expression(text: str) -> Expr:
    """Parse one expression (the inside of ``${...}`` or a ``-var`` value)."""
    tree = parse_hcl_text(f"x = (\n{text}\n)")
    body = tree.children[0]
    attrs = [c for c in body.children if _is_tree(c) and c.data == "attribute"]
    if len(attrs) != 1:
        raise TfParseError("not a single expression")
    return _attr_expr(attrs[0])


def _is_tree(node: object) -> bool:
    return hasattr(node, "data") and not isinstance(node, str)


def trees(node: Any) -> list[Any]:
    """Child trees of *node* without tokens and without newline/comment nodes."""
    return [c for c in node.children if _is_tree(c) and c.data != "new_line_or_comment"]


def _attr_expr(attr: Any) -> Expr:
    return trees(attr)[-1]


def name_of(node: Any) -> str:
    """Text of an identifier/keyword/literal_value node, or of a plain string label."""
    if node.data == "string":
        return "".join(unescape(str(p.children[0])) for p in trees(node) if not _is_tree(p.children[0]))
    return str(node.children[0])


_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def unescape(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        seq = m.group(1)
        if seq[0] in "uU" and len(seq) > 1:
            try:
                return chr(int(seq[1:], 16))
            except (ValueError, OverflowError):
                return m.group(0)
        return _SIMPLE_ESCAPES.get(seq, m.group(0))

    return _ESCAPE.sub(repl, text)


def _hcl_block(node: Any, path: str) -> Block:
    kids = [c for c in node.children if _is_tree(c) and c.data != "new_line_or_comment"]
    header, body = kids[:-1], kids[-1]
    block = Block(type=name_of(header[0]), labels=[name_of(h) for h in header[1:]], line=node.meta.line, file=path)
    _fill_body(block, body, path)
    return block


def _fill_body(block: Block, body: Any, path: str) -> None:
    for child in trees(body):
        if child.data == "attribute":
            name = name_of(trees(child)[0])
            block.attrs.setdefault(name, Attr(name, _attr_expr(child), child.meta.line))
        elif child.data == "block":
            block.blocks.append(_hcl_block(child, path))


def parse_hcl_file(path: str, text: str) -> ParsedFile:
    """Parse HCL with tree-sitter when it is the parser in use and takes the file; else (a syntax
    error, a construct the adapter does not map) with python-hcl2, whose error messages and lines
    are the precise ones. Both give the same blocks, attributes and expression trees."""
    if hcl_parser() == "tree-sitter":
        from reslint.terraform import _treesitter

        try:
            return _treesitter.parse(path, text)
        except (_treesitter.Unsupported, RecursionError):
            pass
    return parse_hcl_file_lark(path, text)


def parse_hcl_file_lark(path: str, text: str) -> ParsedFile:
    """Parse HCL with python-hcl2's grammar; raises :class:`TfParseError`."""
    tree = canonical(parse_hcl_text(text))
    root = Block("", [], 1, path)
    _fill_body(root, tree.children[0], path)
    return ParsedFile(path, root.blocks, root.attrs)


#: The text of the layout-carrying tokens without their layout: python-hcl2 folds the spaces
#: before ``=`` and ``:`` into those tokens, and a newline or comment before an operator into the
#: operator (its post-lexer).
_BARE_TOKENS = {
    "EQ": "=",
    "COLON": ":",
    "QMARK": "?",
    "DOUBLE_EQ": "==",
    "NEQ": "!=",
    "LT": "<",
    "GT": ">",
    "LEQ": "<=",
    "GEQ": ">=",
    "MINUS": "-",
    "ASTERISK": "*",
    "SLASH": "/",
    "PERCENT": "%",
    "DOUBLE_AMP": "&&",
    "DOUBLE_PIPE": "||",
    "PLUS": "+",
}


def canonical(tree: Any) -> Any:
    """*tree* without its layout: no newline-and-comment nodes (the evaluator skips them) and
    the bare text of operators. The tree-sitter adapter builds trees in this form, so an
    expression's tree (and the symbol made from it) is the same whichever parser read it."""
    from lark import Token

    stack = [tree]
    while stack:
        node = stack.pop()
        children = node.children
        kept: list[Any] = []
        for child in children:
            if isinstance(child, str):
                bare = _BARE_TOKENS.get(child.type)  # type: ignore[attr-defined]
                kept.append(child if bare is None or child == bare else Token(child.type, bare))  # type: ignore[attr-defined]
            elif child.data != "new_line_or_comment":
                kept.append(child)
                stack.append(child)
        node.children = kept
    return tree


def hcl_parser() -> str:
    """The parser for HCL files: tree-sitter when installed, unless ``RESLINT_HCL_PARSER`` says
    ``python-hcl2`` (the equivalence check runs both)."""
    chosen = os.environ.get("RESLINT_HCL_PARSER", "")
    if chosen == "python-hcl2":
        return chosen
    return "tree-sitter" if _tree_sitter_available() else "python-hcl2"


@lru_cache(maxsize=1)
def _tree_sitter_available() -> bool:
    from importlib.util import find_spec

    return find_spec("tree_sitter") is not None and find_spec("tree_sitter_hcl") is not None


# In Terraform JSON these keys always hold nested blocks; every other key is ambiguous
# without provider schemas and is kept as an attribute value.
_JSON_BLOCK_KEYS = {"lifecycle", "dynamic", "provisioner", "connection", "content"}
_LABELS = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 1}


def _key_line(text: str, key: str, start: int) -> tuple[int, int]:
    """Best-effort line of ``"key":`` after offset *start* (the json module keeps no positions)."""
    idx = text.find(json.dumps(key), start)
    if idx < 0:
        return 1, start
    return text.count("\n", 0, idx) + 1, idx


def _json_body(block: Block, body: object, text: str, pos: int) -> None:
    if not isinstance(body, dict):
        return
    for key, value in body.items():
        if key == "//":
            continue
        line, _ = _key_line(text, key, pos)
        if key in _JSON_BLOCK_KEYS:
            for item in value if isinstance(value, list) else [value]:
                if key == "dynamic" and isinstance(item, dict):
                    for label, content in item.items():
                        for c in content if isinstance(content, list) else [content]:
                            nested = Block("dynamic", [label], line, block.file)
                            _json_body(nested, c, text, pos)
                            block.blocks.append(nested)
                else:
                    nested = Block(key, [], line, block.file)
                    _json_body(nested, item, text, pos)
                    block.blocks.append(nested)
        else:
            block.attrs.setdefault(key, Attr(key, JsonExpr(value), line))


def parse_json_file(path: str, text: str) -> ParsedFile:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TfParseError(f"invalid JSON: {exc.msg}", exc.lineno) from exc
    except RecursionError as exc:
        raise TfParseError("JSON nested too deeply") from exc
    if not isinstance(doc, dict):
        raise TfParseError("a Terraform JSON file must contain an object", 1)
    blocks: list[Block] = []
    for kind, content in doc.items():
        line, pos = _key_line(text, kind, 0)
        depth = _LABELS.get(kind, 0)
        for body, labels, bline, bpos in _json_labelled(content, depth, text, pos, line):
            if kind == "locals":
                for item in body if isinstance(body, list) else [body]:
                    block = Block("locals", [], bline, path)
                    _json_body(block, item, text, bpos)
                    blocks.append(block)
                continue
            for item in body if isinstance(body, list) else [body]:
                block = Block(kind, labels, bline, path)
                if kind == "variable" and isinstance(item, dict):
                    # Variable defaults and types are literal values, never templates.
                    for key, value in item.items():
                        block.attrs[key] = Attr(key, JsonExpr(value, literal=True), bline)
                else:
                    _json_body(block, item, text, bpos)
                blocks.append(block)
    return ParsedFile(path, blocks, {})


def _json_labelled(
    content: object, depth: int, text: str, pos: int, line: int
) -> list[tuple[object, list[str], int, int]]:
    if depth == 0:
        return [(content, [], line, pos)]
    out: list[tuple[object, list[str], int, int]] = []
    for item in content if isinstance(content, list) else [content]:
        if not isinstance(item, dict):
            continue
        for label, inner in item.items():
            lline, lpos = _key_line(text, label, pos)
            for body, rest, bline, bpos in _json_labelled(inner, depth - 1, text, lpos, lline):
                out.append((body, [label, *rest], bline, bpos))
    return out


def parse_json_tfvars(path: str, text: str) -> ParsedFile:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TfParseError(f"invalid JSON: {exc.msg}", exc.lineno) from exc
    if not isinstance(doc, dict):
        raise TfParseError("a .tfvars.json file must contain an object", 1)
    attrs = {k: Attr(k, JsonExpr(v, literal=True), _key_line(text, k, 0)[0]) for k, v in doc.items()}
    return ParsedFile(path, [], attrs)


def read_source(path: str) -> str:
    """The text of a Terraform file that discovery did not read; raises :class:`TfParseError`."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TfParseError(f"cannot read file: {exc}") from exc


def parse_text(path: str, text: str) -> ParsedFile:
    """Parse one Terraform file's text by its suffix; raises :class:`TfParseError`."""
    if path.endswith(".tfvars.json"):
        return parse_json_tfvars(path, text)
    if path.endswith(".json"):
        return parse_json_file(path, text)
    return parse_hcl_file(path, text)


def parse_file(path: str) -> ParsedFile:
    """Read and parse one Terraform file by its suffix; raises :class:`TfParseError`."""
    return parse_text(path, read_source(path))


# ---------------------------------------------------------------- templates


def hcl_string_parts(node: Any) -> list[Part]:
    """Template parts of a native quoted string node."""
    parts: list[Part] = []
    for sp in trees(node):
        child = sp.children[0]
        if not _is_tree(child):
            if child.type == "ESCAPED_INTERPOLATION":
                parts.append(("lit", "${" + str(child)[3:]))
            elif child.type == "ESCAPED_DIRECTIVE":
                parts.append(("lit", "%{" + str(child)[3:]))
            else:
                parts.append(("lit", unescape(str(child))))
            continue
        toks = [str(t) for t in child.children if not _is_tree(t)]
        exprs = trees(child)
        strip_left = len(toks) > 1 and toks[1] == "~"
        strip_right = len(toks) > 1 and toks[-2] == "~"
        kind = child.data
        if kind == "interpolation":
            parts.append(("interp", exprs[0], False, False))
        elif kind == "template_if_start":
            parts.append(("if", exprs[-1], strip_left, strip_right))
        elif kind == "template_else":
            parts.append(("else", None, strip_left, strip_right))
        elif kind == "template_endif":
            parts.append(("endif", None, strip_left, strip_right))
        elif kind == "template_for_start":
            names = [name_of(e) for e in exprs[:-1]]
            key, value = (names[0], names[1]) if len(names) == 2 else (None, names[0])
            parts.append(("for", (key, value, exprs[-1]), strip_left, strip_right))
        elif kind == "template_endfor":
            parts.append(("endfor", None, strip_left, strip_right))
    return _apply_strip(parts)


def _apply_strip(parts: list[Part]) -> list[Part]:
    out: list[Part] = []
    for i, part in enumerate(parts):
        if part[0] != "lit":
            out.append(part)
            continue
        text = part[1]
        if i > 0 and parts[i - 1][0] != "lit" and parts[i - 1][3]:
            text = text.lstrip()
        if i + 1 < len(parts) and parts[i + 1][0] != "lit" and parts[i + 1][2]:
            text = text.rstrip()
        out.append(("lit", text))
    return out


def _scan_string_end(text: str, i: int) -> int:
    """Index just past the closing quote of a string starting at *i* (after the opening quote)."""
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            return i + 1
        if text.startswith("${", i) or text.startswith("%{", i):
            i = _scan_expr_end(text, i + 2) + 1
            continue
        i += 1
    raise TfParseError("unterminated string in template")


def _scan_expr_end(text: str, i: int) -> int:
    """Index of the ``}`` closing an interpolation whose content starts at *i*."""
    depth = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i = _scan_string_end(text, i + 1)
            continue
        if c in "{[(":
            depth += 1
        elif c in "}])":
            if depth == 0:
                if c == "}":
                    return i
                raise TfParseError("unbalanced brackets in template")
            depth -= 1
        i += 1
    raise TfParseError("unterminated template sequence")


_FOR_DIRECTIVE = re.compile(r"for\s+([A-Za-z_][\w-]*)\s*(?:,\s*([A-Za-z_][\w-]*)\s*)?in\s+(.*)\Z", re.DOTALL)


def template_parts(text: str) -> list[Part]:
    """Split raw template text (heredoc body, JSON string) into parts; raises TfParseError."""
    parts: list[Part] = []
    lit: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        if text.startswith("$${", i) or text.startswith("%%{", i):
            lit.append(text[i + 1 : i + 3])
            i += 3
            continue
        if text.startswith("${", i) or text.startswith("%{", i):
            end = _scan_expr_end(text, i + 2)
            inner = text[i + 2 : end]
            strip_left = inner.startswith("~")
            strip_right = inner.endswith("~") and len(inner) > 1
            inner = inner[1 if strip_left else 0 : len(inner) - 1 if strip_right else len(inner)].strip()
            if lit:
                parts.append(("lit", "".join(lit)))
                lit = []
            parts.append(_directive(text[i], inner, strip_left, strip_right))
            i = end + 1
            continue
        lit.append(text[i])
        i += 1
    if lit:
        parts.append(("lit", "".join(lit)))
    return _apply_strip(parts)


def _directive(sigil: str, inner: str, strip_left: bool, strip_right: bool) -> Part:
    if sigil == "$":
        return ("interp", parse_expression(inner), strip_left, strip_right)
    if inner.startswith(("if ", "if\t", "if\n")):
        return ("if", parse_expression(inner[2:]), strip_left, strip_right)
    if inner in ("else", "endif", "endfor"):
        return (inner, None, strip_left, strip_right)
    m = _FOR_DIRECTIVE.match(inner)
    if m:
        key, value = (m.group(1), m.group(2)) if m.group(2) else (None, m.group(1))
        return ("for", (key, value, parse_expression(m.group(3))), strip_left, strip_right)
    raise TfParseError(f"unsupported template directive %{{{inner}}}")


def heredoc_text(token: str, trim: bool) -> str:
    """The body of a heredoc token such as ``<<-EOT\\n  text\\n  EOT\\n``, indentation removed for ``<<-``."""
    lines = token.split("\n")
    body = lines[1:-2] if lines and lines[-1] == "" else lines[1:-1]
    body = [line.rstrip("\r") for line in body]
    if trim:
        indents = [len(line) - len(line.lstrip(" \t")) for line in body if line.strip()]
        cut = min(indents, default=0)
        body = [line[cut:] for line in body]
    return "".join(line + "\n" for line in body)


# ---------------------------------------------------------------- cached, parallel, time-limited parsing
#
# HCL parsing is most of a Terraform run, so parsed files are cached on disk by content (see
# reslint.cache), cache misses are parsed in worker processes when there are enough of them, and
# every parse has a time limit. Cached and transferred values are "compact" pickles: Lark trees
# without their position ``meta`` (lines are copied into Attr and Block when a file is read; the
# evaluator never reads ``meta``) and tokens without positions, about half the size and 1.5x
# faster to load than plain pickles. A value never stores its path: it is put back on load, so
# two files with one content share an entry.

#: Seconds one file may take to parse before it becomes an error for that file.
PARSE_TIMEOUT = 30.0
#: Parse cache misses in worker processes only when they hold at least this many bytes (process
#: start-up and result transfer must pay off; see docs/performance.md). RESLINT_POOL_MIN_BYTES overrides.
POOL_MIN_BYTES = 64 * 1024
#: A worker that neither answers nor times out itself this long after the limit is killed.
_POOL_GRACE = 5.0
_CACHE_KIND = "terraform-hcl"

#: What parsing one file gave: the file, or the error it raises.
Outcome = ParsedFile | TfParseError


class _TimedOut(BaseException):
    """Raised by the alarm inside a parse; a BaseException so no ``except Exception`` swallows it."""


def _timeout_error(limit: float) -> TfParseError:
    return TfParseError(f"parsing took longer than {limit:g} s")


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`_TimedOut` in this thread after *seconds*; a no-op where SIGALRM is unavailable."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(_signum: int, _frame: object) -> None:
        raise _TimedOut

    previous = signal.signal(signal.SIGALRM, on_alarm)
    started = time.monotonic()
    outer, _interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous)
            if outer > 0:  # someone else's timer was running: give it back what is left of it
                signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))


def _parse_limited(path: str, text: str, limit: float) -> Outcome | None:
    """The outcome of parsing *text*, or None when that took longer than *limit* seconds."""
    try:
        with _time_limit(limit):
            return parse_text(path, text)
    except TfParseError as exc:
        return exc
    except _TimedOut:
        return None


class _CompactPickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        from lark import Token, Tree

        kind = type(obj)
        if kind is Tree:
            return (copyreg.__newobj__, (Tree,), {"data": obj.data, "children": obj.children, "_meta": None})  # type: ignore[attr-defined]
        if kind is Token:
            state = (None, {"type": obj.type, "value": obj.value})
            return (copyreg._reconstructor, (Token, str, str(obj)), state)  # type: ignore[attr-defined]
        return NotImplemented


def _dump(outcome: Outcome) -> bytes:
    value: object = ("error", str(outcome), outcome.line) if isinstance(outcome, TfParseError) else outcome
    out = io.BytesIO()
    _CompactPickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return out.getvalue()


def _load(payload: bytes | memoryview, path: str) -> Outcome | None:
    """The outcome in *payload* with *path* put back, or None if it is not one (a corrupt entry)."""
    try:
        value = pickle.loads(payload)
    except Exception:  # corrupt: pickle raises many kinds of errors
        return None
    if isinstance(value, ParsedFile):
        value.path = path
        _set_file(value.blocks, path)
        for attr in value.attrs.values():
            if not isinstance(attr, Attr):
                return None
        return value
    if isinstance(value, tuple) and len(value) == 3 and value[0] == "error":
        return TfParseError(str(value[1]), value[2] if isinstance(value[2], int) else None)
    return None


def _set_file(blocks: list[Block], path: str) -> None:
    for block in blocks:
        block.file = path
        _set_file(block.blocks, path)


def _worker(path: str, text: str, limit: float, cache: Cache | None, key: str | None) -> bytes | None:
    """Parse in a worker process: the compact pickle of the outcome (stored in the cache too), None on timeout."""
    outcome = _parse_limited(path, text, limit)
    if outcome is None:
        return None
    payload = _dump(outcome)
    if cache is not None and key is not None:
        cache.put_bytes(key, payload)
    return payload


def _cacheable(path: str) -> bool:
    return not path.endswith(".json")  # Terraform JSON is parsed by the json module: cheaper than a pickle


def _digest(text: str) -> str:
    from reslint.cache import content_hash

    return content_hash(text.encode("utf-8"))


def cache_salt() -> str:
    """What decides a parsed value besides the content: parser versions and this module's source."""
    from importlib.metadata import version

    from reslint.cache import source_digest

    parser = hcl_parser()
    if parser == "tree-sitter":
        from reslint.terraform import _treesitter

        parser = f"{_treesitter.versions()}\0{source_digest(_treesitter.__file__)}"
    return f"{parser}\0python-hcl2 {version('python-hcl2')}\0lark {version('lark')}\0{source_digest(__file__)}"


def _cpus() -> int:
    from reslint.parallel import usable_cpus

    return usable_cpus()


class FileParser:
    """Parses Terraform files for one build: cache first, then a process pool or this process.

    ``start`` hands the selected HCL files the cache lacks to worker processes, in the order the
    loader will ask for them, when they are enough to pay for the workers; the loader then
    evaluates module after module while the workers parse ahead of it. ``parse`` (the loader's
    hook) returns each file's :class:`ParsedFile` or raises its :class:`TfParseError`: from a
    worker, from the cache, or parsed here. ``close`` stops the workers.
    """

    def __init__(self, texts: Mapping[str, str], cache: Cache | None, limit: float | None = None) -> None:
        self.texts = texts
        self.cache = cache
        self.limit = PARSE_TIMEOUT if limit is None else limit
        self.keys: dict[str, str] = {}
        self.stats = {"hits": 0, "misses": 0, "pooled": 0}
        #: Files outside the selection, read once so that what is hashed is what is parsed.
        self._read: dict[str, str] = {}
        #: Files already parsed (or loaded from the cache) by this parser: never sent to a worker.
        self._done: set[str] = set()
        self._closed = False
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[str, Future[bytes | None]] = {}

    def _key(self, path: str, text: str) -> str | None:
        if self.cache is None or not _cacheable(path):
            return None
        key = self.keys.get(path)
        if key is None:
            key = self.keys[path] = self.cache.key(_CACHE_KIND, _digest(text))
        return key

    def start(self, order: Sequence[str], min_bytes: int | None = None, workers: int | None = None) -> None:
        """Parse the HCL files among *order* that the cache lacks in worker processes, if worth it.

        May be called again (for the next scan root, or once the incremental cache has said which
        modules must be evaluated): the workers then get the new files too.
        """
        if min_bytes is None:
            min_bytes = int(os.environ.get("RESLINT_POOL_MIN_BYTES", POOL_MIN_BYTES))
        workers = workers or _cpus()
        if workers < 2 or self._closed:
            return
        misses: list[tuple[str, str, str | None]] = []
        for path in order:
            text = self.texts.get(path)
            if text is None or not path.endswith(".tf"):  # tfvars: small, and parsed only when auto-loaded
                continue
            if path in self._done or path in self._futures:
                continue
            key = self._key(path, text)
            if key is not None and self.cache is not None and self.cache.has(key):
                continue
            misses.append((path, text, key))
        if len(misses) < 2 or sum(len(text) for _, text, _ in misses) < min_bytes:
            return
        from concurrent.futures import ProcessPoolExecutor

        if self._pool is None:
            # Load the parser once, before forking, instead of once per worker.
            if hcl_parser() == "tree-sitter":
                from reslint.terraform import _treesitter

                _treesitter.preload()
            else:
                _parser()
            self._pool = ProcessPoolExecutor(max_workers=min(workers, len(misses)), mp_context=_pool_context())
        for path, text, key in misses:
            self._futures[path] = self._pool.submit(_worker, path, text, self.limit, self.cache, key)
        self.stats["pooled"] += len(misses)

    def close(self) -> None:
        """Stop the workers (killing them if some are still busy); later files are parsed here."""
        self._closed = True
        if self._pool is None:
            return
        if self._futures:
            processes: dict[int, Any] = getattr(self._pool, "_processes", None) or {}
            for process in list(processes.values()):
                process.kill()
            self._pool.shutdown(wait=False, cancel_futures=True)
        else:
            self._pool.shutdown()
        self._pool = None
        self._futures.clear()

    def text(self, path: str) -> str:
        """The text of *path*: the selected file's, else read from disk once; raises :class:`TfParseError`."""
        text = self.texts.get(path)
        if text is None:
            text = self._read.get(path)
            if text is None:
                text = self._read[path] = read_source(path)
        return text

    def parse(self, path: str) -> ParsedFile:
        """The parsed file at *path* (the loader's hook); raises :class:`TfParseError`."""
        outcome = self._outcome(path)
        if isinstance(outcome, TfParseError):
            raise outcome
        return outcome

    def _from_worker(self, path: str) -> Outcome | None:
        from concurrent.futures import TimeoutError as FutureTimeout
        from concurrent.futures.process import BrokenProcessPool

        future = self._futures.pop(path, None)
        if future is None:
            return None
        try:
            # The worker's own alarm ends a slow parse after the limit; this is the backstop for
            # a worker stuck where no signal reaches it (inside C code).
            payload = future.result(timeout=self.limit + _POOL_GRACE)
        except FutureTimeout:
            self.close()  # the other files are parsed here from now on
            return _timeout_error(self.limit)
        except BrokenProcessPool:
            self.close()  # a worker died (out of memory?): parse the rest here, one at a time
            return None
        if payload is None:
            return _timeout_error(self.limit)
        return _load(payload, path)

    def _outcome(self, path: str) -> Outcome:
        self._done.add(path)
        pooled = self._from_worker(path)
        if pooled is not None:
            return pooled
        try:
            text = self.text(path)
        except TfParseError as exc:
            return exc
        key = self._key(path, text)
        if key is not None and self.cache is not None:
            payload = self.cache.get_bytes(key)
            if payload is not None:
                loaded = _load(payload, path)
                if loaded is not None:
                    self.stats["hits"] += 1
                    return loaded
        self.stats["misses"] += 1
        outcome = _parse_limited(path, text, self.limit)
        if outcome is None:
            return _timeout_error(self.limit)  # not cached: the next run may be luckier
        if key is not None and self.cache is not None:
            self.cache.put_bytes(key, _dump(outcome))
        return outcome


def _pool_context() -> BaseContext:
    from reslint.parallel import pool_context

    return pool_context()
