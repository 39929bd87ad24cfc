"""The tree-sitter adapter gives the evaluator exactly what python-hcl2 gives it (#18.1).

``scripts/hcl_equivalence.py`` runs the same comparison over any corpus; here it runs over the
project's own fixtures and over constructs where the two grammars' trees differ most.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from _support.paths import FIXTURES, ROOT
from reslint.terraform import _treesitter
from reslint.terraform._parse import (
    TfParseError,
    cache_salt,
    hcl_parser,
    parse_hcl_file,
    parse_hcl_file_lark,
)


def _fixture_files() -> list[str]:
    return sorted(str(p) for p in FIXTURES.rglob("*") if p.suffix in (".tf", ".tfvars") and p.is_file())


def test_every_fixture_parses_the_same_with_both_parsers() -> None:
    compared, rejected = 0, 0
    for path in _fixture_files():
        text = Path(path).read_text(encoding="utf-8")
        try:
            expected = parse_hcl_file_lark(path, text)
        except TfParseError:
            # python-hcl2 rejects it: tree-sitter must not take it, so the error stays python-hcl2's.
            with pytest.raises(_treesitter.Unsupported):
                _treesitter.parse(path, text)
            rejected += 1
            continue
        actual = _treesitter.parse(path, text)  # every file python-hcl2 takes, tree-sitter takes
        assert _treesitter.differences(expected, actual) == [], path
        compared += 1
    assert compared >= 200
    assert rejected >= 1


CASES = {
    "chained conditional (tree-sitter-hcl nests it to the left)": "x = a ? null : b ? c : d ? e : f\n",
    "parenthesized conditional as a condition": "x = (a ? b : c) ? d : e\n",
    "conditional in a then branch": "x = a ? b ? 1 : 2 : 3\n",
    "operator precedence": "x = a || b && c == d < e + f * g % h - i / j\n",
    "negative numbers": "x = [-1, -1.5, - 2.5, 2 - -1, -a, !true, 1.5e3]\n",
    "operator after a newline and a comment": "x = (a # c\n  && b\n  || c)\n",
    "strings": 'x = "a\\"b\\\\ $${x} %%{y} 100% $ ${var.x}!\\n\\u00e9"\n',
    "template directives": 'x = "%{ for k, v in var.m ~}${k}=${v}%{~ endfor }%{if a}y%{ else }n%{ endif }"\n',
    "heredocs": "x = <<EOT\n  a ${b}\nEOT\ny = <<-EOT\n    c\n  EOT\nz = 1\n",
    "heredoc with CRLF": "x = <<EOT\r\n  a\r\nEOT\r\ny = 2\r\n",
    "traversals and splats": "x = a.b[0].c.*.d[1].e\ny = a[*].b.c\nz = a.0.b\nw = a.b[*][0]\n",
    "functions": 'x = concat(a, b...)\ny = provider::aws::arn_parse("x")\nz = f()\nw = f(a,)\n',
    "for expressions": 'x = [for s in var.l : upper(s) if s != ""]\ny = {for k, v in var.m : k => v...}\n',
    "objects and tuples": 'x = { in = 1, "k" : 2, (var.k) = 3, true = 4, for_each = 5, a.b = 6, }\ny = [1, 2,]\n',
    "comments inside expressions": "x = {\n  # c\n  a = 1 // d\n  /* e */ b = [\n    1, # f\n  ]\n}\n",
    "blocks": (
        'resource "a" "b" {\n  count = 2\n  lifecycle {\n    ignore_changes = [tags]\n  }\n'
        '  dynamic "x" {\n    for_each = var.l\n    content {}\n  }\n}\nlabel un "quoted" {}\n'
    ),
    "duplicate attribute (the first wins)": "x = 1\nx = 2\n",
}


@pytest.mark.parametrize("text", list(CASES.values()), ids=list(CASES))
def test_constructs_parse_the_same_with_both_parsers(text: str) -> None:
    expected = parse_hcl_file_lark("main.tf", text)
    assert _treesitter.differences(expected, _treesitter.parse("main.tf", text)) == []


def test_a_difference_is_found() -> None:
    # The comparison itself must see what it is there to see.
    expected = parse_hcl_file_lark("main.tf", "x = a - 1\n")
    assert _treesitter.differences(expected, _treesitter.parse("main.tf", "x = a + 1\n"))
    assert _treesitter.differences(expected, _treesitter.parse("main.tf", "\nx = a - 1\n"))


ERRORS = {
    "missing closing brace": 'resource "a" "b" {\n  x = 1\n',
    "strip markers in an interpolation": 'x = "${~ a ~}"\n',
    "identifier python-hcl2 does not take": "x = \u00e9\n",
    "unary operator on a unary operation": "x = - -a\n",
    "heredoc marker followed by spaces": "x = <<EOT\nhi\nEOT  \n",
}


@pytest.mark.parametrize("text", list(ERRORS.values()), ids=list(ERRORS))
def test_what_python_hcl2_rejects_keeps_its_message_and_line(text: str) -> None:
    with pytest.raises(TfParseError) as expected:
        parse_hcl_file_lark("main.tf", text)
    with pytest.raises(_treesitter.Unsupported):
        _treesitter.parse("main.tf", text)
    assert hcl_parser() == "tree-sitter"
    with pytest.raises(TfParseError) as actual:
        parse_hcl_file("main.tf", text)
    assert (str(actual.value), actual.value.line) == (str(expected.value), expected.value.line)


FALLBACKS = {
    # python-hcl2 reads "$${x ${y}" as one escaped interpolation, tree-sitter as text and an interpolation.
    "escaped interpolation around an interpolation": 'x = "$${x ${y}"\n',
    # tree-sitter-hcl marks these as errors; python-hcl2 takes them.
    "heredoc at the end of a file without a newline": "x = <<-EOT\n  a\n  EOT",
    "negative number with an exponent": "x = -1e3\n",
}


@pytest.mark.parametrize("text", list(FALLBACKS.values()), ids=list(FALLBACKS))
def test_what_the_adapter_does_not_take_goes_to_python_hcl2(text: str) -> None:
    with pytest.raises(_treesitter.Unsupported):
        _treesitter.parse("main.tf", text)
    expected = parse_hcl_file_lark("main.tf", text)
    assert _treesitter.differences(expected, parse_hcl_file("main.tf", text)) == []


def test_the_parser_can_be_chosen_and_is_in_the_cache_key(monkeypatch: pytest.MonkeyPatch) -> None:
    salt = cache_salt()
    assert "tree-sitter-hcl" in salt
    monkeypatch.setenv("RESLINT_HCL_PARSER", "python-hcl2")
    assert hcl_parser() == "python-hcl2"
    assert cache_salt() != salt
    assert "tree-sitter" not in cache_salt()


def test_the_equivalence_script_reports_no_difference_on_the_fixtures() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "hcl_equivalence.py"), str(FIXTURES)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert " 0 with differences" in result.stdout
