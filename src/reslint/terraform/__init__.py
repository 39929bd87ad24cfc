"""Terraform support: static evaluation of HCL/JSON configurations and reading of plan JSON.

``load_modules`` reads configurations as Terraform would, without running it: a value
that cannot be known statically is ``UNKNOWN``. ``load_plan`` reads the output of
``terraform show -json``. The HCL parsers (tree-sitter, python-hcl2 and lark) are imported only
when HCL is parsed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.terraform._types import TfInstance, TfResult

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = ["TfInstance", "TfResult", "is_plan", "load_modules", "load_plan", "parse_hcl"]


def load_modules(
    files: Sequence[str],
    scan_root: str,
    var_files: Sequence[str] = (),
    variables: Mapping[str, str] = {},
) -> TfResult:
    """Load every module directory among *files* and evaluate its resource instances.

    *files* are the selected ``.tf``, ``.tf.json``, ``.tfvars`` and ``.tfvars.json``
    files; each directory is a module. Directories that another selected module calls
    are instantiated through that call only (a directory whose caller is not selected
    is a root and its variable defaults apply). *var_files* and *variables* (``NAME``
    -> raw ``-var`` text) apply to every root module, after its auto-loaded tfvars.

    Choices where Terraform would need real infrastructure:

    * an unknown ``count``/``for_each`` yields ONE instance addressed without a key
      (``aws_x.y``) whose ``count.index``/``each.*`` are UNKNOWN, so rules still see
      the resource and its statically known arguments; the count is never invented;
    * data sources are listed (``mode='data'``) with their arguments, but every
      reference to a data source attribute is UNKNOWN;
    * a reference to another resource resolves to what that resource's configuration
      states; an attribute it does not state (``id``, ``arn``), states as null, or
      states with a value that cannot be known, is ``Reference(address, attribute)``
      with Terraform's instance address (``module.vpc.aws_subnet.private[0]``,
      ``aws_subnet.x["a"]``; un-keyed when the count is unknown, and then
      ``aws_subnet.x[*].id`` is that one Reference too, standing for a list of unknown
      length). A Reference moves unchanged through collections, variables, locals,
      module outputs and the functions that only move values; anything that needs its
      value gets UNKNOWN;
    * remote modules are read from ``.terraform/modules/modules.json`` when present,
      else their outputs are UNKNOWN and a notice is recorded; nothing is downloaded.
    """
    from reslint.terraform._loader import load

    return load(files, scan_root, var_files, variables)


def load_plan(path: str, data: dict[str, object]) -> TfResult:
    """Read a parsed ``terraform show -json`` document into instances (``source='plan'``)."""
    from reslint.terraform._plan import load as load_plan_data

    return load_plan_data(path, data)


def parse_hcl(text: str) -> object:
    """Parse HCL source into blocks and attributes with the parser in use, nothing evaluated
    (``reslint bench`` times the parser alone); raises the parser's error for invalid HCL."""
    from reslint.terraform._parse import parse_hcl_file

    return parse_hcl_file("", text)


def is_plan(data: object) -> bool:
    """True for a Terraform plan JSON document (not a state file, not configuration JSON)."""
    if not isinstance(data, dict) or "format_version" not in data:
        return False
    return "planned_values" in data or ("terraform_version" in data and "resource_changes" in data)
