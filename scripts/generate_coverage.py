"""Regenerate ``docs/coverage.md``: which cloud resource types reslint understands.

The tables come from the ``KINDS`` tables of ``reslint.aws``, ``reslint.google`` and
``reslint.azure`` and from the rule registry (the rules that run on each kind's role). Run
``python scripts/generate_coverage.py`` after adding or changing a kind;
``tests/test_coverage_doc.py`` fails while the page is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reslint.aws.kinds import KINDS as AWS_KINDS
from reslint.azure import DEFAULTS as AZURE_DEFAULTS
from reslint.azure import KINDS as AZURE_KINDS
from reslint.google import DEFAULTS as GOOGLE_DEFAULTS
from reslint.google import KINDS as GOOGLE_KINDS
from reslint.plugins import collect, make_plugin_manager

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reslint.aws.kinds import Kind
    from reslint.model import Role

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "coverage.md"

HEADER = """\
# Cloud coverage

Which AWS, Google Cloud and Azure resource types reslint understands, and which rules run on them.
Each type plays a **role** (what it is for, whatever the provider); a rule inspects the resources
of its roles, reading the facts the type's settings give (listed under *Settings read*). A rule
listed for a role only finds something when the type states the fact it checks: a lone
`google_compute_instance` feeds the replica count, not a disruption budget. Types not listed here
are still read (tiers flow through them along references) but no rule inspects them.

Kubernetes manifests are covered separately (workloads, autoscalers, disruption budgets, Services,
Ingresses, cert-manager certificates).

**Tiers.** The tier of a resource comes from its own tags: AWS `tags` (and `Tags` in
CloudFormation), Azure `tags`, Google Cloud `labels`, with the key `reslint.io/tier` or
`reslint-tier`. Google Cloud label keys cannot hold `.` or `/`, so Google resources use
`labels = { reslint-tier = "1" }`. Labels nested elsewhere (Cloud SQL `settings.user_labels`) are not
read; give such a resource a tier through configuration patterns or a tier-1 resource that uses it.
See [tiers](tiers.md).

_Generated from the `KINDS` tables and the rule registry by `scripts/generate_coverage.py`._
"""


def _rules_by_role() -> dict[Role, list[str]]:
    registry = collect(make_plugin_manager(load_entry_points=False))
    by_role: dict[Role, list[str]] = {}
    for rule in registry.rules:
        for role in rule.roles:
            by_role.setdefault(role, []).append(rule.meta.id)
    return {role: sorted(ids) for role, ids in by_role.items()}


def _code(names: Sequence[str | None]) -> str:
    return "<br>".join(f"`{name}`" for name in names if name) or "-"


def _table(kinds: Sequence[Kind], by_role: dict[Role, list[str]], *, cloudformation: bool) -> list[str]:
    heading = ["Terraform", "CloudFormation"] if cloudformation else ["Terraform"]
    heading += ["Role", "Settings read", "Rules run on its role"]
    lines = ["| " + " | ".join(heading) + " |", "|" + "---|" * len(heading)]
    for kind in kinds:
        settings = _code(
            sorted({tf for tf, _ in kind.fields.values() if tf}) + sorted({c for _, c in kind.fields.values() if c})
        )
        rules = ", ".join(f"[{rule}](rules/{rule}.md)" for rule in by_role.get(kind.role, [])) or "-"
        cells = [_code(kind.terraform)]
        if cloudformation:
            cells.append(_code(kind.cloudformation))
        cells += [f"`{kind.role.value}`", settings, rules]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _defaults(rows: Sequence[tuple[str, str, str, str]]) -> list[str]:
    """The provider defaults a provider's kinds rely on, each with its source."""
    lines = [
        "",
        "Defaults relied on (checked against the provider's documentation):",
        "",
        "| Terraform | Setting | When not set | Source |",
        "|---|---|---|---|",
    ]
    for kind, setting, meaning, source in rows:
        lines.append(f"| `{kind}` | `{setting}` | {meaning} | <{source}> |")
    return lines


def render_coverage() -> str:
    """The content of docs/coverage.md."""
    by_role = _rules_by_role()
    lines = [HEADER.rstrip("\n")]
    for title, kinds, cloudformation, defaults in (
        ("AWS", AWS_KINDS, True, ()),
        ("Google Cloud", GOOGLE_KINDS, False, GOOGLE_DEFAULTS),
        ("Azure", AZURE_KINDS, False, AZURE_DEFAULTS),
    ):
        count = len({t for kind in kinds for t in kind.terraform + kind.cloudformation})
        lines += ["", f"## {title}", "", f"{count} resource types.", ""]
        lines += _table(kinds, by_role, cloudformation=cloudformation)
        if defaults:
            lines += _defaults(defaults)
    return "\n".join(lines) + "\n"


def main() -> int:
    """Write docs/coverage.md."""
    TARGET.write_text(render_coverage(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
