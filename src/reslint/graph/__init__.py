"""The service map: services, who depends on whom, and the facts the dependency rules read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.graph.build import EDGE_KINDS, SERVICE_KEYS, Edge, Graph, Service, assign_services, build_graph
from reslint.model import DependentService, TierInversion

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reslint.model import Resource
    from reslint.tiers import Tiers

__all__ = ["EDGE_KINDS", "SERVICE_KEYS", "Edge", "Graph", "Service", "annotate", "assign_services", "build_graph"]


def annotate(resources: Sequence[Resource], tiers: Tiers) -> Graph:
    """Build the graph of *resources* at their *tiers* and record on each resource the facts the
    dependency rules read: who depends on it from outside its service, and which of the resources
    it needs declare a less strict tier than its own."""
    graph = build_graph(resources, tiers)
    for node, resource in graph.nodes.items():
        resource.facts.dependents = sorted(
            (DependentService(s, graph.services[s].tier) for s in graph.dependents.get(node, ())),
            key=lambda d: (d.tier, d.service),
        )
    for edge in graph.edges:
        source, target = graph.nodes[edge.source], graph.nodes[edge.target]
        # A default tier is nobody's statement: an inversion needs a declared or inherited tier.
        if tiers[source].is_default:
            continue
        declared = tiers[target].declared
        if declared is not None and declared > tiers[source].tier:
            source.facts.tier_inversions.append(TierInversion(edge.target, declared))
    return graph
