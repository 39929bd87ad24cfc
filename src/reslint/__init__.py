"""reslint: find resilience gaps in infrastructure as code before they merge.

The names below are the public API for plugins and scripts (``from reslint import hookimpl,
check, Role``); anything else may change between versions. They are imported on first use, so
``reslint --version`` and a Kubernetes-only run stay light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from reslint.errors import PluginError, Problem, ReslintError
    from reslint.formats import BuildOptions, InputFormat, ModelBuild, SourceFile
    from reslint.hookspecs import hookimpl
    from reslint.model import (
        NOT_STATED,
        UNKNOWN,
        CertificateFact,
        Fact,
        Facts,
        Format,
        Maybe,
        ProbeFact,
        Reference,
        Resource,
        Role,
        Unknown,
        is_known,
    )
    from reslint.plugins import Registry, collect, make_plugin_manager
    from reslint.reporting import Finding, RenderOptions, Report, Reporter
    from reslint.rule import FAMILIES, Check, Level, Rule, RuleMeta, Status, Violation, check, load_catalog, rules_from
    from reslint.tiers import TierPolicy

_EXPORTS = {
    "reslint.errors": ("PluginError", "Problem", "ReslintError"),
    "reslint.formats": ("BuildOptions", "InputFormat", "ModelBuild", "SourceFile"),
    "reslint.hookspecs": ("hookimpl",),
    "reslint.model": (
        "NOT_STATED",
        "UNKNOWN",
        "CertificateFact",
        "Fact",
        "Facts",
        "Format",
        "Maybe",
        "ProbeFact",
        "Reference",
        "Resource",
        "Role",
        "Unknown",
        "is_known",
    ),
    "reslint.plugins": ("Registry", "collect", "make_plugin_manager"),
    "reslint.reporting": ("Finding", "RenderOptions", "Report", "Reporter"),
    "reslint.rule": (
        "FAMILIES",
        "Check",
        "Level",
        "Rule",
        "RuleMeta",
        "Status",
        "Violation",
        "check",
        "load_catalog",
        "rules_from",
    ),
    "reslint.tiers": ("TierPolicy",),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "FAMILIES",
    "NOT_STATED",
    "UNKNOWN",
    "BuildOptions",
    "CertificateFact",
    "Check",
    "Fact",
    "Facts",
    "Finding",
    "Format",
    "InputFormat",
    "Level",
    "Maybe",
    "ModelBuild",
    "PluginError",
    "ProbeFact",
    "Problem",
    "Reference",
    "Registry",
    "RenderOptions",
    "Report",
    "Reporter",
    "ReslintError",
    "Resource",
    "Role",
    "Rule",
    "RuleMeta",
    "SourceFile",
    "Status",
    "TierPolicy",
    "Unknown",
    "Violation",
    "__version__",
    "check",
    "collect",
    "hookimpl",
    "is_known",
    "load_catalog",
    "make_plugin_manager",
    "rules_from",
]


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'reslint' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
