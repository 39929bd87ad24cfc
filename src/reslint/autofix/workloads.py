"""The workload fixes that are not one value: a PodDisruptionBudget appended for RSL601, a zone
spread constraint inserted for RSL101, and the rolling-update parameter of RSL701, whose place
depends on the strategy (``kubernetes/fixes.py`` ``ADDS`` lists the kinds).

Each is made from the workload's own text: the budget and the constraint select the pods with the
workload's selector, copied as written (a manifest's ``matchLabels``, a Terraform expression), so
they select exactly the pods the workload owns. A selector that is not literal labels
(``matchExpressions``, values not known statically) is refused, as is a workload whose zone
placement is already written but wrong (a constraint that selects nothing, a node selector pinning
one zone): adding a second constraint would not fix that, a person must.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from reslint.autofix.edits import Edit, Refused, line_start

if TYPE_CHECKING:
    from collections.abc import Collection

    from reslint.model import Resource

_ZONE_KEY = "topology.kubernetes.io/zone"
#: Kinds whose ``spec.selector`` is a plain map of labels (defaulting to the pod template's).
_MAP_SELECTOR = {"ReplicationController", "DeploymentConfig"}
#: Where each kind writes its rolling update's ``maxUnavailable``, below ``spec.strategy``.
_ROLLING = {
    "Deployment": ("rollingUpdate",),
    "Rollout": ("canary",),
    "DeploymentConfig": ("rollingParams",),
    "kubernetes_deployment": ("rolling_update",),
    "kubernetes_deployment_v1": ("rolling_update",),
}


def adds(resource: Resource, rule: str) -> bool:
    """Whether *rule*'s fix on *resource*'s kind is one this module makes."""
    from reslint.kubernetes.fixes import ADDS

    return resource.type in ADDS.get(rule, {})


def blocker(resource: Resource, rule: str) -> str | None:
    """Why *rule*'s fix cannot be made on *resource*, read from its parsed body and facts (so the
    report does not mark it fixable), or None."""
    facts = resource.facts
    if rule == "RSL701":
        said = facts.rollout_keeps_capacity.evidence or ""
        if "Recreate" in said:
            return (
                f"`{said}` stops every pod before starting new ones, often on purpose (a volume only one "
                "pod may mount, a migration): choose a rolling update by hand"
            )
        return None
    if "[" in resource.address:
        return "count or for_each makes several workloads from this block: add the budget or spread by hand"
    if rule == "RSL101" and facts.zone_spread.evidence:
        return f"{facts.zone_spread.evidence}: correct the placement that is written rather than add another"
    labels = selector(resource.type, resource.attributes)
    return labels if isinstance(labels, str) else None


def selector(kind: str, body: Mapping[Any, object]) -> dict[str, str] | str:
    """The labels that select the workload's pods (its selector's ``matchLabels``), or why there are
    none to copy."""
    spec = body.get("spec")
    spec = spec if isinstance(spec, Mapping) else {}
    chosen = spec.get("selector")
    if kind in _MAP_SELECTOR or chosen is None:
        if chosen is None:
            template = spec.get("template")
            metadata = template.get("metadata") if isinstance(template, Mapping) else None
            chosen = metadata.get("labels") if isinstance(metadata, Mapping) else None
        labels = chosen
    else:
        if not isinstance(chosen, Mapping) or set(chosen) - {"matchLabels"}:
            return "the workload's selector uses `matchExpressions`: write the selector by hand"
        labels = chosen.get("matchLabels")
    if not isinstance(labels, Mapping) or not labels:
        return "the workload has no selector labels to copy: write the selector by hand"
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in labels.items()):
        return "the workload's selector labels are not all known statically: write the selector by hand"
    return {str(k): str(v) for k, v in labels.items()}


def edits(resource: Resource, rule: str, text: str, taken: Collection[str]) -> dict[str, list[Edit]]:
    """The edits, by file, that make *rule*'s fix on *resource*; *taken* holds every address the
    scan knows (a budget's name must be free). Raises ``Refused``."""
    from reslint.model import Format

    reason = blocker(resource, rule)
    if reason is not None:
        raise Refused(reason)
    if resource.format is Format.KUBERNETES:
        return {resource.file: _yaml(resource, rule, text, taken)}
    if not resource.file.endswith(".tf"):
        raise Refused("only Terraform's native syntax (.tf) is edited, not JSON or plans")
    return {resource.file: _hcl(resource, rule, text, taken)}


# --- manifests ---------------------------------------------------------------------------------


def _yaml(resource: Resource, rule: str, text: str, taken: Collection[str]) -> list[Edit]:
    from reslint.autofix.yaml import document, kubernetes_edits

    parts = resource.address.split("/")
    namespace = parts[0] if len(parts) == 3 else None
    if rule == "RSL701":
        keys = ("spec", "strategy", *_ROLLING[resource.type], "maxUnavailable")
        return kubernetes_edits(text, resource.type, parts[-1], namespace, [(keys, _rolling_value(), False)])
    doc = document(text, resource.type, parts[-1], namespace)
    labels = selector(resource.type, doc)
    if isinstance(labels, str):
        raise Refused(labels)
    if rule == "RSL601":
        return [_budget_document(text, doc, parts[-1], labels, taken)]
    return [_spread_item(text, doc, labels)]


def _rolling_value() -> str:
    from reslint.kubernetes.fixes import ROLLING_MAX_UNAVAILABLE

    return ROLLING_MAX_UNAVAILABLE


def _budget_document(text: str, doc: Any, name: str, labels: dict[str, str], taken: Collection[str]) -> Edit:
    """``---`` and a PodDisruptionBudget, appended to the file, indented as the workload is."""
    from reslint.autofix.yaml import plain, unit_of
    from reslint.kubernetes.fixes import BUDGET_MAX_UNAVAILABLE

    metadata = doc.get("metadata")
    namespace = metadata.get("namespace") if isinstance(metadata, Mapping) else None
    if namespace is not None and not isinstance(namespace, str):
        raise Refused("the workload's namespace is not a plain value: add the budget by hand")
    address = f"{namespace}/PodDisruptionBudget/{name}" if namespace else f"PodDisruptionBudget/{name}"
    if address in taken or any(a.endswith(f"/PodDisruptionBudget/{name}") for a in taken if not namespace):
        raise Refused(f"a PodDisruptionBudget named {name} exists already and selects other pods: change it by hand")
    pad = " " * unit_of(doc)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = [
        "---",
        "apiVersion: policy/v1",
        "kind: PodDisruptionBudget",
        "metadata:",
        f"{pad}name: {plain(name)}",
        *([f"{pad}namespace: {plain(namespace)}"] if namespace else []),
        "spec:",
        f"{pad}maxUnavailable: {BUDGET_MAX_UNAVAILABLE}",
        f"{pad}selector:",
        f"{pad * 2}matchLabels:",
        *(f"{pad * 3}{plain(key)}: {plain(value)}" for key, value in labels.items()),
    ]
    start = "" if not text or text.endswith("\n") else newline
    return Edit(len(text), len(text), start + newline.join(lines) + newline)


def _spread_item(text: str, doc: Any, labels: dict[str, str]) -> Edit:
    """A zone constraint as the first item of the pod spec's ``topologySpreadConstraints`` (the
    key inserted first in the pod spec when there is none), in the document's layout."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from reslint.autofix.yaml import plain
    from reslint.kubernetes.fixes import SPREAD_WHEN_UNSATISFIABLE

    template = doc["spec"].get("template")
    pod_spec = template.get("spec") if isinstance(template, CommentedMap) else None
    if not isinstance(pod_spec, CommentedMap) or pod_spec.fa.flow_style() or not pod_spec._ok:
        raise Refused("the pod template's spec is not a block mapping: add the constraint by hand")
    lines = text.split("\n")
    key_line, key_column = min(pod_spec.lc.key(key) for key in pod_spec._ok)
    parent_line = template.lc.key("spec")[0]
    if parent_line >= key_line:
        raise Refused("the pod template's spec does not start below its key: add the constraint by hand")
    unit = max(key_column - _indent(lines[parent_line]), 1)
    dash, item = _sequence_layout(pod_spec, lines, key_column, unit)
    existing = pod_spec.get("topologySpreadConstraints")
    if existing is not None:
        if not isinstance(existing, CommentedSeq) or existing.fa.flow_style() or not existing:
            raise Refused("`topologySpreadConstraints` is not a block list: add the constraint by hand")
        line, column = existing.lc.item(0)
        dash = lines[line].rfind("-", 0, column)
        if dash < 0:
            raise Refused("`topologySpreadConstraints` is not laid out one item per line: add it by hand")
        item = column - dash
        at, head = line, []
    else:  # the new key goes first, on the line after `spec:`, as ``yaml.py`` inserts keys
        at, head = parent_line + 1, [" " * key_column + "topologySpreadConstraints:"]
    inner = " " * (dash + item)
    body = [
        " " * dash + "-" + " " * (item - 1) + "maxSkew: 1",
        f"{inner}topologyKey: {_ZONE_KEY}",
        f"{inner}whenUnsatisfiable: {SPREAD_WHEN_UNSATISFIABLE}",
        f"{inner}labelSelector:",
        f"{inner}{' ' * unit}matchLabels:",
        *(f"{inner}{' ' * (2 * unit)}{plain(key)}: {plain(value)}" for key, value in labels.items()),
    ]
    newline = "\r\n" if "\r\n" in text else "\n"
    offset = line_start(text, at + 1)
    return Edit(offset, offset, "".join(line + newline for line in [*head, *body]))


def _sequence_layout(pod_spec: Any, lines: list[str], key_column: int, unit: int) -> tuple[int, int]:
    """The column of a new list's ``-`` and the width from it to the item's keys, as the pod
    spec's ``containers`` list is written (else indented one level, ``- `` then the keys)."""
    from ruamel.yaml.comments import CommentedSeq

    for name in ("containers", "volumes", "initContainers", "tolerations"):
        sequence = pod_spec.get(name)
        if isinstance(sequence, CommentedSeq) and sequence and not sequence.fa.flow_style():
            line, column = sequence.lc.item(0)
            dash = lines[line].rfind("-", 0, column)
            if dash >= key_column:
                return dash, column - dash
    return key_column + unit, 2


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


# --- Terraform kubernetes provider ---------------------------------------------------------------


def _hcl(resource: Resource, rule: str, text: str, taken: Collection[str]) -> list[Edit]:
    from reslint.autofix.hcl import Block, block_at, insert_lines, set_in

    block = block_at(text, resource.line)
    spec = _only(block, "spec")
    if rule == "RSL701":
        from reslint.kubernetes.fixes import ROLLING_MAX_UNAVAILABLE

        keys = ("strategy", *_ROLLING[resource.type], "max_unavailable")
        edit = set_in(text, spec, keys, ROLLING_MAX_UNAVAILABLE, minimum=False)
        return [edit] if edit is not None else []
    chosen = _only(spec, "selector")
    if chosen.blocks or chosen.dynamic or set(chosen.attributes) != {"match_labels"}:
        raise Refused("the workload's selector is not `match_labels` alone: write the selector by hand")
    labels = _expression(text, chosen, "match_labels")
    if rule == "RSL601":
        return [_budget_block(text, resource, block, labels, taken)]
    pod_spec: Block = _only(_only(spec, "template"), "spec")
    from reslint.kubernetes.fixes import SPREAD_WHEN_UNSATISFIABLE

    lines = [
        "topology_spread_constraint {",
        "\tmax_skew           = 1",
        f'\ttopology_key       = "{_ZONE_KEY}"',
        f'\twhen_unsatisfiable = "{SPREAD_WHEN_UNSATISFIABLE}"',
        "\tlabel_selector {",
        *_assignment("\t\tmatch_labels", labels),
        "\t}",
        "}",
    ]
    return [insert_lines(text, pod_spec, lines)]


def _budget_block(text: str, resource: Resource, block: Any, labels: str, taken: Collection[str]) -> Edit:
    """A ``kubernetes_pod_disruption_budget_v1`` block appended to the file, named by the
    workload's label and written with its indentation."""
    from reslint.kubernetes.fixes import BUDGET_MAX_UNAVAILABLE

    metadata = _only(block, "metadata")
    head = re.match(r'\s*resource\s+"[^"]+"\s+"([^"]+)"', text[line_start(text, resource.line) :])
    if head is None:
        raise Refused("the resource block's header is not on its line")
    label = head[1]
    address = re.sub(r"[^.]+\.[^.]+$", f"kubernetes_pod_disruption_budget_v1.{label}", resource.address)
    if address in taken:
        raise Refused(f"{address} exists already: change that budget by hand")
    name = _expression(text, metadata, "name")
    namespace = _expression(text, metadata, "namespace") if "namespace" in metadata.attributes else None
    unit = _unit(text, block)
    lines = [
        f'resource "kubernetes_pod_disruption_budget_v1" "{label}" {{',
        "\tmetadata {",
        *_assignment("\t\tname" + (" " * 5 if namespace is not None else ""), name),
        *(_assignment("\t\tnamespace", namespace) if namespace is not None else []),
        "\t}",
        "\tspec {",
        f'\t\tmax_unavailable = "{BUDGET_MAX_UNAVAILABLE}"',
        "\t\tselector {",
        *_assignment("\t\t\tmatch_labels", labels),
        "\t\t}",
        "\t}",
        "}",
    ]
    newline = "\r\n" if "\r\n" in text else "\n"
    rendered = newline.join(unit * (len(line) - len(line.lstrip("\t"))) + line.lstrip("\t") for line in lines)
    start = ("" if text.endswith("\n") else newline) + newline if text else ""
    return Edit(len(text), len(text), start + rendered + newline)


def _only(block: Any, name: str) -> Any:
    """The one nested block *name* (a dynamic or repeated one is refused)."""
    if name in block.dynamic:
        raise Refused(f"`{name}` is a dynamic block: make the change by hand")
    found = block.blocks.get(name, [])
    if len(found) != 1:
        raise Refused(f"the workload has {'no' if not found else 'several'} `{name}` block(s): make the change by hand")
    return found[0]


def _expression(text: str, block: Any, name: str) -> str:
    """The expression of attribute *name* as written, its continuation lines re-based to column 0
    of the attribute's line (so it can be written at another indentation)."""
    from reslint.autofix.hcl import strip_comment

    span = block.attributes.get(name)
    if span is None:
        raise Refused(f"the workload does not write `{name}`: make the change by hand")
    raw = text[span[0] : span[1]]
    head, newline, last = raw.rpartition("\n")
    written = head + newline + strip_comment(last)  # a comment inside a multi-line value stays
    if newline:
        first_line = text.rfind("\n", 0, span[0]) + 1
        base = _indent(text[first_line : span[0]])
        rest = [line[base:] if line[:base].strip() == "" else line.lstrip() for line in written.split("\n")[1:]]
        written = "\n".join([written.split("\n")[0], *rest])
    return written


def _assignment(prefix: str, expression: str) -> list[str]:
    """``prefix = expression`` as lines; a multi-line expression keeps its relative indentation,
    marked with tabs (one per level of the prefix) for ``insert_lines``."""
    tabs = prefix[: len(prefix) - len(prefix.lstrip("\t"))]
    first, *rest = expression.split("\n")
    return [f"{prefix} = {first}", *(tabs + line for line in rest)]


def _unit(text: str, block: Any) -> str:
    """One level of indentation in *block* (its first item's, relative to its header line)."""
    if block.first_item is None:
        return "  "
    item_line = text.rfind("\n", 0, block.first_item) + 1
    header_line = text.rfind("\n", 0, block.open) + 1
    inner = text[item_line : block.first_item]
    outer = text[header_line : header_line + _indent(text[header_line : block.open])]
    return inner[len(outer) :] or "  "
