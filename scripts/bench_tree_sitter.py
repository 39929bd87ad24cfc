"""Compare tree-sitter-hcl with reslint's Lark parser on the Terraform files under a folder.

Usage: ``pip install tree-sitter tree-sitter-hcl`` (not reslint dependencies), then
``python scripts/bench_tree_sitter.py /work/shared/corpus``. Prints CPU seconds for: tree-sitter
parsing, parsing plus visiting every node, parsing plus building Lark-shaped trees in Python (the
least any adapter to reslint's evaluator would cost), and reslint's own parser. The figures and
the decision are in docs/performance.md.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any


def _visit_all(tree: Any) -> int:
    cursor, count = tree.walk(), 0
    while True:
        count += 1
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return count


def main(folder: str) -> int:
    try:
        import tree_sitter
        import tree_sitter_hcl
    except ImportError:
        print("needs: pip install tree-sitter tree-sitter-hcl", file=sys.stderr)
        return 2
    from lark import Token, Tree

    from reslint.terraform._parse import TfParseError, _parser, parse_hcl_text

    files = sorted(p for p in Path(folder).rglob("*") if p.suffix in (".tf", ".tfvars") and p.is_file())
    texts = [p.read_bytes() for p in files]
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))

    def convert(node: Any) -> Any:
        if node.child_count == 0:
            return Token(node.type, node.text.decode())
        return Tree(node.type, [convert(child) for child in node.children])

    sys.setrecursionlimit(100_000)
    started = time.process_time()
    erroneous = sum(1 for text in texts if parser.parse(text).root_node.has_error)
    parse = time.process_time() - started
    started = time.process_time()
    nodes = sum(_visit_all(parser.parse(text)) for text in texts)
    visit = time.process_time() - started
    started = time.process_time()
    for text in texts:
        convert(parser.parse(text).root_node)
    build = time.process_time() - started
    _parser()  # the grammar load is not parsing
    started = time.process_time()
    failed = 0
    for text in texts:
        try:
            parse_hcl_text(text.decode("utf-8"))
        except (TfParseError, UnicodeDecodeError):
            failed += 1
    lark = time.process_time() - started
    size = sum(len(text) for text in texts)
    print(f"{len(texts)} files, {size:,} bytes")
    print(f"tree-sitter parse:                 {parse:7.3f} s  ({erroneous} trees with errors)")
    print(f"tree-sitter parse + visit {nodes:,} nodes: {visit:7.3f} s")
    print(f"tree-sitter parse + Lark-shaped trees: {build:7.3f} s")
    print(f"reslint (Lark, python-hcl2 grammar): {lark:7.3f} s  ({failed} files failed)")
    print(f"Lark / tree-sitter: {lark / parse:.1f}x parse only, {lark / build:.1f}x with trees built")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
