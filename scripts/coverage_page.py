"""``docs/coverage.md``: which cloud resource types reslint understands.

The tables come from the ``KINDS`` tables of ``reslint.aws``, ``reslint.google`` and
``reslint.azure``, where each kind keeps its tags, and from the rule registry (the rules that run on
each kind's role). ``python scripts/generate_docs.py`` writes it with every other generated file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from reslint.aws import KINDS as AWS_KINDS
from reslint.azure import DEFAULTS as AZURE_DEFAULTS
from reslint.azure import KINDS as AZURE_KINDS
from reslint.clouds import DEFAULT_TAGS
from reslint.google import DEFAULTS as GOOGLE_DEFAULTS
from reslint.google import KINDS as GOOGLE_KINDS
from reslint.kubernetes.from_terraform import writers
from reslint.kubernetes.kinds import KINDS as KUBERNETES_KINDS
from reslint.model import Format
from reslint.plugins import collect, make_plugin_manager
from reslint.tiers import TIER_KEYS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reslint.clouds import Kind
    from reslint.model import Role

#: Peer tools' checks in reslint's families, with what reslint does about each (one place, hand-kept).
PEERS = Path(__file__).resolve().parent / "peer_checks.yaml"
PEER_TOOLS = ("Checkov", "KICS", "kube-score", "Polaris", "kube-linter")
FAMILIES = ("zones", "replicas", "health checks", "certificates", "backups", "disruption", "rollout", "deletion")
STATUSES = ("covered", "partly", "not covered", "by design")

PEERS_INTRO = """\
## Compared with other tools

What Checkov, KICS, kube-score, Polaris and kube-linter check in reslint's families (zones,
replicas, health checks, certificates, backups, disruption, rollout, deletion), read from their own
documentation and source, and what reslint does about each check on this version: **covered**
(the same gap gets a finding), **partly**, **not covered** yet, or **by design** (deliberately no
finding). Their checks outside these families (security, cost, style) are not listed.

_Kept in `scripts/peer_checks.yaml`; a row naming a rule reslint does not have fails the tests._
"""

HEADER = """\
# Cloud coverage

Which AWS, Google Cloud and Azure resource types reslint understands, and which rules run on them.
Each type plays a **role** (what it is for, whatever the provider); a rule inspects the resources
of its roles, reading the facts the type's settings give (listed under *Settings read*). A rule
listed for a role only finds something when the type states the fact it checks: a lone
`google_compute_instance` feeds the replica count, not a disruption budget. Types not listed here
are still read (tiers flow through them along references) but no rule inspects them.

Kubernetes kinds are listed [at the end](#kubernetes).
"""

GENERATED_BY = "_Generated from the `KINDS` tables and the rule registry by `scripts/generate_docs.py`._"


def _tiers_paragraph() -> str:
    """Where a resource's tier tag is read: the formats' default tag locations, then each kind that
    keeps its tags elsewhere (``Kind.tags``)."""
    keys = " or ".join(f"`{key}`" for key in TIER_KEYS)
    defaults = "; ".join(
        f"{fmt.title() if fmt != Format.CLOUDFORMATION else 'CloudFormation'} {', '.join(f'`{t}`' for t in where)}"
        for fmt, where in DEFAULT_TAGS.items()
    )
    elsewhere = [
        f"{', '.join(f'`{t}`' for t in kind.terraform + kind.cloudformation)}: "
        + "; ".join(", ".join(f"`{t}`" for t in where) for where in kind.tags.values())
        for kinds in (AWS_KINDS, GOOGLE_KINDS, AZURE_KINDS)
        for kind in kinds
        if kind.tags
    ]
    text = (
        f"**Tiers.** The tier of a resource comes from its own tags with the key {keys} (the "
        "`tier_keys` setting), read where its type keeps them: by default "
        f"{defaults}."
    )
    if elsewhere:
        text += " Types that keep them elsewhere: " + "; ".join(elsewhere) + "."
    return text + " See [tiers](tiers.md)."


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


def _peer_rows(rule_ids: set[str]) -> list[str]:
    """The peer comparison, validated: every cell filled, every rule known."""
    data = yaml.safe_load(PEERS.read_text(encoding="utf-8"))
    tools = data["tools"]
    if tuple(tool["name"] for tool in tools) != PEER_TOOLS:
        raise ValueError(f"{PEERS.name}: expected the tools {PEER_TOOLS}")
    lines = [PEERS_INTRO.rstrip("\n")]
    for tool in tools:
        checks = tool["checks"]
        counts = {status: sum(1 for c in checks if c["status"] == status) for status in STATUSES}
        summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
        lines += ["", f"### {tool['name']}", "", f"{tool['version']}; read from `{tool['source']}`. {summary}.", ""]
        lines += ["| Check | Family | What it checks | reslint | Status |", "|---|---|---|---|---|"]
        for check in checks:
            lines.append(_peer_row(tool["name"], check, rule_ids))
    return lines


def _peer_row(tool: str, check: dict[str, object], rule_ids: set[str]) -> str:
    where = f"{PEERS.name}: {tool} {check.get('id')!r}"
    rules = check.get("rules")
    if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
        raise ValueError(f"{where}: rules must be a list of rule ids")
    for field in ("id", "check"):
        if not str(check.get(field) or "").strip():
            raise ValueError(f"{where}: {field} is empty")
    if check.get("family") not in FAMILIES:
        raise ValueError(f"{where}: family must be one of {FAMILIES}")
    status, note = check.get("status"), str(check.get("note") or "").strip()
    if status not in STATUSES:
        raise ValueError(f"{where}: status must be one of {STATUSES}")
    unknown = [r for r in rules if r not in rule_ids]
    if unknown:
        raise ValueError(f"{where}: no such rule {', '.join(unknown)}")
    if status in ("covered", "partly") and not rules:
        raise ValueError(f"{where}: a {status} check names the rules that cover it")
    if status != "covered" and not note:
        raise ValueError(f"{where}: a {status} check says why in a note")
    covering = ", ".join(f"[{r}](rules/{r}.md)" for r in rules) or "-"
    verdict = f"**{status}**" + (f": {note}" if note else "")
    return f"| `{check['id']}` | {check['family']} | {check['check']} | {covering} | {verdict} |"


def _kubernetes_table() -> list[str]:
    lines = [
        "| Kind | API group | Terraform (kubernetes provider) | Role | Settings read | Rules that can fire | Notes |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in KUBERNETES_KINDS:
        rules = ", ".join(f"[{rule}](rules/{rule}.md)" for rule in kind.rules) or "-"
        cells = [
            _code(kind.kinds),
            f"`{kind.api_group}`" if kind.api_group else "core",
            _code([name for each in kind.kinds for name in writers(each)]),
            f"`{kind.role.value}`",
            _code(kind.settings),
            rules,
            kind.note or "-",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


KUBERNETES_NOTES = """\
Any other kind whose `spec.template.spec.containers` holds a pod template (a Knative Service, an
OpenKruise CloneSet, a Rollout from another API group) gets a notice: reslint does not know how it
keeps its pods running, so its replicas, rollout and probes are not checked.

The Terraform kubernetes provider's resources are read as the objects they write (blocks in
snake_case, such as `spec { template { spec { container { readiness_probe { ... } } } } }`), so
every rule above runs on them, with Terraform addresses, and relations (an autoscaler's target, a
budget's or Service's selector) hold among them. `kubernetes_manifest` is read when its `manifest`
is a literal object; a value Terraform cannot know (a variable without a value, a data source, a
remote module's output) gives no finding.

Findings point at the line of the setting that decides; a finding about a setting that is missing
points at the object's `metadata.name` line (the name the address ends with). Inside a
`kubernetes_manifest`, every setting points at the `manifest` line."""


#: Controls of reslint's families that a cloud has but reslint does not read yet: (cloud, control,
#: rules, why not yet). Hand-kept; ``_gaps`` refuses a rule that does not exist.
GAPS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    (
        "Google Cloud",
        "`google_monitoring_alert_policy` (alarms on symptoms)",
        ("RSL001", "RSL002"),
        "a condition names what it watches in a Monitoring filter string (`resource.type`, `resource.label.*`, "
        "`metric.type`), which needs a filter parser and a map from monitored resource labels to each kind's "
        "names; Google Cloud load balancers, databases and queues get no RSL001 finding",
    ),
    (
        "Azure",
        "`azurerm_monitor_metric_alert` (alarms on symptoms)",
        ("RSL001", "RSL002"),
        "not mapped yet; Azure load balancers, databases and queues get no RSL001 finding",
    ),
)


def _gaps(rule_ids: set[str]) -> list[str]:
    lines = ["## Controls not read yet", "", "| Cloud | Control | Rules | Why not yet |", "|---|---|---|---|"]
    for cloud, control, rules, why in GAPS:
        unknown = [rule for rule in rules if rule not in rule_ids]
        if unknown:
            raise ValueError(f"GAPS: no such rule {', '.join(unknown)}")
        named = ", ".join(f"[{rule}](rules/{rule}.md)" for rule in rules)
        lines.append(f"| {cloud} | {control} | {named} | {why} |")
    return lines


def render_coverage() -> str:
    """The content of docs/coverage.md."""
    by_role = _rules_by_role()
    lines = [HEADER.rstrip("\n"), "", _tiers_paragraph(), "", GENERATED_BY]
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
    lines += ["", *_gaps({rule for ids in by_role.values() for rule in ids})]
    count = len({name for kind in KUBERNETES_KINDS for name in kind.kinds})
    lines += ["", "## Kubernetes", "", f"{count} kinds.", ""]
    lines += _kubernetes_table()
    lines += ["", KUBERNETES_NOTES]
    lines += ["", *_peer_rows({rule for ids in by_role.values() for rule in ids})]
    return "\n".join(lines) + "\n"
