"""The evaluator and loader never raise, whatever nesting of intrinsic functions they meet."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from _support.fuzzing import examples
from reslint.cloudformation import load_templates
from reslint.cloudformation._eval import NO_VALUE, Evaluator
from reslint.model import UNKNOWN, Unknown

NAMES = ["Env", "Subnets", "Res", "Res.Arn", "AWS::Region", "AWS::NoValue", "C1", "C2", "Nope", "M", "a", "b", ""]
FUNCTIONS = [
    "Ref",
    "Condition",
    "Fn::If",
    "Fn::Sub",
    "Fn::Join",
    "Fn::Select",
    "Fn::Split",
    "Fn::FindInMap",
    "Fn::GetAtt",
    "Fn::GetAZs",
    "Fn::Base64",
    "Fn::Cidr",
    "Fn::ImportValue",
    "Fn::Length",
    "Fn::ToJsonString",
    "Fn::Equals",
    "Fn::And",
    "Fn::Or",
    "Fn::Not",
    "Fn::Unheard",
]

leaves = st.one_of(
    st.sampled_from(NAMES),
    st.text(alphabet="${}!.,:-ab", max_size=12),
    st.integers(-3, 5),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)
nodes = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(NAMES), children, max_size=3),
        st.builds(lambda name, arg: {name: arg}, st.sampled_from(FUNCTIONS), children),
    ),
    max_leaves=30,
)


def check_value(value: object) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str)
            check_value(item)
    elif isinstance(value, list):
        for item in value:
            check_value(item)
    else:
        # Unknown covers References (a resource's id, the region's n-th zone) as well as UNKNOWN.
        assert isinstance(value, Unknown) or value is NO_VALUE or value is None or isinstance(value, (str, int, float))


@settings(max_examples=examples(400), deadline=None)
@given(node=nodes, conditions=st.dictionaries(st.sampled_from(["C1", "C2"]), nodes, max_size=2), mapping=nodes)
def test_evaluator_never_raises(node: object, conditions: dict[str, object], mapping: object) -> None:
    evaluator = Evaluator(
        {"Env": "dev", "Subnets": ["a", "b"], "Unset": UNKNOWN}, conditions, {"M": {"a": {"b": mapping}}}, {"Res"}
    )
    refs: set[str] = set()
    check_value(evaluator.value(node, refs))
    assert refs <= {"Res"}
    for name in ("C1", "C2", "Nope"):
        truth = evaluator.condition(name)
        assert truth is UNKNOWN or isinstance(truth, bool)


@settings(max_examples=examples(60), deadline=None)
@given(properties=nodes, conditions=st.dictionaries(st.sampled_from(["C1", "C2"]), nodes, max_size=2), attr=nodes)
def test_loader_never_raises(properties: object, conditions: dict[str, object], attr: object) -> None:
    template = {
        "Parameters": {"Env": {"Type": "String", "Default": "dev"}, "Subnets": {"Type": "List<AWS::EC2::Subnet::Id>"}},
        "Conditions": conditions,
        "Resources": {
            "Res": {"Type": "AWS::SNS::Topic", "Properties": {"P": properties}, "Condition": "C1"},
            "Other": {"Type": "AWS::SNS::Topic", "DeletionPolicy": attr, "Metadata": attr, "DependsOn": attr},
        },
    }
    result = load_templates([("t.json", json.dumps(template))])
    assert result.templates == 1
    for resource in result.resources:
        check_value(resource.properties)
        check_value(resource.metadata)
