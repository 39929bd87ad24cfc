"""Every cloud's kinds in one registry, built once, and the records of a scan turned into resources.

The clouds (``aws``, ``google``, ``azure``) know nothing of each other; this module is the one place
that lists them. The input formats that read cloud resources (Terraform, CloudFormation) hand their
records to ``to_resources`` and import it lazily, so a Kubernetes-only run never loads the tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint import aws, azure, google
from reslint.clouds.index import CloudIndex
from reslint.clouds.kind import tags_at
from reslint.clouds.view import View
from reslint.model import Facts, Resource, Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reslint.clouds.kind import Kind
    from reslint.clouds.view import Record

#: Every cloud resource kind reslint reads.
KINDS: tuple[Kind, ...] = aws.KINDS + google.KINDS + azure.KINDS

#: Every kind by resource type, whatever its format.
BY_TYPE: dict[str, Kind] = {t: kind for kind in KINDS for types in kind.types().values() for t in types}


def to_resources(records: Sequence[Record]) -> list[Resource]:
    """A resource for every record; known types get their role and facts."""
    for record in records:
        record.tags = tags_at(record, BY_TYPE.get(record.type))
    index = CloudIndex(records)
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
            tags=list(record.tags),
            references=set(record.references),
            context=record.context,
            inherited_tags=list(record.inherited_tags),
            inherited_tags_from=record.inherited_tags_from,
            # A Terraform address names a resource of its own configuration only (a scan may hold
            # several root modules), a CloudFormation logical id one of its own template.
            scope=record.scope,
        )
        if normalized:
            resource.facts = normalized[1]
        resources.append(resource)
    aws.link_services(records, resources, index)
    return resources


def normalize_facts(record: Record, index: CloudIndex) -> tuple[Role, Facts] | None:
    """The role and facts of a record of a known type, else None."""
    kind = BY_TYPE.get(record.type)
    if kind is None:
        return None
    facts = Facts()
    kind.fill(View(record, kind.fields), index, facts)
    # A fill function may have chosen a fix that depends on the values; the table is the default.
    for rule, text in kind.fix_texts(record).items():
        facts.fixes.setdefault(rule, text)
    return kind.role, facts
