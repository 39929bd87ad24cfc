"""Renders rule metadata for ``reslint rules``, ``reslint explain`` and the docs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reslint.rule import RuleMeta


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
    }


def explain_text(meta: RuleMeta) -> str:
    """What ``reslint explain`` prints (Markdown, readable as plain text)."""
    levels = ", ".join(f"tier {tier}: {level.value}" for tier, level in sorted(meta.levels.items()))
    lines = [
        f"# {meta.id} {meta.name}",
        "",
        meta.title,
        "",
        f"Category: {meta.category}. Levels: {levels}.",
        "",
        "## Why it matters",
        "",
        meta.rationale,
        "",
        "## How to fix it",
        "",
        meta.remediation,
    ]
    if meta.references:
        lines += ["", "## References", ""] + [f"- {ref}" for ref in meta.references]
    return "\n".join(lines) + "\n"
