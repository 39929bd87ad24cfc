"""Where the repository, the test fixtures and the golden files are."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
GOLDEN = FIXTURES / "golden"
SCHEMAS = FIXTURES / "schemas"
