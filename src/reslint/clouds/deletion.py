"""Deletion guards, Terraform and CloudFormation alike: can one ``apply`` or stack delete destroy a
resource, and does its data survive when it is deleted or replaced anyway.

Two guards count besides the provider's own deletion protection: the tool's own, which stops the
tool from deleting the resource (Terraform ``lifecycle { prevent_destroy = true }``, CloudFormation
``DeletionPolicy: Retain``), and a copy kept on deletion (a final snapshot, a retained resource).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.clouds.view import truthy
from reslint.model import NOT_STATED, UNKNOWN, Fact, Format, Unknown

if TYPE_CHECKING:
    from reslint.clouds.view import View

#: CloudFormation policies that leave the resource in place.
RETAINED = frozenset({"RETAIN", "RETAINEXCEPTONCREATE"})
#: CloudFormation policies that leave the resource or a snapshot of it.
COPIED = RETAINED | {"SNAPSHOT"}
#: Types whose DeletionPolicy defaults to Snapshot (DeletionPolicy attribute: "except for
#: AWS::RDS::DBCluster resources and AWS::RDS::DBInstance resources that don't specify the
#: DBClusterIdentifier property"); UpdateReplacePolicy defaults to Delete for every type.
_SNAPSHOT_BY_DEFAULT = frozenset({"AWS::RDS::DBCluster", "AWS::RDS::DBInstance"})


def _tool_guard(view: View) -> tuple[bool | Unknown | None, str, int]:
    """Whether the tool itself refuses to delete the resource, the evidence, and its line."""
    record = view.record
    if record.format is Format.TERRAFORM:
        value = truthy(record.meta.get("prevent_destroy"))
        shown = "lifecycle.prevent_destroy " + ("not set" if value is None else f"= {_text(value)}")
        return value, shown, record.meta_lines.get("prevent_destroy", record.line)
    policy = _policy(record.meta.get("DeletionPolicy"))
    retained: bool | Unknown = policy if isinstance(policy, Unknown) else policy in RETAINED
    stated = record.meta.get("DeletionPolicy")
    shown = f"DeletionPolicy: {stated if isinstance(stated, str) else '(unknown)'}"
    shown = "DeletionPolicy not set" if policy is None else shown
    return retained, shown, record.meta_lines.get("DeletionPolicy", record.line)


def _text(value: object) -> str:
    return "(unknown)" if isinstance(value, Unknown) else str(value).lower()


def _policy(value: object) -> str | Unknown | None:
    if value is None:
        return None
    return value.upper() if isinstance(value, str) else UNKNOWN


def protection(view: View, field: str, *, default: bool, value: object = None, shown: str | None = None) -> Fact[bool]:
    """``deletion_protected``: the provider's deletion protection *field* (unset means *default*; a
    reader that finds it elsewhere passes its *value* and evidence), else the tool's own guard."""
    flag = truthy(view.get(field) if shown is None else value)
    flag = default if flag is None else flag
    shown = view.show(field, default=str(default).lower()) if shown is None else shown
    if flag is True:
        return Fact(True, shown)
    guard, guard_shown, guard_line = _tool_guard(view)
    if guard is True:
        return Fact(True, guard_shown, guard_line)
    if isinstance(flag, Unknown) or isinstance(guard, Unknown):
        return Fact(UNKNOWN)
    return view.fact(field, False, f"{shown}; {guard_shown}")


def copy_kept(view: View, field: str | None = None, *, cloudformation: bool = True, keeps: bool = False) -> Fact[bool]:
    """``copy_kept_on_delete``: in Terraform, the *field* that skips the copy (``skip_final_snapshot``,
    a bucket's ``force_destroy``; true loses the data, unset keeps it), or with *keeps* the field that
    takes one (an EBS volume's ``final_snapshot``: unset loses the data); in CloudFormation, both the
    ``DeletionPolicy`` and the ``UpdateReplacePolicy`` (unless *cloudformation* is false: the type
    cannot lose its data that way). A Terraform ``prevent_destroy`` keeps it."""
    record = view.record
    if record.format is Format.TERRAFORM:
        if field is None or view.path(field) is None:
            return NOT_STATED
        skipped = truthy(view.get(field))
        if not isinstance(skipped, Unknown) and (skipped is True) == keeps:
            return Fact(True, view.show(field, default="false"))
        guard, guard_shown, guard_line = _tool_guard(view)
        if guard is True:
            return Fact(True, guard_shown, guard_line)
        if isinstance(skipped, Unknown) or isinstance(guard, Unknown):
            return Fact(UNKNOWN)
        return view.fact(
            field, False, view.show(field, default="false") + f"; {guard_shown}" if keeps else view.show(field)
        )
    if not cloudformation:
        return NOT_STATED
    # A DBInstance naming its cluster is a member; a DBCluster's own DBClusterIdentifier is its name.
    member = record.type == "AWS::RDS::DBInstance" and record.attributes.get("DBClusterIdentifier") is not None
    snapshot = record.type in _SNAPSHOT_BY_DEFAULT and not member
    states: list[tuple[str, bool | Unknown]] = []
    for name, default in (("DeletionPolicy", "SNAPSHOT" if snapshot else "DELETE"), ("UpdateReplacePolicy", "DELETE")):
        policy = _policy(record.meta.get(name))
        policy = default if policy is None else policy
        kept: bool | Unknown = policy if isinstance(policy, Unknown) else policy in COPIED
        stated = record.meta.get(name)
        shown = (
            f"{name}: {stated}"
            if isinstance(stated, str)
            else (f"{name} not set (defaults to {default.capitalize()})" if stated is None else f"{name}: (unknown)")
        )
        states.append((shown, kept))
    lost = [(shown, kept) for shown, kept in states if kept is False]
    if lost:
        first = "DeletionPolicy" if lost[0][0].startswith("DeletionPolicy") else "UpdateReplacePolicy"
        evidence = "; ".join(shown for shown, _ in lost)
        return Fact(False, evidence, record.meta_lines.get(first, record.line))
    if any(isinstance(kept, Unknown) for _, kept in states):
        return Fact(UNKNOWN)
    return Fact(True, "; ".join(shown for shown, _ in states))
