"""The records CloudFormation loading produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reslint.errors import Problem
    from reslint.model import Unknown


@dataclass
class CfnResource:
    """One resource of a template, with its properties evaluated as far as is statically possible."""

    logical_id: str
    type: str
    file: str
    line: int  # 1-based line of the logical id key
    properties: dict[str, object]  # UNKNOWN where not statically knowable; AWS::NoValue keys removed
    property_lines: dict[str, int]  # top-level property name -> 1-based line
    references: set[str]  # logical ids of resources this one refers to (Ref, GetAtt, Sub, DependsOn)
    tags: dict[str, object]
    metadata: dict[str, object]
    # A string, UNKNOWN when it is an intrinsic that cannot be resolved, None when not stated.
    deletion_policy: str | Unknown | None
    # What a replacement during a stack update does with the old resource (same values).
    update_replace_policy: str | Unknown | None = None
    # ``DeletionPolicy``, ``UpdateReplacePolicy`` -> 1-based line, when stated.
    attribute_lines: dict[str, int] = field(default_factory=dict)
    # The resource's Condition when it could not be decided, i.e. the resource may not exist.
    # None when the resource exists unconditionally (no Condition, or one that holds).
    condition: str | None = None
    # Top-level properties written ``!Ref PARAMETER``: where the parameter's value is set.
    property_origins: dict[str, str] = field(default_factory=dict)


@dataclass
class CfnResult:
    resources: list[CfnResource] = field(default_factory=list)  # sorted by (file, line)
    errors: list[Problem] = field(default_factory=list)
    templates: int = 0  # templates recognised and decoded
