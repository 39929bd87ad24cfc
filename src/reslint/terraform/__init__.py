"""Terraform support: static evaluation of HCL/JSON configurations and reading of plan JSON.

``load_modules`` reads configurations as Terraform would, without running it: a value
that cannot be known statically is ``UNKNOWN``. ``load_plan`` reads the output of
``terraform show -json``. python-hcl2 and lark are imported only when HCL is parsed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.terraform._types import TfError, TfInstance, TfResult

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = ["TfError", "TfInstance", "TfResult", "is_plan", "load_modules", "load_plan"]


def load_modules(
    files: Sequence[str],
    scan_root: str,
    var_files: Sequence[str] = (),
    variables: Mapping[str, str] = {},
) -> TfResult:
    """Load every module directory among *files* and evaluate its resource instances.

    *files* are the selected ``.tf``, ``.tf.json``, ``.tfvars`` and ``.tfvars.json``
    files; each directory is a module. Directories that another selected module calls
    are instantiated through that call only. *var_files* and *variables* (``NAME`` ->
    raw ``-var`` text) apply to every root module, after its auto-loaded tfvars.
    """
    from reslint.terraform._loader import load

    return load(files, scan_root, var_files, variables)


def load_plan(path: str, data: dict[str, object]) -> TfResult:
    """Read a parsed ``terraform show -json`` document into instances (``source='plan'``)."""
    from reslint.terraform._plan import load as load_plan_data

    return load_plan_data(path, data)


def is_plan(data: object) -> bool:
    """True for a Terraform plan JSON document (not a state file, not configuration JSON)."""
    if not isinstance(data, dict) or "format_version" not in data:
        return False
    return "planned_values" in data or ("terraform_version" in data and "resource_changes" in data)
