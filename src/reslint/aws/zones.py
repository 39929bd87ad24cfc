"""The zones a group's subnets are in: zone names, subnet references, CloudFormation ``!GetAZs``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.clouds.view import lookup
from reslint.model import UNKNOWN, Reference, Unknown

if TYPE_CHECKING:
    from reslint.clouds.index import CloudIndex
    from reslint.clouds.view import Record

SUBNET_ZONE = {
    "aws_subnet": ("availability_zone", "availability_zone_id"),
    "AWS::EC2::Subnet": ("AvailabilityZone", "AvailabilityZoneId"),
}


def zones_of(index: CloudIndex, record: Record, subnets_or_zones: object) -> set[str] | Unknown:
    """Distinct zones of a list of zone names or subnet references; UNKNOWN if any is unknowable."""
    if subnets_or_zones is None or (
        isinstance(subnets_or_zones, Unknown) and not isinstance(subnets_or_zones, Reference)
    ):
        return UNKNOWN
    items = subnets_or_zones if isinstance(subnets_or_zones, list) else [subnets_or_zones]
    zones: set[str] = set()
    for item in items:
        zone = zone_of(index, record, item)
        if zone is None:
            return UNKNOWN
        zones.add(zone)
    return zones


def zone_of(index: CloudIndex, record: Record, item: object) -> str | None:
    """The zone of a zone name, a subnet reference, or a CloudFormation ``!Select [i, !GetAZs]``."""
    if isinstance(item, str):
        return item if _looks_like_zone(item) else None
    if isinstance(item, Reference):
        if item.address.startswith("AWS::AZ#"):
            return item.address  # the i-th zone of the region: distinct indexes are distinct zones
        targets = index.target(record, item)
        if len(targets) != 1:
            return None
        subnet = targets[0]
        for key in SUBNET_ZONE.get(subnet.type, ()):
            zone = lookup(subnet.attributes, key)
            if isinstance(zone, str):
                return zone
            if isinstance(zone, Reference) and zone.address.startswith("AWS::AZ#"):
                return zone.address
    return None


def _looks_like_zone(text: str) -> bool:
    # us-east-1a, eu-west-2c (names) or use1-az1 (zone ids)
    return bool(text) and ((text[-1].isalpha() and text[-2:-1].isdigit()) or "-az" in text)
