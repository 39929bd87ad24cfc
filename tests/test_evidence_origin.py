"""Where a finding's evidence gets its value: a variables file, a module call, a variable's default,
a CloudFormation parameter's Default; nothing when the value is written where it is quoted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.formats import BuildOptions
from reslint.reporters.json import finding_dict
from reslint.reporters.text import TextReporter
from reslint.reporting import RenderOptions

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import pytest

    from reslint.reporting import Finding, Report

DB = 'resource "aws_db_instance" "db" {\n  engine   = "postgres"\n  multi_az = MULTI_AZ\n}\n'


def _standby(report: Report) -> Finding:
    """The finding that the database has no standby in another zone (RSL103, read from multi_az)."""
    (finding,) = [f for f in report.findings if f.rule == "RSL103"]
    assert finding.evidence == "multi_az = false"
    return finding


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_a_value_from_a_tfvars_file_names_the_file_and_line_in_every_report(
    tmp_path: Path, lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(
        tmp_path,
        {
            "main.tf": 'variable "multi_az" {\n  default = true\n}\n' + DB.replace("MULTI_AZ", "var.multi_az"),
            "terraform.tfvars": "# the staging database\nmulti_az = false\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    report = lint(".")
    finding = _standby(report)
    assert finding.evidence_origin == "terraform.tfvars:2"
    assert finding_dict(finding)["evidence_origin"] == "terraform.tfvars:2"
    assert "multi_az = false (from terraform.tfvars:2) · tier 1" in TextReporter().render(report, RenderOptions())


def test_a_variable_default_names_the_variable(
    tmp_path: Path, lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(
        tmp_path, {"main.tf": 'variable "multi_az" {\n  default = false\n}\n' + DB.replace("MULTI_AZ", "var.multi_az")}
    )
    monkeypatch.chdir(tmp_path)
    assert _standby(lint(".")).evidence_origin == "default of var.multi_az at main.tf:2"


def test_a_module_argument_passes_its_own_origin_on_through_the_call(
    tmp_path: Path, lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(
        tmp_path,
        {
            "main.tf": 'variable "ha" {}\n'
            'module "db" {\n  source   = "./db"\n  multi_az = var.ha\n}\n'
            'module "literal" {\n  source   = "./db"\n  multi_az = false\n}\n',
            "terraform.tfvars": "ha = false\n",
            "db/main.tf": 'variable "multi_az" {\n  type = bool\n}\n' + DB.replace("MULTI_AZ", "var.multi_az"),
        },
    )
    monkeypatch.chdir(tmp_path)
    origins = {
        f.address: f.evidence_origin
        for f in lint(".").findings
        if f.rule == "RSL103" and f.evidence == "multi_az = false"
    }
    assert origins == {
        "module.db.aws_db_instance.db": "terraform.tfvars:1 via module.db",
        "module.literal.aws_db_instance.db": "main.tf:8 via module.literal",
    }


def test_a_cloudformation_parameter_default_names_the_parameter_and_its_line(
    tmp_path: Path, lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(
        tmp_path,
        {
            "app.yaml": "Parameters:\n  MultiAZ:\n    Type: String\n    Default: 'false'\n"
            "Resources:\n  Database:\n    Type: AWS::RDS::DBInstance\n    Properties:\n"
            "      Engine: postgres\n      MultiAZ: !Ref MultiAZ\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    (finding,) = [f for f in lint("app.yaml").findings if f.rule == "RSL103"]
    assert finding.evidence == "MultiAZ: false"
    assert finding.evidence_origin == "Default of parameter MultiAZ at app.yaml:4"
    deploy = BuildOptions(parameters=(("MultiAZ", "false"),))
    given = [f for f in lint("app.yaml", build=deploy).findings if f.rule == "RSL103"]
    assert [f.evidence_origin for f in given] == ["parameter MultiAZ as given (--cfn-param, --cfn-params)"]


def test_a_literal_has_no_origin_and_the_reports_stay_as_they_were(
    tmp_path: Path, lint: Callable[..., Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {"main.tf": DB.replace("MULTI_AZ", "false")})
    monkeypatch.chdir(tmp_path)
    report = lint(".")
    finding = _standby(report)
    assert finding.evidence_origin is None
    assert "evidence_origin" not in finding_dict(finding)
    assert "multi_az = false · tier 1" in TextReporter().render(report, RenderOptions())
