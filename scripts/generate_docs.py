"""Regenerate ``docs/rules/`` from the rule catalog and the rule fixtures.

Run ``python scripts/generate_docs.py`` after changing a rule; ``tests/test_docs.py`` fails while the
pages are out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reslint.catalog import fixes_by_type, rule_page, rules_index
from reslint.rule import load_catalog
from reslint.tiers import DEFAULT_POLICIES

ROOT = Path(__file__).resolve().parent.parent


def rendered_pages(root: Path = ROOT) -> dict[str, str]:
    """File name under docs/rules/ -> content."""
    catalog = load_catalog(root / "rules")
    pages = {"index.md": rules_index([catalog[key] for key in sorted(catalog)])}
    for rule_id, meta in sorted(catalog.items()):
        fixtures = root / "tests" / "fixtures" / "rules" / rule_id
        failing, passing = _examples(fixtures, "fail*"), _examples(fixtures, "pass*")
        pages[f"{rule_id}.md"] = rule_page(meta, failing, passing, fixes_by_type(rule_id, DEFAULT_POLICIES[1]))
    return pages


def _examples(fixtures: Path, pattern: str) -> dict[str, str]:
    """Name -> text of each fixture entry; a folder entry gives each of its files (``fail-x/main.tf``)."""
    examples = {}
    for entry in sorted(fixtures.glob(pattern)):
        files = sorted(p for p in entry.rglob("*") if p.is_file()) if entry.is_dir() else [entry]
        for path in files:
            examples[path.relative_to(fixtures).as_posix()] = path.read_text(encoding="utf-8")
    return examples


def main() -> int:
    """Write the pages and remove pages of rules that no longer exist."""
    target = ROOT / "docs" / "rules"
    target.mkdir(parents=True, exist_ok=True)
    pages = rendered_pages()
    for stale in {p.name for p in target.glob("*.md")} - set(pages):
        (target / stale).unlink()
    for name, text in pages.items():
        (target / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(pages)} pages to {target.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
