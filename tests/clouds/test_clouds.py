"""The shared cloud machinery: tag locations from the kind table, spellings as per-format columns, one registry."""

from __future__ import annotations

import pytest

from reslint.clouds import COLUMNS, Record, View, tags_at
from reslint.model import Format
from reslint.providers import BY_TYPE, KINDS, to_resources


def record(fmt: Format, type_: str, attributes: dict[str, object]) -> Record:
    return Record(fmt, type_, f"{type_}.x", "main.tf", 1, attributes, {})


@pytest.mark.parametrize(
    ("fmt", "type_", "attributes", "expected"),
    [
        # The format's default locations: tags, Google labels, auto scaling group `tag` blocks.
        (Format.TERRAFORM, "aws_db_instance", {"tags": {"tier": "1"}}, [("tier", "1")]),
        (Format.TERRAFORM, "google_storage_bucket", {"labels": {"tier": "2"}}, [("tier", "2")]),
        (
            Format.TERRAFORM,
            "aws_autoscaling_group",
            {"tags": {"team": "a"}, "tag": [{"key": "tier", "value": "1", "propagate_at_launch": True}]},
            [("team", "a"), ("tier", "1")],
        ),
        (Format.TERRAFORM, "some_unknown_type", {"tags": {"tier": "3"}}, [("tier", "3")]),
        (Format.CLOUDFORMATION, "AWS::RDS::DBInstance", {"Tags": [{"Key": "tier", "Value": "1"}]}, [("tier", "1")]),
        # A kind's own locations replace the default: Cloud SQL labels sit in its settings block,
        # EFS and AWS Backup plans name their CloudFormation tags after themselves.
        (
            Format.TERRAFORM,
            "google_sql_database_instance",
            {"labels": {"ignored": "x"}, "settings": [{"user_labels": {"tier": "1"}}]},
            [("tier", "1")],
        ),
        (
            Format.CLOUDFORMATION,
            "AWS::EFS::FileSystem",
            {"FileSystemTags": [{"Key": "tier", "Value": "2"}]},
            [("tier", "2")],
        ),
        (
            Format.CLOUDFORMATION,
            "AWS::Backup::BackupPlan",
            {"BackupPlan": {"BackupPlanTags": {"tier": "1"}}},
            [("tier", "1")],
        ),
    ],
)
def test_tags_are_read_where_the_kind_table_says(
    fmt: Format, type_: str, attributes: dict[str, object], expected: list[tuple[str, object]]
) -> None:
    assert tags_at(record(fmt, type_, attributes), BY_TYPE.get(type_)) == expected
    (resource,) = to_resources([record(fmt, type_, attributes)])
    assert resource.tags == expected


def test_a_format_without_a_column_has_no_spelling() -> None:
    fields = {"multi_az": ("multi_az", "MultiAZ")}
    assert View(record(Format.TERRAFORM, "t", {"multi_az": True}), fields).get("multi_az") is True
    assert View(record(Format.CLOUDFORMATION, "t", {"MultiAZ": True}), fields).get("multi_az") is True
    # A plugin format (an open Format) has no column yet: every setting reads as not stated.
    assert View(record(Format("arm"), "t", {"multi_az": True}), fields).path("multi_az") is None
    # A row may stop before the last column: the missing columns are not spelled.
    assert View(record(Format.CLOUDFORMATION, "t", {}), {"zone": ("zone",)}).path("zone") is None


def test_every_type_belongs_to_one_kind_and_every_spelling_fits_the_columns() -> None:
    types = [t for kind in KINDS for group in kind.types().values() for t in group]
    assert len(types) == len(set(types)) == len(BY_TYPE)
    for kind in KINDS:
        assert all(len(spelled) <= len(COLUMNS) for spelled in kind.fields.values()), kind.name
        assert set(kind.tags) <= set(COLUMNS), kind.name


def test_a_new_input_format_is_a_new_column(monkeypatch: pytest.MonkeyPatch) -> None:
    """What an ARM reader would add: its format in ``COLUMNS`` and ``DEFAULT_TAGS``, its types and a
    third spelling in the kinds it supports. View, fact setters, tags and the index are unchanged."""
    from reslint.clouds import CloudIndex, Kind, flag, kind, view
    from reslint.model import Facts, Role

    arm = Format("arm")
    monkeypatch.setattr(view, "COLUMNS", (*COLUMNS, arm))
    monkeypatch.setattr(kind, "DEFAULT_TAGS", {**kind.DEFAULT_TAGS, arm: ("tags",)})

    def fill(view_: View, index: CloudIndex, facts: Facts) -> None:
        facts.zone_redundant = flag(view_, "zone_redundant", default=False)

    sql = Kind(
        "sql_server",
        Role.DATABASE,
        ("azurerm_mssql_database",),
        (),
        {"zone_redundant": ("zone_redundant", None, "properties.zoneRedundant")},
        fill,
        types_in={arm: ("Microsoft.Sql/servers/databases",)},
    )
    found = Record(
        arm,
        "Microsoft.Sql/servers/databases",
        "db",
        "main.json",
        3,
        {"properties": {"zoneRedundant": False}, "tags": {"tier": "1"}},
        {"properties": 5},
    )
    facts = Facts()
    sql.fill(View(found, sql.fields), CloudIndex([found]), facts)
    assert facts.zone_redundant.value is False
    assert facts.zone_redundant.evidence == "properties.zoneRedundant: false"
    assert facts.zone_redundant.line == 5
    assert tags_at(found, sql) == [("tier", "1")]
    assert sql.types()[arm] == ("Microsoft.Sql/servers/databases",)
