"""Renders rule metadata for ``reslint rules``, ``reslint explain`` and the docs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reslint.rule import RuleMeta
    from reslint.tiers import TierPolicy


def rule_dict(meta: RuleMeta) -> dict[str, object]:
    """The rule as JSON-ready data."""
    return {
        "id": meta.id,
        "name": meta.name,
        "title": meta.title,
        "category": meta.category,
        "levels": {str(tier): level.value for tier, level in sorted(meta.levels.items())},
        "rationale": meta.rationale,
        "remediation": meta.remediation,
        "references": list(meta.references),
        "aliases": list(meta.aliases),
        "since": meta.since,
        "status": meta.status.value,
    }


def explain_text(meta: RuleMeta, fixes: Sequence[tuple[Sequence[str], str]] = ()) -> str:
    """What ``reslint explain`` prints (Markdown, readable as plain text); *fixes* are the
    specific fixes by resource type (``fixes_by_type``), listed after the general text."""
    levels = ", ".join(f"tier {tier}: {level.value}" for tier, level in sorted(meta.levels.items()))
    lines = [
        f"# {meta.id} {meta.name}",
        "",
        meta.title,
        "",
        f"Category: {meta.category}. Levels: {levels}. Status: {_status(meta)}.",
        "",
        "## Why it matters",
        "",
        meta.rationale,
        "",
        "## How to fix it",
        "",
        meta.remediation,
    ]
    lines += _fixes_and_suppression(meta, fixes)
    if meta.references:
        lines += ["", "## References", ""] + [f"- {ref}" for ref in meta.references]
    return "\n".join(lines) + "\n"


def _status(meta: RuleMeta, quote: str = "") -> str:
    """``stable, since 0.1.0``: the rule's lifecycle status and the version that first shipped it."""
    since = f", since {meta.since}" if meta.since else ""
    return f"{quote}{meta.status.value}{quote}{since}"


def _fixes_and_suppression(
    meta: RuleMeta, fixes: Sequence[tuple[Sequence[str], str]], guide: str = "docs/suppressions.md"
) -> list[str]:
    """The fix for each resource type, then how to accept a finding on purpose (*guide* names the
    suppression docs)."""
    lines = []
    if fixes:
        lines += ["", "## Fixes by resource type (values for tier 1)", ""]
        lines += [f"- {', '.join(f'`{t}`' for t in types)}: {text}" for types, text in fixes]
    lines += [
        "",
        "## Accepting a finding",
        "",
        f"Next to the resource, with a reason: `# reslint:ignore {meta.id} REASON [until=YYYY-MM-DD]`",
        f"(or `{meta.name}` for the id; `//` and `/* */` in HCL), the `reslint.io/ignore` annotation or tag,",
        f"or CloudFormation `Metadata: {{reslint: {{ignore: [...]}}}}`; see {guide}.",
    ]
    return lines


#: Code-fence languages of fixture files, by suffix.
FENCES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".tf": "hcl", ".tfvars": "hcl", ".template": "yaml"}


def rule_page(
    meta: RuleMeta,
    failing: dict[str, str],
    passing: dict[str, str],
    fixes: Sequence[tuple[Sequence[str], str]] = (),
) -> str:
    """A rule's documentation page; the examples are its test fixtures (name -> text), *fixes* its
    fixes by resource type."""
    levels = " · ".join(f"tier {tier}: `{level.value}`" for tier, level in sorted(meta.levels.items()))
    lines = [
        f"# {meta.id} {meta.name}",
        "",
        f"**{meta.title}**",
        "",
        f"Category: `{meta.category}` · Levels: {levels} · Status: {_status(meta, '`')}",
        "",
        "## Why it matters",
        "",
        meta.rationale,
        "",
        "## How to fix it",
        "",
        meta.remediation,
    ]
    lines += _fixes_and_suppression(meta, fixes, "[suppressions](../suppressions.md)")
    for heading, examples in (("Failing example", failing), ("Passing example", passing)):
        for name, text in sorted(examples.items()):
            fence = FENCES.get(name[name.rfind(".") :], "")
            lines += ["", f"## {heading} (`{name}`)", "", f"```{fence}", text.rstrip("\n"), "```"]
    if meta.references:
        lines += ["", "## References", ""] + [f"- <{ref}>" for ref in meta.references]
    lines += ["", "_Generated from `rules/` and `tests/fixtures/rules/` by `scripts/generate_docs.py`._"]
    return "\n".join(lines) + "\n"


def rules_index(metas: list[RuleMeta]) -> str:
    """The table of all rules."""
    lines = [
        "# Rules",
        "",
        "Every rule, from the catalog in `rules/` and the kind tables' fixes. `reslint explain ID` prints a",
        "rule's page without the examples.",
        "",
        "| ID | Name | Category | Title | Status | Since |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| [{m.id}]({m.id}.md) | `{m.name}` | {m.category} | {m.title} | {m.status.value} | {m.since or ''} |"
        for m in metas
    ]
    return "\n".join(lines) + "\n"


def fixes_by_type(rule_id: str, policy: TierPolicy) -> list[tuple[tuple[str, ...], str]]:
    """Every resource type's fix for *rule_id*, types with the same fix together, for ``reslint explain``.

    CloudFormation fixes are spelled as in YAML templates.
    """
    from reslint.fixes import render, spell
    from reslint.kubernetes.fixes import FIXES, TERRAFORM_FIXES
    from reslint.kubernetes.from_terraform import KINDS as KUBERNETES_TYPES
    from reslint.providers import KINDS

    texts: dict[str, str] = {kind: fixes[rule_id] for kind, fixes in FIXES.items() if rule_id in fixes}
    texts.update(
        {
            name: TERRAFORM_FIXES[kind][rule_id]
            for name, (kind, _) in KUBERNETES_TYPES.items()
            if rule_id in TERRAFORM_FIXES.get(kind, {})
        }
    )
    for kind in KINDS:
        for fmt, types in kind.types().items():
            specs = kind.fixes.get(rule_id, ())
            for spec in specs if isinstance(specs, tuple) else (specs,):
                text = spell(spec, kind.paths(fmt), fmt)
                if text is not None:
                    texts.update(dict.fromkeys(types, text))
                    break
    grouped: dict[str, list[str]] = {}
    for type_name, text in texts.items():
        grouped.setdefault(render(text, policy), []).append(type_name)
    return sorted(((tuple(types), text) for text, types in grouped.items()), key=lambda pair: pair[0][0])
