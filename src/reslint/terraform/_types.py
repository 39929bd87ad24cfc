"""Result types of the Terraform loader, shared by the HCL and plan readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reslint.errors import Problem


@dataclass
class TfInstance:
    """One resource instance after ``count``/``for_each`` expansion."""

    address: str
    type: str
    name: str
    mode: str
    file: str
    line: int
    attributes: dict[str, object]
    attribute_lines: dict[str, int] = field(default_factory=dict)
    references: set[str] = field(default_factory=set)
    tags: dict[str, object] = field(default_factory=dict)
    #: Tags the provider configuration adds (``default_tags``, ``default_labels``) and which one.
    default_tags: dict[str, object] = field(default_factory=dict)
    default_tags_from: str = ""
    source: str = "hcl"
    #: Top-level attributes whose value is unknown but written as an expression of variables and
    #: locals only: a key equal for two attributes of one module instance means an equal value.
    symbols: dict[str, str] = field(default_factory=dict)
    #: Top-level attributes written ``var.NAME``: where the variable's value is set
    #: (``terraform.tfvars:4``, ``terraform.tfvars:4 via module.db``, its default).
    origins: dict[str, str] = field(default_factory=dict)
    #: How the block expanded: "single", "count", "for_each", or "unknown" (one stand-in instance
    #: for a count/for_each that cannot be known, so how many there are is unknown).
    expansion: str = "single"
    #: The folders of the module instances from the root module down to this one's own: their
    #: files (variables, locals, module inputs, .tfvars) decide this instance's values.
    module_dirs: tuple[str, ...] = ()


@dataclass
class TfResult:
    """Everything one load produced; ``instances`` are sorted by (file, line, address)."""

    instances: list[TfInstance] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
