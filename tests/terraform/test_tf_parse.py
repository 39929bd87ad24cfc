"""Parser plumbing: pinned python-hcl2 major, writable grammar cache, lazy imports, JSON lines."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from typing import TYPE_CHECKING

from reslint.terraform._parse import _cache_path, parse_file, parse_hcl_text

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def test_python_hcl2_major_is_8() -> None:
    # The tree walk depends on the v8 grammar (hcl2.lark); 9.x may reshape it.
    assert version("python-hcl2").split(".")[0] == "8"


def test_grammar_cache_is_written_where_we_chose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = _cache_path()
    assert path is not None
    assert path.startswith(str(tmp_path / "reslint"))
    assert version("python-hcl2") in path


def test_importing_the_package_does_not_import_hcl2() -> None:
    parsers = ("hcl2", "lark", "tree_sitter", "tree_sitter_hcl")
    code = f"import sys, reslint.terraform; print(any(m.split('.')[0] in {parsers!r} for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_node_has_a_line() -> None:
    tree = parse_hcl_text('a = 1\n\nb = {\n  c = "x"\n}\n')
    attrs = [c for c in tree.children[0].children if getattr(c, "data", None) == "attribute"]
    assert [a.meta.line for a in attrs] == [1, 3]


def test_json_block_lines_are_best_effort(tmp_path: Path) -> None:
    path = tmp_path / "main.tf.json"
    path.write_text(
        '{\n  "resource": {\n    "aws_sqs_queue": {\n      "q": {\n        "name": "x"\n      }\n    }\n  }\n}\n'
    )
    parsed = parse_file(str(path))
    assert [(b.type, b.labels, b.line) for b in parsed.blocks] == [("resource", ["aws_sqs_queue", "q"], 4)]
    assert parsed.blocks[0].attrs["name"].line == 5
