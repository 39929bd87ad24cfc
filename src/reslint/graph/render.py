"""The service map as data (JSON, the inventory contract) and as pictures (Mermaid, Graphviz, HTML)."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import TYPE_CHECKING

from reslint import __version__

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reslint.graph.build import Graph
    from reslint.reporting import Finding

#: Findings that mark a node as a single point of failure on the map (the ``dependency`` family).
SPOF_CATEGORY = "dependency"
#: The vendored graph library and its layout, in load order (see vendor/README.md).
VENDORED = ("cytoscape.min.js", "layout-base.js", "cose-base.js", "cytoscape-fcose.js")
TIER_COLOURS = {1: "#d73a49", 2: "#e36209", 3: "#6a737d"}


def findings_by_node(graph: Graph, findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    """Each node's findings. A module file that several Terraform root modules use is one node per
    root: a finding goes to the instances of the roots that have it, not to all of them."""
    nodes: dict[tuple[str, str], list[str]] = {}
    for node, resource in graph.nodes.items():
        nodes.setdefault((resource.file, resource.address), []).append(node)
    by_node: dict[str, list[Finding]] = {}
    for finding in findings:
        for node in nodes.get((finding.file, finding.address), ()):
            root = graph.nodes[node].context[:1]
            if not finding.roots or not root or root[0] in finding.roots:
                by_node.setdefault(node, []).append(finding)
    return by_node


def graph_data(graph: Graph, findings: Sequence[Finding]) -> dict[str, object]:
    """The map as the JSON contract (``schemas/graph.schema.json``): sorted, deterministic."""
    by_node = findings_by_node(graph, findings)
    nodes = [
        {
            "id": node,
            "address": r.address,
            "type": r.type,
            "format": r.format.value,
            "role": r.role.value,
            "file": r.file,
            "line": r.line,
            "tier": graph.tiers[r].tier,
            "tier_source": graph.tiers[r].source,
            "service": graph.service_of.get(node),
            "dependents": sorted(graph.dependents.get(node, ())),
            "findings": sorted({f.rule for f in by_node.get(node, [])}),
        }
        for node, r in graph.nodes.items()
    ]
    spofs = [
        {
            "resource": node,
            "rule": f.rule,
            "reason": f.message,
            "dependents": sorted(graph.dependents.get(node, ())),
        }
        for node in sorted(by_node)
        for f in by_node[node]
        if f.category == SPOF_CATEGORY
    ]
    return {
        "tool": {"name": "reslint", "version": __version__},
        "services": [
            {
                "id": s.id,
                "name": s.name,
                "origin": s.origin,
                "tier": s.tier,
                "tier_source": s.tier_source,
                "rto_minutes": s.rto_minutes,
                "rpo_minutes": s.rpo_minutes,
                "resources": sorted(s.members),
            }
            for s in graph.services.values()
        ],
        "nodes": nodes,
        "edges": [{"from": e.source, "to": e.target, "kind": e.kind} for e in graph.edges],
        "spofs": spofs,
    }


def render_json(graph: Graph, findings: Sequence[Finding]) -> str:
    """The JSON contract, indented, keys in a stable order."""
    return json.dumps(graph_data(graph, findings), indent=2) + "\n"


def _short_ids(graph: Graph) -> dict[str, str]:
    # Mermaid and Graphviz identifiers cannot hold every character an address can.
    return {node: f"n{i}" for i, node in enumerate(graph.nodes)}


def _spof_nodes(graph: Graph, findings: Sequence[Finding]) -> set[str]:
    return {
        node
        for node, found in findings_by_node(graph, findings).items()
        if any(f.category == SPOF_CATEGORY for f in found)
    }


def render_mermaid(graph: Graph, findings: Sequence[Finding]) -> str:
    """A Mermaid flowchart (GitHub renders it in Markdown): services as subgraphs, tiers as colours."""
    short = _short_ids(graph)
    spofs = _spof_nodes(graph, findings)
    lines = ["flowchart LR"]
    lines += [f"  classDef tier{t} stroke:{c},stroke-width:2px" for t, c in TIER_COLOURS.items()]
    lines.append("  classDef spof fill:#ffeef0,stroke:#cb2431,stroke-width:4px")

    def node_line(node: str) -> str:
        resource = graph.nodes[node]
        tier = graph.tiers[resource].tier
        classes = f"tier{tier}" + (",spof" if node in spofs else "")
        return f'{short[node]}["{_mermaid_text(resource.address)}<br/><small>tier {tier}</small>"]:::{classes}'

    for service in graph.services.values():
        lines.append(f'  subgraph s_{short[service.members[0]]}["{_mermaid_text(service.id)} (tier {service.tier})"]')
        lines += [f"    {node_line(node)}" for node in service.members]
        lines.append("  end")
    lines += [f"  {node_line(node)}" for node in graph.nodes if node not in graph.service_of]
    lines += [f"  {short[e.source]} -->|{e.kind}| {short[e.target]}" for e in graph.edges]
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def render_dot(graph: Graph, findings: Sequence[Finding]) -> str:
    """Graphviz DOT: services as clusters, tiers as colours, single points of failure bold red."""
    short = _short_ids(graph)
    spofs = _spof_nodes(graph, findings)
    lines = ["digraph reslint {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];']

    def node_line(node: str) -> str:
        resource = graph.nodes[node]
        tier = graph.tiers[resource].tier
        colour = TIER_COLOURS.get(tier, "#6a737d")
        extra = ', style="filled,bold", fillcolor="#ffeef0", penwidth=3' if node in spofs else ""
        label = _dot_text(f"{resource.address}\ntier {tier}")
        return f'{short[node]} [label="{label}", color="{colour}"{extra}];'

    for index, service in enumerate(graph.services.values()):
        lines.append(f"  subgraph cluster_{index} {{")
        lines.append(f'    label="{_dot_text(f"{service.id} (tier {service.tier})")}";')
        lines += [f"    {node_line(node)}" for node in service.members]
        lines.append("  }")
    lines += [f"  {node_line(node)}" for node in graph.nodes if node not in graph.service_of]
    lines += [f'  {short[e.source]} -> {short[e.target]} [label="{e.kind}"];' for e in graph.edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def render_html(graph: Graph, findings: Sequence[Finding]) -> str:
    """One self-contained page that opens offline: the vendored Cytoscape.js, the page's own script
    and the map's data inlined."""
    vendor = resources.files("reslint.graph") / "vendor"
    library = "\n".join((vendor / name).read_text(encoding="utf-8") for name in VENDORED)
    page = (resources.files("reslint.graph") / "viewer.html").read_text(encoding="utf-8")
    data = json.dumps(graph_data(graph, findings), separators=(",", ":"))
    # Inline <script> content must not close its element early, whatever an address contains.
    data = re.sub(r"</", r"<\\/", data)
    return page.replace("/*CYTOSCAPE*/", library.replace("</script", "<\\/script")).replace("/*DATA*/null", data)


RENDERERS: dict[str, Callable[[Graph, Sequence[Finding]], str]] = {
    "dot": render_dot,
    "html": render_html,
    "json": render_json,
    "mermaid": render_mermaid,
}
