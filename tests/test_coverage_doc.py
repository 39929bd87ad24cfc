"""docs/coverage.md is generated from the kinds tables and the rule registry, and kept current."""

from __future__ import annotations

import importlib.util

from conftest import ROOT


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
