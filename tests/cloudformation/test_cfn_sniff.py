"""The cheap text sniff that decides which files are decoded as templates."""

from __future__ import annotations

import pytest

from _support.paths import FIXTURES as ALL_FIXTURES
from reslint.cloudformation import looks_like_template

FIXTURES = ALL_FIXTURES / "cloudformation"


@pytest.mark.parametrize("name", ["app.yaml", "app.json", "sam.yaml", "sam-minimal.yml", "invalid.yaml"])
def test_templates_are_recognised(name: str) -> None:
    assert looks_like_template(str(FIXTURES / name), (FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "name", ["package.json", "tsconfig.json", "deployment.yaml", "plan.json", "github-workflow.yml"]
)
def test_other_files_are_rejected(name: str) -> None:
    path = FIXTURES / "not-templates" / name
    assert not looks_like_template(str(path), path.read_text(encoding="utf-8"))


def test_the_plan_fixture_would_match_without_the_plan_exclusion() -> None:
    # Guards the test above: a pretty-printed plan (``jq .``) holding a decoded template in an
    # output would otherwise pass.
    text = (FIXTURES / "not-templates" / "plan.json").read_text(encoding="utf-8")
    assert looks_like_template("x.json", text.replace("terraform_version", "t").replace("planned_values", "p"))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("stack.template", True),
        ("STACK.YML", True),
        ("<stdin>", True),
        ("stack.txt", False),
        ("main.tf", False),
    ],
)
def test_extensions(path: str, expected: bool) -> None:
    assert looks_like_template(path, "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n") is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n", True),
        ('{"Resources": {"R": {"Type": "Custom::Thing"}}}', True),
        ("Resources:\n  R:\n    Type: Company::Thing\n", False),
        ("Type: AWS::S3::Bucket\n", False),
        ("kind: ConfigMap\ndata:\n  Resources: x\n", False),
    ],
)
def test_without_a_version_a_resources_key_and_an_aws_type_are_needed(text: str, expected: bool) -> None:
    assert looks_like_template("t.yaml", text) is expected
