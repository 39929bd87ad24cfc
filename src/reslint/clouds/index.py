"""Cross-resource lookups for every cloud: what refers to a database, the records a reference names, ..."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.clouds.view import lookup, references_in
from reslint.model import Format, Reference, Unknown, strip_instance_keys

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from reslint.clouds.view import Record


class CloudIndex:
    """Lookups built once over every record of a scan (per format and scope: addresses differ)."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.by_address: dict[tuple[Format, str, str], list[Record]] = {}
        self.by_type: dict[tuple[Format, str, str], list[Record]] = {}
        self.referrers_of: dict[tuple[Format, str, str], list[tuple[Record, Reference | None]]] = {}
        for record in records:
            scope = record.scope
            self.by_type.setdefault((record.format, scope, record.type), []).append(record)
            for address in {record.address, strip_instance_keys(record.address)}:
                self.by_address.setdefault((record.format, scope, address), []).append(record)
            precise = set(references_in(record.attributes))
            for ref in precise:
                self.referrers_of.setdefault((record.format, scope, ref.address), []).append((record, ref))
            # The expressions' references name a block even when the value is unknown (a counted
            # instance, a module output): they link the resources, without saying which attribute.
            named = {strip_instance_keys(ref.address) for ref in precise}
            for address in sorted(record.references - named):
                self.referrers_of.setdefault((record.format, scope, address), []).append((record, None))

    def target(self, record: Record, ref: Reference) -> list[Record]:
        """The records a reference in *record* points to (several for an un-keyed counted resource)."""
        return self.by_address.get((record.format, record.scope, ref.address), [])

    def named(self, record: Record, address: str) -> list[Record]:
        """The records an address in *record* names (several for an un-keyed counted resource)."""
        return self.by_address.get((record.format, record.scope, address), [])

    def of_types(self, record: Record, types: Iterable[str]) -> list[Record]:
        """The records of *types* that *record* can name by value (same format and scope)."""
        return [found for t in types for found in self.by_type.get((record.format, record.scope, t), [])]

    def companions(self, record: Record, fields: Mapping[str, str], name: str) -> tuple[list[Record], bool]:
        """Records of the types in *fields* attached to *record*: by reference, or by value (their
        field holds the same literal as *record*'s *name* attribute, or the same expression of
        variables and locals). The flag says that another one may name it too, undecidably: its
        target is unknown, or a literal while *record*'s own name is unknown."""
        linked = {id(found): found for found, _ in self.referrers(record, fields)}
        own = lookup(record.attributes, name)
        own_symbol = record.symbols.get(name)
        undecided = False
        for other in self.of_types(record, fields):
            if id(other) in linked:
                continue
            field = fields[other.type]
            value = lookup(other.attributes, field)
            if isinstance(value, str):
                if value == own:
                    linked[id(other)] = other
                elif isinstance(own, Unknown):
                    undecided = True  # the unknown name may be this literal
            elif isinstance(value, Reference):
                # A reference to this record was linked above; one to another configured resource names
                # that one; one to a data source or a module output may name anything.
                undecided = undecided or not self.target(other, value)
            elif isinstance(value, Unknown):
                symbol = other.symbols.get(field)
                if symbol is not None and symbol == own_symbol:
                    linked[id(other)] = other
                else:
                    undecided = True
        return list(linked.values()), undecided

    def users(self, record: Record, companions: Iterable[str]) -> list[str]:
        """The addresses of the records that refer to *record*, whatever their type, except the
        *companions* types, which only manage it (a secret's versions, rotation and policy)."""
        skip = set(companions)
        return sorted(
            {
                referrer.address
                for address in (record.address, strip_instance_keys(record.address))
                for referrer, _ in self.referrers_of.get((record.format, record.scope, address), [])
                if referrer.type not in skip and referrer is not record
            }
        )

    def referrers(self, record: Record, types: Iterable[str]) -> list[tuple[Record, Reference | None]]:
        """Records of *types* that refer to *record*, with the precise reference when it is known."""
        wanted = set(types)
        found: list[tuple[Record, Reference | None]] = []
        seen: set[tuple[int, Reference | None]] = set()
        for address in (record.address, strip_instance_keys(record.address)):
            for referrer, ref in self.referrers_of.get((record.format, record.scope, address), []):
                if referrer.type in wanted and (id(referrer), ref) not in seen and referrer is not record:
                    seen.add((id(referrer), ref))
                    found.append((referrer, ref))
        return found
