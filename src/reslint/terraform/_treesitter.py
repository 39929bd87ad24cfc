"""HCL files parsed with tree-sitter-hcl, adapted to the trees python-hcl2's grammar gives.

tree-sitter parses about ten times faster than python-hcl2's Lark grammar, but the evaluator
walks Lark trees (``_eval.py``), so this module rebuilds, from tree-sitter's nodes, the Lark tree
the grammar would give for each expression: the same rule names, the same tokens (type and text),
the same nesting (``expr_term`` around every term, left-nested binary operators, python-hcl2's
greedy splats). Two things are left out on both sides (``_parse.canonical``): newline-and-comment
nodes, which the evaluator skips, and the layout around operators, which python-hcl2 merges into
operator tokens. Blocks and attributes go straight into :class:`Block` and :class:`Attr` with their
lines.

Anything this adapter does not map exactly raises :class:`Unsupported`, and so does a tree that
tree-sitter marks with an error: the caller then parses the file with python-hcl2, which gives
the precise message and line of a real syntax error (``_parse.parse_hcl_file``).
``scripts/hcl_equivalence.py`` compares both parsers over a corpus.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from reslint.terraform._parse import Attr, Block, ParsedFile, name_of

if TYPE_CHECKING:
    from collections.abc import Callable


class Unsupported(Exception):
    """The tree has an error, or a construct whose Lark tree this adapter cannot vouch for."""


@lru_cache(maxsize=1)
def _parser() -> Any:
    import tree_sitter
    import tree_sitter_hcl

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))


@lru_cache(maxsize=1)
def _lark() -> tuple[Any, Any]:
    from lark import Token, Tree

    return Tree, Token


def preload() -> None:
    """Load the grammar and the tree classes now (before worker processes fork)."""
    _parser()
    _lark()


def versions() -> str:
    """The parser libraries' versions, for cache keys."""
    from importlib.metadata import version

    return f"tree-sitter {version('tree-sitter')}\0tree-sitter-hcl {version('tree-sitter-hcl')}"


_NAME = re.compile(r"[a-zA-Z_][a-zA-Z0-9_-]*\Z")
_INT = re.compile(r"-?[0-9]+\Z")
_FLOAT = re.compile(r"-?[0-9]+(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)\Z")
# python-hcl2's terminals for the text of a quoted string, tried in its lexer's order.
_STRING_PIECE = re.compile(
    r"(?P<ESCAPED_INTERPOLATION>\$\$\{[^}]*\})"
    r"|(?P<ESCAPED_DIRECTIVE>%%\{[^}]*\})"
    r"|(?P<STRING_CHARS>(?:(?!\$\$\{)(?!\$\{)(?!%%\{)(?!%\{)[^\"\\]|\\.|(?:\$(?!\$?\{))|(?:%(?!%?\{)))+)",
    re.DOTALL,
)
_OPERATORS = {
    "||": "DOUBLE_PIPE",
    "&&": "DOUBLE_AMP",
    "==": "DOUBLE_EQ",
    "!=": "NEQ",
    "<": "LT",
    ">": "GT",
    "<=": "LEQ",
    ">=": "GEQ",
    "+": "PLUS",
    "-": "MINUS",
    "*": "ASTERISK",
    "/": "SLASH",
    "%": "PERCENT",
}
#: Words python-hcl2 lexes as keywords where an object key may be one.
_KEYWORDS = {
    "in": "IN",
    "for": "FOR",
    "if": "IF",
    "for_each": "FOR_EACH",
    "else": "ELSE",
    "endif": "ENDIF",
    "endfor": "ENDFOR",
}
_LITERALS = {"true": "TRUE", "false": "FALSE", "null": "NULL"}
_POSTFIX = {"get_attr", "index", "splat"}
# Characters python-hcl2's lexer rejects outside strings but tree-sitter may take for blanks.
_ODD_BLANKS = ("\ufeff", "\f", "\v")


def parse(path: str, text: str) -> ParsedFile:
    """The file python-hcl2's grammar would give; raises :class:`Unsupported`."""
    if any(odd in text for odd in _ODD_BLANKS):
        raise Unsupported("unusual blank characters")
    source = text.encode("utf-8")
    root = _parser().parse(source).root_node
    if root.has_error:
        raise Unsupported("syntax error")
    adapter = _Adapter(source, path)
    top = Block("", [], 1, path)
    for child in root.children:
        if child.type == "body":
            adapter.fill(top, child)
        elif child.type != "comment":
            raise Unsupported(child.type)
    return ParsedFile(path, top.blocks, top.attrs)


class _Adapter:
    def __init__(self, source: bytes, path: str) -> None:
        self.source = source
        self.path = path
        self.tree, token_class = _lark()
        tokens: dict[tuple[str, str], Any] = {}

        def token(kind: str, text: str) -> Any:
            # Tokens are immutable: one object per kind and text in a file (Lark's Token() is slow).
            key = (kind, text)
            found = tokens.get(key)
            if found is None:
                found = tokens[key] = token_class(kind, text)
            return found

        self.token = token
        self.handlers: dict[str, Callable[[Any], Any]] = {
            "literal_value": self.literal_value,
            "template_expr": self.template_expr,
            "variable_expr": self.variable_expr,
            "function_call": self.function_call,
            "collection_value": self.collection_value,
            "for_expr": self.for_expr,
        }

    # -------------------------------------------------------------- blocks and attributes

    def fill(self, block: Block, body: Any) -> None:
        for child in body.children:
            kind = child.type
            if kind == "attribute":
                parts = _named(child)
                name, expr = self.word(parts[0]), parts[-1]
                if name not in block.attrs:
                    block.attrs[name] = Attr(name, self.expression(expr), child.start_point[0] + 1)
            elif kind == "block":
                block.blocks.append(self.block(child))
            elif kind != "comment":
                raise Unsupported(kind)

    def block(self, node: Any) -> Block:
        parts = _named(node)
        labels: list[str] = []
        body = None
        for part in parts[1:]:
            kind = part.type
            if kind == "identifier":
                labels.append(self.word(part))
            elif kind == "string_lit":
                labels.append(name_of(self.string(part)))
            elif kind == "body":
                body = part
            elif kind not in ("block_start", "block_end"):
                raise Unsupported(kind)
        block = Block(self.word(parts[0]), labels, node.start_point[0] + 1, self.path)
        if body is not None:
            self.fill(block, body)
        return block

    def word(self, node: Any) -> str:
        if node.type != "identifier":
            raise Unsupported(node.type)
        text = self.text(node)
        if not _NAME.match(text):
            raise Unsupported("identifier")
        return text

    def text(self, node: Any) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8")

    # -------------------------------------------------------------- expressions

    def expression(self, node: Any) -> Any:
        kind = node.type
        if kind == "expression":
            return self.sequence(_named_or_brackets(node))
        if kind == "operation":
            return self.expression(_only(node))
        if kind == "conditional":
            return self.conditional(node)
        if kind == "binary_operation":
            return self.binary(node)
        if kind == "unary_operation":
            return self.unary(node)
        return self.sequence([node])

    def sequence(self, nodes: list[Any]) -> Any:
        """A term and the traversals after it (tree-sitter inlines them into their parent)."""
        if not nodes:
            raise Unsupported("empty expression")
        first = nodes[0]
        if len(nodes) == 1 and first.type in ("expression", "operation", "conditional", "binary_operation"):
            return self.expression(first)
        if len(nodes) == 1 and first.type == "unary_operation":
            return self.unary(first)
        tree, token = self.tree, self.token
        if first.type == "(":
            if len(nodes) < 3 or nodes[2].type != ")":
                raise Unsupported("parentheses")
            current = tree("expr_term", [token("LPAR", "("), self.expression(nodes[1]), token("RPAR", ")")])
            rest = nodes[3:]
        else:
            handler = self.handlers.get(first.type)
            if handler is None:
                raise Unsupported(first.type)
            current = tree("expr_term", [handler(first)])
            rest = nodes[1:]
        return self.traversals(current, rest)

    def traversals(self, current: Any, steps: list[Any]) -> Any:
        tree = self.tree
        splat: Any = None  # python-hcl2's splats take every traversal after them
        for step in steps:
            kind = step.type
            if kind == "get_attr":
                converted = self.get_attr(step)
            elif kind == "index":
                converted = self.index(step)
            elif kind == "splat":
                splat_node = _only(step)
                inner = _named(splat_node)
                if splat_node.type == "attr_splat":
                    splat = tree("attr_splat", [self.token("ATTR_SPLAT", ".*")])
                    current = tree("expr_term", [tree("attr_splat_expr_term", [current, splat])])
                elif splat_node.type == "full_splat":
                    splat = tree("full_splat", [self.token("FULL_SPLAT_START", "[*]")])
                    current = tree("expr_term", [tree("full_splat_expr_term", [current, splat])])
                else:
                    raise Unsupported(splat_node.type)
                for nested in inner:
                    splat.children.append(self.get_attr(nested) if nested.type == "get_attr" else self.index(nested))
                continue
            else:
                raise Unsupported(kind)
            if splat is not None:
                splat.children.append(converted)
            elif converted.data == "get_attr":
                current = tree("expr_term", [tree("get_attr_expr_term", [current, converted])])
            else:
                current = tree("expr_term", [tree("index_expr_term", [current, converted])])
        return current

    def get_attr(self, node: Any) -> Any:
        if node.type != "get_attr":
            raise Unsupported(node.type)
        name = self.text(_only(node))
        if name in _LITERALS:
            target = self.tree("literal_value", [self.token(_LITERALS[name], name)])
        else:
            if not _NAME.match(name):
                raise Unsupported("identifier")
            target = self.tree("identifier", [self.token("NAME", name)])
        return self.tree("get_attr", [self.token("DOT", "."), target])

    def index(self, node: Any) -> Any:
        if node.type != "index":
            raise Unsupported(node.type)
        inner = _only(node)
        tree, token = self.tree, self.token
        if inner.type == "new_index":
            expr = _only(inner)
            return tree("braces_index", [token("LSQB", "["), self.expression(expr), token("RSQB", "]")])
        if inner.type == "legacy_index":
            digits = self.text(inner)[1:].strip()
            if not digits.isdigit() or not self.text(inner).startswith("."):
                raise Unsupported("legacy index")
            return tree("short_index", [token("DOT", "."), token("INT_LITERAL", digits)])
        raise Unsupported(inner.type)

    def conditional(self, node: Any) -> Any:
        # tree-sitter-hcl nests ``a ? b : c ? d : e`` to the left, ``(a ? b : c) ? d : e``; HCL
        # (and python-hcl2) to the right, ``a ? b : (c ? d : e)``. Collect the chain and rebuild it.
        branches: list[tuple[list[Any], list[Any]]] = []
        while True:
            parts = _split(node, ("?",), (":",))
            if len(parts) != 3:
                raise Unsupported("conditional")
            branches.append((parts[1], parts[2]))
            inner = _bare_conditional(parts[0])
            if inner is None:
                break
            node = inner
        branches.reverse()
        result = self.sequence(branches[-1][1])
        for at in range(len(branches) - 1, 0, -1):
            result = self.choice(self.sequence(branches[at - 1][1]), self.sequence(branches[at][0]), result)
        return self.choice(self.sequence(parts[0]), self.sequence(branches[0][0]), result)

    def choice(self, condition: Any, then: Any, otherwise: Any) -> Any:
        token = self.token
        return self.tree("conditional", [condition, token("QMARK", "?"), then, token("COLON", ":"), otherwise])

    def binary(self, node: Any) -> Any:
        children = [c for c in node.children if c.type != "comment"]
        ops = [i for i, c in enumerate(children) if not c.is_named and c.type in _OPERATORS]
        if len(ops) != 1:
            raise Unsupported("binary operation")
        at = ops[0]
        op = children[at].type
        tree = self.tree
        operator = tree("binary_operator", [self.token(_OPERATORS[op], op)])
        right = self.sequence(children[at + 1 :])
        return tree("binary_op", [self.sequence(children[:at]), tree("binary_term", [operator, right])])

    def unary(self, node: Any) -> Any:
        children = [c for c in node.children if c.type != "comment"]
        op, rest = children[0], children[1:]
        if op.type not in ("-", "!"):
            raise Unsupported("unary operation")
        first = rest[0] if rest else None
        if (
            op.type == "-"
            and first is not None
            and first.type == "literal_value"
            and first.start_byte == op.end_byte
            and _FLOAT.match("-" + self.text(first))
            and not _INT.match(self.text(first))
        ):
            # python-hcl2 lexes "-1.5" (not "-1") as one number where an operand starts.
            literal = self.number("-" + self.text(first))
            return self.traversals(self.tree("expr_term", [literal]), rest[1:])
        operand = self.sequence(rest)
        if operand.data != "expr_term":
            raise Unsupported("unary operand")  # python-hcl2's grammar takes a term only
        token = self.token("MINUS", "-") if op.type == "-" else self.token("NOT", "!")
        return self.tree("unary_op", [token, operand])

    # -------------------------------------------------------------- terms

    def number(self, text: str) -> Any:
        if _INT.match(text):
            return self.tree("int_lit", [self.token("INT_LITERAL", text)])
        if _FLOAT.match(text):
            return self.tree("float_lit", [self.token("FLOAT_LITERAL", text)])
        raise Unsupported("number")

    def literal_value(self, node: Any) -> Any:
        inner = _only(node)
        kind = inner.type
        if kind == "numeric_lit":
            return self.number(self.text(inner))
        if kind == "string_lit":
            return self.string(inner)
        if kind in ("bool_lit", "null_lit"):
            word = self.text(inner)
            if word not in _LITERALS:
                raise Unsupported(kind)
            return self.tree("literal_value", [self.token(_LITERALS[word], word)])
        raise Unsupported(kind)

    def template_expr(self, node: Any) -> Any:
        inner = _only(node)
        if inner.type == "quoted_template":
            return self.string(inner)
        if inner.type == "heredoc_template":
            return self.heredoc(inner)
        raise Unsupported(inner.type)

    def variable_expr(self, node: Any) -> Any:
        name = self.word(_only(node))
        return self.tree("identifier", [self.token("NAME", name)])

    def function_call(self, node: Any) -> Any:
        tree, token = self.tree, self.token
        children = [c for c in node.children if c.type != "comment"]
        names = self.text(children[0]).split("::")
        if children[0].type != "identifier" or len(names) not in (1, 3) or not all(_NAME.match(n) for n in names):
            raise Unsupported("function name")
        out: list[Any] = [tree("identifier", [token("NAME", names[0])])]
        for name in names[1:]:
            out += [token("COLONS", "::"), tree("identifier", [token("NAME", name)])]
        out.append(token("LPAR", "("))
        for child in children[1:]:
            if child.type == "function_arguments":
                out.append(self.arguments(child))
            elif child.type not in ("(", ")"):
                raise Unsupported(child.type)
        out.append(token("RPAR", ")"))
        return tree("function_call", out)

    def arguments(self, node: Any) -> Any:
        out: list[Any] = []
        for child in node.children:
            kind = child.type
            if kind == "expression":
                out.append(self.expression(child))
            elif kind == ",":
                out.append(self.token("COMMA", ","))
            elif kind == "ellipsis":
                out.append(self.token("ELLIPSIS", "..."))
            elif kind != "comment":
                raise Unsupported(kind)
        return self.tree("arguments", out)

    def collection_value(self, node: Any) -> Any:
        inner = _only(node)
        tree, token = self.tree, self.token
        out: list[Any] = []
        if inner.type == "tuple":
            out.append(token("LSQB", "["))
            for child in inner.children:
                kind = child.type
                if kind == "expression":
                    out.append(self.expression(child))
                elif kind == ",":
                    out.append(token("COMMA", ","))
                elif kind not in ("tuple_start", "tuple_end", "comment"):
                    raise Unsupported(kind)
            out.append(token("RSQB", "]"))
            return tree("tuple", out)
        if inner.type == "object":
            out.append(token("LBRACE", "{"))
            for child in inner.children:
                kind = child.type
                if kind == "object_elem":
                    out.append(self.object_elem(child))
                elif kind == ",":
                    out.append(token("COMMA", ","))
                elif kind not in ("object_start", "object_end", "comment"):
                    raise Unsupported(kind)
            out.append(token("RBRACE", "}"))
            return tree("object", out)
        raise Unsupported(inner.type)

    def object_elem(self, node: Any) -> Any:
        parts = _split(node, ("=", ":"))
        if len(parts) != 2:
            raise Unsupported("object element")
        separator = next(c.type for c in node.children if c.type in ("=", ":"))
        tree, token = self.tree, self.token
        key_nodes = parts[0]
        key: Any = None
        if len(key_nodes) == 1 and key_nodes[0].type == "expression":
            inner = _named_or_brackets(key_nodes[0])
            if len(inner) == 1 and inner[0].type == "variable_expr":
                word = self.text(_only(inner[0]))
                if word in _KEYWORDS:
                    key = tree("keyword", [token(_KEYWORDS[word], word)])
        if key is None:
            key = self.sequence(key_nodes)
        sep = token("EQ", "=") if separator == "=" else token("COLON", ":")
        return tree("object_elem", [tree("object_elem_key", [key]), sep, self.sequence(parts[1])])

    def for_expr(self, node: Any) -> Any:
        inner = _only(node)
        tree, token = self.tree, self.token
        out: list[Any] = []
        if inner.type == "for_tuple_expr":
            out.append(token("LSQB", "["))
        elif inner.type == "for_object_expr":
            out.append(token("LBRACE", "{"))
        else:
            raise Unsupported(inner.type)
        for child in inner.children:
            kind = child.type
            if kind == "for_intro":
                out.append(self.for_intro(child))
            elif kind == "expression":
                out.append(self.expression(child))
            elif kind == "=>":
                out.append(token("FOR_OBJECT_ARROW", "=>"))
            elif kind == "ellipsis":
                out.append(token("ELLIPSIS", "..."))
            elif kind == "for_cond":
                cond = [c for c in child.children if c.type != "comment"]
                if len(cond) != 2 or cond[0].type != "if":
                    raise Unsupported("for condition")
                out.append(tree("for_cond", [token("IF", "if"), self.expression(cond[1])]))
            elif kind not in ("tuple_start", "tuple_end", "object_start", "object_end", "comment"):
                raise Unsupported(kind)
        out.append(token("RSQB", "]") if inner.type == "for_tuple_expr" else token("RBRACE", "}"))
        return tree(inner.type, out)

    def for_intro(self, node: Any) -> Any:
        tree, token = self.tree, self.token
        out: list[Any] = []
        for child in node.children:
            kind = child.type
            if kind == "for":
                out.append(token("FOR", "for"))
            elif kind == "identifier":
                out.append(tree("identifier", [token("NAME", self.word(child))]))
            elif kind == ",":
                out.append(token("COMMA", ","))
            elif kind == "in":
                out.append(token("IN", "in"))
            elif kind == "expression":
                out.append(self.expression(child))
            elif kind == ":":
                out.append(token("COLON", ":"))
            elif kind != "comment":
                raise Unsupported(kind)
        return tree("for_intro", out)

    # -------------------------------------------------------------- templates

    def heredoc(self, node: Any) -> Any:
        children = [c for c in node.children if c.type != "comment"]
        start = children[0]
        trim = self.text(start) == "<<-"
        if not trim and self.text(start) != "<<":
            raise Unsupported("heredoc")
        end = node.end_byte
        source = self.source
        # python-hcl2's heredoc token runs to the end of the closing marker's line (the file gets
        # a final newline if it lacks one); anything else after the marker is not its grammar.
        if source.startswith(b"\r\n", end):
            end += 2
            tail = ""
        elif source.startswith(b"\n", end):
            end += 1
            tail = ""
        elif end == len(source):
            tail = "\n"
        else:
            raise Unsupported("heredoc end")
        if len(children) < 3 or children[-1].type != "heredoc_identifier":
            raise Unsupported("heredoc")
        raw = source[node.start_byte : end].decode("utf-8") + tail
        kind = "heredoc_template_trim" if trim else "heredoc_template"
        token = "HEREDOC_TEMPLATE_TRIM" if trim else "HEREDOC_TEMPLATE"
        return self.tree(kind, [self.token(token, raw)])

    def string(self, node: Any) -> Any:
        """A quoted string: its text between the template's pieces, lexed as python-hcl2 does."""
        children = node.children
        if not children or children[0].type != "quoted_template_start" or children[-1].type != "quoted_template_end":
            raise Unsupported("string")
        tree, token = self.tree, self.token
        parts: list[Any] = [token("DBLQUOTE", '"')]
        position = children[0].end_byte
        for piece in _pieces(children[1:-1]):
            self.literal(parts, position, piece.start_byte)
            parts.append(tree("string_part", [self.piece(piece)]))
            position = piece.end_byte
        self.literal(parts, position, children[-1].start_byte)
        parts.append(token("DBLQUOTE", '"'))
        return tree("string", parts)

    def literal(self, parts: list[Any], start: int, end: int) -> None:
        if start >= end:
            return
        text = self.source[start:end].decode("utf-8")
        at = 0
        while at < len(text):
            match = _STRING_PIECE.match(text, at)
            if match is None or match.end() == at:
                raise Unsupported("string text")
            kind = match.lastgroup
            assert kind is not None
            parts.append(self.tree("string_part", [self.token(kind, match.group())]))
            at = match.end()

    def piece(self, node: Any) -> Any:
        tree, token = self.tree, self.token
        kind = node.type
        children = [c for c in node.children if c.type != "comment"]
        if kind == "template_interpolation":
            if len(children) != 3:
                raise Unsupported("interpolation")  # strip markers: not python-hcl2's grammar
            return tree(
                "interpolation", [token("INTERP_START", "${"), self.expression(children[1]), token("RBRACE", "}")]
            )
        names = {
            "template_if_intro": "template_if_start",
            "template_else_intro": "template_else",
            "template_if_end": "template_endif",
            "template_for_start": "template_for_start",
            "template_for_end": "template_endfor",
        }
        rule = names.get(kind)
        if rule is None:
            raise Unsupported(kind)
        out: list[Any] = []
        for child in children:
            part = child.type
            if part == "template_directive_start":
                out.append(token("DIRECTIVE_START", "%{"))
            elif part == "template_directive_end":
                out.append(token("RBRACE", "}"))
            elif part == "strip_marker":
                out.append(token("STRIP_MARKER", "~"))
            elif part in ("if", "else", "endif", "for", "in", "endfor"):
                out.append(token(part.upper(), part))
            elif part == ",":
                out.append(token("COMMA", ","))
            elif part == "identifier":
                out.append(tree("identifier", [token("NAME", self.word(child))]))
            elif part == "expression":
                out.append(self.expression(child))
            else:
                raise Unsupported(part)
        return tree(rule, out)


def _pieces(nodes: list[Any]) -> list[Any]:
    """The interpolations and directive markers of a template, in order (python-hcl2 keeps them flat)."""
    out: list[Any] = []
    for node in nodes:
        kind = node.type
        if kind == "template_literal":
            continue
        if kind in ("template_directive", "template_if", "template_for"):
            out.extend(_pieces(node.children))
        else:
            out.append(node)
    return out


def _named(node: Any) -> list[Any]:
    return [c for c in node.named_children if c.type != "comment"]


def _named_or_brackets(node: Any) -> list[Any]:
    return [c for c in node.children if c.type != "comment" and (c.is_named or c.type in ("(", ")"))]


def _bare_conditional(nodes: list[Any]) -> Any:
    """The conditional *nodes* are, unless parenthesized (None when they are something else)."""
    if len(nodes) != 1:
        return None
    node = nodes[0]
    if node.type == "expression":
        inner = _named_or_brackets(node)
        if len(inner) != 1:
            return None
        node = inner[0]
    return node if node.type == "conditional" else None


def _only(node: Any) -> Any:
    children = node.named_children
    if len(children) == 1 and children[0].type != "comment":
        return children[0]
    children = _named(node)
    if len(children) != 1:
        raise Unsupported(node.type)
    return children[0]


def _split(node: Any, *separators: tuple[str, ...]) -> list[list[Any]]:
    """*node*'s children cut at its anonymous separator tokens (in order: each tuple names the
    tokens one cut may be)."""
    parts: list[list[Any]] = [[]]
    wanted = [s for group in separators for s in group]
    for child in node.children:
        if child.type == "comment":
            continue
        if not child.is_named and child.type in wanted and len(parts) <= len(separators):
            parts.append([])
        else:
            parts[-1].append(child)
    return parts


# ---------------------------------------------------------------- the equivalence proof


def differences(expected: ParsedFile, actual: ParsedFile) -> list[str]:
    """Where *actual* (tree-sitter's) differs from *expected* (python-hcl2's): block and attribute
    names, order and lines, and every expression tree node by node, tokens by type and text."""
    out: list[str] = []
    _blocks(expected.blocks, actual.blocks, "", out)
    _attrs(expected.attrs, actual.attrs, "", out)
    return out


def _blocks(expected: list[Block], actual: list[Block], where: str, out: list[str]) -> None:
    if len(expected) != len(actual):
        out.append(f"{where}: {len(expected)} blocks, tree-sitter {len(actual)}")
        return
    for a, b in zip(expected, actual, strict=True):
        at = f"{where}/{a.type}{''.join(f'[{label}]' for label in a.labels)}"
        if (a.type, a.labels, a.line, a.file) != (b.type, b.labels, b.line, b.file):
            out.append(f"{at}: block {(a.type, a.labels, a.line)}, tree-sitter {(b.type, b.labels, b.line)}")
            continue
        _attrs(a.attrs, b.attrs, at, out)
        _blocks(a.blocks, b.blocks, at, out)


def _attrs(expected: dict[str, Attr], actual: dict[str, Attr], where: str, out: list[str]) -> None:
    if list(expected) != list(actual):
        out.append(f"{where}: attributes {list(expected)}, tree-sitter {list(actual)}")
        return
    for name, a in expected.items():
        b = actual[name]
        if a.line != b.line:
            out.append(f"{where}.{name}: line {a.line}, tree-sitter {b.line}")
        found = _node_difference(a.expr, b.expr)
        if found is not None:
            out.append(f"{where}.{name} (line {a.line}): {found}")


def _node_difference(expected: Any, actual: Any) -> str | None:
    stack = [(expected, actual)]
    while stack:
        a, b = stack.pop()
        if isinstance(a, str) or isinstance(b, str):
            if not (isinstance(a, str) and isinstance(b, str)) or (getattr(a, "type", None), str(a)) != (
                getattr(b, "type", None),
                str(b),
            ):
                return f"{_show(a)} != {_show(b)}"
            continue
        if a.data != b.data or len(a.children) != len(b.children):
            return f"{_show(a)} != {_show(b)}"
        stack.extend(zip(a.children, b.children, strict=True))
    return None


def _show(node: Any) -> str:
    text = repr(node)
    return text if len(text) <= 300 else text[:300] + "..."
