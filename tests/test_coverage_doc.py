"""docs/coverage.md is generated from the kinds tables and the rule registry, and kept current."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

import pytest

from _support.paths import ROOT

if TYPE_CHECKING:
    from types import ModuleType


def test_coverage_doc_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("generate_coverage", ROOT / "scripts" / "generate_coverage.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    actual = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert actual == module.render_coverage(), "docs/coverage.md is stale: run python scripts/generate_coverage.py"


def test_every_cloud_has_a_table() -> None:
    text = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    for heading in ("## AWS", "## Google Cloud", "## Azure"):
        assert heading in text
    assert "`google_sql_database_instance`" in text and "`azurerm_storage_account`" in text
    assert "reslint-tier" in text


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_coverage", ROOT / "scripts" / "generate_coverage.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
    module = _generator()
    with pytest.raises(ValueError, match=problem):
        module._peer_row("Checkov", row, {"RSL101"})
