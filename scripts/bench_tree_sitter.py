"""Compare reslint's two HCL parsers on the Terraform files under a folder.

Usage: ``python scripts/bench_tree_sitter.py /work/shared/corpus``. Prints CPU seconds for:
tree-sitter parsing alone, parsing plus visiting every node from Python, tree-sitter plus the
adapter that builds the evaluator's input (``reslint.terraform._treesitter``), and python-hcl2's
Lark grammar building the same input. The figures and the decision are in docs/performance.md.
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
    from reslint.terraform import _treesitter
    from reslint.terraform._parse import TfParseError, _parser, parse_hcl_file_lark

    files = sorted(p for p in Path(folder).rglob("*") if p.suffix in (".tf", ".tfvars") and p.is_file())
    texts = [(str(p), p.read_bytes()) for p in files]
    decoded = [(path, text.decode("utf-8", errors="replace")) for path, text in texts]
    parser = _treesitter._parser()
    _treesitter.preload()

    started = time.process_time()
    erroneous = sum(1 for _, text in texts if parser.parse(text).root_node.has_error)
    parse = time.process_time() - started
    started = time.process_time()
    nodes = sum(_visit_all(parser.parse(text)) for _, text in texts)
    visit = time.process_time() - started
    started = time.process_time()
    unsupported = 0
    for path, text in decoded:
        try:
            _treesitter.parse(path, text)
        except _treesitter.Unsupported:
            unsupported += 1
    adapted = time.process_time() - started
    _parser()  # the grammar load is not parsing
    started = time.process_time()
    failed = 0
    for path, text in decoded:
        try:
            parse_hcl_file_lark(path, text)
        except TfParseError:
            failed += 1
    lark = time.process_time() - started
    size = sum(len(text) for _, text in texts)
    print(f"{len(texts)} files, {size:,} bytes")
    print(f"tree-sitter parse:                   {parse:7.3f} s  ({erroneous} trees with errors)")
    print(f"tree-sitter parse + visit {nodes:,} nodes: {visit:7.3f} s")
    print(f"tree-sitter + adapter (reslint):     {adapted:7.3f} s  ({unsupported} left to python-hcl2)")
    print(f"python-hcl2's Lark grammar (reslint): {lark:7.3f} s  ({failed} files failed)")
    print(f"Lark / tree-sitter: {lark / parse:.1f}x parse only, {lark / adapted:.1f}x with the adapter")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
