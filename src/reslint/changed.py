"""``--changed`` (the pre-commit hook): which resources a change to some files can give a new verdict.

The model is always built from the whole repository or configuration root, so every resource
gets the verdict a full run gives it; this module only chooses which of those verdicts to show.
A resource is *affected* by the changed files when any of these holds (docs/ci.md says the same):

1. it is declared in a changed file;
2. it is a Terraform resource and a changed file sits in one of the module folders it is
   instantiated through (its own module's folder, each calling module's folder, the root module's
   folder with its ``.tfvars``): variables, locals and module inputs there decide its values;
3. its tier is inherited from a resource X (``tier_source`` "inherited from X", or "tag from X"),
   and X or another resource inheriting its tier from X is declared in a changed file: the
   change may have moved the path the tier flows along (an Ingress, then its Service, then the
   workload and its autoscaler);
4. it is a direct neighbour of a resource declared in a changed file: one uses the other
   (``references``) or they are parts of one service (``tier_peers``, ``tier_flows``), in either
   direction, e.g. a Deployment and its Service, autoscaler, disruption budget or Ingress;
5. the configuration file in use changed: then every resource is affected.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from reslint.model import index_by_address

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from reslint.model import Resource
    from reslint.tiers import Tiers

_ORIGIN_PREFIXES = ("inherited from ", "tag from ")


def affected(
    resources: Sequence[Resource], tiers: Tiers, changed: Iterable[str], config_file: str | None
) -> set[tuple[str, str]]:
    """``(file, address)`` of every resource the changed files can affect (rules 1-5 above)."""
    changed = set(changed)
    if config_file is not None and config_file in changed:
        return {(r.file, r.address) for r in resources}
    changed_dirs = {_folder(path) for path in changed}
    by_address = index_by_address(resources)
    touched = [r for r in resources if r.file in changed]
    hit = {id(r) for r in touched}
    for resource in touched:
        for address in resource.references | resource.tier_peers | resource.tier_flows:
            hit.update(id(n) for n in by_address.get((resource.scope, address), ()))
    touched_addresses = {(r.scope, a) for r in touched for a in (r.address, r.base_address)}
    # Origins whose tier reached a changed file, or that are in one: their whole flow is affected.
    moved = {(r.scope, r.address) for r in touched}
    moved |= {(r.scope, origin) for r in touched if (origin := _origin(tiers[r].source)) is not None}
    for resource in resources:
        if id(resource) in hit:
            continue
        uses = resource.references | resource.tier_peers | resource.tier_flows
        origin = _origin(tiers[resource].source)
        if (
            any(posixpath.normpath(folder) in changed_dirs for folder in resource.context)
            or any((resource.scope, address) in touched_addresses for address in uses)
            or (origin is not None and (resource.scope, origin) in moved)
        ):
            hit.add(id(resource))
    return {(r.file, r.address) for r in resources if id(r) in hit}


def _folder(path: str) -> str:
    return posixpath.normpath(posixpath.dirname(path) or ".")


def _origin(tier_source: str) -> str | None:
    """The address a tier came from, when it came from another resource."""
    source = tier_source.split(";", 1)[0]
    return next((source[len(p) :] for p in _ORIGIN_PREFIXES if source.startswith(p)), None)
