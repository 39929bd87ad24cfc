"""One suppression syntax everywhere: ids or names, `#`, `//` and `/* */` comments, tags, annotations
and CloudFormation Metadata located at their own line, unknown rules as errors with a suggestion."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from reslint.model import Suppression
from reslint.suppressions import parse

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.reporting import Report

TODAY = date(2026, 11, 26)
DB = """\
resource "aws_db_instance" "orders" {{
{inside}  engine                  = "postgres"
  instance_class          = "db.m6g.large"
  multi_az                = false
  backup_retention_period = 14
}}

resource "aws_db_instance_automated_backups_replication" "orders" {{
  source_db_instance_arn = aws_db_instance.orders.arn
}}
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
  annotations:
    owner: team-a
    reslint.io/ignore: "RSL201 scaled by an operator; RSL101 not applicable"
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: app
          image: example/app:1
          readinessProbe: {tcpSocket: {port: 80}}
          livenessProbe: {tcpSocket: {port: 80}}
"""


def rules(report: Report) -> list[str]:
    return [f.rule for f in report.findings]


@pytest.mark.parametrize(
    "comment",
    [
        "# reslint:ignore RSL103 single-AZ test database\n",
        "// reslint:ignore RSL103 single-AZ test database\n",
        "/* reslint:ignore RSL103 single-AZ test database */\n",
        "/* reslint:ignore RSL103 single-AZ test database\n   (the reason is the first line) */\n",
        "/* reslint:ignore no-standby-in-another-zone single-AZ test database */\n",
        "# reslint:ignore rsl103, short-backup-retention single-AZ test database\n",
    ],
)
def test_every_hcl_comment_form_suppresses_by_id_or_name(
    lint: Callable[..., Report], tmp_path: Path, comment: str
) -> None:
    (tmp_path / "main.tf").write_text(comment + DB.format(inside=""))
    report = lint(tmp_path, today=TODAY)
    assert "RSL103" not in rules(report) and not report.errors, report.errors
    [(_, suppression)] = [pair for pair in report.suppressed if pair[0].rule == "RSL103"]
    assert suppression.reason == "single-AZ test database" and suppression.line == 1


def test_a_block_comment_inside_the_resource_applies_to_it(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(DB.format(inside="  /* reslint:ignore RSL103 test database */\n"))
    report = lint(tmp_path, today=TODAY)
    assert "RSL103" not in rules(report) and [s.line for _, s in report.suppressed] == [2]


@pytest.mark.parametrize(
    ("written", "error"),
    [
        ("too-few-replica", "reslint:ignore names unknown rule 'too-few-replica'; did you mean 'too-few-replicas'?"),
        ("RSL21", "reslint:ignore names unknown rule 'RSL21'; did you mean 'RSL201'?"),
    ],
)
def test_an_unknown_rule_is_an_error_with_a_suggestion(
    lint: Callable[..., Report], tmp_path: Path, written: str, error: str
) -> None:
    (tmp_path / "a.yaml").write_text(
        f"# reslint:ignore {written} singleton\n"
        + DEPLOYMENT.replace('    reslint.io/ignore: "RSL201 scaled by an operator; RSL101 not applicable"\n', "")
    )
    report = lint(tmp_path, today=TODAY)
    assert [(e.line, e.message) for e in report.errors] == [(1, error)]
    assert report.exit_code() == 2
    assert not any("matches no finding" in p.message for p in report.unused_suppressions)


def test_annotation_suppressions_are_located_at_the_annotation(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("---\n" + DEPLOYMENT)
    report = lint(tmp_path, today=TODAY)
    assert rules(report) == [] and [s.line for _, s in report.suppressed] == [9]
    [unused] = report.unused_suppressions  # RSL101: two replicas are not run, so nothing to spread
    assert (unused.line, unused.message) == (9, "suppression of RSL101 matches no finding")


def test_terraform_tag_suppressions_are_located_at_the_tag(lint: Callable[..., Report], tmp_path: Path) -> None:
    tags = '  tags = {\n    "reslint.io/ignore" = "no-standby-in-another-zone test database"\n  }\n'
    (tmp_path / "main.tf").write_text(DB.format(inside=tags))
    report = lint(tmp_path, today=TODAY)
    assert "RSL103" not in rules(report) and [s.line for _, s in report.suppressed] == [3]


def test_cloudformation_metadata_suppressions_are_located_at_the_metadata(
    lint: Callable[..., Report], tmp_path: Path
) -> None:
    (tmp_path / "db.yaml").write_text("""\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Orders:
    Type: AWS::RDS::DBInstance
    Metadata:
      reslint:
        ignore:
          - {rule: no-standby-in-another-zone, reason: test database}
          - {rule: RSL504, reason: not a bucket}
    Properties:
      Engine: postgres
      MultiAZ: false
""")
    report = lint(tmp_path, today=TODAY)
    assert "RSL103" not in rules(report) and [s.line for _, s in report.suppressed] == [6]
    assert [(p.line, p.message) for p in report.unused_suppressions] == [
        (6, "suppression of RSL504 matches no finding")
    ]


def test_the_first_word_is_always_a_rule() -> None:
    parsed = parse(" too-few-replicas leader-elected singleton until=2027-03-31", "a.yaml", 3)
    assert isinstance(parsed, Suppression)
    assert (parsed.rules, parsed.reason, parsed.until) == (
        ("too-few-replicas",),
        "leader-elected singleton",
        "2027-03-31",
    )
    parsed = parse(" rsl201,RSL202 reason", "a.yaml", 3)
    assert isinstance(parsed, Suppression) and parsed.rules == ("RSL201", "RSL202")


def test_every_example_in_the_suppression_docs_works(lint: Callable[..., Report], tmp_path: Path) -> None:
    """Each example in docs/suppressions.md, linted on its own, suppresses what it says and nothing
    it names is unknown, malformed or unused."""
    import re

    from _support.paths import ROOT

    text = (ROOT / "docs" / "suppressions.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(hcl|yaml|json)\n(.*?)```", text, re.S)
    assert len(blocks) == 7
    suffixes = {"hcl": ".tf", "yaml": ".yaml", "json": ".json"}
    for number, (language, example) in enumerate(blocks):
        folder = tmp_path / str(number)
        folder.mkdir()
        (folder / f"example{suffixes[language]}").write_text(example)
        report = lint(folder, today=TODAY)
        assert report.files == 1 and report.suppressed, example
        assert not report.errors and not report.unused_suppressions, (
            example,
            report.errors,
            report.unused_suppressions,
        )
