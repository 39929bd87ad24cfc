"""Shared fixtures: a fresh plugin registry and a helper that lints paths in-process."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reslint.plugins import Registry, collect, make_plugin_manager
from reslint.scan import ScanOptions, scan

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.reporting import Report

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the user's cache: each gets an empty one of its own."""
    monkeypatch.setenv("RESLINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite golden files from current output, then review the diff"
    )


@pytest.fixture
def registry() -> Registry:
    """Built-in plugins only, so an installed third-party plugin cannot change results."""
    return collect(make_plugin_manager(load_entry_points=False))


@pytest.fixture
def lint(registry: Registry) -> Callable[..., Report]:
    """Lint paths (or text given as stdin) and return the report."""

    def run(*paths: str | Path, stdin: str | None = None, **options: object) -> Report:
        given = tuple(str(p) for p in paths) or ("-",)
        return scan(ScanOptions(paths=given, **options), registry, stdin)  # type: ignore[arg-type]

    return run
