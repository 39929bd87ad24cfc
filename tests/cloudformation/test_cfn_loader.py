"""Loading CloudFormation templates: evaluation, conditions, references, lines and errors."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

from _support.paths import FIXTURES as ALL_FIXTURES
from reslint.cloudformation import CfnResource, CfnResult, load_templates
from reslint.model import UNKNOWN, Reference

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

FIXTURES = ALL_FIXTURES / "cloudformation"


def load(*names: str, parameters: Mapping[str, str] = {}, parameter_files: Sequence[str] = ()) -> CfnResult:
    sources = [(str(FIXTURES / name), (FIXTURES / name).read_text(encoding="utf-8")) for name in names]
    return load_templates(sources, parameters, parameter_files)


def load_text(text: str, path: str = "inline.yaml", **parameters: str) -> CfnResult:
    return load_templates([(path, textwrap.dedent(text))], parameters)


def by_id(result: CfnResult) -> dict[str, CfnResource]:
    return {resource.logical_id: resource for resource in result.resources}


def line_of(name: str, needle: str) -> int:
    """1-based line of the first line of fixture *name* containing *needle*."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


# --- YAML short forms and the JSON equivalent -------------------------------------------------


def test_yaml_short_forms_are_evaluated_with_defaults() -> None:
    result = load("app.yaml")
    assert result.errors == []
    assert result.templates == 1
    db = by_id(result)["Database"].properties
    assert db["DBInstanceClass"] == "db.t3.micro"  # !FindInMap with !Ref Env (default dev)
    assert db["AllocatedStorage"] == 20
    assert db["MultiAZ"] is False  # !If on !Equals
    assert db["DBSubnetGroupName"] == "dev-db-subnet-b"  # !Join + !Select over a CommaDelimitedList
    # !Select over !GetAZs: the zone's name is unknown, but it is the region's first zone
    assert db["AvailabilityZone"] == Reference("AWS::AZ#0", "ZoneName")


def test_json_template_gives_the_same_values_as_yaml() -> None:
    yaml_db = by_id(load("app.yaml"))["Database"]
    json_result = load("app.json")
    assert json_result.errors == []
    json_db = by_id(json_result)["Database"]
    for name in ("DBInstanceClass", "MultiAZ", "DBSubnetGroupName", "Tags"):
        expected = yaml_db.properties[name]
        if name == "Tags":
            assert isinstance(expected, list)
            expected = expected[:1]  # the JSON twin declares only the env tag
        assert json_db.properties[name] == expected, name
    assert "BackupRetentionPeriod" not in json_db.properties
    assert json_db.references == {"Queue"}
    assert "ProdOnlyAlarm" not in by_id(json_result)
    assert json_db.deletion_policy == "Snapshot"


def test_resources_are_sorted_by_file_and_line() -> None:
    result = load("app.yaml", "app.json")
    keys = [(resource.file, resource.line) for resource in result.resources]
    assert keys == sorted(keys)
    assert result.templates == 2


# --- parameters ------------------------------------------------------------------------------


def test_parameter_types_and_defaults() -> None:
    group = by_id(load("app.yaml"))["Group"].properties
    assert group["MinSize"] == 2  # Number
    assert group["VPCZoneIdentifier"] == ["subnet-a", "subnet-b", "subnet-c"]  # split and trimmed
    # SSM-backed parameter: the default names the SSM parameter, the value is not knowable.
    assert by_id(load("app.yaml"))["Database"].properties["MasterUserPassword"] is UNKNOWN


def test_parameters_override_defaults() -> None:
    result = load("app.yaml", parameters={"Env": "prod", "MinSize": "5", "Subnets": "s-1,s-2"})
    resources = by_id(result)
    db = resources["Database"].properties
    assert db["DBInstanceClass"] == "db.r6g.large"
    assert db["MultiAZ"] is True
    assert db["BackupRetentionPeriod"] == 7
    assert db["DBSubnetGroupName"] == "prod-db-s-2"
    assert resources["Group"].properties["MinSize"] == 5
    assert "ProdOnlyAlarm" in resources


def test_parameter_file_list_form() -> None:
    result = load("app.yaml", parameter_files=[str(FIXTURES / "params-list.json")])
    assert result.errors == []
    resources = by_id(result)
    assert resources["Database"].properties["MultiAZ"] is True
    assert "MaybeCache" not in resources  # Tier=basic decides IsPremium


def test_parameter_file_parameters_form_and_precedence() -> None:
    result = load(
        "app.yaml",
        parameters={"MinSize": "6"},
        parameter_files=[str(FIXTURES / "params-list.json"), str(FIXTURES / "params-config.json")],
    )
    resources = by_id(result)
    assert resources["MaybeCache"].condition is None  # Tier=premium from the later file
    assert resources["MaybeCache"].properties["NumCacheClusters"] == 3
    assert resources["Group"].properties["MinSize"] == 6  # explicit parameters beat files


def test_bad_parameter_files_are_reported_and_the_run_continues(tmp_path: Path) -> None:
    wrong_shape = tmp_path / "shape.json"
    wrong_shape.write_text('{"Env": "prod"}', encoding="utf-8")
    result = load(
        "app.yaml",
        parameter_files=[str(FIXTURES / "params-bad.json"), str(wrong_shape), str(tmp_path / "missing.json")],
    )
    assert [(error.file, error.line) for error in result.errors] == [
        (str(FIXTURES / "params-bad.json"), 3),
        (str(wrong_shape), None),
        (str(tmp_path / "missing.json"), None),
    ]
    assert "invalid JSON" in result.errors[0].message
    assert by_id(result)["Database"].properties["MultiAZ"] is False  # defaults still apply


def test_use_previous_value_is_unknown(tmp_path: Path) -> None:
    params = tmp_path / "p.json"
    params.write_text(json.dumps([{"ParameterKey": "Env", "UsePreviousValue": True}]), encoding="utf-8")
    db = by_id(load("app.yaml", parameter_files=[str(params)]))["Database"].properties
    assert db["DBInstanceClass"] is UNKNOWN
    assert db["MultiAZ"] is UNKNOWN


def test_pseudo_parameters_are_unknown() -> None:
    result = load_text(
        """
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              A: !Ref AWS::Region
              B: !Ref AWS::AccountId
              C: !Ref AWS::StackName
              D: !Ref AWS::Partition
              E: !Ref AWS::URLSuffix
              F: !Ref AWS::StackId
              G: !Ref AWS::NotificationARNs
              H: !Sub "arn:${AWS::Partition}:s3:::x"
        """
    )
    props = by_id(result)["Bucket"].properties
    assert props == dict.fromkeys("ABCDEFGH", UNKNOWN)


# --- conditions ------------------------------------------------------------------------------


def test_false_condition_omits_the_resource_unknown_keeps_it() -> None:
    resources = by_id(load("app.yaml"))
    assert "ProdOnlyAlarm" not in resources  # IsProd is false for Env=dev
    assert resources["MaybeCache"].condition == "IsPremium"  # Tier has no value
    assert resources["RegionalBucket"].condition == "InUsEast1"  # depends on AWS::Region
    assert resources["Database"].condition is None


def test_three_valued_logic_and_fn_if() -> None:
    cache = by_id(load("app.yaml"))["MaybeCache"].properties
    assert cache["NumCacheClusters"] is UNKNOWN  # !If on an unknown condition, branches differ
    assert cache["AutomaticFailoverEnabled"] is True  # Or(False, UNKNOWN) is unknown, branches equal
    assert cache["Description"] == "cache"  # Or(True, UNKNOWN) is True


def test_condition_edge_cases() -> None:
    result = load_text(
        """
        Parameters:
          Count: {Type: Number, Default: 2}
        Conditions:
          Loop: !Condition Loop
          Missing: !Condition Nowhere
          NumberEquals: !Equals [!Ref Count, 2]
          AndFalse: !And [!Equals [a, b], !Condition Loop]
          Weird: !Whatever [1]
          OrUndecided: !Or [!Equals [a, b], !Condition Missing]
          AndUndecided: !And [!Condition NumberEquals, !Condition Missing]
        Resources:
          A: {Type: "AWS::SNS::Topic", Condition: Loop}
          B: {Type: "AWS::SNS::Topic", Condition: Missing}
          C: {Type: "AWS::SNS::Topic", Condition: NumberEquals}
          D: {Type: "AWS::SNS::Topic", Condition: AndFalse}
          E: {Type: "AWS::SNS::Topic", Condition: Weird}
          F: {Type: "AWS::SNS::Topic", Condition: NotDeclared}
          G: {Type: "AWS::SNS::Topic", Condition: OrUndecided}
          H: {Type: "AWS::SNS::Topic", Condition: AndUndecided}
        """
    )
    resources = by_id(result)
    assert {name: resource.condition for name, resource in resources.items()} == {
        "A": "Loop",
        "B": "Missing",
        "C": None,
        "E": "Weird",
        "F": "NotDeclared",
        "G": "OrUndecided",
        "H": "AndUndecided",
    }


# --- intrinsic functions ---------------------------------------------------------------------


def test_no_value_removes_keys_and_list_items() -> None:
    db = by_id(load("app.yaml"))["Database"]
    assert "Port" not in db.properties
    assert "Port" not in db.property_lines
    assert "BackupRetentionPeriod" not in db.properties
    tags = db.properties["Tags"]
    assert isinstance(tags, list)
    assert [tag["Key"] for tag in tags] == ["env", "region"]


def test_sub_and_join() -> None:
    result = load_text(
        """
        Parameters:
          Env: {Type: String, Default: dev}
          Port: {Type: Number, Default: 8080}
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              Plain: !Sub "${Env}-logs-${!Literal}"
              WithVars: !Sub ["${Prefix}:${Port}/${Env}", {Prefix: !Join ["", [web, "-", !Ref Env]]}]
              Unknown: !Sub "${Env}-${AWS::Region}"
              AttrUnknown: !Sub "${Other.Arn}"
              Joined: !Join [",", [a, 1, true]]
              JoinUnknown: !Join [",", [a, !Ref AWS::Region]]
              JoinBad: !Join [",", not-a-list]
          Other:
            Type: AWS::SNS::Topic
        """
    )
    bucket = by_id(result)["Bucket"]
    assert bucket.properties["Plain"] == "dev-logs-${Literal}"
    assert bucket.properties["WithVars"] == "web-dev:8080/dev"
    assert bucket.properties["Unknown"] is UNKNOWN
    assert bucket.properties["AttrUnknown"] is UNKNOWN
    assert bucket.properties["Joined"] == "a,1,true"
    assert bucket.properties["JoinUnknown"] is UNKNOWN
    assert bucket.properties["JoinBad"] is UNKNOWN
    assert bucket.references == {"Other"}


def test_find_in_map_default_value_and_unknown_keys() -> None:
    result = load_text(
        """
        Parameters:
          Env: {Type: String, Default: staging}
        Mappings:
          Sizes:
            prod: {Replicas: 3}
            80: {Name: http}
        Resources:
          Topic:
            Type: AWS::SNS::Topic
            Properties:
              WithDefault: !FindInMap [Sizes, !Ref Env, Replicas, {DefaultValue: 1}]
              Missing: !FindInMap [Sizes, !Ref Env, Replicas]
              ByRegion: !FindInMap [Sizes, !Ref AWS::Region, Replicas]
              NumericKey: !FindInMap [Sizes, 80, Name]
        """
    )
    props = by_id(result)["Topic"].properties
    assert props == {"WithDefault": 1, "Missing": UNKNOWN, "ByRegion": UNKNOWN, "NumericKey": "http"}


def test_other_functions() -> None:
    group = by_id(load("app.yaml"))["Group"].properties
    assert group["AvailabilityZones"] == Reference("AWS::AZs", "ZoneNames")  # !GetAZs: all zones, names unknown
    assert group["Cidr"] is UNKNOWN
    assert group["Imported"] is UNKNOWN
    assert group["Encoded"] == "aGVsbG8="
    assert group["Count"] == 3
    assert group["Parts"] == ["x", "y"]
    assert group["Unsupported"] is UNKNOWN
    # Ref and GetAtt of a resource are unknown values that still name the resource.
    assert group["LaunchTemplate"] == {
        "LaunchTemplateId": Reference("Template", "Ref"),
        "Version": Reference("Template", "LatestVersionNumber"),
    }


def test_to_json_string_and_select_edge_cases() -> None:
    result = load_text(
        """
        Transform: AWS::LanguageExtensions
        Resources:
          Topic:
            Type: AWS::SNS::Topic
            Properties:
              Json: !ToJsonString {a: [1, true], b: x}
              JsonUnknown: !ToJsonString {a: !Ref AWS::Region}
              SelectOut: !Select [5, [a, b]]
              SelectText: !Select ["1", [a, b]]
              SelectKnownFromPartlyUnknown: !Select [0, [a, !Ref AWS::Region]]
        """
    )
    props = by_id(result)["Topic"].properties
    assert props["Json"] == '{"a":[1,true],"b":"x"}'
    assert props["JsonUnknown"] is UNKNOWN
    assert props["SelectOut"] is UNKNOWN
    assert props["SelectText"] == "b"
    assert props["SelectKnownFromPartlyUnknown"] == "a"


# --- references, tags, metadata, lines -------------------------------------------------------


def test_reference_graph() -> None:
    resources = by_id(load("app.yaml", parameters={"Env": "prod"}))
    assert resources["Queue"].references == {"Dlq"}  # GetAtt
    assert resources["Database"].references == {"Queue"}  # DependsOn
    assert resources["ProdOnlyAlarm"].references == {"Database"}  # Sub
    assert resources["Group"].references == {"Template"}  # Ref and GetAtt list form
    assert resources["Dlq"].references == set()


def test_references_from_both_branches_of_an_undecided_if() -> None:
    result = load_text(
        """
        Parameters:
          Mode: {Type: String}
        Conditions:
          Blue: !Equals [!Ref Mode, blue]
        Resources:
          A: {Type: "AWS::SNS::Topic"}
          B: {Type: "AWS::SNS::Topic"}
          Sub:
            Type: AWS::SNS::Subscription
            DependsOn: A
            Properties:
              TopicArn: !If [Blue, !Ref A, !GetAtt B.TopicArn]
              Endpoint: !ImportValue {"Fn::Sub": "${B}-endpoint"}
        """
    )
    assert by_id(result)["Sub"].references == {"A", "B"}


def test_tags_metadata_and_deletion_policy() -> None:
    resources = by_id(load("app.yaml", parameters={"Env": "prod"}))
    db = resources["Database"]
    assert db.tags == {"env": "prod", "region": UNKNOWN, "critical": "yes"}
    assert db.metadata == {"reslint": {"ignore": ["R001"]}, "Owner": "prod"}
    assert db.deletion_policy == "Snapshot"
    assert resources["Queue"].deletion_policy is None
    assert resources["RegionalBucket"].tags == {"team": "platform"}  # map form


def test_deletion_policy_from_an_intrinsic() -> None:
    text = """
        Parameters:
          Policy: {Type: String, Default: Retain}
          Other: {Type: String}
        Resources:
          A: {Type: "AWS::S3::Bucket", DeletionPolicy: !Ref Policy}
          B: {Type: "AWS::S3::Bucket", DeletionPolicy: !Ref Other}
        """
    resources = by_id(load_text(text))
    assert resources["A"].deletion_policy == "Retain"
    assert resources["B"].deletion_policy is UNKNOWN


def test_resource_and_property_lines_yaml() -> None:
    resources = by_id(load("app.yaml"))
    assert resources["Database"].line == line_of("app.yaml", "  Database:")
    dlq = resources["Dlq"]
    assert dlq.line == line_of("app.yaml", "  Dlq:")
    # ints and bools carry no position of their own: the key's line is used
    assert dlq.property_lines == {
        "MessageRetentionPeriod": line_of("app.yaml", "MessageRetentionPeriod:"),
        "FifoQueue": line_of("app.yaml", "FifoQueue:"),
    }
    assert dlq.properties == {"MessageRetentionPeriod": 1209600, "FifoQueue": False}
    assert resources["Database"].property_lines["MultiAZ"] == line_of("app.yaml", "MultiAZ:")


def test_resource_and_property_lines_json() -> None:
    db = by_id(load("app.json"))["Database"]
    assert db.line == line_of("app.json", '"Database":')
    assert db.property_lines["MultiAZ"] == line_of("app.json", '"MultiAZ":')
    assert db.property_lines["Tags"] == line_of("app.json", '"Tags":')


# --- SAM -------------------------------------------------------------------------------------


def test_sam_templates_keep_serverless_types_and_globals_are_not_applied() -> None:
    result = load("sam.yaml", "sam-minimal.yml")
    assert result.errors == []
    assert result.templates == 2
    resources = by_id(result)
    handler = resources["Handler"]
    assert handler.type == "AWS::Serverless::Function"
    assert "Timeout" not in handler.properties  # Globals are not merged in
    assert handler.tags == {"team": "payments", "stage": "prod"}
    assert handler.references == {"Api"}
    assert resources["Table"].type == "AWS::Serverless::SimpleTable"
    assert resources["Fn"].properties["Runtime"] == "nodejs20.x"


# --- errors and non-templates ----------------------------------------------------------------


def test_invalid_yaml_is_reported_with_its_line() -> None:
    result = load("invalid.yaml", "app.json")
    assert len(result.errors) == 1
    error = result.errors[0]
    assert error.file.endswith("invalid.yaml")
    assert error.line == 7  # end of input: the flow sequence is never closed
    assert result.templates == 1  # the run continues with the next source


def test_duplicate_keys_are_reported() -> None:
    result = load("duplicate-keys.yaml")
    assert result.templates == 0
    assert {error.line for error in result.errors} == {3, 5}
    assert all("Duplicate" in error.message for error in result.errors)


def test_decoded_documents_that_are_not_templates_are_skipped_silently() -> None:
    result = load_templates(
        [
            ("a.yaml", "Resources:\n  X:\n    Type: Company::Thing\n"),
            ("b.json", "[1, 2]"),
            ("c.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: []\n"),
            ("d.yaml", ""),
        ]
    )
    assert result == CfnResult(resources=[], errors=[], templates=0)


def test_malformed_resources_are_reported_and_others_read() -> None:
    result = load_text(
        """
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          NoType: {Properties: {}}
          Module:
            Type: !Rain::Module ./bucket.yaml
          Scalar: 3
          Fn::ForEach::Topics: [T, [a, b], {"Topic${T}": {Type: "AWS::SNS::Topic"}}]
          Good: {Type: "AWS::SNS::Topic"}
        """
    )
    assert [resource.logical_id for resource in result.resources] == ["Good"]
    assert [(error.line, error.message.split(":")[0]) for error in result.errors] == [
        (4, "resource NoType"),
        (5, "resource Module"),
        (7, "resource Scalar is not a mapping"),
    ]


def test_pathological_nesting_is_rejected_before_decoding() -> None:
    deep = "[" * 60_000 + "]" * 60_000  # libyaml's recursive composer would crash the interpreter
    text = f"AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: AWS::SNS::Topic\n    Tags: {deep}\n"
    result = load_templates([("deep.yaml", text)])
    assert [(error.line, error.message) for error in result.errors] == [(5, "nesting deeper than 1000 levels")]


def test_moderate_nesting_fails_cleanly_in_the_decoder() -> None:
    text = "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    P: " + "[" * 5000 + "]" * 5000 + "\n"
    result = load_templates([("deep.yaml", text)])
    assert len(result.errors) == 1
    assert result.templates == 0


def test_alias_amplification_through_mappings_is_bounded() -> None:
    big = "[" + ", ".join(["x"] * 5000) + "]"
    uses = "\n".join("        - !FindInMap [M, a, b]" for _ in range(450))
    text = f"Mappings:\n  M:\n    a:\n      b: {big}\nResources:\n  A:\n    Type: AWS::SNS::Topic\n"
    text += f"    Properties:\n      Many:\n{uses}\n"
    result = load_templates([("amp.yaml", text)])
    assert [error.message for error in result.errors] == [
        "template too large to evaluate fully; some values are UNKNOWN"
    ]
    many = result.resources[0].properties["Many"]
    assert isinstance(many, list)
    assert UNKNOWN in many
    assert many[0] == ["x"] * 5000


def test_alias_bomb_is_rejected_by_the_decoder() -> None:
    lines = [
        "AWSTemplateFormatVersion: '2010-09-09'",
        "Mappings:",
        "  M:",
        "    a:",
        "      l0: &l0 [x, x, x, x, x, x, x, x, x, x]",
    ]
    for level in range(1, 9):
        lines.append(f"      l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    lines += ["Resources:", "  A: {Type: 'AWS::SNS::Topic'}"]
    result = load_templates([("bomb.yaml", "\n".join(lines) + "\n")])
    assert result.templates == 0
    assert len(result.errors) == 1
    assert "250000 nodes" in result.errors[0].message


def test_list_parameters_from_overrides() -> None:
    text = """
        Parameters:
          Ports: {Type: "List<Number>", Default: "80, 443"}
          Zones: {Type: "List<AWS::EC2::AvailabilityZone::Name>"}
          Ratio: {Type: Number, Default: "0.5"}
        Resources:
          Sg:
            Type: AWS::EC2::SecurityGroup
            Properties:
              Ports: !Ref Ports
              Zones: !Ref Zones
              Ratio: !Ref Ratio
        """
    assert by_id(load_text(text))["Sg"].properties == {"Ports": [80, 443], "Zones": UNKNOWN, "Ratio": 0.5}
    overridden = by_id(load_text(text, Zones="eu-west-1a,eu-west-1b"))["Sg"].properties
    assert overridden["Zones"] == ["eu-west-1a", "eu-west-1b"]
