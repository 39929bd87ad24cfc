"""load_modules: variables, locals, expansion, modules, references, errors."""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING

import pytest

from _support.paths import FIXTURES as ALL_FIXTURES
from reslint.model import UNKNOWN, Reference
from reslint.terraform import TfInstance, TfResult, load_modules

if TYPE_CHECKING:
    from pathlib import Path

FIXTURES = ALL_FIXTURES / "terraform"


def tf_files(directory: Path) -> list[str]:
    return sorted(
        str(p)
        for p in directory.rglob("*")
        if p.is_file() and p.name.endswith((".tf", ".tf.json", ".tfvars", ".tfvars.json"))
    )


def by_address(result: TfResult) -> dict[str, TfInstance]:
    return {i.address: i for i in result.instances}


@pytest.fixture(scope="module")
def basic() -> TfResult:
    root = FIXTURES / "basic"
    files = [f for f in tf_files(root) if not f.endswith("prod.tfvars")]
    return load_modules(files, str(root))


def test_auto_tfvars_override_terraform_tfvars_and_default(basic: TfResult) -> None:
    db = by_address(basic)["aws_db_instance.main"]
    # default "dev" < terraform.tfvars "staging" < zz.auto.tfvars "prod"
    assert db.attributes["identifier"] == "acme-prod-db"
    # region: default eu-west-1 overridden by terraform.tfvars only
    assert db.attributes["tags"] == {"Env": "prod", "Region": "us-east-1"}
    assert db.tags == {"Env": "prod", "Region": "us-east-1"}


def test_variable_default_applies_without_tfvars(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'variable "size" {\n  default = 7\n}\nresource "aws_ebs_volume" "v" {\n  size = var.size\n}\n'
    )
    result = load_modules([str(tmp_path / "main.tf")], str(tmp_path))
    assert by_address(result)["aws_ebs_volume.v"].attributes["size"] == 7


def test_var_files_then_variables_precedence() -> None:
    root = FIXTURES / "basic"
    files = [f for f in tf_files(root) if not f.endswith("prod.tfvars")]
    with_file = load_modules(files, str(root), var_files=[str(root / "prod.tfvars")])
    assert len([a for a in by_address(with_file) if a.startswith("aws_instance.web[")]) == 3
    with_var = load_modules(
        files, str(root), var_files=[str(root / "prod.tfvars")], variables={"replicas": "2", "env": "dev"}
    )
    instances = by_address(with_var)
    # env=dev makes is_prod false -> count 0 whatever replicas says
    assert not [a for a in instances if a.startswith("aws_instance.web")]
    assert instances["aws_db_instance.main"].attributes["identifier"] == "acme-dev-db"
    assert instances["aws_db_instance.main"].attributes["backup_retention"] == 14


def test_cli_variable_parsed_as_hcl_literal_for_complex_types() -> None:
    root = FIXTURES / "basic"
    files = [f for f in tf_files(root) if not f.endswith("prod.tfvars")]
    result = load_modules(files, str(root), variables={"azs": '["x-1a"]', "region": "ap-south-1"})
    instances = by_address(result)
    assert [a for a in instances if a.startswith("aws_subnet.private")] == ["aws_subnet.private[0]"]
    assert instances["aws_subnet.private[0]"].attributes["availability_zone"] == "x-1a"
    assert instances["aws_db_instance.main"].tags["Region"] == "ap-south-1"


def test_locals_count_addresses_and_templates(basic: TfResult) -> None:
    instances = by_address(basic)
    subnets = [instances[f"aws_subnet.private[{i}]"] for i in range(3)]
    assert [s.attributes["availability_zone"] for s in subnets] == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    assert [s.attributes["cidr_block"] for s in subnets] == ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]
    assert subnets[2].tags == {"Name": "acme-prod-private-2"}
    assert subnets[0].line == 16
    assert subnets[0].attribute_lines["availability_zone"] == 18


def test_for_each_addresses_and_each_value_from_resource(basic: TfResult) -> None:
    instances = by_address(basic)
    assert instances['aws_s3_bucket.b["logs"]'].attributes["bucket"] == "acme-prod-logs"
    versioning = instances['aws_s3_bucket_versioning.b["media"]']
    assert versioning.attributes["bucket"] == "acme-prod-media"
    assert versioning.attributes["versioning_configuration"] == [{"status": "Suspended"}]
    assert versioning.references == {"aws_s3_bucket.b"}


def test_count_zero_produces_no_instance(basic: TfResult) -> None:
    assert not [i for i in basic.instances if i.address.startswith("aws_eip.none")]


def test_conditional_count_from_local(basic: TfResult) -> None:
    # is_prod is true, replicas default 1
    assert [i.address for i in basic.instances if i.type == "aws_instance"] == ["aws_instance.web[0]"]


def test_resource_attribute_reference_through_count_index(basic: TfResult) -> None:
    web = by_address(basic)["aws_instance.web[0]"]
    assert web.attributes["availability_zone"] == "eu-west-1a"
    # computed by the provider, but known to be that subnet's id
    assert web.attributes["subnet_id"] == Reference("aws_subnet.private[0]", "id")
    assert web.references == {"aws_subnet.private", "data.aws_ami.al2023"}


def test_unknown_propagation(basic: TfResult) -> None:
    db = by_address(basic)["aws_db_instance.main"].attributes
    assert db["password"] is UNKNOWN  # variable without default or value
    assert db["ami_from_data"] is UNKNOWN  # data sources are never known
    assert db["unknown_fn"] is UNKNOWN  # file() is never read
    assert db["maybe"] is UNKNOWN  # unknown condition, different branches
    assert db["same"] == "a"  # unknown condition, equal branches
    assert db["instances_ids"] == [Reference("aws_instance.web[0]", "id")]
    assert db["joined"] == "eu-west-1a,eu-west-1b,eu-west-1c"


def test_functions_and_nested_blocks(basic: TfResult) -> None:
    instances = by_address(basic)
    db = instances["aws_db_instance.main"].attributes
    assert db["engine"] == "POSTGRES"
    assert db["backup_retention"] == 7
    web = instances["aws_instance.web[0]"].attributes
    assert web["root_block_device"] == [{"encrypted": True, "volume_size": 30}]
    assert web["lifecycle"] == [{"create_before_destroy": True, "ignore_changes": ["tags", "ami"]}]


def test_dynamic_blocks(basic: TfResult) -> None:
    sg = by_address(basic)["aws_security_group.sg"]
    assert sg.attributes["ingress"] == [{"from_port": 80, "to_port": 80}, {"from_port": 443, "to_port": 443}]
    assert sg.attributes["egress"] is UNKNOWN  # for_each over an unknown variable


def test_unknown_count_gives_one_unkeyed_instance(basic: TfResult) -> None:
    lb = by_address(basic)["aws_lb.unknown_count"]
    assert lb.attributes == {"name": UNKNOWN, "internal": True}


def test_data_source_instances_are_listed(basic: TfResult) -> None:
    ami = by_address(basic)["data.aws_ami.al2023"]
    assert ami.mode == "data"
    assert ami.attributes == {"most_recent": True, "owners": ["amazon"]}


def test_instances_sorted(basic: TfResult) -> None:
    keys = [(i.file, i.line, i.address) for i in basic.instances]
    assert keys == sorted(keys)
    assert not basic.errors


@pytest.fixture(scope="module")
def modules() -> TfResult:
    root = FIXTURES / "modules"
    return load_modules(tf_files(root), str(root))


def test_module_instantiated_with_arguments(modules: TfResult) -> None:
    db = by_address(modules)["module.orders_db.aws_db_instance.this"]
    assert db.attributes["identifier"] == "orders-db"
    assert db.attributes["multi_az"] is True
    assert db.attributes["availability_zone"] == "eu-west-1a"  # from the caller's subnets
    assert db.attributes["subnet_count"] == 2
    assert db.file.endswith("modules/db/main.tf")
    assert db.references == {"aws_subnet.a", "module.orders_db.module.params.aws_db_parameter_group.this"}


def test_nested_module_and_outputs(modules: TfResult) -> None:
    instances = by_address(modules)
    assert instances["module.orders_db.module.params.aws_db_parameter_group.this"].attributes["name"] == "pg-postgres15"
    assert instances["module.orders_db.aws_db_instance.this"].attributes["parameter_group_name"] == "pg-postgres15"
    record = instances["aws_route53_record.db"]
    endpoint = Reference("module.orders_db.aws_db_instance.this", "endpoint")
    assert record.attributes == {"name": "orders-db", "records": [endpoint], "ttl": 2}
    assert record.references == {"module.orders_db.aws_db_instance.this"}


def test_module_count_and_for_each(modules: TfResult) -> None:
    instances = by_address(modules)
    assert (
        instances['module.caches["a"].aws_elasticache_replication_group.this'].attributes["replication_group_id"]
        == "cache-a"
    )
    assert 'module.caches["b"].aws_elasticache_replication_group.this' in instances
    assert instances["module.workers[1].aws_instance.this"].tags == {"Index": 1}


def test_module_only_folders_are_not_loaded_as_roots(modules: TfResult) -> None:
    assert all(i.address.startswith(("module.", "aws_subnet.", "aws_route53_record.")) for i in modules.instances)
    assert len(modules.instances) == 9
    assert not modules.errors and not modules.notices


def test_module_folder_without_its_caller_is_a_root() -> None:
    root = FIXTURES / "modules"
    result = load_modules(tf_files(root / "modules" / "db"), str(root))
    instances = by_address(result)
    db = instances["aws_db_instance.this"]
    assert db.attributes["identifier"] is UNKNOWN  # required variable, no value
    assert db.attributes["multi_az"] is False  # default
    assert "module.params.aws_db_parameter_group.this" in instances


def test_module_source_outside_scan_root_is_refused() -> None:
    root = FIXTURES / "escape" / "root"
    result = load_modules(tf_files(root), str(root))
    assert [i.address for i in result.instances] == ["aws_s3_bucket.kept"]
    assert len(result.errors) == 1
    assert "sneaky" in result.errors[0].message
    assert "outside the scan root" in result.errors[0].message
    assert result.errors[0].line == 1


def test_module_recursion_is_an_error_not_a_hang() -> None:
    root = FIXTURES / "recursion"
    result = load_modules(tf_files(root), str(root))
    assert [i.address for i in result.instances] == ["aws_sqs_queue.q"]
    assert "recursive" in result.errors[0].message


def test_parse_error_reported_with_line_and_other_files_load() -> None:
    root = FIXTURES / "parse_error"
    result = load_modules(tf_files(root), str(root))
    assert [i.address for i in result.instances] == ["aws_sqs_queue.ok"]
    assert len(result.errors) == 1
    assert result.errors[0].file.endswith("broken.tf")
    assert result.errors[0].line == 3


def test_json_configuration() -> None:
    root = FIXTURES / "json"
    instances = by_address(load_modules(tf_files(root), str(root)))
    asg = instances["aws_autoscaling_group.web"]
    assert asg.attributes["min_size"] == 3
    assert asg.attributes["name"] == "app-prod-asg"
    assert asg.attributes["literal"] == "${not_interpolated}"
    assert asg.attributes["lifecycle"] == [{"create_before_destroy": True}]
    assert instances["aws_subnet.s[1]"].attributes["availability_zone"] == "b"


def test_remote_module_from_manifest_and_missing_remote_module(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  cidr = "10.1.0.0/16"\n}\n'
        'module "gone" {\n  source = "git::https://example.com/x.git"\n}\n'
        'resource "aws_flow_log" "f" {\n  vpc_id = module.vpc.vpc_cidr\n  other = module.gone.id\n}\n'
    )
    installed = tmp_path / ".terraform" / "modules" / "vpc"
    installed.mkdir(parents=True)
    (installed / "main.tf").write_text(
        'variable "cidr" {}\nresource "aws_vpc" "this" {\n  cidr_block = var.cidr\n}\n'
        'output "vpc_cidr" {\n  value = aws_vpc.this.cidr_block\n}\n'
    )
    manifest = {
        "Modules": [
            {"Key": "", "Source": "", "Dir": "."},
            {"Key": "vpc", "Source": "x", "Dir": ".terraform/modules/vpc"},
        ]
    }
    (tmp_path / ".terraform" / "modules" / "modules.json").write_text(json.dumps(manifest))
    result = load_modules([str(tmp_path / "main.tf")], str(tmp_path))
    instances = by_address(result)
    assert instances["module.vpc.aws_vpc.this"].attributes["cidr_block"] == "10.1.0.0/16"
    assert instances["aws_flow_log.f"].attributes == {"vpc_id": "10.1.0.0/16", "other": UNKNOWN}
    assert instances["aws_flow_log.f"].references == {"module.vpc.aws_vpc.this"}
    assert len(result.notices) == 1 and "gone" in result.notices[0].message
    assert not result.errors


def test_instance_limit_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_sqs_queue" "q" {\n  count = 20000\n}\n')
    result = load_modules([str(tmp_path / "main.tf")], str(tmp_path))
    assert [i.address for i in result.instances] == ["aws_sqs_queue.q"]
    assert "10000" in result.errors[0].message


def test_override_file_merges(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_sqs_queue" "q" {\n  name = "a"\n  delay_seconds = 5\n}\n')
    (tmp_path / "override.tf").write_text('resource "aws_sqs_queue" "q" {\n  name = "b"\n}\n')
    result = load_modules([str(tmp_path / "main.tf"), str(tmp_path / "override.tf")], str(tmp_path))
    assert by_address(result)["aws_sqs_queue.q"].attributes == {"name": "b", "delay_seconds": 5}
    assert not result.errors


def test_local_cycle_is_unknown_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'locals {\n  a = local.b\n  b = local.a\n}\nresource "aws_sqs_queue" "q" {\n  name = local.a\n}\n'
    )
    result = load_modules([str(tmp_path / "main.tf")], str(tmp_path))
    assert by_address(result)["aws_sqs_queue.q"].attributes["name"] is UNKNOWN


def test_files_are_parsed_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from reslint.terraform import _state
    from reslint.terraform._parse import ParsedFile, parse_file

    calls: list[str] = []

    def counting(path: str) -> ParsedFile:
        calls.append(path)
        return parse_file(path)

    monkeypatch.setattr(_state, "parse_file", counting)
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "modules", root)
    files = tf_files(root)
    load_modules(files, str(root))
    assert sorted(calls) == sorted(files)
