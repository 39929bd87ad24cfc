"""The typed fact: one object per fact, its value, evidence and line together."""

from __future__ import annotations

import dataclasses

import pytest

from reslint.model import NOT_STATED, UNKNOWN, Fact, Facts, Format, Resource, Role
from reslint.rule import Violation


def _resource(facts: Facts) -> Resource:
    return Resource(Format.TERRAFORM, "aws_db_instance", "aws_db_instance.db", "main.tf", 7, Role.DATABASE, {}, facts)


@pytest.mark.parametrize("fact", [Fact(False, "multi_az = false", 9), Fact(UNKNOWN), NOT_STATED])
def test_a_fact_refuses_truth_testing_whatever_its_value(fact: Fact[bool]) -> None:
    # `if facts.zone_redundant:` would hold for every Fact object: a check must test `.value`.
    with pytest.raises(TypeError, match=r"\.value"):
        bool(fact)
    with pytest.raises(TypeError):
        bool(UNKNOWN)


def test_every_fact_field_starts_not_stated() -> None:
    facts = Facts()
    typed = [f.name for f in dataclasses.fields(facts) if f.default is NOT_STATED]
    assert "replicas" in typed and "copy_kept_on_delete" in typed
    for name in typed:
        fact = getattr(facts, name)
        assert (fact.value, fact.evidence, fact.line) == (None, None, None)


def test_a_violation_about_a_fact_points_at_its_line_and_quotes_its_evidence() -> None:
    facts = Facts(zone_redundant=Fact(False, "multi_az = false", 9), nodes=Fact(1, "a single instance"))
    resource = _resource(facts)
    at_line = Violation.about(resource, facts.zone_redundant, "has no standby")
    assert (at_line.message, at_line.line, at_line.evidence) == ("has no standby", 9, "multi_az = false")
    # A fact without a line of its own (it comes from the whole block): the resource's line.
    whole = Violation.about(resource, facts.nodes, "runs 1 node", fix="add a replica")
    assert (whole.line, whole.evidence, whole.fix) == (7, "a single instance", "add a replica")
    assert facts.nodes.line_or(resource.line) == 7 and facts.zone_redundant.line_or(resource.line) == 9


def test_respell_rewrites_the_evidence_of_stated_facts_only() -> None:
    facts = Facts(replicas=Fact(1, "minReplicas: 1", 4), zone_spread=Fact(False, line=6))
    facts.respell(str.upper)
    assert facts.replicas == Fact(1, "MINREPLICAS: 1", 4)
    assert facts.zone_spread == Fact(False, None, 6)
    assert facts.nodes is NOT_STATED
