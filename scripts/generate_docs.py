"""Regenerate every generated file from its source, or check that none is stale.

``python scripts/generate_docs.py`` writes them all; ``--check`` writes nothing and exits 1 naming
the stale files (``tests/test_docs.py`` runs the same check). What is generated, and from what:

- ``docs/rules/``: a page per rule and the index, from ``rules/`` and ``tests/fixtures/rules/``;
- ``docs/coverage.md``: from the kind tables, the rule registry and ``scripts/peer_checks.yaml``;
- ``docs/fix.md``'s table of fixable rules: from the kind tables' fixes;
- ``docs/configuration.md``'s key reference and ``README.md``'s tier table: from
  ``src/reslint/schemas/config.schema.json`` (``reslint init`` reads the same schema at run time).

A generated section of a hand-written page sits between ``<!-- generated: NAME ... -->`` and
``<!-- end of generated: NAME -->``; the prose around it is kept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coverage_page import render_coverage

from reslint.catalog import fixes_by_type, rule_page, rules_index
from reslint.config import config_schema
from reslint.init import flow
from reslint.rule import DEFAULT_LEVELS, load_catalog
from reslint.tiers import DEFAULT_POLICIES, TIERS

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

ROOT = Path(__file__).resolve().parent.parent
RULE_PAGES = Path("docs/rules")


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


def fix_section(root: Path = ROOT) -> str:
    """docs/fix.md's table of what ``reslint fix`` edits, per rule and format, from the kind tables."""
    from reslint.autofix.spec import fixable_rows

    catalog = load_catalog(root / "rules")
    lines = ["| Rule | Format | Resource types | Edit |", "|---|---|---|---|"]
    manual = []
    for rule_id, meta in sorted(catalog.items()):
        rows = fixable_rows(rule_id, DEFAULT_POLICIES[1])
        if not rows:
            manual.append(f"{rule_id} ({meta.name})")
        for fmt, types, text in rows:
            shown_types = ", ".join(f"`{t}`" for t in types)
            cell = text.replace("|", "\\|")
            lines.append(f"| {rule_id} | {fmt} | {shown_types} | {cell} |")
    lines += [
        "",
        "No mechanical fix (every fix needs a person's choice; `fix` lists them with the manual step): "
        + ", ".join(manual)
        + ".",
    ]
    return "\n".join(lines)


def _resolve(schema: Mapping[str, object], root: Mapping[str, object]) -> Mapping[str, object]:
    """*schema*, or the ``$defs`` entry its ``$ref`` names."""
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target: object = root
        for part in ref.removeprefix("#/").split("/"):
            assert isinstance(target, dict)
            target = target[part]
        assert isinstance(target, dict)
        return target
    return schema


def _type(schema: Mapping[str, object]) -> str:
    """A key's type as a YAML or TOML user reads it."""
    enum = schema.get("enum")
    if isinstance(enum, list):
        if all(isinstance(v, int) for v in enum) and enum == list(range(enum[0], enum[-1] + 1)):
            return f"{enum[0]}\N{EN DASH}{enum[-1]}"
        return " or ".join(f"`{v}`" for v in enum)
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items")
        assert isinstance(items, dict)
        if items.get("type") == "object":
            return f"list of `{{{_fields(items)}}}`"
        return f"list of {_type(items)}s"
    if kind == "object":
        values = schema.get("additionalProperties")
        return f"map string → {_type(values)}" if isinstance(values, dict) else "mapping"
    return {"integer": "int", "boolean": "bool"}.get(str(kind), str(kind))


def _fields(schema: Mapping[str, object]) -> str:
    """An object's keys, the optional ones marked ``?``."""
    properties = schema.get("properties")
    required = schema.get("required", [])
    assert isinstance(properties, dict) and isinstance(required, list)
    return ", ".join(name if name in required else f"{name}?" for name in properties)


def _default(value: object) -> str:
    return "not set" if value is None else f"`{flow(value)}`"


def _tier_defaults(name: str, tiers: Mapping[str, object]) -> str:
    """One policy key's default per tier, tiers with the same default together."""
    by_value: dict[str, list[str]] = {}
    for tier, schema in tiers.items():
        assert isinstance(schema, dict)
        by_value.setdefault(_default(schema["default"][name]), []).append(tier)
    if len(by_value) == 1:
        return next(iter(by_value))
    return ", ".join(
        f"{shown} (tier{'s' if len(group) > 1 else ''} {', '.join(group)})" for shown, group in by_value.items()
    )


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|")


def configuration_section() -> str:
    """docs/configuration.md's table of every key, from the config schema."""
    schema = config_schema()
    lines = ["| Key | Type | Default | Meaning |", "|---|---|---|---|"]

    def row(key: str, sub: Mapping[str, object], default: str) -> None:
        lines.append(f"| `{key}` | {_cell(_type(sub))} | {_cell(default)} | {_cell(sub['description'])} |")

    properties = schema["properties"]
    for name, sub in properties.items():
        if name == "policy":
            tiers = sub["properties"]
            policy = _resolve(tiers[str(TIERS[0])], schema)
            assert isinstance(policy["properties"], dict)
            for key, each in policy["properties"].items():
                row(f"policy.<tier>.{key}", each, _tier_defaults(key, tiers))
        elif sub.get("type") == "object" and "properties" in sub:
            for key, each in sub["properties"].items():
                row(f"{name}.{key}", each, _default(each.get("default")))
        else:
            row(name, sub, _default(sub.get("default")))
            items = sub.get("items", {})
            for key, each in items.get("properties", {}).items():
                shown = "required" if key in items.get("required", []) else _default(each.get("default"))
                row(f"{name}[].{key}", each, shown)
    return "\n".join(lines)


#: The README's tier table: the policy keys a reader compares tiers by, in this order.
README_KEYS = ("min_replicas", "min_zones", "min_backup_days", "cross_region_copy")


def readme_tiers_section() -> str:
    """README.md's table of what each tier requires by default, and the level of its findings."""
    schema = config_schema()
    policy = _resolve(schema["properties"]["policy"]["properties"][str(TIERS[0])], schema)["properties"]
    assert isinstance(policy, dict)
    titles = [str(policy[key]["title"]) for key in README_KEYS]
    lines = ["| Tier | " + " | ".join(titles) + " | Level |", "|---" * (len(titles) + 2) + "|"]
    for tier in TIERS:
        cells = []
        for key in README_KEYS:
            value = getattr(DEFAULT_POLICIES[tier], key)
            cells.append(("yes" if value else "no") if isinstance(value, bool) else f"≥ {value}")
        lines.append(f"| {tier} | " + " | ".join(cells) + f" | {DEFAULT_LEVELS[tier].value} |")
    return "\n".join(lines)


def _markers(name: str, source: str) -> tuple[str, str]:
    return (
        f"<!-- generated: {name}, from {source} by python scripts/generate_docs.py; edit the source -->",
        f"<!-- end of generated: {name} -->",
    )


def with_section(text: str, name: str, source: str, body: str) -> str:
    """*text* with the generated section *name* replaced by *body*."""
    start, end = _markers(name, source)
    if text.count(start) != 1 or text.count(end) != 1:
        raise ValueError(f"expected one {start!r} and one {end!r}")
    before, rest = text.split(start)
    _, after = rest.split(end)
    return f"{before}{start}\n\n{body}\n\n{end}{after}"


#: Hand-written pages with a generated section: page, section name, its source, its renderer.
SECTIONS: tuple[tuple[str, str, str, Callable[[], str]], ...] = (
    ("docs/fix.md", "fixable rules", "the kind tables", fix_section),
    ("docs/configuration.md", "keys", "src/reslint/schemas/config.schema.json", configuration_section),
    ("README.md", "tiers", "src/reslint/schemas/config.schema.json", readme_tiers_section),
)


def generated(root: Path = ROOT) -> dict[Path, str]:
    """Every generated file (a path relative to *root*) and the content it must have."""
    files = {RULE_PAGES / name: text for name, text in rendered_pages(root).items()}
    files[Path("docs/coverage.md")] = render_coverage()
    for page, name, source, render in SECTIONS:
        text = (root / page).read_text(encoding="utf-8")
        files[Path(page)] = with_section(text, name, source, render())
    return files


def stale(root: Path = ROOT) -> list[str]:
    """The generated files that differ from what the sources give, and rule pages of no rule."""
    files = generated(root)
    found = [
        path.as_posix()
        for path, text in sorted(files.items())
        if not (root / path).is_file() or (root / path).read_text(encoding="utf-8") != text
    ]
    extra = {p.relative_to(root) for p in (root / RULE_PAGES).glob("*.md")} - set(files)
    return found + sorted(p.as_posix() for p in extra)


def main(argv: Sequence[str] | None = None) -> int:
    """Write every generated file (and remove rule pages of rules that no longer exist), or check them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 naming the stale files")
    args = parser.parse_args(argv)
    if args.check:
        found = stale()
        for name in found:
            print(f"stale: {name}", file=sys.stderr)
        return 1 if found else 0
    files = generated()
    for old in {p.relative_to(ROOT) for p in (ROOT / RULE_PAGES).glob("*.md")} - set(files):
        (ROOT / old).unlink()
    for path, text in files.items():
        (ROOT / path).parent.mkdir(parents=True, exist_ok=True)
        (ROOT / path).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
