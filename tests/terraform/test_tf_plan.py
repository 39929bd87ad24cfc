"""load_plan and is_plan against a small hand-written plan (shape of `terraform show -json`)."""

from __future__ import annotations

import json

import pytest

from _support.paths import FIXTURES as ALL_FIXTURES
from reslint.model import UNKNOWN
from reslint.terraform import is_plan, load_plan

PLAN = ALL_FIXTURES / "terraform" / "plan" / "plan.json"


@pytest.fixture(scope="module")
def plan() -> dict[str, object]:
    data = json.loads(PLAN.read_text())
    assert isinstance(data, dict)
    return data


def test_is_plan(plan: dict[str, object]) -> None:
    assert is_plan(plan)
    assert not is_plan({"resource": {}})
    assert not is_plan([plan])
    assert not is_plan({"format_version": "1.0", "values": {}})  # a state document


def test_instances_addresses_and_modes(plan: dict[str, object]) -> None:
    result = load_plan(str(PLAN), plan)
    assert [i.address for i in result.instances] == [
        "aws_db_instance.main",
        "aws_instance.web[0]",
        "data.aws_ami.al2023",
        "module.vpc.aws_nat_gateway.this[0]",
    ]
    assert {i.source for i in result.instances} == {"plan"}
    assert all(i.file == str(PLAN) and i.line == 1 for i in result.instances)
    assert result.instances[2].mode == "data"
    assert not result.errors


def test_after_unknown_becomes_unknown(plan: dict[str, object]) -> None:
    web = {i.address: i for i in load_plan(str(PLAN), plan).instances}["aws_instance.web[0]"]
    assert web.attributes["instance_type"] == "m6i.large"
    assert web.attributes["id"] is UNKNOWN
    assert web.attributes["availability_zone"] is UNKNOWN
    assert web.attributes["root_block_device"] == [{"encrypted": True, "volume_id": UNKNOWN}]
    assert web.tags == {"Name": "web-0"}
    assert (web.type, web.name) == ("aws_instance", "web")


def test_references_from_configuration(plan: dict[str, object]) -> None:
    instances = {i.address: i for i in load_plan(str(PLAN), plan).instances}
    assert instances["aws_instance.web[0]"].references == {"data.aws_ami.al2023", "aws_subnet.a"}
    assert instances["module.vpc.aws_nat_gateway.this[0]"].references == {"module.vpc.aws_eip.nat"}
    assert instances["aws_db_instance.main"].references == set()


def test_deleted_instances_absent(plan: dict[str, object]) -> None:
    assert "aws_s3_bucket.gone" not in {i.address for i in load_plan(str(PLAN), plan).instances}


def test_unsupported_format_version(plan: dict[str, object]) -> None:
    result = load_plan("p.json", {**plan, "format_version": "2.0"})
    assert result.instances == [] and "format_version" in result.errors[0].message
