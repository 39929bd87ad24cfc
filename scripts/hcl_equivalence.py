"""Prove that the tree-sitter adapter gives the evaluator what python-hcl2 gives it.

Usage: ``python scripts/hcl_equivalence.py [FOLDER ...]`` (default: tests/fixtures). For every
``.tf`` and ``.tfvars`` file under the folders, parses it with python-hcl2's grammar and with
tree-sitter through ``reslint.terraform._treesitter``, and compares the blocks, attributes, lines
and expression trees (tokens by type and text). Prints every difference, then a summary; exits 1
if there is any difference. A file tree-sitter cannot take (a syntax error, a construct the
adapter does not map) is counted, not a difference: reslint parses it with python-hcl2 then. A
file python-hcl2 rejects must be one tree-sitter cannot take either.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path


def main(folders: list[str]) -> int:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    from reslint.terraform import _treesitter
    from reslint.terraform._parse import TfParseError, parse_hcl_file_lark

    files = sorted(
        {p for folder in folders for p in Path(folder).rglob("*") if p.suffix in (".tf", ".tfvars") and p.is_file()}
    )
    compared, differing, fallbacks, rejected = 0, 0, Counter[str](), 0
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        try:
            expected = parse_hcl_file_lark(str(path), text)
        except TfParseError:
            expected = None
        try:
            actual = _treesitter.parse(str(path), text)
        except (_treesitter.Unsupported, RecursionError) as exc:
            fallbacks[str(exc) or type(exc).__name__] += 1
            if expected is None:
                rejected += 1
            continue
        compared += 1
        if expected is None:
            differing += 1
            print(f"{path}: python-hcl2 rejects it, tree-sitter takes it")
            continue
        found = _treesitter.differences(expected, actual)
        if found:
            differing += 1
            for difference in found:
                print(f"{path}: {difference}")
    print(
        f"{len(files)} files: {compared} compared, {differing} with differences; "
        f"{sum(fallbacks.values())} left to python-hcl2 ({rejected} of them rejected by it too): "
        + ", ".join(f"{reason} {count}" for reason, count in sorted(fallbacks.items()))
    )
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["tests/fixtures"]))
