"""The YAML loader: lines, YAML 1.1 scalars, merge keys, and limits on hostile input."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support.fuzzing import examples
from reslint.yamlload import MAX_DEPTH, Mapping, Sequence, YamlError, load_all


def test_documents_keep_their_lines_and_key_lines() -> None:
    docs = list(load_all("# comment\na: 1\n---\nkind: X\nspec:\n  items:\n    - name: one\n    - name: two\n"))
    assert [line for _, line in docs] == [2, 4]
    second = docs[1][0]
    assert isinstance(second, Mapping)
    assert second.key_lines == {"kind": 4, "spec": 5}
    spec = second["spec"]
    assert isinstance(spec, Mapping)
    items = spec["items"]
    assert isinstance(items, Sequence)
    assert items.item_lines == [7, 8]
    assert [item.line if isinstance(item, Mapping) else None for item in items] == [7, 8]


def test_scalars_resolve_as_yaml_1_1_like_kubernetes() -> None:
    [(doc, _)] = load_all("a: yes\nb: 'yes'\nc: 0755\nd: ~\ne: 1.5\nf: '3'\n")
    assert doc == {"a": True, "b": "yes", "c": 493, "d": None, "e": 1.5, "f": "3"}


def test_empty_documents_are_dropped() -> None:
    assert [d for d, _ in load_all("---\n---\n# only a comment\n---\na: 1\n")] == [{"a": 1}]


def test_merge_keys_merge_and_explicit_keys_win() -> None:
    [(doc, _)] = load_all("base: &b {x: 1, y: 1}\nd:\n  <<: *b\n  y: 2\n")
    assert isinstance(doc, Mapping)
    assert doc["d"] == {"x": 1, "y": 2}


def test_duplicate_keys_are_errors_with_the_line() -> None:
    with pytest.raises(YamlError) as caught:
        list(load_all("metadata:\n  name: a\n  name: b\n"))
    assert caught.value.line == 3
    assert "duplicate key 'name'" in caught.value.message


def test_invalid_yaml_reports_a_line() -> None:
    with pytest.raises(YamlError) as caught:
        list(load_all("a: 1\nb: [1, 2\nc: 3\n"))
    assert caught.value.line is not None


def test_deep_nesting_stops_at_the_depth_limit() -> None:
    text = "a: " + "[" * 100_000 + "]" * 100_000
    # libyaml 0.2.5 builds in PyYAML >= 6.0.4 stop first with their own "maximum nesting depth".
    with pytest.raises(YamlError, match="nesting"):
        list(load_all(text))
    list(load_all("a: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2)))


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    with pytest.raises(YamlError, match="alias bomb"):
        list(load_all("\n".join(lines) + "\n"))


def test_unknown_alias_is_an_error() -> None:
    with pytest.raises(YamlError, match="alias"):
        list(load_all("a: *nowhere\n"))


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n\t ,?%@`<1.~")), max_size=200))
def test_any_text_loads_or_raises_yaml_error(text: str) -> None:
    with contextlib.suppress(YamlError):
        list(load_all(text))
