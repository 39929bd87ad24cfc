"""References: an unstated attribute of a managed resource instance is Reference(address, attribute)."""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING

import pytest

from _support.paths import FIXTURES as ALL_FIXTURES
from reslint.model import UNKNOWN, Encoded, Reference, is_known
from reslint.terraform import TfResult, load_modules
from reslint.terraform._eval import Env, evaluate_text
from reslint.terraform._values import Namespace, ResourceObject, UnkeyedResource

if TYPE_CHECKING:
    from pathlib import Path

FIXTURES = ALL_FIXTURES / "terraform" / "references"


def _ref(address: str, attribute: str = "id") -> Reference:
    return Reference(address, attribute)


@pytest.fixture(scope="module")
def result() -> TfResult:
    files = sorted(str(p) for p in FIXTURES.rglob("*.tf"))
    return load_modules(files, str(FIXTURES))


@pytest.fixture(scope="module")
def probe(result: TfResult) -> dict[str, object]:
    assert not result.errors
    return next(i for i in result.instances if i.address == "aws_autoscaling_group.probe").attributes


def test_list_of_resource_attributes(probe: dict[str, object]) -> None:
    assert probe["vpc_zone_identifier"] == [_ref("aws_subnet.a"), _ref("aws_subnet.b")]
    refs = probe["vpc_zone_identifier"]
    assert isinstance(refs, list)
    assert all(type(r) is Reference and not is_known(r) for r in refs)


def test_count_splat_and_for_expression(probe: dict[str, object]) -> None:
    expected = [_ref(f"aws_subnet.private[{i}]") for i in range(3)]
    assert probe["splat_count"] == expected
    assert probe["legacy_splat"] == expected
    assert probe["for_count"] == expected


def test_for_each_instances_use_quoted_keys(probe: dict[str, object]) -> None:
    expected = [_ref('aws_subnet.zonal["a"]'), _ref('aws_subnet.zonal["b"]')]
    assert probe["for_each_values"] == expected
    assert probe["for_each_for"] == expected
    assert probe["for_each_map"] == {
        "a": _ref('aws_subnet.zonal["a"]', "arn"),
        "b": _ref('aws_subnet.zonal["b"]', "arn"),
    }
    assert probe["for_each_key"] == _ref('aws_subnet.zonal["b"]')


def test_index_selects_one_instance(probe: dict[str, object]) -> None:
    assert probe["indexed"] == _ref("aws_subnet.private[1]")
    assert probe["indexed_braces"] == _ref("aws_subnet.private[1]")


def test_references_pass_through_locals_and_conditionals_on_known_values(probe: dict[str, object]) -> None:
    expected = [_ref(f"aws_subnet.private[{i}]") for i in range(3)]
    assert probe["through_local"] == expected
    assert probe["through_var"] == expected
    assert probe["conditional_known"] == _ref("aws_subnet.a")
    assert probe["conditional_unknown"] is UNKNOWN
    assert probe["tags"] == {"Subnet": _ref("aws_subnet.a")}


def test_stated_attributes_resolve_to_their_value(probe: dict[str, object]) -> None:
    assert probe["stated"] == "eu-west-1c"
    assert probe["target_group_name"] == "web"
    assert probe["source_db_known"] == "orders-primary"
    # Stated, but not knowable: still that attribute of that instance.
    assert probe["source_db_unknown"] == _ref("aws_db_instance.unnamed", "identifier")
    # null is not setting it: the provider computes the name from name_prefix.
    assert probe["role_null_name"] == _ref("aws_iam_role.named_by_prefix", "name")
    assert probe["role_prefix"] == "app-"


def test_computed_attributes_of_single_resources(probe: dict[str, object], result: TfResult) -> None:
    assert probe["nat_gateway_id"] == _ref("aws_nat_gateway.main")
    assert probe["nat_subnet"] == _ref("aws_subnet.a")  # what the NAT gateway states: a Reference itself
    assert probe["target_group_arns"] == [_ref("aws_lb_target_group.web", "arn")]
    assert probe["health_check_id"] == _ref("aws_route53_health_check.x")
    assert probe["certificate_arn"] == _ref("aws_acm_certificate.c", "arn")
    assert probe["legacy_template"] == _ref("aws_acm_certificate.c", "arn")  # "${x}" is x
    nat = next(i for i in result.instances if i.address == "aws_nat_gateway.main")
    assert nat.attributes == {"subnet_id": _ref("aws_subnet.a")}


def test_data_sources_stay_unknown(probe: dict[str, object], result: TfResult) -> None:
    assert probe["data_source"] is UNKNOWN
    assert probe["data_source_list"] == [UNKNOWN]
    subnet = next(i for i in result.instances if i.address == "aws_subnet.a")
    assert subnet.attributes["vpc_id"] is UNKNOWN
    # Read through the subnet, it is the subnet's own (unknowable) attribute.
    assert probe["subnet_vpc_from_data"] == _ref("aws_subnet.a", "vpc_id")


def test_unknown_count_refers_to_the_unkeyed_address(probe: dict[str, object]) -> None:
    ref = _ref("aws_subnet.unknown")
    assert probe["unknown_count_index"] == ref
    assert probe["unknown_count_element"] == ref
    # The list of all of them, of unknown length: one Reference, never an invented count.
    for name in ("unknown_count_splat", "unknown_count_for", "unknown_count_toset"):
        assert probe[name] == ref, name
        assert type(probe[name]) is Reference, name
    for name in ("unknown_count_length", "unknown_count_flatten", "unknown_count_concat", "unknown_count_stated"):
        assert probe[name] is UNKNOWN, name


def test_module_outputs_carry_the_module_path(probe: dict[str, object], result: TfResult) -> None:
    assert probe["module_subnets"] == [
        _ref("module.vpc.aws_subnet.private[0]"),
        _ref("module.vpc.aws_subnet.private[1]"),
    ]
    assert probe["module_vpc"] == _ref("module.vpc.aws_vpc.this")
    assert probe["module_zonal"] == {
        "x": _ref('module.vpc.aws_subnet.zonal["x"]'),
        "y": _ref('module.vpc.aws_subnet.zonal["y"]'),
    }
    assert probe["module_extra"] == _ref("module.vpc.aws_subnet.extra")
    assert type(probe["module_extra"]) is Reference
    assert probe["module_counted"] == [_ref("module.counted[0].aws_subnet.private[0]")]
    inside = next(i for i in result.instances if i.address == "module.vpc.aws_subnet.private[1]")
    assert inside.attributes["vpc_id"] == _ref("module.vpc.aws_vpc.this")


def test_length_of_a_list_of_references_is_known(probe: dict[str, object]) -> None:
    assert probe["length_of_list"] == 2
    assert probe["length_of_splat"] == 3
    assert probe["length_of_reference"] is UNKNOWN


@pytest.mark.parametrize(
    "name", ["sum", "equal", "not_equal", "interpolated", "formatted", "joined", "upper", "contains"]
)
def test_operations_needing_the_value_give_plain_unknown(probe: dict[str, object], name: str) -> None:
    assert probe[name] is UNKNOWN


def test_functions_that_move_values_keep_references(probe: dict[str, object]) -> None:
    a, b = _ref("aws_subnet.a"), _ref("aws_subnet.b")
    assert probe["and_short_circuit"] is False
    assert probe["tolist"] == [a]
    assert probe["concat"] == [a, b]
    assert probe["flatten"] == [a, b, "subnet-1"]
    assert probe["element"] == b
    assert probe["lookup"] == a
    assert probe["lookup_resource"] == a
    assert probe["coalesce_chosen"] == a
    assert probe["coalesce_known_first"] == "first"
    assert probe["one"] == a
    assert probe["compact"] == [a, "subnet-1"]
    assert probe["distinct"] == [a, b]
    assert probe["toset"] == [b, a]
    assert probe["merge"] == {"a": a, "b": b}
    assert probe["try"] == a


def test_instances_with_references_pickle(result: TfResult) -> None:
    assert pickle.loads(pickle.dumps(result.instances)) == result.instances


def _load(tmp_path: Path, text: str) -> dict[str, dict[str, object]]:
    (tmp_path / "main.tf").write_text(text)
    loaded = load_modules([str(tmp_path / "main.tf")], str(tmp_path))
    assert not loaded.errors
    return {i.address: i.attributes for i in loaded.instances}


def test_count_from_length_of_references_expands(tmp_path: Path) -> None:
    instances = _load(
        tmp_path,
        'resource "aws_subnet" "a" {}\nresource "aws_subnet" "b" {}\n'
        'resource "aws_eip" "nat" {\n  count = length([aws_subnet.a.id, aws_subnet.b.id])\n}\n'
        'resource "aws_nat_gateway" "n" {\n  count = 2\n'
        "  subnet_id = element([aws_subnet.a.id, aws_subnet.b.id], count.index)\n"
        "  allocation_id = aws_eip.nat[count.index].id\n}\n",
    )
    assert "aws_eip.nat[0]" in instances and "aws_eip.nat[1]" in instances
    assert instances["aws_nat_gateway.n[1]"] == {
        "subnet_id": _ref("aws_subnet.b"),
        "allocation_id": _ref("aws_eip.nat[1]"),
    }


def test_for_each_over_resources_and_reference_values(tmp_path: Path) -> None:
    instances = _load(
        tmp_path,
        'resource "aws_subnet" "s" {\n  for_each = toset(["a", "b"])\n}\n'
        'resource "aws_route_table_association" "r" {\n  for_each = aws_subnet.s\n'
        "  subnet_id = each.value.id\n  key = each.key\n}\n"
        'resource "aws_eip" "e" {\n  for_each = { x = aws_subnet.s["a"].id }\n  subnet = each.value\n}\n'
        'resource "aws_eip" "unknown_keys" {\n  for_each = toset([aws_subnet.s["a"].id])\n  subnet = each.value\n}\n',
    )
    assert instances['aws_route_table_association.r["a"]'] == {"subnet_id": _ref('aws_subnet.s["a"]'), "key": "a"}
    assert instances['aws_eip.e["x"]'] == {"subnet": _ref('aws_subnet.s["a"]')}
    assert instances["aws_eip.unknown_keys"] == {"subnet": UNKNOWN}  # keys unknown: one un-keyed instance


def test_module_argument_typed_object_keeps_references(tmp_path: Path) -> None:
    child = tmp_path / "child"
    child.mkdir()
    (child / "main.tf").write_text(
        'variable "subnet" {\n  type = object({ id = string })\n}\n'
        'variable "subnet_id" {\n  type = string\n}\n'
        'resource "aws_instance" "i" {\n  subnet_id = var.subnet.id\n  other = var.subnet_id\n}\n'
    )
    (tmp_path / "main.tf").write_text(
        'resource "aws_subnet" "s" {}\n'
        'module "c" {\n  source = "./child"\n  subnet = aws_subnet.s\n  subnet_id = aws_subnet.s.id\n}\n'
    )
    loaded = load_modules([str(tmp_path / "main.tf"), str(child / "main.tf")], str(tmp_path))
    instance = next(i for i in loaded.instances if i.address == "module.c.aws_instance.i")
    assert instance.attributes == {"subnet_id": _ref("aws_subnet.s"), "other": _ref("aws_subnet.s")}


def _env() -> Env:
    subnet = ResourceObject({"az": "eu-west-1a"}, "aws_subnet.s")
    many = UnkeyedResource(ResourceObject({"az": "eu-west-1a"}, "aws_subnet.many"))

    class Res(Namespace):
        def get(self, name: str) -> object:
            return {"s": subnet, "many": many}.get(name, UNKNOWN)

    return Env(lambda root: Res() if root == "aws_subnet" else UNKNOWN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aws_subnet.s.id", _ref("aws_subnet.s")),
        ("aws_subnet.s.az", "eu-west-1a"),
        ('aws_subnet.s["arn"]', _ref("aws_subnet.s", "arn")),
        ("aws_subnet.s[0]", UNKNOWN),
        ("aws_subnet.s[*].id", [_ref("aws_subnet.s")]),
        ("aws_subnet.s.id.x", UNKNOWN),
        ("aws_subnet.s.id[0]", UNKNOWN),
        ("[aws_subnet.s.id][0]", _ref("aws_subnet.s")),
        ("{ a = aws_subnet.s.id }.a", _ref("aws_subnet.s")),
        ("-aws_subnet.s.id", UNKNOWN),
        ("!aws_subnet.s.id", UNKNOWN),
        ("aws_subnet.s.id || true", True),
        ("aws_subnet.s.id && true", UNKNOWN),
        ("aws_subnet.s.id > 1", UNKNOWN),
        ('"${aws_subnet.s.id}"', _ref("aws_subnet.s")),
        ('"${aws_subnet.s.id}-x"', UNKNOWN),
        ('"%{ if aws_subnet.s.id == "x" }a%{ endif }"', UNKNOWN),
        ("can(aws_subnet.s.id)", UNKNOWN),
        ("try(aws_subnet.s.id.x, 1)", UNKNOWN),
        ("tostring(aws_subnet.s.id)", UNKNOWN),
        ("jsonencode([aws_subnet.s.id])", Encoded([_ref("aws_subnet.s")])),
        ("sort([aws_subnet.s.id])", UNKNOWN),
        ("reverse([aws_subnet.s.id, 1])", [1, _ref("aws_subnet.s")]),
        ("slice([aws_subnet.s.id, aws_subnet.s.arn], 1, 2)", [_ref("aws_subnet.s", "arn")]),
        ("keys({ a = aws_subnet.s.id })", ["a"]),
        ("values({ a = aws_subnet.s.id })", [_ref("aws_subnet.s")]),
        ('zipmap(["a"], [aws_subnet.s.id])', {"a": _ref("aws_subnet.s")}),
        ('zipmap([aws_subnet.s.id], ["a"])', UNKNOWN),
        ("coalescelist([], [aws_subnet.s.id])", [_ref("aws_subnet.s")]),
        ("coalesce(var.x, aws_subnet.s.id)", UNKNOWN),
        ("compact([var.x, aws_subnet.s.id])", UNKNOWN),
        ("distinct([aws_subnet.s.id, var.x])", UNKNOWN),
        (
            "distinct([aws_subnet.s.id, aws_subnet.s.arn, aws_subnet.s.id])",
            [_ref("aws_subnet.s"), _ref("aws_subnet.s", "arn")],
        ),
        ("one([])", None),
        ("aws_subnet.many.id", UNKNOWN),
        ("aws_subnet.many[7].id", _ref("aws_subnet.many")),
        ('aws_subnet.many["k"].az', "eu-west-1a"),
        ("aws_subnet.many[*].id", _ref("aws_subnet.many")),
        ("aws_subnet.many[*].id[3]", UNKNOWN),  # the splat indexes each id
        ("(aws_subnet.many[*].id)[3]", _ref("aws_subnet.many")),
        ("aws_subnet.many[*].az", UNKNOWN),
        ("[for i, s in aws_subnet.many : s.arn if i > 0]", _ref("aws_subnet.many", "arn")),
        ("[for s in aws_subnet.many : aws_subnet.s.id]", UNKNOWN),
        ("{ for k, s in aws_subnet.many : k => s.id }", UNKNOWN),
        ("one(aws_subnet.many[*].id)", UNKNOWN),
        ("length(aws_subnet.many[*].id)", UNKNOWN),
        ("distinct(aws_subnet.many[*].id)", _ref("aws_subnet.many")),
        ("reverse(tolist(aws_subnet.many[*].id))", _ref("aws_subnet.many")),
        ("flatten(aws_subnet.many[*].id)", UNKNOWN),
        ("compact(aws_subnet.many[*].id)", UNKNOWN),
        ("distinct([aws_subnet.many[*].id, aws_subnet.s.id])", UNKNOWN),
        ("coalesce(aws_subnet.many[*].id)", UNKNOWN),
        ("aws_subnet.many", UNKNOWN),
    ],
)
def test_expressions_on_references(text: str, expected: object) -> None:
    value = evaluate_text(text, _env())
    assert value == expected
    if expected is UNKNOWN:
        assert value is UNKNOWN
