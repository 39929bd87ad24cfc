"""Plan findings point at the resource in the .tf source beside the plan, else at the plan's own
address line with a notice, never at line 1 ``{``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.reporting import Report

MODULE = """\
variable "multi_az" { type = bool }

resource "aws_db_instance" "this" {
  identifier              = "orders"
  engine                  = "postgres"
  multi_az                = var.multi_az
  backup_retention_period = 7
}
"""

ROOT = """\
variable "db_multi_az" {
  type = bool
}

module "orders_db" {
  source   = "./modules/postgres"
  multi_az = var.db_multi_az
}
"""


def plan(indent: int | None) -> str:
    """What ``terraform show -json`` writes for ROOT with db_multi_az = false."""
    resource = {
        "address": "module.orders_db.aws_db_instance.this",
        "mode": "managed",
        "type": "aws_db_instance",
        "name": "this",
        "values": {
            "identifier": "orders",
            "engine": "postgres",
            "multi_az": False,
            "backup_retention_period": 7,
            "tags": {"reslint.io/tier": "1"},
        },
    }
    return json.dumps(
        {
            "format_version": "1.2",
            "terraform_version": "1.9.5",
            "planned_values": {
                "root_module": {"child_modules": [{"address": "module.orders_db", "resources": [resource]}]}
            },
            "resource_changes": [
                {"address": resource["address"], "change": {"actions": ["create"], "after_unknown": {}}}
            ],
        },
        indent=indent,
    )


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def rsl103(report: Report) -> tuple[str, int]:
    [finding] = [f for f in report.findings if f.rule == "RSL103"]
    assert finding.evidence == "multi_az = false"  # the plan's resolved value decides
    return Path(finding.file).name if finding.file.endswith(".json") else finding.file, finding.line


def test_a_plan_beside_its_configuration_points_at_the_tf_source(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, "main.tf", ROOT)
    write(tmp_path, "modules/postgres/main.tf", MODULE)
    write(tmp_path, "plan.json", plan(indent=None))  # one line, as terraform writes it
    report = lint(tmp_path / "plan.json")
    file, line = rsl103(report)
    assert file.endswith("modules/postgres/main.tf") and line == 6  # multi_az = var.multi_az
    assert report.skipped == [] and report.errors == []


def test_linting_the_folder_gives_one_finding_at_the_source(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, "main.tf", ROOT)
    write(tmp_path, "modules/postgres/main.tf", MODULE)
    write(tmp_path, "plan.json", plan(indent=2))
    report = lint(tmp_path)
    file, line = rsl103(report)  # the configuration alone cannot know multi_az: the plan's finding
    assert file.endswith("modules/postgres/main.tf") and line == 6


def test_a_plan_alone_points_at_its_address_line_with_a_notice(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, "plan.json", plan(indent=2))
    report = lint(tmp_path / "plan.json")
    file, line = rsl103(report)
    text = (tmp_path / "plan.json").read_text().splitlines()
    assert file == "plan.json" and text[line - 1].strip() == '"address": "module.orders_db.aws_db_instance.this",'
    [notice] = report.skipped
    assert notice.file.endswith("plan.json")
    assert "no .tf configuration beside it declares them" in notice.message


def test_a_one_line_plan_alone_is_line_one_with_the_notice(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, "plan.json", plan(indent=None))
    report = lint(tmp_path / "plan.json")
    assert rsl103(report) == ("plan.json", 1)
    assert len(report.skipped) == 1
