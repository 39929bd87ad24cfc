"""The expression evaluator: values, functions, templates, unknown propagation, robustness."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support.fuzzing import examples
from reslint.model import UNKNOWN
from reslint.terraform._eval import Env, evaluate_text
from reslint.terraform._parse import TfParseError

VARS = {"env": "prod", "n": 3, "azs": ["a", "b"], "m": {"x": 1, "y": 2}, "unknown": UNKNOWN}


def _env() -> Env:
    from reslint.terraform._values import Namespace

    class VarNS(Namespace):
        def get(self, name: str) -> object:
            return VARS.get(name, UNKNOWN)

    return Env(lambda root: VarNS() if root == "var" else UNKNOWN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("10 / 4", 2.5),
        ("-7 % 3", -1),
        ('"a" == "a" && 1 < 2', True),
        ("1 == true", False),
        ('"x-${var.env}-${var.n}"', "x-prod-3"),
        ('"${var.n}"', 3),
        ('"%{ if var.env == "prod" }big%{ else }small%{ endif }"', "big"),
        ('"%{ for a in var.azs }[${a}]%{ endfor }"', "[a][b]"),
        ('var.env == "prod" ? 3 : 1', 3),
        ("[for a in var.azs : upper(a)]", ["A", "B"]),
        ("{for k, v in var.m : v => k}", {"1": "x", "2": "y"}),
        ("[for k, v in var.m : v if v > 1]", [2]),
        ('var.m["y"]', 2),
        ("[{a = 1}, {a = 2}][*].a", [1, 2]),
        ("length(var.azs)", 2),
        ('concat(var.azs, ["c"])', ["a", "b", "c"]),
        ("merge(var.m, {z = 3})", {"x": 1, "y": 2, "z": 3}),
        ('lookup(var.m, "q", 9)', 9),
        ("element(var.azs, 3)", "b"),
        ('coalesce("", "x")', "x"),
        ("coalescelist([], [1])", [1]),
        ('compact(["a", "", null])', ["a"]),
        ("distinct([1, 1, 2])", [1, 2]),
        ("flatten([[1], [2, [3]]])", [1, 2, 3]),
        ("keys(var.m)", ["x", "y"]),
        ("values(var.m)", [1, 2]),
        ('contains(var.azs, "b")', True),
        ('toset(["b", "a", "b"])', ["a", "b"]),
        ("tostring(5)", "5"),
        ('tonumber("5")', 5),
        ('tobool("true")', True),
        ('format("%s-%03d", "db", 7)', "db-007"),
        ('join("-", var.azs)', "a-b"),
        ('split(",", "a,b")', ["a", "b"]),
        ('replace("a.b", ".", "_")', "a_b"),
        ('substr("hello", 1, 3)', "ell"),
        ('trimspace("  x ")', "x"),
        ("min(3, 1, 2)", 1),
        ("max(3, 1, 2)", 3),
        ("range(3)", [0, 1, 2]),
        ('zipmap(["a"], [1])', {"a": 1}),
        ("slice([1, 2, 3], 1, 3)", [2, 3]),
        ('jsonencode({b = [1], a = "<"})', '{"a":"\\u003c","b":[1]}'),
        ('jsondecode("{\\"a\\": 1.0}")', {"a": 1}),
        ('cidrsubnet("10.0.0.0/16", 8, 3)', "10.0.3.0/24"),
        ("try(var.m.nope, 5)", 5),
        ("can(var.m.nope)", False),
        ("can(var.m.x)", True),
        ("tolist(var.azs)", ["a", "b"]),
        ("tomap(var.m)", {"x": 1, "y": 2}),
        ('length("abc")', 3),
        ("<<-EOT\n    a ${var.env}\n    EOT\n", "a prod\n"),
    ],
)
def test_known_values(text: str, expected: object) -> None:
    assert evaluate_text(text, _env()) == expected


@pytest.mark.parametrize(
    "text",
    [
        "var.unknown",
        "var.unknown + 1",
        '"x-${var.unknown}"',
        "var.unknown ? 1 : 2",
        "upper(var.unknown)",
        "[for a in var.unknown : a]",
        "merge(var.m, var.unknown)",
        'file("x.txt")',
        'templatefile("x.tpl", {})',
        "some_unknown_function(1)",
        "data.aws_ami.x.id",
        "terraform.workspace",
        "upper(jsonencode([var.unknown]))",
        "try(var.unknown, 1)",
        'provider::aws::arn_parse("x")',
        '"%{ if var.unknown }a%{ endif }"',
        "var.unknown == 1",
        "flatten([var.unknown])",
    ],
)
def test_unknown_propagates(text: str) -> None:
    assert evaluate_text(text, _env()) is UNKNOWN


def test_jsonencode_of_unknowns_is_unknown_text_that_keeps_its_structure() -> None:
    from reslint.model import Encoded, Unknown

    value = evaluate_text('jsonencode([{ name = "api", image = var.unknown }])', _env())
    assert isinstance(value, Unknown)
    assert value == Encoded([{"name": "api", "image": UNKNOWN}])


def test_unknown_inside_structures_stays_local() -> None:
    assert evaluate_text("[1, var.unknown]", _env()) == [1, UNKNOWN]
    assert evaluate_text("length([1, var.unknown])", _env()) == 2
    assert evaluate_text("false && var.unknown", _env()) is False
    assert evaluate_text("true || var.unknown", _env()) is True


@pytest.mark.parametrize("text", ["1 +", "{", '"abc', "a = 1"])
def test_parse_errors_are_tf_parse_error(text: str) -> None:
    with pytest.raises(TfParseError):
        evaluate_text(text)


_ATOMS = st.sampled_from(
    [
        "1",
        "-2.5",
        '"s"',
        "true",
        "null",
        "var.m",
        "var.azs",
        "var.unknown",
        "local.x",
        "aws_x.y",
        "data.a.b",
        "count.index",
        "each.value",
        "[]",
        "{}",
        "[1, 2]",
        "{a = 1}",
        '"${var.n}"',
        '"%{ if true }a%{ endif }"',
        "var.m.x",
        "var.azs[0]",
        "var.azs[*]",
        "x.*.y",
    ]
)
_FUNCS = st.sampled_from(
    [
        "length",
        "concat",
        "merge",
        "lookup",
        "element",
        "try",
        "can",
        "coalesce",
        "coalescelist",
        "compact",
        "distinct",
        "flatten",
        "keys",
        "values",
        "contains",
        "tolist",
        "toset",
        "tomap",
        "tostring",
        "tonumber",
        "tobool",
        "format",
        "join",
        "split",
        "upper",
        "lower",
        "replace",
        "substr",
        "trimspace",
        "min",
        "max",
        "range",
        "zipmap",
        "slice",
        "jsonencode",
        "jsondecode",
        "cidrsubnet",
        "cidrhost",
        "sum",
        "one",
        "file",
        "nosuch",
    ]
)
_OPS = st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||"])


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(inner, _OPS, inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(_FUNCS, st.lists(inner, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} ? {t[1]} : {t[2]}"),
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        inner.map(lambda x: f"[for v in {x} : v]"),
        inner.map(lambda x: f"{{for k, v in {x} : k => v}}"),
        inner.map(lambda x: f"!{x}"),
        inner.map(lambda x: f'"pre-${{{x}}}"'),
        inner.map(lambda x: f"({x})[0]"),
        inner.map(lambda x: f"({x}).a"),
    )


EXPRESSIONS = st.recursive(_ATOMS, _extend, max_leaves=12)


@settings(max_examples=examples(400), deadline=None)
@given(EXPRESSIONS)
def test_evaluator_never_raises_on_generated_expressions(text: str) -> None:
    with contextlib.suppress(TfParseError):
        evaluate_text(text, _env())


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet='ab01 .,[]{}()"$%~*+-/=<>!?:&|\\\n', max_size=40))
def test_evaluator_never_raises_on_random_text(text: str) -> None:
    with contextlib.suppress(TfParseError):
        evaluate_text(text, _env())
