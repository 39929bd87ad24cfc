"""``strip_instance_keys``: the one way to take the instance keys off a Terraform address."""

from __future__ import annotations

import json
import operator
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from _support.fuzzing import examples
from reslint.model import Format, Resource, Role, strip_instance_keys


def test_examples() -> None:
    assert strip_instance_keys("aws_vpc.this") == "aws_vpc.this"
    assert strip_instance_keys('module.a["x[1]"].aws_vpc.this[0]') == "module.a.aws_vpc.this"
    assert strip_instance_keys('module.a["x[1]"].aws_vpc.this[0]', last=True) == 'module.a["x[1]"].aws_vpc.this'
    # An escaped quote does not end the key, so the bracket after it is part of the key.
    assert strip_instance_keys(r'aws_s3_bucket.b["say \"]\" twice"].x') == "aws_s3_bucket.b.x"
    assert strip_instance_keys('module.m["k"].aws_instance.web', last=True) == 'module.m["k"].aws_instance.web'
    resource = Resource(Format.TERRAFORM, "t", 'module.m[0].t.a["x"]', "f", 1, Role.OTHER, {})
    assert resource.base_address == "module.m.t.a"


# Names as Terraform allows them ([a-z_][a-z0-9_-]{0,8}); built from alphabets, not st.from_regex,
# which takes six times as long to draw the same strings.
_FIRST = string.ascii_lowercase + "_"
NAMES = st.builds(operator.add, st.sampled_from(_FIRST), st.text(alphabet=_FIRST + string.digits + "-", max_size=8))
# Keys as Terraform writes them: numbers, and strings in JSON quoting (quotes and backslashes escaped).
KEYS = st.one_of(st.integers(min_value=0, max_value=10_000).map(str), st.text(max_size=12).map(json.dumps))


@st.composite
def addresses(draw: st.DrawFn) -> tuple[list[tuple[str, str | None]], str]:
    """Address steps (``module.NAME``, then ``TYPE.NAME``) each with an optional instance key."""
    steps = [(f"module.{draw(NAMES)}", draw(st.none() | KEYS)) for _ in range(draw(st.integers(0, 3)))]
    steps.append((f"{draw(NAMES)}.{draw(NAMES)}", draw(st.none() | KEYS)))
    return steps, ".".join(step + (f"[{key}]" if key is not None else "") for step, key in steps)


@settings(max_examples=examples(200), deadline=None)
@given(addresses())
def test_strips_every_key_and_only_keys(drawn: tuple[list[tuple[str, str | None]], str]) -> None:
    steps, address = drawn
    bare = ".".join(step for step, _ in steps)
    assert strip_instance_keys(address) == bare
    assert strip_instance_keys(bare) == bare
    *modules, (own, _) = steps
    block = ".".join([step + (f"[{key}]" if key is not None else "") for step, key in modules] + [own])
    assert strip_instance_keys(address, last=True) == block
