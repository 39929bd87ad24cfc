"""AWS knowledge shared by the Terraform and CloudFormation formats: records in, resources out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.aws.index import AwsIndex
from reslint.aws.kinds import normalize_facts
from reslint.aws.links import link_services
from reslint.aws.view import Record
from reslint.model import Format, Resource, Role

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Record", "to_resources"]


def to_resources(records: Sequence[Record]) -> list[Resource]:
    """A resource for every record; known AWS types get their role and facts."""
    index = AwsIndex(records)
    resources = []
    for record in records:
        normalized = normalize_facts(record, index)
        resource = Resource(
            format=record.format,
            type=record.type,
            address=record.address,
            file=record.file,
            line=record.line,
            role=normalized[0] if normalized else Role.OTHER,
            attributes=record.attributes,
            tags=record.tags + _tag_blocks(record),
            references=set(record.references),
            context=record.context,
            inherited_tags=list(record.inherited_tags),
            inherited_tags_from=record.inherited_tags_from,
            # Terraform addresses name resources of their own configuration only (a scan may hold
            # several root modules); CloudFormation's format narrows this to the template.
            scope=record.scope,
        )
        if normalized:
            resource.facts = normalized[1]
        resources.append(resource)
    link_services(records, resources, index)
    return resources


def _tag_blocks(record: Record) -> list[tuple[str, object]]:
    """Tags written as ``tag { key = ..., value = ... }`` blocks (Terraform's ``aws_autoscaling_group``)."""
    blocks = record.attributes.get("tag") if record.format is Format.TERRAFORM else None
    if record.type != "aws_autoscaling_group" or not isinstance(blocks, list):
        return []
    return [
        (block["key"], block.get("value"))
        for block in blocks
        if isinstance(block, dict) and isinstance(block.get("key"), str)
    ]
