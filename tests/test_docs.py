"""Generated docs: one freshness check over everything ``scripts/generate_docs.py`` writes, and what
the generated pages must say."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import generate_docs
import pytest
from coverage_page import _peer_row

from _support.paths import ROOT

if TYPE_CHECKING:
    from pathlib import Path


def test_every_generated_file_is_fresh() -> None:
    # One check for all: rule pages, coverage, fix.md's table, configuration.md's keys, README's tiers.
    assert generate_docs.stale(ROOT) == [], "stale generated files: run python scripts/generate_docs.py"


def test_the_check_names_a_stale_file_and_a_page_of_no_rule(tmp_path: Path) -> None:
    (tmp_path / "tests" / "fixtures").mkdir(parents=True)
    (tmp_path / "rules").symlink_to(ROOT / "rules")
    (tmp_path / "tests" / "fixtures" / "rules").symlink_to(ROOT / "tests" / "fixtures" / "rules")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    assert generate_docs.stale(tmp_path) == []
    config = tmp_path / "docs" / "configuration.md"
    config.write_text(config.read_text(encoding="utf-8").replace("exits 1 on", "exits 2 on"))
    (tmp_path / "docs" / "rules" / "RSL000.md").write_text("# a rule that is gone\n")
    assert generate_docs.stale(tmp_path) == ["docs/configuration.md", "docs/rules/RSL000.md"]


def test_a_section_is_replaced_between_its_markers_and_the_prose_kept() -> None:
    start, end = generate_docs._markers("keys", "the schema")
    text = f"before\n{start}\nold\n{end}\nafter\n"
    assert generate_docs.with_section(text, "keys", "the schema", "new") == f"before\n{start}\n\nnew\n\n{end}\nafter\n"
    with pytest.raises(ValueError, match="expected one"):
        generate_docs.with_section("no markers", "keys", "the schema", "new")


def test_every_cloud_has_a_table() -> None:
    text = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    for heading in ("## AWS", "## Google Cloud", "## Azure"):
        assert heading in text
    assert "`google_sql_database_instance`" in text and "`azurerm_storage_account`" in text
    assert "reslint-tier" in text


def test_coverage_says_where_each_kind_keeps_its_tier_tag() -> None:
    # Generated from Kind.tags: Cloud SQL's labels are nested under settings, and they are read.
    text = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert "`google_sql_database_instance`: `settings.user_labels`" in text


def test_fix_doc_lists_what_the_kind_tables_make_fixable() -> None:
    section = generate_docs.fix_section()
    assert "| RSL103 | Terraform | `aws_db_instance` | set `multi_az = true` |" in section
    # A list of zones is written too, and the workload fixes that add a budget or a spread constraint.
    assert "`azurerm_public_ip`" in section and 'set `zones = ["1", "2", "3"]`' in section
    assert "| RSL601 | Kubernetes | `Deployment`, `DeploymentConfig`, " in section
    assert "| RSL101 | Terraform | `kubernetes_deployment`, `kubernetes_deployment_v1`, " in section
    assert "RSL601 (missing-disruption-budget)" not in section.split("No mechanical fix")[1]


def test_peer_table_has_every_tool_and_no_blank_cell() -> None:
    text = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    peers = text.split("## Compared with other tools", 1)[1]
    for tool in ("Checkov", "KICS", "kube-score", "Polaris", "kube-linter"):
        assert f"\n### {tool}\n" in peers
    rows = [line for line in peers.splitlines() if line.startswith("| `")]
    assert len(rows) > 50
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) == 5 and all(cells), row
        assert cells[4].split(":")[0] in {"**covered**", "**partly**", "**not covered**", "**by design**"}, row


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"id": "X_1", "family": "zones", "check": "c", "rules": ["RSL999"], "status": "covered"}, "no such rule"),
        ({"id": "X_1", "family": "zones", "check": "c", "rules": [], "status": "covered"}, "names the rules"),
        ({"id": "X_1", "family": "zones", "check": "c", "rules": [], "status": "not covered"}, "says why"),
        ({"id": "X_1", "family": "security", "check": "c", "rules": [], "status": "by design", "note": "n"}, "family"),
        ({"id": "", "family": "zones", "check": "c", "rules": ["RSL101"], "status": "covered"}, "id is empty"),
    ],
)
def test_peer_rows_are_validated(row: dict[str, object], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        _peer_row("Checkov", row, {"RSL101"})
