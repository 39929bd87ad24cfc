"""``reslint init``: a commented starter configuration for the repository it runs in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from reslint.plugins import Registry

STARTER = """\
# reslint configuration: https://github.com/reslint/reslint/blob/main/docs/configuration.md
# Found here: {found}.

# Resources without a tier of their own get this tier (1 = customer facing, strictest).
default_tier: 1
# `reslint check` exits 1 on error and warning findings at this tier or stricter (0: never).
fail_tier: 1

# Keys of labels, annotations and tags that carry a tier. Google labels cannot hold "/" or ".".
tier_keys: [reslint.io/tier, reslint-tier]
# Map the values of an existing scheme onto tiers, for example with tier_keys: [criticality]:
# tier_values: {{critical: 1, high: 1, medium: 2, low: 3}}

# Tiers by path glob (`*` also matches "/") or by resource address; the strictest match wins.
# tiers:
#   - {{tier: 3, paths: ["tools/*", "sandbox/*"]}}
#   - {{tier: 1, resources: ["*/Deployment/checkout*", "module.payments.*"]}}

# Paths never read (globs on paths, folder or file names).
exclude: [{excludes}]

# rules:
#   disable: [RSL302]        # ids, id prefixes (RSL3) or names (missing-liveness-check)

# Per-tier requirements; what is not set keeps the defaults shown.
# policy:
#   1: {{min_replicas: 2, min_zones: 2, min_backup_days: 7, cross_region_copy: true}}
#   2: {{min_replicas: 2, min_zones: 2, min_backup_days: 1, cross_region_copy: false}}
#   # RPO/RTO targets in minutes imply requirements: rpo_minutes < 1440 needs point-in-time
#   # recovery, rpo_scope: region needs a backup copy in another region, rto_minutes < 60 needs
#   # automatic failover.
#   1: {{rpo_minutes: 15, rpo_scope: region, rto_minutes: 30}}
"""


def write_starter_config(folder: Path, registry: Registry, force: bool = False) -> str:
    """Write ``.reslint.yaml`` describing what this folder holds; returns what was done."""
    from reslint.discovery import select

    target = folder / ".reslint.yaml"
    if target.exists() and not force:
        raise UsageError(f"{target.name} already exists (use --force to overwrite)")
    counts: dict[str, int] = {}
    for source in select([str(folder)], ()).sources:
        owner = next((fmt for fmt in registry.input_formats if fmt.claims(source.path, source.text)), None)
        if owner is not None:
            counts[owner.name] = counts.get(owner.name, 0) + 1
    found = ", ".join(f"{count} {name} files" for name, count in sorted(counts.items())) or "no IaC files yet"
    vendored = [name for name in ("vendor", "third_party", "charts") if (folder / name).is_dir()]
    target.write_text(
        STARTER.format(found=found, excludes=", ".join(f'"{name}"' for name in vendored)), encoding="utf-8"
    )
    return f"wrote {target.name} ({found})"
